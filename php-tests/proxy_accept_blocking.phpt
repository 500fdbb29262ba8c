--TEST--
PROXY protocol: a blocking stream_socket_accept() waits for a complete connection only (a silent client connected first makes it time out, as an empty queue does); application data after the header reaches the stream
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['proxy_protocol' => true]]));
$addr = stream_socket_get_name($server, false);
$silent = stream_socket_client("tcp://$addr", $e, $m, 5);
var_dump(stream_socket_accept($server, 0.2));
var_dump(stream_socket_accept($server, 0));

$c = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($c, "PROXY TCP6 2001:db8::5 2001:db8::6 5555 443\r\nGET / HTTP/1.0\r\n\r\n");
$conn = stream_socket_accept($server, 5, $peer);
var_dump($peer, stream_socket_get_name($conn, true), stream_get_meta_data($conn)['blocked']);
stream_set_timeout($conn, 5);
var_dump(fread($conn, 100));
fwrite($conn, "HTTP/1.0 204 No Content\r\n\r\n");
var_dump(fgets($c));
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
string(18) "[2001:db8::5]:5555"
string(18) "[2001:db8::5]:5555"
bool(true)
string(18) "GET / HTTP/1.0

"
string(25) "HTTP/1.0 204 No Content
"
