--TEST--
rsock: unix/udg bind failures report the real errno and message
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-missing-dir-' . getmypid();
$path = sys_get_temp_dir() . '/rsock-errno-' . getmypid() . '.sock';
$gpath = sys_get_temp_dir() . '/rsock-errno-udg-' . getmypid() . '.sock';
@unlink($path); @unlink($gpath);
register_shutdown_function(function () use ($path, $gpath) { @unlink($path); @unlink($gpath); });

echo "-- missing directory\n";
$r = stream_socket_server("unix://$dir/x.sock", $errno, $errstr);
var_dump($r, $errno, $errstr);
$r = stream_socket_server("udg://$dir/x.sock", $errno, $errstr, STREAM_SERVER_BIND);
var_dump($r, $errno, $errstr);

echo "-- unix path in use\n";
$first = stream_socket_server("unix://$path");
$r = stream_socket_server("unix://$path", $errno, $errstr);
var_dump($r, $errno, $errstr);
// The first server keeps working.
$client = stream_socket_client("unix://$path", $e, $s, 2);
var_dump(is_resource(stream_socket_accept($first, 2)));

echo "-- udg path in use\n";
$g = stream_socket_server("udg://$gpath", $errno, $errstr, STREAM_SERVER_BIND);
$r = stream_socket_server("udg://$gpath", $errno, $errstr, STREAM_SERVER_BIND);
var_dump($r, $errno, $errstr);
?>
--EXPECTF--
-- missing directory

Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"

Warning: stream_socket_server(): Unable to connect to udg://%s/x.sock (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"
-- unix path in use

Warning: stream_socket_server(): Unable to connect to unix://%s.sock (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"
bool(true)
-- udg path in use

Warning: stream_socket_server(): Unable to connect to udg://%s.sock (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"
