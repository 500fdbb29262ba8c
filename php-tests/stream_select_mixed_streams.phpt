--TEST--
stream_select(): one call mixing served tcp/unix streams, client sockets, pipes, a file, STDIN, datagram and user-space streams
--STDIN--
from stdin
--FILE--
<?php
function show(...$v) { echo json_encode($v), "\n"; }
$path = sys_get_temp_dir() . '/rsock-select-mixed-' . getmypid() . '.sock';
$file = sys_get_temp_dir() . '/rsock-select-mixed-' . getmypid() . '.txt';
@unlink($path);
register_shutdown_function(function () use ($path, $file) { @unlink($path); @unlink($file); });
file_put_contents($file, "file data\n");

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$userver = stream_socket_server("unix://$path");
$client = stream_socket_client($addr, $e, $s, 2);
$conn = stream_socket_accept($server, 2);
$uclient = stream_socket_client("unix://$path", $e, $s, 2);
$uconn = stream_socket_accept($userver, 2);
$proc = proc_open(['cat'], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
$f = fopen($file, 'r');
foreach ([$conn, $client, $uconn, $uclient, $pipes[1]] as $s) stream_set_timeout($s, 2);

$all = [
    'server' => $server, 'conn' => $conn, 'client' => $client,
    'userver' => $userver, 'uconn' => $uconn, 'uclient' => $uclient,
    'pipe_in' => $pipes[0], 'pipe_out' => $pipes[1], 'file' => $f, 'stdin' => STDIN,
];
/** Read and write sets after one call over everything in $all (except STDIN when $stdin is false). */
function round_(array $all, $timeout, $stdin = true) {
    if (!$stdin) unset($all['stdin']);
    $r = $all;
    $w = $all; unset($w['pipe_out'], $w['stdin']);
    $x = $all; unset($x['file']);
    $n = stream_select($r, $w, $x, $timeout);
    return [$n, array_keys($r), array_keys($w), array_keys($x)];
}

echo "-- STDIN has data\n";
$r = [STDIN]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
echo json_encode(round_($all, 0)), "\n";
var_dump(fgets(STDIN));
echo "-- idle (STDIN at EOF is readable)\n";
var_dump(fgets(STDIN), feof(STDIN));
echo json_encode(round_($all, 0)), "\n";
echo json_encode(round_($all, 0, false)), "\n";

echo "-- everything readable\n";
$c2 = stream_socket_client($addr, $e, $s, 2);
$u2 = stream_socket_client("unix://$path", $e, $s, 2);
fwrite($client, "to conn");
fwrite($conn, "to client");
fwrite($uclient, "to uconn");
fwrite($uconn, "to uclient");
fwrite($pipes[0], "through cat");
// Wait until each is readable on its own, then ask about all at once.
$ok = 0;
foreach ([$server, $conn, $client, $userver, $uconn, $uclient, $pipes[1]] as $s) {
    $r = [$s]; $w = $x = null;
    $ok += stream_select($r, $w, $x, 2);
}
var_dump($ok);
echo json_encode(round_($all, 2, false)), "\n";
var_dump(fread($conn, 100), fread($client, 100), fread($uconn, 100), fread($uclient, 100), fread($pipes[1], 100), fgets($f));
var_dump(is_resource(stream_socket_accept($server, 2)), is_resource(stream_socket_accept($userver, 2)));
echo json_encode(round_($all, 0, false)), "\n";

echo "-- only some: keys from each kind\n";
fwrite($uclient, "u");
fwrite($pipes[0], "p");
$r = ['pipe_out' => $pipes[1]]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = ['conn' => $conn, 'uconn' => $uconn, 'pipe_out' => $pipes[1], 'client' => $client, 'server' => $server];
$w = null; $x = null;
show(stream_select($r, $w, $x, 2), array_keys($r));
var_dump(fread($uconn, 10), fread($pipes[1], 10));

echo "-- cat exits: its stdout pipe reaches EOF\n";
fclose($pipes[0]);
unset($all['pipe_in']);
$r = [$pipes[1]]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2), fread($pipes[1], 10), feof($pipes[1]));
echo json_encode(round_($all, 0, false)), "\n";
fclose($pipes[1]);
var_dump(proc_close($proc));

echo "-- datagram servers, a persistent client, a socket pair, popen\n";
$dpath = sys_get_temp_dir() . '/rsock-select-mixed-' . getmypid() . '.dgram';
@unlink($dpath);
register_shutdown_function(fn() => @unlink($dpath));
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
$udpc = stream_socket_client('udp://' . stream_socket_get_name($udp, false), $e, $s, 2);
$udg = stream_socket_server("udg://$dpath", $e, $s, STREAM_SERVER_BIND);
$udgc = stream_socket_client("udg://$dpath", $e, $s, 2);
$pers = stream_socket_client($addr, $e, $s, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
$pconn = stream_socket_accept($server, 2);
[$sp1, $sp2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$popen = popen('cat > /dev/null', 'w');
var_dump(get_resource_type($pers));
$set = ['udp' => $udp, 'udg' => $udg, 'pers' => $pers, 'sp2' => $sp2, 'popen' => $popen, 'conn' => $conn];
$r = $set; unset($r['popen']); $w = $set; $x = $set;
echo json_encode([stream_select($r, $w, $x, 0), array_keys($r), array_keys($w), array_keys($x)]), "\n";
fwrite($udpc, "d1");
fwrite($udgc, "d2");
fwrite($pconn, "d3");
fwrite($sp1, "d4");
$ok = 0;
foreach ([$udp, $udg, $pers, $sp2] as $s) { $r = [$s]; $w = $x = null; $ok += stream_select($r, $w, $x, 2); }
var_dump($ok);
$r = $set; unset($r['popen']); $w = null; $x = null;
echo json_encode([stream_select($r, $w, $x, 0), array_keys($r)]), "\n";
var_dump(stream_socket_recvfrom($udp, 10), stream_socket_recvfrom($udg, 10), fread($pers, 10), fread($sp2, 10));
var_dump(pclose($popen));

echo "-- a user-space stream that casts to a socket and selects in its cast\n";
class CastWrapper {
    public $context;
    public static $inner;
    public static $other;
    public static $selects = [];
    function stream_open($path, $mode, $options, &$opened) { return true; }
    function stream_cast($as) {
        $r = [self::$other]; $w = $x = null;
        self::$selects[] = stream_select($r, $w, $x, 0);
        return self::$inner;
    }
    function stream_set_option($option, $arg1, $arg2) { return false; }
}
stream_wrapper_register('castwrap', 'CastWrapper');
$ic = stream_socket_client($addr, $e, $s, 2);
CastWrapper::$inner = stream_socket_accept($server, 2);
CastWrapper::$other = $conn;
stream_set_timeout(CastWrapper::$inner, 2);
$u = fopen('castwrap://x', 'r+');
// An accepted stream is selected on, closed, and its number reused, with
// a user stream's nested select between the close and the next call.
$oc = stream_socket_client($addr, $e, $s, 2);
$old = stream_socket_accept($server, 2);
$r = [$old]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0));
$nc = stream_socket_client($addr, $e, $s, 2);
fclose($old);
$new = stream_socket_accept($server, 2);
stream_set_timeout($new, 2);
$r = ['u' => $u, 'new' => $new]; $w = ['u' => $u]; $x = null;
echo json_encode([stream_select($r, $w, $x, 0), array_keys($r), array_keys($w)]), "\n";
fwrite($ic, "inner");
fwrite($nc, "new");
fwrite($client, "other");
$r = [$new]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = [CastWrapper::$inner]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = ['u' => $u, 'new' => $new]; $w = null; $x = null;
echo json_encode([stream_select($r, $w, $x, 2), array_keys($r)]), "\n";
var_dump(fread(CastWrapper::$inner, 10), fread($new, 10), fread($conn, 10));
echo json_encode(CastWrapper::$selects), "\n";
?>
--EXPECT--
-- STDIN has data
int(1)
[8,["file","stdin"],["conn","client","uconn","uclient","pipe_in","file"],[]]
string(11) "from stdin
"
-- idle (STDIN at EOF is readable)
bool(false)
bool(true)
[8,["file","stdin"],["conn","client","uconn","uclient","pipe_in","file"],[]]
[7,["file"],["conn","client","uconn","uclient","pipe_in","file"],[]]
-- everything readable
int(7)
[14,["server","conn","client","userver","uconn","uclient","pipe_out","file"],["conn","client","uconn","uclient","pipe_in","file"],[]]
string(7) "to conn"
string(9) "to client"
string(8) "to uconn"
string(10) "to uclient"
string(11) "through cat"
string(10) "file data
"
bool(true)
bool(true)
[7,["file"],["conn","client","uconn","uclient","pipe_in","file"],[]]
-- only some: keys from each kind
int(1)
[2,["uconn","pipe_out"]]
string(1) "u"
string(1) "p"
-- cat exits: its stdout pipe reaches EOF
int(1)
string(0) ""
bool(true)
[7,["pipe_out","file"],["conn","client","uconn","uclient","file"],[]]
int(0)
-- datagram servers, a persistent client, a socket pair, popen
string(17) "persistent stream"
[6,[],["udp","udg","pers","sp2","popen","conn"],[]]
int(4)
[4,["udp","udg","pers","sp2"]]
string(2) "d1"
string(2) "d2"
string(2) "d3"
string(2) "d4"
int(0)
-- a user-space stream that casts to a socket and selects in its cast
int(0)
[1,[],["u"]]
int(1)
int(1)
[2,["u","new"]]
string(5) "inner"
string(3) "new"
string(5) "other"
[0,0,0,0,1,1]
