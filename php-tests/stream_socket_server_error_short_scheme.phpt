--TEST--
stream_socket_server(): a one-character scheme is not a transport, "x" becomes the host
--FILE--
<?php
$errno = 99;
$r = stream_socket_server("x://127.0.0.1:0", $errno, $errstr);
var_dump($r, $errno);
var_dump(str_starts_with($errstr, "php_network_getaddresses: getaddrinfo for x failed: "));
?>
--EXPECTF--
Warning: stream_socket_server(): php_network_getaddresses: getaddrinfo for x failed: %s in %s on line %d

Warning: stream_socket_server(): Unable to connect to x://127.0.0.1:0 (php_network_getaddresses: getaddrinfo for x failed: %s) in %s on line %d
bool(false)
int(0)
bool(true)
