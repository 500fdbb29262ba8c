--TEST--
stream_socket_enable_crypto() on accepted tcp streams
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl extension required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);

echo "-- disabling crypto that was never enabled\n";
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump(stream_socket_enable_crypto($conn, false));

echo "-- enabling without a method\n";
try {
    stream_socket_enable_crypto($conn, true);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}

echo "-- handshake times out when the client never speaks TLS\n";
stream_set_timeout($conn, 0, 300000);
$t = microtime(true);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.2 && $elapsed < 2);

echo "-- peer already closed\n";
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
fclose($client);
stream_set_timeout($conn, 2);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
?>
--EXPECTF--
-- disabling crypto that was never enabled
bool(false)
-- enabling without a method
stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
-- handshake times out when the client never speaks TLS

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
bool(true)
-- peer already closed
bool(false)
