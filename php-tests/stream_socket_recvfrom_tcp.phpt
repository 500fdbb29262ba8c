--TEST--
stream_socket_recvfrom()/stream_socket_sendto() on an accepted tcp stream, STREAM_PEEK
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);

var_dump(stream_socket_sendto($client, "hello world"));
// Wait until the data is there.
$r = [$conn]; $w = $x = null;
stream_select($r, $w, $x, 2);
$from = "previous";
var_dump(stream_socket_recvfrom($conn, 5, STREAM_PEEK, $from), $from);
var_dump(stream_socket_recvfrom($conn, 5, STREAM_PEEK));
var_dump(stream_socket_recvfrom($conn, 5, 0, $from), $from);
var_dump(stream_socket_recvfrom($conn, 100));

// Mixed with fread
fwrite($client, "abcdef");
$r = [$conn]; $w = $x = null;
stream_select($r, $w, $x, 2);
var_dump(stream_socket_recvfrom($conn, 3, STREAM_PEEK), fread($conn, 6));

// sendto from the accepted side; an address on a connected tcp stream is ignored by the kernel
var_dump(stream_socket_sendto($conn, "back"));
var_dump(stream_socket_sendto($conn, "more", 0, "127.0.0.1:1"));
stream_set_timeout($client, 2);
var_dump(fread($client, 4), fread($client, 4));

// recvfrom after the peer closed gives ""
fclose($client);
var_dump(stream_socket_recvfrom($conn, 10));
?>
--EXPECT--
int(11)
string(5) "hello"
string(0) ""
string(5) "hello"
string(5) "hello"
string(0) ""
string(6) " world"
string(3) "abc"
string(6) "abcdef"
int(4)
int(4)
string(4) "back"
string(4) "more"
string(0) ""
