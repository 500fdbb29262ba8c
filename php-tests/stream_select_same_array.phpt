--TEST--
stream_select(): an event loop passing the same arrays every tick: keys, order, duplicates, all three sets, buffered data
--FILE--
<?php
// The shape of event loops: the streams live in properties keyed by
// resource id (or anything else), each tick selects on a copy of them.
class Loop {
    public array $read = [];
    public array $write = [];
    public ?array $except = null;
    // Keys that are resource ids are shown by name.
    public array $names = [];
    function tick($timeout = 0): string {
        $r = $this->read; $w = $this->write; $x = $this->except;
        $n = stream_select($r, $w, $x, $timeout);
        $keys = fn($set) => array_map(fn($k) => $this->names[$k] ?? $k, array_keys($set));
        return json_encode([$n, $keys($r), $keys($w), $x === null ? null : $keys($x)]);
    }
}
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c = $a = [];
for ($i = 0; $i < 6; $i++) {
    $c[$i] = stream_socket_client($addr, $e, $s, 2);
    $a[$i] = stream_socket_accept($server, 2);
    stream_set_timeout($a[$i], 2);
}

echo "-- keys of every kind, holes, in an order unlike the descriptors'\n";
$loop = new Loop;
$loop->read = ['z' => $a[5], 7 => $a[4], 'srv' => $server, -3 => $a[3], 'x' => $a[2], 0 => $a[1], 'a' => $a[0]];
unset($loop->read[0]);
for ($t = 0; $t < 3; $t++) echo $loop->tick(), "\n";
fwrite($c[0], "0"); fwrite($c[5], "5"); fwrite($c[3], "3");
wait_readable($a[0]); wait_readable($a[5]); wait_readable($a[3]);
for ($t = 0; $t < 3; $t++) echo $loop->tick(2), "\n";
fread($a[5], 10);
echo $loop->tick(2), "\n";
$c[] = $client = stream_socket_client($addr, $e, $s, 2);
wait_readable($server);
echo "new connection waiting: ", $loop->tick(2), "\n";
$a[6] = stream_socket_accept($server, 2);
fread($a[0], 10); fread($a[3], 10);
echo $loop->tick(), "\n";

echo "-- the same stream twice, and in every set\n";
$loop->read = ['one' => $a[1], 'two' => $a[2], 'again' => $a[1]];
$loop->write = ['w1' => $a[1], 'w3' => $a[3]];
$loop->except = ['e1' => $a[1], 'e2' => $a[2]];
for ($t = 0; $t < 2; $t++) echo $loop->tick(), "\n";
fwrite($c[1], "1");
wait_readable($a[1]);
for ($t = 0; $t < 2; $t++) echo $loop->tick(), "\n";
fread($a[1], 10);
echo $loop->tick(), "\n";

echo "-- out-of-band data in the except set\n";
stream_socket_sendto($c[2], "!", STREAM_OOB);
usleep(50000);
for ($t = 0; $t < 2; $t++) echo $loop->tick(2), "\n";
var_dump(stream_socket_recvfrom($a[2], 1, STREAM_OOB));
echo $loop->tick(), "\n";
$loop->except = null;
$loop->write = [];

echo "-- data left in PHP's read buffer is reported alone, each time, until read\n";
$loop->read = [(int) $a[1] => $a[1], (int) $a[2] => $a[2], (int) $a[4] => $a[4]];
$loop->write = [(int) $a[4] => $a[4]];
foreach ([1, 2, 4] as $i) $loop->names[(int) $a[$i]] = "a$i";
echo $loop->tick(), "\n";
fwrite($c[2], "line 1\nline 2\nline 3\n");
wait_readable($a[2]);
echo $loop->tick(), "\n";
var_dump(fgets($a[2]));
fwrite($c[4], "x");
wait_readable($a[4]);
for ($t = 0; $t < 2; $t++) echo $loop->tick(5), "\n";
var_dump(fgets($a[2]));
echo $loop->tick(5), "\n";
var_dump(fgets($a[2]));
echo $loop->tick(), "\n";
var_dump(fread($a[4], 10));
echo $loop->tick(), "\n";
echo "-- a partial fread leaves the rest\n";
fwrite($c[1], "abcdef");
wait_readable($a[1]);
echo $loop->tick(), "\n";
var_dump(fread($a[1], 2));
echo $loop->tick(), "\n";
var_dump(fread($a[1], 10));
echo $loop->tick(), "\n";

echo "-- the same variable as read and write, passed again\n";
$rw0 = ['r' => $a[1], 'w' => $a[2]];
fwrite($c[1], "d");
wait_readable($a[1]);
for ($t = 0; $t < 2; $t++) {
    $rw = $rw0; $x = null;
    echo json_encode([stream_select($rw, $rw, $x, 2), array_keys($rw)]), "\n";
}
fread($a[1], 10);
$rw = $rw0; $x = null;
echo json_encode([stream_select($rw, $rw, $x, 2), array_keys($rw)]), "\n";

echo "-- results are new arrays; the loop's arrays are untouched\n";
$loop->read = ['p' => $a[1], 'q' => $a[2]];
$loop->write = [];
fwrite($c[2], "q");
wait_readable($a[2]);
for ($t = 0; $t < 2; $t++) {
    $r = $loop->read; $w = []; $x = null;
    stream_select($r, $w, $x, 0);
    $r['added'] = true;
    var_dump(array_keys($r), array_keys($loop->read), $r['q'] === $a[2]);
}
?>
--EXPECT--
-- keys of every kind, holes, in an order unlike the descriptors'
[0,[],[],null]
[0,[],[],null]
[0,[],[],null]
[3,["z",-3,"a"],[],null]
[3,["z",-3,"a"],[],null]
[3,["z",-3,"a"],[],null]
[2,[-3,"a"],[],null]
new connection waiting: [3,["srv",-3,"a"],[],null]
[0,[],[],null]
-- the same stream twice, and in every set
[2,[],["w1","w3"],[]]
[2,[],["w1","w3"],[]]
[3,["one","again"],["w1","w3"],[]]
[3,["one","again"],["w1","w3"],[]]
[2,[],["w1","w3"],[]]
-- out-of-band data in the except set
[3,[],["w1","w3"],["e2"]]
[3,[],["w1","w3"],["e2"]]
string(1) "!"
[2,[],["w1","w3"],[]]
-- data left in PHP's read buffer is reported alone, each time, until read
[1,[],["a4"],null]
[2,["a2"],["a4"],null]
string(7) "line 1
"
[1,["a2"],[],null]
[1,["a2"],[],null]
string(7) "line 2
"
[1,["a2"],[],null]
string(7) "line 3
"
[2,["a4"],["a4"],null]
string(1) "x"
[1,[],["a4"],null]
-- a partial fread leaves the rest
[2,["a1"],["a4"],null]
string(2) "ab"
[1,["a1"],[],null]
string(4) "cdef"
[1,[],["a4"],null]
-- the same variable as read and write, passed again
[3,["r"]]
[3,["r"]]
[2,[]]
-- results are new arrays; the loop's arrays are untouched
array(2) {
  [0]=>
  string(1) "q"
  [1]=>
  string(5) "added"
}
array(2) {
  [0]=>
  string(1) "p"
  [1]=>
  string(1) "q"
}
bool(true)
array(2) {
  [0]=>
  string(1) "q"
  [1]=>
  string(5) "added"
}
array(2) {
  [0]=>
  string(1) "p"
  [1]=>
  string(1) "q"
}
bool(true)
