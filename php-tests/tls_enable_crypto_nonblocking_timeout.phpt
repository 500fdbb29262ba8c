--TEST--
stream_socket_enable_crypto() on a non-blocking stream whose timeout has already run out ((0, -1)): "SSL: Handshake timed out" and false, as ext/openssl checks the timeout in either mode; a normal timeout gives int(0) while the client is silent
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
stream_set_blocking($conn, false);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
stream_set_timeout($conn, 0, -1);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
?>
--EXPECTF--
int(0)

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
