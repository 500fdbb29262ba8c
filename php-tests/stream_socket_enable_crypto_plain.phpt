--TEST--
stream_socket_enable_crypto() on udp and unix streams: no crypto support
--FILE--
<?php
echo "-- udp and unix streams do not support crypto\n";
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
var_dump(stream_socket_enable_crypto($udp, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
$path = sys_get_temp_dir() . '/rsock-crypto-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$unix = stream_socket_server("unix://$path");
$uclient = stream_socket_client("unix://$path", $e, $s, 2);
$uconn = stream_socket_accept($unix, 2);
var_dump(stream_socket_enable_crypto($uconn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
?>
--EXPECTF--
-- udp and unix streams do not support crypto

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)
