--TEST--
stream_socket_server(): udg:// datagram socket, recvfrom with sender addresses
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-udg-' . getmypid() . '.sock';
$cpath = sys_get_temp_dir() . '/rsock-udg-client-' . getmypid() . '.sock';
@unlink($path); @unlink($cpath);
register_shutdown_function(function () use ($path, $cpath) { @unlink($path); @unlink($cpath); });

$server = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
var_dump($server, $errno, $errstr);
var_dump(filetype($path));
var_dump(stream_socket_get_name($server, false) === $path, stream_socket_get_name($server, true));
var_dump(stream_get_meta_data($server)['stream_type']);
stream_set_timeout($server, 2);

// A bound sender (ext-sockets) is reported by its path.
$bound = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($bound, $cpath);
var_dump(socket_sendto($bound, "from bound", 10, 0, $path));
var_dump(stream_socket_recvfrom($server, 100, 0, $from), $from === $cpath);

// An unbound sender (stream_socket_client) has an empty address.
$client = stream_socket_client("udg://$path", $e, $s, 2);
var_dump(stream_socket_get_name($client, true) === $path);
fwrite($client, "anonymous");
var_dump(stream_socket_recvfrom($server, 100, 0, $from), $from);

// Datagram boundaries are kept; PEEK does not consume.
fwrite($client, "first");
fwrite($client, "second");
var_dump(stream_socket_recvfrom($server, 100, STREAM_PEEK), fread($server, 100), fread($server, 100));

// stream_socket_sendto() cannot parse a unix path as destination (native behaviour).
var_dump(stream_socket_sendto($server, "reply", 0, $cpath));

fclose($server);
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
string(6) "socket"
bool(true)
bool(false)
string(10) "udg_socket"
int(10)
string(10) "from bound"
bool(true)
bool(true)
string(9) "anonymous"
string(0) ""
string(5) "first"
string(5) "first"
string(6) "second"

Warning: stream_socket_sendto(): Failed to parse `%s' into a valid network address in %s on line %d
bool(false)
