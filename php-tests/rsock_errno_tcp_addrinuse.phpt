--TEST--
rsock: binding a busy tcp port reports errno 98 (EADDRINUSE) and its message
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
$first = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($first, false);
$errno = 0; $errstr = '';
$r = stream_socket_server("tcp://$name", $errno, $errstr);
var_dump($r, $errno, $errstr);
var_dump($errno === 98, $errstr === "Address already in use");
// Through the namespaced function as well.
$r = Rsock\stream_socket_server("$name", $errno, $errstr);
var_dump($r, $errno, $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"
bool(true)
bool(true)

Warning: Rsock\stream_socket_server(): Unable to connect to 127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"
