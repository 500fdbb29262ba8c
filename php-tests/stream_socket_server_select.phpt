--TEST--
stream_select() on a server stream and on accepted streams
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);

// Idle server: not readable.
$r = [$server]; $w = null; $x = null;
var_dump(stream_select($r, $w, $x, 0), $r);

// Pending connection: server becomes readable.
$client = stream_socket_client("tcp://$name", $e, $s, 2);
$r = ['srv' => $server]; $w = null; $x = null;
var_dump(stream_select($r, $w, $x, 2), array_keys($r));
$conn = stream_socket_accept($server, 2);

// Accepted stream without data: writable, not readable.
$r = [$conn]; $w = [$conn]; $x = [$conn];
var_dump(stream_select($r, $w, $x, 0), count($r), count($w), count($x));

// Data from the client makes the accepted stream readable.
fwrite($client, "ping\n");
$r = ['a' => $conn, 'b' => $server]; $w = null; $x = null;
var_dump(stream_select($r, $w, $x, 2), array_keys($r));
var_dump(fgets($conn));

// Data in PHP's read buffer counts as readable even if the socket is drained.
fwrite($client, "l1\nl2\n");
$r = [$conn]; $w = $x = null;
stream_select($r, $w, $x, 2);
var_dump(fgets($conn));
$r = [$conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0), fgets($conn));

// Several accepted streams: only the one with data is returned.
$client2 = stream_socket_client("tcp://$name", $e, $s, 2);
$conn2 = stream_socket_accept($server, 2);
fwrite($client2, "second");
$r = ['one' => $conn, 'two' => $conn2]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2), array_keys($r));

// Peer close makes the stream readable (EOF).
fclose($client);
$r = ['one' => $conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2), array_keys($r), fread($conn, 10), feof($conn));

// Timeout with microseconds
$r = [$server]; $w = $x = null;
$t = microtime(true);
var_dump(stream_select($r, $w, $x, 0, 200000));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.15 && $elapsed < 1.5);
?>
--EXPECT--
int(0)
array(0) {
}
int(1)
array(1) {
  [0]=>
  string(3) "srv"
}
int(1)
int(0)
int(1)
int(0)
int(1)
array(1) {
  [0]=>
  string(1) "a"
}
string(5) "ping
"
string(3) "l1
"
int(1)
string(3) "l2
"
int(1)
array(1) {
  [0]=>
  string(3) "two"
}
int(1)
array(1) {
  [0]=>
  string(3) "one"
}
string(0) ""
bool(true)
int(0)
bool(true)
