--TEST--
rsock: invalid ports are rejected instead of silently wrapped
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
foreach (['tcp://127.0.0.1:abc', '127.0.0.1:70000', '127.0.0.1:-5', '127.0.0.1:5x', '127.0.0.1: 5', 'udp://127.0.0.1:65536'] as $addr) {
    $errno = 99; $errstr = 'unchanged';
    $flags = str_starts_with($addr, 'udp://') ? STREAM_SERVER_BIND : STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
    $r = stream_socket_server($addr, $errno, $errstr, $flags);
    var_dump($r, $errno, $errstr);
}
// Port 0 (ephemeral) is valid
$r = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump(is_resource($r), $errno, $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:abc (Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(75) "Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1:70000 (Invalid port in address "127.0.0.1:70000" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(77) "Invalid port in address "127.0.0.1:70000" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1:-5 (Invalid port in address "127.0.0.1:-5" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(74) "Invalid port in address "127.0.0.1:-5" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1:5x (Invalid port in address "127.0.0.1:5x" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(74) "Invalid port in address "127.0.0.1:5x" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1: 5 (Invalid port in address "127.0.0.1: 5" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(74) "Invalid port in address "127.0.0.1: 5" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:65536 (Invalid port in address "127.0.0.1:65536" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(77) "Invalid port in address "127.0.0.1:65536" (expected a number from 0 to 65535)"
bool(true)
int(0)
string(0) ""
