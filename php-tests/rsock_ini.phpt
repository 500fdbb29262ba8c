--TEST--
rsock: ini settings and exported functions
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
var_dump(ini_get('rsock.replace_builtins'));
var_dump(is_string(ini_get('rsock.default_backlog')));
var_dump(function_exists('Rsock\stream_socket_server'));
var_dump(function_exists('stream_socket_server'));
var_dump(is_string(phpversion('rsock')));
$rf = new ReflectionFunction('Rsock\stream_socket_server');
var_dump($rf->getExtensionName(), $rf->getNamespaceName(), $rf->getShortName());
// With replace_builtins on, the built-in name is served by rsock.
var_dump((new ReflectionFunction('stream_socket_server'))->isInternal());
?>
--EXPECT--
string(1) "1"
bool(true)
bool(true)
bool(true)
bool(true)
string(5) "rsock"
string(5) "Rsock"
string(20) "stream_socket_server"
bool(true)
