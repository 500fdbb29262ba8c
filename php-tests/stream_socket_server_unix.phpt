--TEST--
stream_socket_server(): unix:// stream socket round trip
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-unix-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$server = stream_socket_server("unix://$path", $errno, $errstr);
var_dump($server, $errno, $errstr);
var_dump(filetype($path));
var_dump(stream_socket_get_name($server, false) === $path, stream_socket_get_name($server, true));
var_dump(stream_get_meta_data($server)['stream_type']);

$client = stream_socket_client("unix://$path", $e, $s, 2);
$conn = stream_socket_accept($server, 2, $peer);
var_dump(is_resource($conn), is_string($peer));
var_dump(stream_socket_get_name($conn, false) === $path);
var_dump(stream_socket_get_name($client, true) === $path);
stream_set_timeout($conn, 2);
stream_set_timeout($client, 2);

fwrite($client, "line one\nline two\n");
var_dump(fgets($conn), fgets($conn));
fwrite($conn, str_repeat("u", 50000));
$got = '';
while (strlen($got) < 50000 && !feof($client)) {
    $got .= fread($client, 65536);
}
var_dump(strlen($got), $got === str_repeat("u", 50000));
fclose($client);
var_dump(fread($conn, 1), feof($conn));
fclose($conn);
fclose($server);
// Closing the server does not remove the socket file (same as native).
var_dump(file_exists($path));
unlink($path);
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
string(6) "socket"
bool(true)
bool(false)
string(11) "unix_socket"
bool(true)
bool(true)
bool(true)
bool(true)
string(9) "line one
"
string(9) "line two
"
int(50000)
bool(true)
string(0) ""
bool(true)
bool(true)
