--TEST--
stream_socket_accept(): $peer for unix clients (bound and unbound)
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-peer-' . getmypid() . '.sock';
$cpath = sys_get_temp_dir() . '/rsock-peer-client-' . getmypid() . '.sock';
@unlink($path); @unlink($cpath);
register_shutdown_function(function () use ($path, $cpath) { @unlink($path); @unlink($cpath); });

$server = stream_socket_server("unix://$path");

// Unbound client: native PHP reports an unspecified string, so only its type is checked.
$client = stream_socket_client("unix://$path", $e, $s, 2);
$peer = 123;
$conn = stream_socket_accept($server, 2, $peer);
var_dump(is_resource($conn), is_string($peer));

// Bound client: the peer is its path.
$sock = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_bind($sock, $cpath);
socket_connect($sock, $path);
$conn2 = stream_socket_accept($server, 2, $peer2);
var_dump($peer2 === $cpath);
var_dump(stream_socket_get_name($conn2, true) === $cpath);
var_dump(stream_socket_get_name($conn2, false) === $path);
socket_write($sock, "bound");
stream_set_timeout($conn2, 2);
var_dump(fread($conn2, 5));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(5) "bound"
