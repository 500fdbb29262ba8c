--TEST--
stream_socket_server(): context socket.so_reuseport lets two servers bind the same port
--SKIPIF--
<?php
if (!extension_loaded('sockets')) die('skip sockets extension required');
if (!defined('SO_REUSEPORT')) die('skip SO_REUSEPORT not available');
?>
--FILE--
<?php
$ctx = stream_context_create(['socket' => ['so_reuseport' => true]]);
$flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
$one = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, $flags, $ctx);
$name = stream_socket_get_name($one, false);
$two = stream_socket_server("tcp://$name", $errno, $errstr, $flags, $ctx);
var_dump(is_resource($two), $errno, $errstr);
var_dump(stream_socket_get_name($two, false) === $name);
var_dump(socket_get_option(socket_import_stream($one), SOL_SOCKET, SO_REUSEPORT));
var_dump(socket_get_option(socket_import_stream($two), SOL_SOCKET, SO_REUSEPORT));

// Connections are accepted by one of the two.
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$read = [$one, $two]; $w = $x = null;
var_dump(stream_select($read, $w, $x, 2));
var_dump(is_resource(stream_socket_accept(reset($read), 2)));

// Without the option a third server cannot bind the port.
var_dump(@stream_socket_server("tcp://$name"));
// Without the option, the socket does not have SO_REUSEPORT.
$plain = stream_socket_server('tcp://127.0.0.1:0');
var_dump(socket_get_option(socket_import_stream($plain), SOL_SOCKET, SO_REUSEPORT));

// udp as well
$u1 = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND, $ctx);
$u2 = stream_socket_server('udp://' . stream_socket_get_name($u1, false), $errno, $errstr, STREAM_SERVER_BIND, $ctx);
var_dump(is_resource($u2));
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
bool(true)
int(1)
int(1)
int(1)
bool(true)
bool(false)
int(0)
bool(true)
