--TEST--
stream_select(): end of file, peer close, reset, shutdown, pending connections and writability
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
function show(...$v) { echo json_encode($v), "\n"; }
/** [count, keys of read, keys of write, keys of except] for $streams in all three sets. */
function ready(array $streams, $timeout = 0) {
    $r = $w = $x = $streams;
    $n = stream_select($r, $w, $x, $timeout);
    return [$n, array_keys($r), array_keys($w), array_keys($x)];
}
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }

$path = sys_get_temp_dir() . '/rsock-select-eof-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);

echo "-- idle server: nothing; pending connection: readable\n";
show(ready(['srv' => $server]));
$client = stream_socket_client($addr, $e, $s, 2);
$r = ['srv' => $server]; $w = $x = null;
show(stream_select($r, $w, $x, 2), array_keys($r));
show(ready(['srv' => $server]));
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
show(ready(['srv' => $server]));

echo "-- connected: both ends writable only\n";
show(ready(['conn' => $conn, 'client' => $client]));

echo "-- peer shut down writing: readable at EOF, still writable\n";
stream_socket_shutdown($client, STREAM_SHUT_WR);
var_dump(wait_readable($conn));
show(ready(['conn' => $conn]));
var_dump(fread($conn, 10), feof($conn));
show(ready(['conn' => $conn]));
fwrite($conn, "still works");
var_dump(wait_readable($client), fread($client, 100));

echo "-- accepted side shuts down writing: client sees EOF\n";
stream_socket_shutdown($conn, STREAM_SHUT_WR);
var_dump(wait_readable($client), fread($client, 10), feof($client));

echo "-- peer closed\n";
$client2 = stream_socket_client($addr, $e, $s, 2);
$conn2 = stream_socket_accept($server, 2);
stream_set_timeout($conn2, 2);
fwrite($client2, "last words");
fclose($client2);
var_dump(wait_readable($conn2));
show(ready(['conn' => $conn2]));
var_dump(fread($conn2, 100), fread($conn2, 100), feof($conn2));
show(ready(['conn' => $conn2]));

echo "-- peer reset (SO_LINGER 0)\n";
$client3 = stream_socket_client($addr, $e, $s, 2);
$conn3 = stream_socket_accept($server, 2);
stream_set_timeout($conn3, 2);
$sock = socket_import_stream($client3);
var_dump(socket_set_option($sock, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]));
fclose($client3);
unset($sock);
var_dump(wait_readable($conn3));
show(ready(['conn' => $conn3]));
var_dump(fread($conn3, 100), feof($conn3));

echo "-- own end shut down for reading\n";
$client4 = stream_socket_client($addr, $e, $s, 2);
$conn4 = stream_socket_accept($server, 2);
show(ready(['conn' => $conn4]));
stream_socket_shutdown($conn4, STREAM_SHUT_RD);
show(ready(['conn' => $conn4]));

echo "-- unix: peer closed\n";
$userver = stream_socket_server("unix://$path");
$uclient = stream_socket_client("unix://$path", $e, $s, 2);
$r = ['userver' => $userver]; $w = $x = null;
show(stream_select($r, $w, $x, 2), array_keys($r));
$uconn = stream_socket_accept($userver, 2);
show(ready(['uconn' => $uconn, 'uclient' => $uclient]));
fclose($uclient);
var_dump(wait_readable($uconn));
show(ready(['uconn' => $uconn]));
var_dump(fread($uconn, 10), feof($uconn));

echo "-- pipe: writer gone\n";
$proc = proc_open(['cat'], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
$r = ['out' => $pipes[1]]; $w = null; $x = null;
show(stream_select($r, $w, $x, 0), $r);
fclose($pipes[0]);
var_dump(wait_readable($pipes[1]));
var_dump(fread($pipes[1], 10), feof($pipes[1]));
fclose($pipes[1]);
var_dump(proc_close($proc));

echo "-- asynchronous connect to a closed port\n";
$tmp = stream_socket_server('tcp://127.0.0.1:0');
$closed = stream_socket_get_name($tmp, false);
fclose($tmp);
$async = stream_socket_client("tcp://$closed", $e, $s, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
$r = null; $w = ['async' => $async]; $x = null;
show(stream_select($r, $w, $x, 2), array_keys($w));
show(ready(['async' => $async]));
?>
--EXPECT--
-- idle server: nothing; pending connection: readable
[[0,[],[],[]]]
[1,["srv"]]
[[1,["srv"],[],[]]]
[[0,[],[],[]]]
-- connected: both ends writable only
[[2,[],["conn","client"],[]]]
-- peer shut down writing: readable at EOF, still writable
int(1)
[[2,["conn"],["conn"],[]]]
string(0) ""
bool(true)
[[2,["conn"],["conn"],[]]]
int(1)
string(11) "still works"
-- accepted side shuts down writing: client sees EOF
int(1)
string(0) ""
bool(true)
-- peer closed
int(1)
[[2,["conn"],["conn"],[]]]
string(10) "last words"
string(0) ""
bool(true)
[[2,["conn"],["conn"],[]]]
-- peer reset (SO_LINGER 0)
bool(true)
int(1)
[[2,["conn"],["conn"],[]]]
bool(false)
bool(true)
-- own end shut down for reading
[[1,[],["conn"],[]]]
[[2,["conn"],["conn"],[]]]
-- unix: peer closed
[1,["userver"]]
[[2,[],["uconn","uclient"],[]]]
int(1)
[[2,["uconn"],["uconn"],[]]]
string(0) ""
bool(true)
-- pipe: writer gone
[0,[]]
int(1)
string(0) ""
bool(true)
int(0)
-- asynchronous connect to a closed port
[1,["async"]]
[[2,["async"],["async"],[]]]
