--TEST--
PROXY protocol: after socket_import_stream() and socket_set_block() of the server, worker processes sharing it never leave their header reader blocked in accept() (which would stall its pending headers and hang fclose())
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!extension_loaded('sockets')) die('skip sockets required');
if (php_uname('m') !== 'x86_64') die('skip reads x86_64 syscall numbers from /proc');
?>
--FILE--
<?php
// Two workers share one PROXY server whose descriptor was exported (and so,
// natively, made blocking). Each connection wakes both header readers; the
// one that loses the race must not block in accept(2) on the shared
// listener. Seen from /proc: a reader thread asleep in accept4 (syscall 288).
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
$sock = socket_import_stream($server);
var_dump($sock instanceof Socket);
// And made blocking explicitly, as a script may do with what it imported.
var_dump(socket_set_block($sock));

$workers = [];
for ($i = 0; $i < 2; $i++) {
    [$ctl, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === 0) {
        fclose($ctl);
        pcntl_alarm(30);
        while (true) {
            $r = [$server, $theirs]; $w = $x = null;
            if (!stream_select($r, $w, $x, 5)) {
                continue;
            }
            if (in_array($theirs, $r, true)) {
                break; // told to stop
            }
            $c = @stream_socket_accept($server, 0);
            if ($c) {
                fwrite($c, "served\n");
                fclose($c);
            }
        }
        $t = microtime(true);
        fclose($server);
        fwrite($theirs, microtime(true) - $t < 1 ? "closed at once\n" : "close HUNG\n");
        exit(0);
    }
    fclose($theirs);
    $workers[$pid] = $ctl;
}

/** A worker's header reader asleep in accept4, if any. */
function blocked_reader(array $pids): ?string
{
    foreach ($pids as $pid) {
        foreach (glob("/proc/$pid/task/*") as $task) {
            if (trim((string) @file_get_contents("$task/comm")) === 'rsock-proxy'
                && strtok((string) @file_get_contents("$task/syscall"), ' ') === '288') {
                return "$pid/" . basename($task);
            }
        }
    }
    return null;
}

$blocked = null;
$served = 0;
for ($round = 0; $round < 300 && $blocked === null; $round++) {
    $c = stream_socket_client("tcp://$addr", $e, $m, 5);
    fwrite($c, "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n");
    stream_set_timeout($c, 5);
    $served += fgets($c) === "served\n" ? 1 : 0;
    fclose($c);
    // Both readers have settled (the loser back in poll, or stuck).
    usleep(2000);
    $blocked = blocked_reader(array_keys($workers));
}
echo "served: $served of $round\n";
echo 'a reader blocked in accept: ', $blocked === null ? 'no' : 'YES', "\n";
if ($blocked !== null) {
    // Unblock it for the close below.
    $extra = [];
    for ($i = 0; $i < 4; $i++) {
        $extra[] = stream_socket_client("tcp://$addr", $e, $m, 5);
    }
}
foreach ($workers as $pid => $ctl) {
    fwrite($ctl, "stop\n");
    stream_set_timeout($ctl, 10);
    echo fgets($ctl);
    pcntl_waitpid($pid, $status);
}
?>
--EXPECT--
bool(true)
bool(true)
served: 300 of 300
a reader blocked in accept: no
closed at once
closed at once
