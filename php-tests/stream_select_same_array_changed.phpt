--TEST--
stream_select(): arrays passed again after a change (a key overwritten, in-place writes, references, fclose, a reused descriptor) are answered for what they hold now
--FILE--
<?php
class Loop {
    public array $read = [];
    function tick($timeout = 0): string {
        $r = $this->read; $w = $x = null;
        try {
            $n = stream_select($r, $w, $x, $timeout);
        } catch (TypeError $e) {
            $n = get_class($e) . ': ' . $e->getMessage();
        }
        return json_encode([$n, array_keys($r)]);
    }
}
function sel(array &$arr, $timeout = 0): string {
    $r = $arr; $w = $x = null;
    $n = stream_select($r, $w, $x, $timeout);
    return json_encode([$n, array_keys($r)]);
}
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c = $a = [];
for ($i = 0; $i < 5; $i++) {
    $c[$i] = stream_socket_client($addr, $e, $s, 2);
    $a[$i] = stream_socket_accept($server, 2);
    stream_set_timeout($a[$i], 2);
}
fwrite($c[2], "2");
wait_readable($a[2]);

echo "-- a key of the loop's array overwritten with another stream\n";
$loop = new Loop;
$loop->read = ['k' => $a[0], 'm' => $a[1]];
echo $loop->tick(), $loop->tick(), "\n";
$loop->read['k'] = $a[2];
echo $loop->tick(), $loop->tick(), "\n";
$loop->read['k'] = $a[0];
echo $loop->tick(), "\n";

echo "-- the script holds the only other reference: written in place\n";
$streams = ['p' => $a[0], 'q' => $a[1]];
echo sel($streams), sel($streams), "\n";
$streams['q'] = $a[2];
echo sel($streams), sel($streams), "\n";
$streams[] = $a[3];
unset($streams['q']);
echo sel($streams), "\n";
fwrite($c[3], "3");
wait_readable($a[3]);
echo sel($streams), sel($streams), "\n";
$streams = array_reverse($streams, true);
$streams['q'] = $a[2];
echo sel($streams), "\n";
ksort($streams);
echo sel($streams), "\n";
array_pop($streams);
echo sel($streams), "\n";
fread($a[3], 10);

echo "-- an element that is a PHP reference, its target changed between calls\n";
$target = $a[0];
$streams = ['ref' => &$target, 'plain' => $a[1]];
echo sel($streams), sel($streams), "\n";
$target = $a[2];
echo sel($streams), sel($streams), "\n";
$target = $a[1];
echo sel($streams), "\n";
unset($target);

echo "-- the loop's own array passed by reference (replaced by the result)\n";
$loop->read = ['x' => $a[2], 'y' => $a[1]];
for ($t = 0; $t < 2; $t++) {
    $w = $x = null;
    var_dump(stream_select($loop->read, $w, $x, 0), array_keys($loop->read));
}

echo "-- fclose() of a watched stream between calls: PHP's TypeError\n";
$loop->read = ['gone' => $a[3], 'two' => $a[2], 'one' => $a[1]];
echo $loop->tick(), $loop->tick(), "\n";
fclose($a[3]);
echo $loop->tick(), "\n", $loop->tick(), "\n";
unset($loop->read['gone']);
echo $loop->tick(), $loop->tick(), "\n";

echo "-- its descriptor reused by a new connection before the next call\n";
require __DIR__ . '/fd_of.inc';
$loop->read = ['old' => $a[4], 'two' => $a[2]];
echo $loop->tick(), $loop->tick(), "\n";
$oldFd = fd_of($a[4]);
$nc = stream_socket_client($addr, $e, $s, 2);
fclose($a[4]);
$new = stream_socket_accept($server, 2);
var_dump(fd_of($new) === $oldFd);
fwrite($nc, "new");
wait_readable($new);
echo $loop->tick(), "\n", $loop->tick(), "\n";
unset($loop->read['old']);
$loop->read['new'] = $new;
echo $loop->tick(), $loop->tick(), "\n";
fread($new, 10);
echo $loop->tick(), "\n";
?>
--EXPECT--
-- a key of the loop's array overwritten with another stream
[0,[]][0,[]]
[1,["k"]][1,["k"]]
[0,[]]
-- the script holds the only other reference: written in place
[0,[]][0,[]]
[1,["q"]][1,["q"]]
[0,[]]
[1,[0]][1,[0]]
[2,[0,"q"]]
[2,[0,"q"]]
[1,[0]]
-- an element that is a PHP reference, its target changed between calls
[0,[]][0,[]]
[1,["ref"]][1,["ref"]]
[0,[]]
-- the loop's own array passed by reference (replaced by the result)
int(1)
array(1) {
  [0]=>
  string(1) "x"
}
int(1)
array(1) {
  [0]=>
  string(1) "x"
}
-- fclose() of a watched stream between calls: PHP's TypeError
[1,["two"]][1,["two"]]
["TypeError: stream_select(): supplied resource is not a valid stream resource",["two"]]
["TypeError: stream_select(): supplied resource is not a valid stream resource",["two"]]
[1,["two"]][1,["two"]]
-- its descriptor reused by a new connection before the next call
[1,["two"]][1,["two"]]
bool(true)
["TypeError: stream_select(): supplied resource is not a valid stream resource",["two"]]
["TypeError: stream_select(): supplied resource is not a valid stream resource",["two"]]
[2,["two","new"]][2,["two","new"]]
[1,["two"]]
