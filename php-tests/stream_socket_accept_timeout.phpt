--TEST--
stream_socket_accept(): timeout on an idle server
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$t = microtime(true);
var_dump(stream_socket_accept($server, 0.2));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.15 && $elapsed < 1.5);

// timeout 0 returns at once
$t = microtime(true);
var_dump(stream_socket_accept($server, 0));
var_dump(microtime(true) - $t < 0.5);

// The server is still usable: a pending connection is accepted immediately.
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$t = microtime(true);
var_dump(is_resource(stream_socket_accept($server, 5)));
var_dump(microtime(true) - $t < 2);

// Without timeout argument, default_socket_timeout is used.
ini_set('default_socket_timeout', '1');
$t = microtime(true);
var_dump(stream_socket_accept($server));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.9 && $elapsed < 3);
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
bool(true)
bool(true)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
