--TEST--
stream_socket_server(): flags 0 returns a stream that is neither bound nor listening
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, 0);
var_dump($server, $errno, $errstr);
var_dump(stream_socket_get_name($server, false), stream_socket_get_name($server, true));
var_dump(stream_get_meta_data($server)['stream_type']);
// Nothing to accept from.
var_dump(stream_socket_accept($server, 0.2));

// LISTEN without BIND is the same as 0.
$server2 = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_LISTEN);
var_dump(is_resource($server2), stream_socket_get_name($server2, false));

// udp with flags 0 as well
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, 0);
var_dump(is_resource($udp), stream_socket_get_name($udp, false));
var_dump(stream_get_meta_data($udp)['stream_type']);
fclose($server);
var_dump(is_resource($server));
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
bool(false)
bool(false)
string(14) "tcp_socket/ssl"

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
bool(false)
bool(true)
bool(false)
string(10) "udp_socket"
bool(false)
