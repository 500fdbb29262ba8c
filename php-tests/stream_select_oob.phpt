--TEST--
stream_select(): out-of-band data is reported in the except array, not in the read array
--FILE--
<?php
function show(...$v) { echo json_encode($v), "\n"; }
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);

echo "-- nothing pending\n";
$r = ['r' => $conn]; $w = null; $x = ['x' => $conn];
show(stream_select($r, $w, $x, 0), $r, $x);

echo "-- one urgent byte: except only\n";
var_dump(stream_socket_sendto($client, "!", STREAM_OOB));
$r = ['r' => $conn]; $w = ['w' => $conn]; $x = ['x' => $conn, 'srv' => $server];
show(stream_select($r, $w, $x, 2), array_keys($r), array_keys($w), array_keys($x));
// Still pending on the next call, with only the except array.
$r = null; $w = null; $x = [$conn];
show(stream_select($r, $w, $x, 2), count($x));

echo "-- normal data arrives: read and except\n";
fwrite($client, "ab");
$r = [$conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = ['r' => $conn]; $w = null; $x = ['x' => $conn];
show(stream_select($r, $w, $x, 0), array_keys($r), array_keys($x));

echo "-- urgent byte read: except empty again, normal data still readable\n";
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));
$r = ['r' => $conn]; $w = null; $x = ['x' => $conn];
show(stream_select($r, $w, $x, 2), array_keys($r), $x);
var_dump(fread($conn, 10));
$r = ['r' => $conn]; $w = null; $x = ['x' => $conn];
show(stream_select($r, $w, $x, 0), $r, $x);

echo "-- the accepted side sends urgent data to the client\n";
var_dump(stream_socket_sendto($conn, "Q", STREAM_OOB));
$r = [$client]; $w = null; $x = ['c' => $client, 'a' => $conn];
show(stream_select($r, $w, $x, 2), $r, array_keys($x));
var_dump(stream_socket_recvfrom($client, 1, STREAM_OOB));
?>
--EXPECT--
-- nothing pending
[0,[],[]]
-- one urgent byte: except only
int(1)
[2,[],["w"],["x"]]
[1,1]
-- normal data arrives: read and except
int(1)
[2,["r"],["x"]]
-- urgent byte read: except empty again, normal data still readable
string(1) "!"
[1,["r"],[]]
string(2) "ab"
[0,[],[]]
-- the accepted side sends urgent data to the client
int(1)
[1,[],["c"]]
string(1) "Q"
