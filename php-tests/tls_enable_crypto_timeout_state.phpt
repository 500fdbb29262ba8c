--TEST--
stream_socket_enable_crypto(): a blocking handshake that times out leaves the stream non-blocking (as PHP's handshake does), so later reads return at once
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => $c['server']]]));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 1);
echo "-- an accepted connection whose client stays silent\n";
stream_set_timeout($conn, 1);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_get_meta_data($conn)['blocked']);
$t = microtime(true);
var_dump(fread($conn, 10), feof($conn), microtime(true) - $t < 0.5);
echo "-- a listening socket\n";
stream_set_timeout($server, 1);
var_dump(stream_socket_enable_crypto($server, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_get_meta_data($server)['blocked']);
$t = microtime(true);
var_dump(fgetc($server), feof($server), microtime(true) - $t < 0.5);
?>
--EXPECTF--
-- an accepted connection whose client stays silent

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
bool(false)
string(0) ""
bool(false)
bool(true)
-- a listening socket

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
