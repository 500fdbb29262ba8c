--TEST--
stream_socket_server(): context socket.so_broadcast on udp
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
$ctx = stream_context_create(['socket' => ['so_broadcast' => true]]);
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND, $ctx);
var_dump(is_resource($udp), $errno, $errstr);
var_dump(socket_get_option(socket_import_stream($udp), SOL_SOCKET, SO_BROADCAST));

$plain = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(socket_get_option(socket_import_stream($plain), SOL_SOCKET, SO_BROADCAST));

$off = stream_context_create(['socket' => ['so_broadcast' => false]]);
$udp2 = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND, $off);
var_dump(socket_get_option(socket_import_stream($udp2), SOL_SOCKET, SO_BROADCAST));

// The broadcast-enabled socket still works for ordinary datagrams.
$client = stream_socket_client('udp://' . stream_socket_get_name($udp, false), $e, $s, 2);
fwrite($client, "bcast");
stream_set_timeout($udp, 2);
var_dump(fread($udp, 10));
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
int(1)
int(0)
int(0)
string(5) "bcast"
