--TEST--
stream_socket_server(): binding a tcp port that is already listening fails
--FILE--
<?php
$first = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($first, false);
$r = stream_socket_server("tcp://$name", $errno, $errstr);
var_dump($r, $errstr);
// The first server is unaffected.
$client = stream_socket_client("tcp://$name", $e, $s, 2);
var_dump(is_resource(stream_socket_accept($first, 2)));
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
string(22) "Address already in use"
bool(true)
