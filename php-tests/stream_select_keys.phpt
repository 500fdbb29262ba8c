--TEST--
stream_select(): keys preserved, duplicates, all three sets at once, return count, arrays rebuilt
--FILE--
<?php
function show(...$v) { echo json_encode($v), "\n"; }
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c1 = stream_socket_client($addr, $e, $s, 2);
$a1 = stream_socket_accept($server, 2);
$c2 = stream_socket_client($addr, $e, $s, 2);
$a2 = stream_socket_accept($server, 2);
stream_set_timeout($a1, 2);
stream_set_timeout($a2, 2);

echo "-- idle: string and int keys, only writable ones come back\n";
$r = ['one' => $a1, 7 => $a2]; $w = ['w' => $a1, 3 => $a2, -5 => $server]; $x = ['e' => $a1, 9 => $a2];
$n = stream_select($r, $w, $x, 0);
show($n, $r, array_keys($w), $x);

echo "-- data on a1: read + write + except at once\n";
fwrite($c1, "data");
wait_readable($a1);
$r = ['one' => $a1, 7 => $a2, 'srv' => $server]; $w = ['w' => $a1, 3 => $a2]; $x = ['e' => $a1, 9 => $a2];
$n = stream_select($r, $w, $x, 2);
show($n, array_keys($r), array_keys($w), array_keys($x));
var_dump($r['one'] === $a1, $w['w'] === $a1, $w[3] === $a2);

echo "-- the same stream in two sets counts twice\n";
$r = ['a' => $a1]; $w = ['a' => $a1]; $x = ['a' => $a1];
show(stream_select($r, $w, $x, 2), array_keys($r), array_keys($w), array_keys($x));

echo "-- the same stream twice in one array counts once, every key comes back\n";
$r = [$a1, $a1, 'k' => $a1, '10' => $a2, 'z' => $a2]; $w = [5 => $a2, 6 => $a2]; $x = null;
show(stream_select($r, $w, $x, 2), array_keys($r), array_keys($w), $x);
var_dump(fread($a1, 100));

echo "-- numeric string keys become ints, as in any PHP array\n";
fwrite($c2, "x");
$r = ['10' => $a2, '010' => $a1]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
var_dump(array_keys($r));
var_dump(fread($a2, 100));

echo "-- holes in packed arrays\n";
fwrite($c2, "y");
wait_readable($a2);
$r = [$a1, $a2, $a1, $a2]; unset($r[1]); $w = [$a1, 5 => $a2]; unset($w[0]); $x = null;
show(stream_select($r, $w, $x, 2), array_keys($r), array_keys($w));
var_dump(fread($a2, 100));

echo "-- the passed array is replaced, a copy of it is untouched\n";
$orig = ['a' => $a1, 'b' => $a2];
$r = $orig; $w = $x = null;
show(stream_select($r, $w, $x, 0), $r, array_keys($orig));

echo "-- references inside the array are not kept\n";
$s = $a1;
$r = ['ref' => &$s, 'plain' => $a2]; $w = [&$s]; $x = null;
show(stream_select($r, $w, $x, 0), array_keys($r), array_keys($w));
$w[0] = 'replaced';
var_dump($s === $a1);

echo "-- the same variable as read and write\n";
fwrite($c1, "d");
wait_readable($a1);
$rw = ['r' => $a1, 'w' => $a2];
show(stream_select($rw, $rw, $x, 2), array_keys($rw));
$rw = ['r' => $a1, 'w' => $a2]; $w = null;
show(stream_select($rw, $w, $rw, 2), array_keys($rw));
var_dump(fread($a1, 100));

echo "-- array elements of an array\n";
$sets = ['r' => ['x' => $a1], 'w' => ['y' => $a2], 'e' => []];
show(stream_select($sets['r'], $sets['w'], $sets['e'], 0), array_map('array_keys', $sets));
var_dump($sets['w']['y'] === $a2);

echo "-- nothing ready: all arrays emptied, null stays null\n";
$r = ['a' => $a1, 'b' => $a2]; $w = null; $x = ['a' => $a1];
var_dump(stream_select($r, $w, $x, 0), $r, $w, $x);
?>
--EXPECT--
-- idle: string and int keys, only writable ones come back
[2,[],["w",3],[]]
-- data on a1: read + write + except at once
[3,["one"],["w",3],[]]
bool(true)
bool(true)
bool(true)
-- the same stream in two sets counts twice
[2,["a"],["a"],[]]
-- the same stream twice in one array counts once, every key comes back
[2,[0,1,"k"],[5,6],null]
string(4) "data"
-- numeric string keys become ints, as in any PHP array
int(1)
array(1) {
  [0]=>
  int(10)
}
string(1) "x"
-- holes in packed arrays
[2,[3],[5]]
string(1) "y"
-- the passed array is replaced, a copy of it is untouched
[0,[],["a","b"]]
-- references inside the array are not kept
[1,[],[0]]
bool(true)
-- the same variable as read and write
[3,["r"]]
[1,[]]
string(1) "d"
-- array elements of an array
[1,{"r":[],"w":["y"],"e":[]}]
bool(true)
-- nothing ready: all arrays emptied, null stays null
int(0)
array(0) {
}
NULL
array(0) {
}
