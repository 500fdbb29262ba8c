--TEST--
rsock: disabling only stream_select removes Rsock\stream_select; stream_socket_server and its twin stay rsock's
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (the Rsock\ functions)'); ?>
--INI--
disable_functions=stream_select
--FILE--
<?php
var_dump(function_exists('stream_select'), function_exists('Rsock\stream_select'));
var_dump(function_exists('stream_socket_server'), function_exists('Rsock\stream_socket_server'));
// rsock's stream_socket_server: the real errno (native leaves 0).
$s = stream_socket_server('tcp://127.0.0.1:0');
var_dump(@stream_socket_server('tcp://' . stream_socket_get_name($s, false), $errno), $errno);
var_dump(is_resource(Rsock\stream_socket_server('tcp://127.0.0.1:0')));
?>
--EXPECT--
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
int(98)
bool(true)
