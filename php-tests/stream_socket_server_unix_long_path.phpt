--TEST--
stream_socket_server(): over-long unix path is truncated with a notice
--FILE--
<?php
$prefix = sys_get_temp_dir() . '/rsock-long-' . getmypid() . '-';
$path = str_pad($prefix, 200, 'a');
$truncated = substr($path, 0, 107);
@unlink($truncated);
register_shutdown_function(fn() => @unlink($truncated));

$server = stream_socket_server("unix://$path", $errno, $errstr);
var_dump(is_resource($server), $errno, $errstr);
var_dump(strlen($path), file_exists($truncated), filetype($truncated));
var_dump(stream_socket_get_name($server, false) === $truncated);

// The truncated path is where clients can reach it.
$client = stream_socket_client("unix://$truncated", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
fwrite($client, "long");
var_dump(fread($conn, 4));
fclose($server);
unlink($truncated);
var_dump(file_exists($truncated));
?>
--EXPECTF--
Notice: stream_socket_server(): socket path exceeded the maximum allowed length of 107 bytes and was truncated in %s on line %d
bool(true)
int(0)
string(0) ""
int(200)
bool(true)
string(6) "socket"
bool(true)
string(4) "long"
bool(false)
