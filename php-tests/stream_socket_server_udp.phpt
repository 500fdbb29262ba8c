--TEST--
stream_socket_server(): udp:// server, recvfrom/sendto with addresses
--FILE--
<?php
$server = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump($server, $errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^127\.0\.0\.1:[1-9]\d*$/', $name) === 1);
var_dump(stream_socket_get_name($server, true));
stream_set_timeout($server, 2);

$client = stream_socket_client("udp://$name", $e, $s, 2);
stream_set_timeout($client, 2);
$cname = stream_socket_get_name($client, false);

var_dump(fwrite($client, "dgram one"));
var_dump(stream_socket_recvfrom($server, 1024, 0, $from), $from === $cname);
var_dump(stream_socket_sendto($server, "reply", 0, $from));
var_dump(fread($client, 1024));

// Datagram boundaries, PEEK, short reads truncate the datagram.
fwrite($client, "peekaboo");
fwrite($client, "0123456789");
var_dump(stream_socket_recvfrom($server, 100, STREAM_PEEK, $from), $from === $cname);
var_dump(stream_socket_recvfrom($server, 100));
var_dump(stream_socket_recvfrom($server, 4));
fwrite($client, "next");
var_dump(fread($server, 100));

// sendto without address on an unconnected udp socket fails
var_dump(stream_socket_sendto($server, "nowhere"));

// A second client gets its own from-address.
$client2 = stream_socket_client("udp://$name", $e, $s, 2);
stream_socket_sendto($client2, "two");
var_dump(stream_socket_recvfrom($server, 100, 0, $from), $from === stream_socket_get_name($client2, false), $from !== $cname);
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
bool(true)
bool(false)
int(9)
string(9) "dgram one"
bool(true)
int(5)
string(5) "reply"
string(8) "peekaboo"
bool(true)
string(8) "peekaboo"
string(4) "0123"
string(4) "next"

Warning: stream_socket_sendto(): Destination address required
 in %s on line %d
int(-1)
string(3) "two"
bool(true)
bool(true)
