--TEST--
PROXY protocol: a worker busy elsewhere holds only a handful of the connections of a server it shares; the idle worker serves the rest at once (as natively, where a busy worker takes none)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
$hdr = "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n";

// Worker A serves one connection (its header reader is running), then is
// busy with something else until told.
[$toA, $inA] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$a = pcntl_fork();
if ($a === 0) {
    fclose($toA);
    pcntl_alarm(40);
    $c = stream_socket_accept($server, 10);
    fwrite($c, "A\n");
    fclose($c);
    fread($inA, 1);
    exit(0);
}
fclose($inA);
$c = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($c, $hdr);
echo 'first: ', fgets($c);

// Worker B: a select loop.
$b = pcntl_fork();
if ($b === 0) {
    fclose($toA);
    pcntl_alarm(40);
    while (true) {
        $r = [$server]; $w = $x = null;
        if (stream_select($r, $w, $x, 5) && ($c = @stream_socket_accept($server, 0))) {
            fwrite($c, "B\n");
            fclose($c);
        }
    }
}

$clients = [];
for ($i = 0; $i < 300; $i++) {
    $c = stream_socket_client("tcp://$addr", $e, $m, 5);
    fwrite($c, $hdr);
    $clients[] = $c;
}
// B's answers come at once, A's never (A is busy): read until none came
// for 1.5 s (at most 20 s in all).
$answered = 0;
for ($t = $last = microtime(true); $clients && microtime(true) - $last < 1.5 && microtime(true) - $t < 20;) {
    $r = $clients; $w = $x = null;
    if (!stream_select($r, $w, $x, 0, 100000)) {
        continue;
    }
    $last = microtime(true);
    foreach ($r as $k => $c) {
        $answered += fgets($c) === "B\n" ? 1 : 0;
        unset($clients[array_search($c, $clients, true)]);
    }
}
echo 'held by the busy worker: ', 300 - $answered <= 10 ? 'a handful' : (300 - $answered) . ' (too many)', "\n";
fwrite($toA, 'x');
posix_kill($b, SIGKILL);
pcntl_waitpid($a, $status);
pcntl_waitpid($b, $status);
?>
--EXPECT--
first: A
held by the busy worker: a handful
