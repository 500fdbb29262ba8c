--TEST--
stream_socket_server(): hostname that does not resolve
--FILE--
<?php
$errno = 99;
$r = stream_socket_server("nosuchhost.invalid:80", $errno, $errstr);
var_dump($r, $errno);
var_dump(str_starts_with($errstr, "php_network_getaddresses: getaddrinfo for nosuchhost.invalid failed: "));

$r = stream_socket_server("tcp://:0", $errno, $errstr);
var_dump($r, $errno);
var_dump(str_starts_with($errstr, "php_network_getaddresses: getaddrinfo for  failed: "));
?>
--EXPECTF--
Warning: stream_socket_server(): php_network_getaddresses: getaddrinfo for nosuchhost.invalid failed: %s in %s on line %d

Warning: stream_socket_server(): Unable to connect to nosuchhost.invalid:80 (php_network_getaddresses: getaddrinfo for nosuchhost.invalid failed: %s) in %s on line %d
bool(false)
int(0)
bool(true)

Warning: stream_socket_server(): php_network_getaddresses: getaddrinfo for  failed: %s in %s on line %d

Warning: stream_socket_server(): Unable to connect to tcp://:0 (php_network_getaddresses: getaddrinfo for  failed: %s) in %s on line %d
bool(false)
int(0)
bool(true)
