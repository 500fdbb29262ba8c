--TEST--
stream_socket_server(): IPv6 loopback [::1]:0 with and without scheme
--SKIPIF--
<?php
if (!@stream_socket_server('tcp://[::1]:0')) die('skip IPv6 loopback not available');
?>
--FILE--
<?php
foreach (['tcp://[::1]:0', '[::1]:0'] as $addr) {
    $server = stream_socket_server($addr, $errno, $errstr);
    var_dump($errno, $errstr);
    $name = stream_socket_get_name($server, false);
    var_dump(preg_match('/^\[::1\]:(\d+)$/', $name, $m) === 1 && $m[1] > 0);
    $client = stream_socket_client("tcp://$name", $e, $s, 2);
    $conn = stream_socket_accept($server, 2, $peer);
    var_dump(preg_match('/^\[::1\]:\d+$/', $peer) === 1, $peer === stream_socket_get_name($client, false));
    var_dump(stream_socket_get_name($conn, false) === $name, stream_socket_get_name($conn, true) === $peer);
    stream_set_timeout($conn, 2);
    fwrite($client, "six");
    var_dump(fread($conn, 3));
}
// udp over IPv6
$u = stream_socket_server('udp://[::1]:0', $errno, $errstr, STREAM_SERVER_BIND);
$c = stream_socket_client('udp://' . stream_socket_get_name($u, false));
stream_set_timeout($u, 2);
fwrite($c, "dgram6");
var_dump(stream_socket_recvfrom($u, 100, 0, $from), $from === stream_socket_get_name($c, false));
?>
--EXPECT--
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(3) "six"
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(3) "six"
string(6) "dgram6"
bool(true)
