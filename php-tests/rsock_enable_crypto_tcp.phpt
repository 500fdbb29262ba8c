--TEST--
rsock: accepted tcp streams have no crypto support until TLS lands (documented difference)
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference)'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);

echo "-- enabling fails as on any stream without crypto support\n";
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
echo "-- the stream still works as plain tcp\n";
fwrite($client, "plain\n");
var_dump(fgets($conn));
echo "-- ssl:// servers still come from PHP's built-in\n";
$ssl = stream_socket_server('ssl://127.0.0.1:0');
var_dump(is_resource($ssl));
?>
--EXPECTF--
-- enabling fails as on any stream without crypto support

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)
-- the stream still works as plain tcp
string(6) "plain
"
-- ssl:// servers still come from PHP's built-in
bool(true)
