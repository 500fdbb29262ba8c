--TEST--
stream_socket_server(): udp:// and udg:// need STREAM_SERVER_BIND alone
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-dgflags-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));

// With the default flags (BIND | LISTEN) datagram transports fail (the reason text differs
// between native PHP and rsock and is covered elsewhere).
var_dump(@stream_socket_server('udp://127.0.0.1:0'));
var_dump(@stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN));
var_dump(@stream_socket_server("udg://$path"));
@unlink($path);

// BIND alone works.
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(is_resource($udp), $errno, $errstr, (bool) stream_socket_get_name($udp, false));
$udg = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
var_dump(is_resource($udg), $errno, $errstr, stream_socket_get_name($udg, false) === $path);
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
bool(true)
int(0)
string(0) ""
bool(true)
bool(true)
int(0)
string(0) ""
bool(true)
