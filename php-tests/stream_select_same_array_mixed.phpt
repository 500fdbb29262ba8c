--TEST--
stream_select(): the same array of mixed stream kinds (rsock's, PHP's sockets, a socket pair, a user stream) passed again and again
--FILE--
<?php
class CastWrapper {
    public $context;
    public static $to;
    public static int $casts = 0;
    function stream_open($path, $mode, $options, &$opened) { return true; }
    function stream_cast($as) { self::$casts++; return self::$to; }
}
stream_wrapper_register('cast', 'CastWrapper');
class Loop {
    public array $read = [];
    public array $write = [];
    function tick($timeout = 0): string {
        $r = $this->read; $w = $this->write; $x = null;
        $n = stream_select($r, $w, $x, $timeout);
        return json_encode([$n, array_keys($r), array_keys($w)]);
    }
}
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c1 = stream_socket_client($addr, $e, $s, 2);
$a1 = stream_socket_accept($server, 2);
$c2 = stream_socket_client($addr, $e, $s, 2);
$a2 = stream_socket_accept($server, 2);
[$p1, $p2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
[$u1, $u2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
CastWrapper::$to = $u2;
$user = fopen('cast://x', 'r');

$loop = new Loop;
$loop->read = ['accepted' => $a1, 'client' => $c2, 'pair' => $p2, 'user' => $user, 'server' => $server, 'accepted2' => $a2];
$loop->write = ['pair' => $p2];
echo "-- idle\n";
for ($t = 0; $t < 3; $t++) echo $loop->tick(), "\n";
var_dump(CastWrapper::$casts);
echo "-- each kind ready in turn\n";
fwrite($c1, "1");
wait_readable($a1);
echo $loop->tick(), $loop->tick(), "\n";
fwrite($a2, "2");
wait_readable($c2);
echo $loop->tick(), $loop->tick(), "\n";
fwrite($p1, "3");
fwrite($u1, "4");
wait_readable($p2);
wait_readable($u2);
echo $loop->tick(), $loop->tick(), "\n";
var_dump(fread($a1, 10), fread($c2, 10), fread($p2, 10), fread($u2, 10));
echo $loop->tick(), "\n";
var_dump(CastWrapper::$casts);

echo "-- PHP's own streams dropped: only rsock's left\n";
unset($loop->read['client'], $loop->read['pair'], $loop->read['user']);
$loop->write = [];
for ($t = 0; $t < 2; $t++) echo $loop->tick(), "\n";
fwrite($c2, "x");
wait_readable($a2);
for ($t = 0; $t < 2; $t++) echo $loop->tick(), "\n";
fread($a2, 10);
$casts = CastWrapper::$casts;
echo "-- and back\n";
$loop->read['user'] = $user;
$loop->read['client'] = $c2;
fwrite($u1, "5");
wait_readable($u2);
for ($t = 0; $t < 2; $t++) echo $loop->tick(), "\n";
var_dump(CastWrapper::$casts - $casts);
var_dump(fread($u2, 10));
echo $loop->tick(), "\n";
?>
--EXPECT--
-- idle
[1,[],["pair"]]
[1,[],["pair"]]
[1,[],["pair"]]
int(6)
-- each kind ready in turn
[2,["accepted"],["pair"]][2,["accepted"],["pair"]]
[3,["accepted","client"],["pair"]][3,["accepted","client"],["pair"]]
[5,["accepted","client","pair","user"],["pair"]][5,["accepted","client","pair","user"],["pair"]]
string(1) "1"
string(1) "2"
string(1) "3"
string(1) "4"
[1,[],["pair"]]
int(20)
-- PHP's own streams dropped: only rsock's left
[0,[],[]]
[0,[],[]]
[1,["accepted2"],[]]
[1,["accepted2"],[]]
-- and back
[1,["user"],[]]
[1,["user"],[]]
int(4)
string(1) "5"
[0,[],[]]
