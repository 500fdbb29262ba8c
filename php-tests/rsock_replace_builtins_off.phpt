--TEST--
rsock: rsock.replace_builtins=0 leaves the built-in alone, Rsock\stream_socket_server() still works
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--INI--
rsock.replace_builtins=0
--FILE--
<?php
var_dump(ini_get('rsock.replace_builtins'));
$path = sys_get_temp_dir() . '/rsock-norepl-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));

echo "-- built-in\n";
var_dump(stream_socket_server('udp://127.0.0.1:0', $errno, $errstr), $errno, $errstr);
// native turns ":abc" into port 0
$s = stream_socket_server('tcp://127.0.0.1:abc', $errno, $errstr);
var_dump(is_resource($s), $errno, $errstr);
$first = stream_socket_server('tcp://127.0.0.1:0');
var_dump(stream_socket_server('tcp://' . stream_socket_get_name($first, false), $errno, $errstr), $errno);

echo "-- Rsock\\stream_socket_server\n";
var_dump(Rsock\stream_socket_server('udp://127.0.0.1:0', $errno, $errstr), $errno, $errstr);
var_dump(Rsock\stream_socket_server('tcp://127.0.0.1:abc', $errno, $errstr), $errno, $errstr);
var_dump(Rsock\stream_socket_server('tcp://' . stream_socket_get_name($first, false), $errno, $errstr), $errno, $errstr);
$server = Rsock\stream_socket_server("unix://$path", $errno, $errstr);
$client = stream_socket_client("unix://$path", $e, $s, 2);
$conn = stream_socket_accept($server, 2, $peer);
var_dump($peer);
stream_set_timeout($conn, 2);
fwrite($client, "works");
var_dump(fread($conn, 10));
?>
--EXPECTF--
string(1) "0"
-- built-in

Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (Unknown error) in %s on line %d
bool(false)
int(0)
string(0) ""
bool(true)
int(0)
string(0) ""

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
int(0)
-- Rsock\stream_socket_server

Warning: Rsock\stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (Operation not supported) in %s on line %d
bool(false)
int(95)
string(23) "Operation not supported"

Warning: Rsock\stream_socket_server(): Unable to connect to tcp://127.0.0.1:abc (Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(75) "Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)"

Warning: Rsock\stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"
string(0) ""
string(5) "works"
