--TEST--
stream_socket_enable_crypto(): the blocking mode a blocking handshake that times out leaves (before PHP 8.4.27: non-blocking, so later reads return at once; from 8.4.27: blocking again, so they wait for the timeout)
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
// PHP's handshake makes a blocking socket non-blocking while it runs. Before
// 8.4.27 a timeout returned without switching it back (php_openssl_enable_crypto),
// so the stream stayed non-blocking; from 8.4.27 it is blocking again.
const RESTORED = (PHP_VERSION_ID >= 80427 && PHP_VERSION_ID < 80500) || PHP_VERSION_ID >= 80600;
// What a read right after the timeout does, and what it should on this PHP.
function after_timeout($stream, callable $read, string $was, string $is): void {
    $blocked = stream_get_meta_data($stream)['blocked'];
    $t = microtime(true);
    $r = $read($stream);
    $waited = microtime(true) - $t >= 0.5;
    $got = sprintf('blocked %s, read %s %s, eof %s, timed_out %s', var_export($blocked, true),
        var_export($r, true), $waited ? 'after the timeout' : 'at once',
        var_export(feof($stream), true), var_export(stream_get_meta_data($stream)['timed_out'], true));
    $want = RESTORED ? $is : $was;
    echo $got === $want ? "as this PHP has it\n" : "$got\n  expected: $want\n";
}
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => $c['server']]]));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
echo "-- an accepted connection whose client stays silent\n";
stream_set_timeout($conn, 1);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
after_timeout($conn, fn ($s) => fread($s, 10),
    "blocked false, read '' at once, eof false, timed_out false",
    'blocked true, read false after the timeout, eof false, timed_out true');
echo "-- a listening socket\n";
stream_set_timeout($server, 1);
var_dump(stream_socket_enable_crypto($server, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
after_timeout($server, fn ($s) => fgetc($s),
    'blocked false, read false at once, eof true, timed_out false',
    'blocked true, read false after the timeout, eof false, timed_out true');
?>
--EXPECTF--
-- an accepted connection whose client stays silent

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
as this PHP has it
-- a listening socket

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
as this PHP has it
