--TEST--
stream_socket_server(): STREAM_SERVER_BIND alone on tcp binds but does not listen
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump($server, $errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^127\.0\.0\.1:[1-9]\d*$/', $name) === 1);

// Nobody listens on the port: connecting is refused.
$client = stream_socket_client("tcp://$name", $e, $s, 2);
var_dump($client, $e, $s);

// accept() on a socket that is not listening fails.
var_dump(stream_socket_accept($server, 1));

// SO_REUSEADDR is set on both, so a listener can take the bound-only port and serve it.
$listener = stream_socket_server("tcp://$name");
var_dump(stream_socket_get_name($listener, false) === $name);
$client = stream_socket_client("tcp://$name", $e, $s, 2);
var_dump(is_resource(stream_socket_accept($listener, 2)));
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
bool(true)

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:%d (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"

Warning: stream_socket_accept(): Accept failed: Invalid argument in %s on line %d
bool(false)
bool(true)
bool(true)
