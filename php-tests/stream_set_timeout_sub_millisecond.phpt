--TEST--
stream_set_timeout(): timeouts count in whole milliseconds as PHP's poll reads them: a total between -1 ms and 1 ms (0, -1), (0, 999) means no wait; reads time out at once. A timeout of exactly zero, (0, 0) or (-1, 1000000) once the microseconds carry over, times out the same on PHP 8.2; from 8.3 such a read does not poll at all: '' and no timeout
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
// php_sockop_read: from PHP 8.3 a blocking read with a zero timeout takes what
// the socket holds (MSG_DONTWAIT) and returns '' when that is nothing.
$zero = PHP_VERSION_ID >= 80300 ? "'', timed_out false, at once" : 'false, timed_out true, at once';
foreach ([[0, -1], [0, -999], [0, 999], [0, 0], [-1, 1000000], [1, -1000000], [-2, 2000500]] as [$sec, $usec]) {
    stream_set_timeout($conn, $sec, $usec);
    $t = microtime(true);
    $r = fread($conn, 10);
    $got = sprintf('%s, timed_out %s, %s', var_export($r, true),
        var_export(stream_get_meta_data($conn)['timed_out'], true),
        microtime(true) - $t < 0.5 ? 'at once' : 'waited');
    if ($sec * 1000000 + $usec === 0) {
        $got = $got === $zero ? 'as this PHP has it' : "$got, expected $zero";
    }
    printf("(%d, %d): %s\n", $sec, $usec, $got);
}
// The same on a listening socket.
stream_set_timeout($server, 0, -1);
$t = microtime(true);
var_dump(fread($server, 1), microtime(true) - $t < 0.5);
// And for accept: a timeout under a millisecond does not wait.
$t = microtime(true);
var_dump(@stream_socket_accept($server, 0.0004), microtime(true) - $t < 0.5);
?>
--EXPECT--
(0, -1): false, timed_out true, at once
(0, -999): false, timed_out true, at once
(0, 999): false, timed_out true, at once
(0, 0): as this PHP has it
(-1, 1000000): as this PHP has it
(1, -1000000): as this PHP has it
(-2, 2000500): false, timed_out true, at once
bool(false)
bool(true)
bool(false)
bool(true)
