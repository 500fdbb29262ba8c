--TEST--
stream_set_timeout(): a negative second count, or more seconds than PHP's poll takes in milliseconds ((INT_MAX - 1000) / 1000), means no timeout: a read still waits after a second (checked in a child with an alarm)
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
foreach ([2147483, 4294968, -1, -4294967, PHP_INT_MIN] as $sec) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_alarm(1);
        stream_set_timeout($conn, $sec);
        $r = fread($conn, 10);
        echo "$sec: returned ", var_export($r, true), "\n";
        exit(0);
    }
    pcntl_waitpid($pid, $status);
    if (pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGALRM) {
        echo "$sec: still waiting after 1 s\n";
    }
}
// Just inside the limit, a timeout that has not run out yet looks the same.
stream_set_timeout($conn, 0, 300000);
$t = microtime(true);
var_dump(fread($conn, 10), microtime(true) - $t >= 0.25);
?>
--EXPECT--
2147483: still waiting after 1 s
4294968: still waiting after 1 s
-1: still waiting after 1 s
-4294967: still waiting after 1 s
-9223372036854775808: still waiting after 1 s
bool(false)
bool(true)
