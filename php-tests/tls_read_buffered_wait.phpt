--TEST--
TLS: fread() on a blocking stream whose bytes PHP's buffer already holds: before PHP 8.4.24 it waits up to the timeout for more after taking them; from 8.4.24 (php_openssl_sockop_io) it returns them at once and does not time out
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$skips = (PHP_VERSION_ID >= 80424 && PHP_VERSION_ID < 80500) || PHP_VERSION_ID >= 80600;
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    fwrite($cl, "123456789");
    // Silent long enough for the server's reads to time out, then gone.
    usleep(2500000);
    fclose($cl);
});
$conn = stream_socket_accept($server, 3);
stream_set_timeout($conn, 1);
usleep(100000);
// The first read fills PHP's buffer with the record (9 bytes) and takes 3;
// the second takes the other 6 from the buffer, then asks TLS for more.
var_dump(fread($conn, 3));
$t = microtime(true);
$r = fread($conn, 100);
$got = sprintf('%s, timed_out %s, %s', var_export($r, true),
    var_export(stream_get_meta_data($conn)['timed_out'], true),
    microtime(true) - $t < 0.5 ? 'at once' : 'after the timeout');
$want = $skips ? "'456789', timed_out false, at once" : "'456789', timed_out true, after the timeout";
echo $got === $want ? "as this PHP has it\n" : "$got\n  expected: $want\n";
// Nothing buffered: both wait for the timeout.
$t = microtime(true);
var_dump(fread($conn, 100), stream_get_meta_data($conn)['timed_out'], microtime(true) - $t >= 0.5);
fclose($conn);
tls_show($h);
?>
--EXPECT--
string(3) "123"
as this PHP has it
bool(false)
bool(true)
bool(true)
client: 
