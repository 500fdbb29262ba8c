--TEST--
stream_set_timeout(): timeouts count in whole milliseconds as PHP's poll reads them: a total between -1 ms and 1 ms (0, -1), (0, 999), (-1, 1000000) means no wait; reads time out at once
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
foreach ([[0, -1], [0, -999], [0, 999], [-1, 1000000], [-2, 2000500]] as [$sec, $usec]) {
    stream_set_timeout($conn, $sec, $usec);
    $t = microtime(true);
    $r = fread($conn, 10);
    printf("(%d, %d): %s, timed_out %s, %s\n", $sec, $usec, var_export($r, true),
        var_export(stream_get_meta_data($conn)['timed_out'], true),
        microtime(true) - $t < 0.5 ? 'at once' : 'waited');
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
(-1, 1000000): false, timed_out true, at once
(-2, 2000500): false, timed_out true, at once
bool(false)
bool(true)
bool(false)
bool(true)
