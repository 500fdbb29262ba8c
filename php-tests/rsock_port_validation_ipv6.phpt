--TEST--
rsock: invalid ports in IPv6 addresses are rejected
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
foreach (['[::1]:abc', 'tcp://[::1]:99999', 'tcp://[::1]:-1'] as $addr) {
    $errno = 99; $errstr = 'unchanged';
    $r = stream_socket_server($addr, $errno, $errstr);
    var_dump($r, $errno, $errstr);
}
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to [::1]:abc (Invalid port in address "[::1]:abc" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(71) "Invalid port in address "[::1]:abc" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to tcp://[::1]:99999 (Invalid port in address "[::1]:99999" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(73) "Invalid port in address "[::1]:99999" (expected a number from 0 to 65535)"

Warning: stream_socket_server(): Unable to connect to tcp://[::1]:-1 (Invalid port in address "[::1]:-1" (expected a number from 0 to 65535)) in %s on line %d
bool(false)
int(0)
string(70) "Invalid port in address "[::1]:-1" (expected a number from 0 to 65535)"
