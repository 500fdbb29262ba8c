--TEST--
rsock: stream_select() serves 1,500 connections (descriptors past FD_SETSIZE) from one loop
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (no FD_SETSIZE ceiling)');
if (!function_exists('posix_setrlimit')) die('skip posix required');
if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required');
$hard = posix_getrlimit()['hard openfiles'];
if ($hard !== 'unlimited' && (int) $hard < 3200) die("skip hard RLIMIT_NOFILE $hard is below 3200");
?>
--FILE--
<?php
require __DIR__ . '/fd_of.inc';
$n = 1500;
$limit = posix_getrlimit();
$soft = $limit['soft openfiles'];
if ($soft !== 'unlimited' && (int) $soft < 3200) {
    var_dump(posix_setrlimit(POSIX_RLIMIT_NOFILE, 3200, $limit['hard openfiles'] === 'unlimited' ? -1 : (int) $limit['hard openfiles']));
} else {
    var_dump(true);
}

$ctx = stream_context_create(['socket' => ['backlog' => 2048]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = 'tcp://' . stream_socket_get_name($server, false);
$clients = [];
for ($i = 0; $i < $n; $i++) {
    $c = stream_socket_client($addr, $e, $s, 5);
    if (!$c) { echo "connect $i failed: $s\n"; break; }
    fwrite($c, "line $i\n");
    $clients["c$i"] = $c;
}

// One loop: accept, echo on accepted streams, check the echo on clients.
$conns = [];
$pending = $clients;
$answered = 0;
$wrong = [];
$calls = 0;
$maxReady = 0;
$t = microtime(true);
while ($pending && microtime(true) - $t < 20) {
    $r = ['server' => $server] + $conns + $pending;
    $w = null; $x = null;
    $k = stream_select($r, $w, $x, 2);
    $calls++;
    if ($k === false || $k === 0) { echo "stream_select returned ", var_export($k, true), "\n"; break; }
    $maxReady = max($maxReady, $k);
    if ($k !== count($r)) $wrong[] = "count $k for " . count($r) . " streams";
    foreach ($r as $key => $s) {
        if ($key === 'server') {
            $conn = stream_socket_accept($server, 0);
            if ($conn) $conns['a' . count($conns)] = $conn;
        } elseif ($key[0] === 'a') {
            $line = fgets($s);
            if ($line === false) { unset($conns[$key]); continue; }
            fwrite($s, $line);
        } else {
            $line = fgets($s);
            if ($line !== "line " . substr($key, 1) . "\n") $wrong[] = "$key: " . var_export($line, true);
            unset($pending[$key]);
            $answered++;
        }
    }
}
var_dump(count($clients), count($conns), $answered, $wrong);
var_dump($calls < 3 * $n, $maxReady > 1);
// Descriptors past FD_SETSIZE took part: the last ones of each kind.
var_dump(fd_of(end($conns)) >= 1024, fd_of(end($clients)) >= 1024);
?>
--EXPECT--
bool(true)
int(1500)
int(1500)
int(1500)
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
