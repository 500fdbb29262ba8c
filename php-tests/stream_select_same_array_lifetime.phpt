--TEST--
stream_select(): no stream outlives the arrays that held it: dropped from the loop, by fclose(), with the whole loop, in a forked child
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required');
?>
--FILE--
<?php
require __DIR__ . '/fd_of.inc';
class Loop {
    public array $read = [];
    function tick($timeout = 0): string {
        $r = $this->read; $w = $x = null;
        $n = stream_select($r, $w, $x, $timeout);
        return json_encode([$n, array_keys($r)]);
    }
}
function alive(int $id): bool { return isset(get_resources('stream')[$id]); }
function fd_open(int $fd): bool { return $fd >= 0 && @readlink("/proc/self/fd/$fd") !== false; }
// The peer sees the end of the stream (the server side closed it).
function peer_sees_eof($client): bool {
    stream_set_timeout($client, 2);
    return fread($client, 10) === '' && feof($client);
}

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
function pair(): array {
    global $server, $addr;
    $c = stream_socket_client($addr, $e, $s, 2);
    $a = stream_socket_accept($server, 2);
    return [$c, $a];
}

echo "-- an array nobody keeps: its streams go with their last variable\n";
[$c1, $a1] = pair();
[$c2, $a2] = pair();
$id = (int) $a1; $fd = fd_of($a1);
$r = [$a1, $a2]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0));
unset($a1);
var_dump(alive($id), fd_open($fd), peer_sees_eof($c1));

echo "-- a stream dropped from the loop's array, its last variable dropped\n";
$loop = new Loop;
[$c3, $a3] = pair();
$loop->read = [(int) $a2 => $a2, (int) $a3 => $a3];
echo $loop->tick(), $loop->tick(), "\n";
$id = (int) $a3; $fd = fd_of($a3);
unset($loop->read[$id], $a3);
echo $loop->tick(), "\n";
var_dump(alive($id), fd_open($fd), peer_sees_eof($c3));
echo $loop->tick(), "\n";

echo "-- fclose() of a stream in the loop's array: closed at once\n";
[$c4, $a4] = pair();
$loop->read[(int) $a4] = $a4;
echo $loop->tick(), $loop->tick(), "\n";
$id = (int) $a4; $fd = fd_of($a4);
fclose($a4);
var_dump(alive($id), fd_open($fd), peer_sees_eof($c4));
unset($loop->read[$id]);
echo $loop->tick(), "\n";

echo "-- the whole loop dropped, then a select on something else\n";
[$c5, $a5] = pair();
$loop->read = [(int) $a5 => $a5];
echo $loop->tick(), $loop->tick(), "\n";
$id = (int) $a5; $fd = fd_of($a5);
unset($loop, $a5);
$r = [$a2]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0));
var_dump(alive($id), fd_open($fd), peer_sees_eof($c5));

echo "-- a forked child that drops the loop closes its copies of the streams\n";
$loop = new Loop;
[$c6, $a6] = pair();
$loop->read = ["a6" => $a6];
echo $loop->tick(), $loop->tick(), "\n";
$fd = fd_of($a6);
[$toParent, $toChild] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fclose($toChild);
    $before = fd_open($fd);
    unset($loop, $a6);
    fwrite($toParent, json_encode([$before, fd_open($fd)]));
    exit(0);
}
fclose($toParent);
stream_set_timeout($toChild, 5);
echo "child: ", stream_get_contents($toChild), "\n";
pcntl_waitpid($pid, $status);
// The parent's stream is untouched, and so is its kept array.
fwrite($c6, "x");
echo $loop->tick(2), $loop->tick(2), "\n";
var_dump(fread($a6, 10));
echo $loop->tick(), "\n";
?>
--EXPECT--
-- an array nobody keeps: its streams go with their last variable
int(0)
bool(false)
bool(false)
bool(true)
-- a stream dropped from the loop's array, its last variable dropped
[0,[]][0,[]]
[0,[]]
bool(false)
bool(false)
bool(true)
[0,[]]
-- fclose() of a stream in the loop's array: closed at once
[0,[]][0,[]]
bool(false)
bool(false)
bool(true)
[0,[]]
-- the whole loop dropped, then a select on something else
[0,[]][0,[]]
int(0)
bool(false)
bool(false)
bool(true)
-- a forked child that drops the loop closes its copies of the streams
[0,[]][0,[]]
child: [true,false]
[1,["a6"]][1,["a6"]]
string(1) "x"
[0,[]]
