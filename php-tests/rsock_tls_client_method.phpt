--TEST--
rsock: stream_socket_enable_crypto() with a client method on an accepted connection fails with a warning (documented difference)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference: native PHP runs a TLS client there)');
if (!extension_loaded('openssl')) die('skip openssl required');
?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 2);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
echo "-- the connection is still plain tcp\n";
fwrite($client, "plain\n");
var_dump(fgets($conn));
echo "-- a server method still works afterwards (it fails here: the client is silent)\n";
stream_set_timeout($conn, 0, 200000);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
?>
--EXPECTF--
Warning: stream_socket_enable_crypto(): rsock serves the server side of TLS only: use a STREAM_CRYPTO_METHOD_*_SERVER method in %s on line %d
bool(false)
-- the connection is still plain tcp
string(6) "plain
"
-- a server method still works afterwards (it fails here: the client is silent)

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
