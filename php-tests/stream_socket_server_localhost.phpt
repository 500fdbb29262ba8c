--TEST--
stream_socket_server(): hostname "localhost" is resolved and bound
--FILE--
<?php
$server = stream_socket_server('localhost:0', $errno, $errstr);
var_dump(is_resource($server), $errno, $errstr);
$name = stream_socket_get_name($server, false);
// localhost resolves to 127.0.0.1 or ::1 depending on the system; either is a loopback bind.
var_dump(preg_match('/^(127\.0\.0\.1|\[::1\]):[1-9]\d*$/', $name) === 1);
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
fwrite($client, "local");
var_dump(fread($conn, 5));

$server2 = stream_socket_server('tcp://localhost:0');
var_dump(is_resource($server2));
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
bool(true)
string(5) "local"
bool(true)
