--TEST--
stream_select(): a signal interrupts the wait with PHP's warning and false
--SKIPIF--
<?php
if (!function_exists('pcntl_alarm')) die('skip pcntl required');
if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required');
?>
--FILE--
<?php
require __DIR__ . '/fd_of.inc';
pcntl_signal(SIGALRM, function () { echo "SIGALRM handled\n"; });
$warnings = [];
set_error_handler(function ($no, $msg) use (&$warnings) {
    if (error_reporting() & $no) $warnings[] = $msg;
    return false;
});

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
$proc = proc_open(['cat'], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);

$cases = [
    'sockets, 5 s timeout' => [[$conn, $server], 5],
    'socket and pipe, null timeout' => [[$pipes[1], $conn], null],
];
foreach ($cases as $label => [$streams, $timeout]) {
    echo "-- $label\n";
    $warnings = [];
    pcntl_alarm(1);
    $r = $streams; $w = null; $x = [$conn];
    $t = microtime(true);
    var_dump(stream_select($r, $w, $x, $timeout));
    $el = microtime(true) - $t;
    pcntl_alarm(0);
    var_dump($el >= 0.5, $el < 4);
    pcntl_signal_dispatch();
    // max_fd is the highest descriptor passed.
    $max = max(array_map('fd_of', array_merge($streams, [$conn])));
    var_dump(count($warnings) === 1 && $warnings[0] === "stream_select(): Unable to select [4]: Interrupted system call (max_fd=$max)");
}

echo "-- the streams still work afterwards\n";
fwrite($client, "after");
fwrite($pipes[0], "cat");
$r = [$pipes[1]]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = ['c' => $conn, 'p' => $pipes[1], 's' => $server]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2), array_keys($r), fread($conn, 10), fread($pipes[1], 10));
fclose($pipes[0]);
fclose($pipes[1]);
proc_close($proc);
?>
--EXPECTF--
-- sockets, 5 s timeout

Warning: stream_select(): Unable to select [4]: Interrupted system call (max_fd=%d) in %s on line %d
bool(false)
bool(true)
bool(true)
SIGALRM handled
bool(true)
-- socket and pipe, null timeout

Warning: stream_select(): Unable to select [4]: Interrupted system call (max_fd=%d) in %s on line %d
bool(false)
bool(true)
bool(true)
SIGALRM handled
bool(true)
-- the streams still work afterwards
int(1)
int(2)
array(2) {
  [0]=>
  string(1) "c"
  [1]=>
  string(1) "p"
}
string(5) "after"
string(3) "cat"
