--TEST--
stream_socket_recvfrom()/stream_socket_sendto() with STREAM_OOB on tcp
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);

// Client sends one urgent byte; the server reads it with STREAM_OOB.
var_dump(stream_socket_sendto($client, "!", STREAM_OOB));
$r = null; $w = null; $x = [$conn];
var_dump(stream_select($r, $w, $x, 2), count($x));
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));

// Normal data around the urgent byte: the urgent byte is not in the normal stream.
fwrite($client, "ab");
stream_socket_sendto($client, "Z", STREAM_OOB);
$r = null; $w = null; $x = [$conn];
var_dump(stream_select($r, $w, $x, 2));
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));
var_dump(fread($conn, 10));

// No urgent data pending: false, no warning
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));

// The accepted side can send OOB to the client as well.
var_dump(stream_socket_sendto($conn, "Q", STREAM_OOB));
$r = null; $w = null; $x = [$client];
stream_select($r, $w, $x, 2);
var_dump(stream_socket_recvfrom($client, 1, STREAM_OOB));
?>
--EXPECT--
int(1)
int(1)
int(1)
string(1) "!"
int(1)
string(1) "Z"
string(2) "ab"
bool(false)
int(1)
string(1) "Q"
