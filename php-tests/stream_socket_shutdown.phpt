--TEST--
stream_socket_shutdown() on accepted tcp streams: SHUT_WR, SHUT_RD, SHUT_RDWR
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);

echo "-- client SHUT_WR: the accepted side sees EOF but can still write\n";
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2); stream_set_timeout($client, 2);
fwrite($client, "last words");
var_dump(stream_socket_shutdown($client, STREAM_SHUT_WR));
var_dump(stream_get_contents($conn), feof($conn));
var_dump(fwrite($conn, "reply"));
var_dump(fread($client, 10));

echo "-- accepted SHUT_WR: the client sees EOF\n";
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2); stream_set_timeout($client, 2);
fwrite($conn, "bye");
var_dump(stream_socket_shutdown($conn, STREAM_SHUT_WR));
var_dump(fread($client, 10), fread($client, 10), feof($client));
// reading still works on the accepted side
fwrite($client, "still here");
var_dump(fread($conn, 20));

echo "-- accepted SHUT_RD\n";
var_dump(stream_socket_shutdown($conn, STREAM_SHUT_RD));
var_dump(fread($conn, 10), feof($conn));

echo "-- accepted SHUT_RDWR\n";
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2); stream_set_timeout($client, 2);
var_dump(stream_socket_shutdown($conn, STREAM_SHUT_RDWR));
var_dump(fread($client, 10), feof($client));
var_dump(fwrite($conn, "zz"));

echo "-- invalid mode\n";
try {
    stream_socket_shutdown($conn, 7);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
-- client SHUT_WR: the accepted side sees EOF but can still write
bool(true)
string(10) "last words"
bool(true)
int(5)
string(5) "reply"
-- accepted SHUT_WR: the client sees EOF
bool(true)
string(3) "bye"
string(0) ""
bool(true)
string(10) "still here"
-- accepted SHUT_RD
bool(true)
string(0) ""
bool(true)
-- accepted SHUT_RDWR
bool(true)
string(0) ""
bool(true)

Notice: fwrite(): Send of 2 bytes failed with errno=32 Broken pipe in %s on line %d
bool(false)
-- invalid mode
stream_socket_shutdown(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR
