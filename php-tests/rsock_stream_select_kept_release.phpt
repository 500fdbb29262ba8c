--TEST--
rsock: a stream dropped (without fclose) from an array stream_select() keeps is closed by the next stream_select() call, not at once
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (the arrays stream_select() keeps between calls)');
?>
--FILE--
<?php
class Loop {
    public array $read = [];
    function tick($timeout = 0): int {
        $r = $this->read; $w = $x = null;
        return stream_select($r, $w, $x, $timeout);
    }
}
function alive(int $id): bool { return isset(get_resources('stream')[$id]); }
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c1 = stream_socket_client($addr, $e, $s, 2); $a1 = stream_socket_accept($server, 2);
$c2 = stream_socket_client($addr, $e, $s, 2); $a2 = stream_socket_accept($server, 2);

$loop = new Loop;
$loop->read = [(int) $a1 => $a1, (int) $a2 => $a2];
$loop->tick();
$loop->tick();
$id = (int) $a2;
echo "-- dropped from the loop's array and its variable: still held by the kept array\n";
unset($loop->read[$id], $a2);
var_dump(alive($id));
echo "-- the next call, with the loop's new array, releases it first\n";
var_dump($loop->tick());
var_dump(alive($id));
stream_set_timeout($c2, 2);
var_dump(fread($c2, 10), feof($c2));

echo "-- the same at request end\n";
$c3 = stream_socket_client($addr, $e, $s, 2); $a3 = stream_socket_accept($server, 2);
$loop->read[(int) $a3] = $a3;
$loop->tick();
$loop->tick();
$id = (int) $a3;
unset($loop->read[$id], $a3);
var_dump(alive($id));
register_shutdown_function(function () use ($id) {
    echo "shutdown: ", json_encode(alive($id)), "\n";
});
?>
--EXPECT--
-- dropped from the loop's array and its variable: still held by the kept array
bool(true)
-- the next call, with the loop's new array, releases it first
int(0)
bool(false)
string(0) ""
bool(true)
-- the same at request end
bool(true)
shutdown: true
