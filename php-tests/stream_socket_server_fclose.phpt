--TEST--
Closing server and accepted streams
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump($server);
var_dump(get_resource_type($server));
$name = stream_socket_get_name($server, false);
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump($conn, get_resource_type($conn));

var_dump(fclose($conn));
var_dump(is_resource($conn), get_resource_type($conn));
var_dump($conn);
try {
    fread($conn, 1);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
// The client sees the close.
stream_set_timeout($client, 2);
var_dump(fread($client, 10), feof($client));

// Closing the server frees the port: connecting is refused, binding works again.
var_dump(fclose($server));
var_dump(is_resource($server), get_resource_type($server));
var_dump(@stream_socket_client("tcp://$name", $e, $s, 2), $e);
$again = stream_socket_server("tcp://$name");
var_dump(stream_socket_get_name($again, false) === $name);

// Accepted streams outlive their server.
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($again, 2);
fclose($again);
fwrite($client, "after server close");
stream_set_timeout($conn, 2);
var_dump(fread($conn, 100));

// Unsetting the last reference closes the stream as well.
unset($conn);
var_dump(fread($client, 10), feof($client));

try {
    fclose($server);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
resource(%d) of type (stream)
string(6) "stream"
resource(%d) of type (stream)
string(6) "stream"
bool(true)
bool(false)
string(7) "Unknown"
resource(%d) of type (Unknown)
fread(): supplied resource is not a valid stream resource
string(0) ""
bool(true)
bool(true)
bool(false)
string(7) "Unknown"
bool(false)
int(111)
bool(true)
string(18) "after server close"
string(0) ""
bool(true)
fclose(): supplied resource is not a valid stream resource
