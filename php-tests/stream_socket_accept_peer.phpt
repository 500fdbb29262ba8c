--TEST--
stream_socket_accept(): $peer out-parameter and stream_socket_get_name() on both ends
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$sname = stream_socket_get_name($server, false);
var_dump(stream_socket_get_name($server, true));

$client = stream_socket_client("tcp://$sname", $e, $s, 2);
$peer = "previous";
$conn = stream_socket_accept($server, 2, $peer);
var_dump(preg_match('/^127\.0\.0\.1:[1-9]\d*$/', $peer) === 1);
var_dump($peer === stream_socket_get_name($client, false));
var_dump(stream_socket_get_name($conn, false) === $sname);
var_dump(stream_socket_get_name($conn, true) === $peer);
var_dump(stream_socket_get_name($client, true) === $sname);

// Each connection has its own peer.
$client2 = stream_socket_client("tcp://$sname", $e, $s, 2);
$conn2 = stream_socket_accept($server, 2, $peer2);
var_dump($peer2 !== $peer, $peer2 === stream_socket_get_name($client2, false));

// Named argument
$client3 = stream_socket_client("tcp://$sname", $e, $s, 2);
$conn3 = stream_socket_accept($server, timeout: 2, peer_name: $peer3);
var_dump($peer3 === stream_socket_get_name($client3, false));

// A failed accept leaves $peer untouched.
$peer4 = "untouched";
var_dump(@stream_socket_accept($server, 0.1, $peer4), $peer4);
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
string(9) "untouched"
