--TEST--
feof() on an accepted stream whose peer reset the connection is true at the first call
--EXTENSIONS--
sockets
--FILE--
<?php
$srv = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
$cli = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($cli, '127.0.0.1', $port));
$acc = stream_socket_accept($srv, 2);
socket_write($cli, "data");
socket_set_option($cli, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
socket_close($cli);
// Wait until the reset has arrived: the stream turns readable.
$r = [$acc]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 2));
var_dump(fread($acc, 10));
var_dump(feof($acc));
var_dump(stream_get_meta_data($acc)['eof']);
?>
--EXPECT--
bool(true)
int(1)
string(4) "data"
bool(true)
bool(true)
