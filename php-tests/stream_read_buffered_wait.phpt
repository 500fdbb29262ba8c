--TEST--
fread() on a blocking socket whose bytes PHP's buffer already holds: PHP 8.2 waits up to the timeout for more after taking them; from 8.3 (php_sockop_read's has_buffered_data) it returns them at once and does not time out. A zero timeout on a listening socket: 8.2 times out, 8.3+ fails the read at once and sets eof
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
$skips = PHP_VERSION_ID >= 80300;
function check(string $got, string $was, string $is): void {
    $want = $GLOBALS['skips'] ? $is : $was;
    echo $got === $want ? "as this PHP has it\n" : "$got\n  expected: $want\n";
}
stream_set_timeout($conn, 1);
fwrite($client, "123456789");
usleep(50000);
// The first read fills PHP's buffer (9 bytes) and takes 3; the second takes
// the other 6 from the buffer, then asks the socket for more.
var_dump(fread($conn, 3));
$t = microtime(true);
$r = fread($conn, 100);
check(sprintf('%s, timed_out %s, %s', var_export($r, true),
    var_export(stream_get_meta_data($conn)['timed_out'], true),
    microtime(true) - $t < 0.5 ? 'at once' : 'after the timeout'),
    "'456789', timed_out true, after the timeout", "'456789', timed_out false, at once");
// Nothing buffered: both wait for the timeout.
$t = microtime(true);
var_dump(fread($conn, 100), stream_get_meta_data($conn)['timed_out'], microtime(true) - $t >= 0.5);
// A listening socket with a zero timeout: PHP 8.3+ reads it without polling.
stream_set_timeout($server, 0);
$r = fread($server, 1);
check(sprintf('%s, timed_out %s, eof %s', var_export($r, true),
    var_export(stream_get_meta_data($server)['timed_out'], true), var_export(feof($server), true)),
    'false, timed_out true, eof false', 'false, timed_out false, eof true');
?>
--EXPECT--
string(3) "123"
as this PHP has it
bool(false)
bool(true)
bool(true)
as this PHP has it
