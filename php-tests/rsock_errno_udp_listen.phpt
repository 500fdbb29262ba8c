--TEST--
rsock: udp/udg with STREAM_SERVER_LISTEN report EOPNOTSUPP
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-udglisten-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));

$r = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr);
var_dump($r, $errno, $errstr);
$r = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN);
var_dump($r, $errno, $errstr);
$r = stream_socket_server("udg://$path", $errno, $errstr);
var_dump($r, $errno, $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (Operation not supported) in %s on line %d
bool(false)
int(95)
string(23) "Operation not supported"

Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (Operation not supported) in %s on line %d
bool(false)
int(95)
string(23) "Operation not supported"

Warning: stream_socket_server(): Unable to connect to udg://%s (Operation not supported) in %s on line %d
bool(false)
int(95)
string(23) "Operation not supported"
