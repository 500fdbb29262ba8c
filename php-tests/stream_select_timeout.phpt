--TEST--
stream_select(): zero, short and folded timeouts; null seconds waits until a stream is ready
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$client = stream_socket_client($addr, $e, $s, 2);
$conn = stream_socket_accept($server, 2);

function timed($sec, $usec, ...$streams) {
    $r = $streams; $w = null; $x = $streams;
    $t = microtime(true);
    $n = func_num_args() > 1 && $usec !== null ? stream_select($r, $w, $x, $sec, $usec) : stream_select($r, $w, $x, $sec);
    return [$n, $r, $x, microtime(true) - $t];
}

echo "-- timeout 0: returns 0 at once, arrays emptied\n";
[$n, $r, $x, $el] = timed(0, null, $conn, $server, $client);
var_dump($n, $r, $x, $el < 0.5);
[$n, $r, $x, $el] = timed(0, 0, $conn);
var_dump($n, $el < 0.5);

echo "-- 0 s + 200,000 us\n";
[$n, $r, $x, $el] = timed(0, 200000, $conn, $server);
var_dump($n, $r, $el >= 0.15, $el < 2);

echo "-- 0 s + 1,200,000 us: folded into 1.2 s\n";
[$n, $r, $x, $el] = timed(0, 1200000, $conn);
var_dump($n, $r, $el >= 1.1, $el < 3);

echo "-- data arriving during the timeout ends it early\n";
$pid = pcntl_fork();
if ($pid === 0) {
    // Child: write after a fixed delay (the parent only checks it waited at least that long).
    usleep(300000);
    fwrite($client, "late");
    exit(0);
}
[$n, $r, $x, $el] = timed(5, 0, $conn);
var_dump($n, count($r), $el >= 0.2, $el < 3);
var_dump(fread($conn, 10));
pcntl_waitpid($pid, $status);

echo "-- null seconds: waits until ready\n";
$pid = pcntl_fork();
if ($pid === 0) {
    usleep(300000);
    fwrite($client, "forever");
    exit(0);
}
// Watchdog: should the wait never end, SIGALRM interrupts it after 4 s.
pcntl_signal(SIGALRM, function () { echo "watchdog fired\n"; });
pcntl_alarm(4);
$r = [$conn]; $w = null; $x = null;
$t = microtime(true);
var_dump(stream_select($r, $w, $x, null), count($r));
$el = microtime(true) - $t;
pcntl_alarm(0);
pcntl_signal_dispatch();
var_dump($el >= 0.2, $el < 3, fread($conn, 10));
pcntl_waitpid($pid, $status);
?>
--EXPECT--
-- timeout 0: returns 0 at once, arrays emptied
int(0)
array(0) {
}
array(0) {
}
bool(true)
int(0)
bool(true)
-- 0 s + 200,000 us
int(0)
array(0) {
}
bool(true)
bool(true)
-- 0 s + 1,200,000 us: folded into 1.2 s
int(0)
array(0) {
}
bool(true)
bool(true)
-- data arriving during the timeout ends it early
int(1)
int(1)
bool(true)
bool(true)
string(4) "late"
-- null seconds: waits until ready
int(1)
int(1)
bool(true)
bool(true)
string(7) "forever"
