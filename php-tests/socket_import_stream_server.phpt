--TEST--
socket_import_stream() (ext-sockets) on server and accepted streams
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
[, $port] = explode(':', $name);

$ssock = socket_import_stream($server);
var_dump($ssock instanceof Socket);
var_dump(socket_getsockname($ssock, $addr, $p), $addr, $p == $port);
var_dump(socket_get_option($ssock, SOL_SOCKET, SO_TYPE) === SOCK_STREAM);
var_dump(socket_get_option($ssock, SOL_SOCKET, SO_REUSEADDR));

$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2, $peer);
$csock = socket_import_stream($conn);
var_dump(socket_getsockname($csock, $addr, $p), $addr, $p == $port);
var_dump(socket_getpeername($csock, $addr, $p), "$addr:$p" === $peer);

// I/O through the imported socket and the stream reach the same connection.
var_dump(socket_write($csock, "via socket"));
stream_set_timeout($client, 2);
var_dump(fread($client, 100));
fwrite($client, "via stream");
var_dump(socket_read($csock, 100));

// Non-blocking mode set on the socket is seen by the stream's fd.
var_dump(socket_set_nonblock($csock));
var_dump(socket_read($csock, 100));
var_dump(socket_last_error($csock) === SOCKET_EAGAIN);

// udp and unix server streams can be imported too.
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
$usock = socket_import_stream($udp);
var_dump(socket_get_option($usock, SOL_SOCKET, SO_TYPE) === SOCK_DGRAM);
$path = sys_get_temp_dir() . '/rsock-import-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$unix = stream_socket_server("unix://$path");
var_dump(socket_getsockname(socket_import_stream($unix), $uaddr), $uaddr === $path);
unlink($path);
?>
--EXPECT--
bool(true)
bool(true)
string(9) "127.0.0.1"
bool(true)
bool(true)
int(1)
bool(true)
string(9) "127.0.0.1"
bool(true)
bool(true)
bool(true)
int(10)
string(10) "via socket"
string(10) "via stream"
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
