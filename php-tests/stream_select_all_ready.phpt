--TEST--
stream_select(): every ready stream is reported, whatever the sizes of the previous calls
--FILE--
<?php
// Unix sockets: a write is in the peer's queue when fwrite() returns.
$path = sys_get_temp_dir() . '/rsock-select-all-ready-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$server = stream_socket_server("unix://$path");
$clients = []; $conns = [];
for ($i = 0; $i < 64; $i++) {
    $clients[] = stream_socket_client("unix://$path", $e, $s, 2);
    $conns["s$i"] = stream_socket_accept($server, 2);
    stream_set_timeout($conns["s$i"], 2);
}
[$p1, $p2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);

/** Selects on the first $k streams with data on all of them; [count, returned]. */
function all_ready($k, $withPipe = false) {
    global $clients, $conns, $p1, $p2;
    $set = array_slice($conns, 0, $k, true);
    foreach (array_slice($clients, 0, $k) as $c) fwrite($c, "x");
    if ($withPipe) { fwrite($p1, "p"); $set['pair'] = $p2; }
    $r = $set; $w = null; $x = null;
    $n = stream_select($r, $w, $x, 2);
    $ok = array_keys($r) === array_keys($set) ? 'all' : implode(',', array_keys(array_diff_key($set, $r))) . ' missing';
    foreach ($set as $s) fread($s, 10);
    return "$k: $n $ok";
}
$errors = [];
foreach ([1, 2, 3, 5, 8, 13, 20, 33, 50, 64, 40, 7, 64, 1, 63, 4, 60] as $k) {
    $res = all_ready($k);
    if ($res !== "$k: $k all") $errors[] = $res;
    $res = all_ready($k, true);
    if ($res !== "$k: " . ($k + 1) . " all") $errors[] = "$res (with a socket pair)";
}
var_dump($errors);

echo "-- readable and writable: each counted in both sets\n";
foreach ([10, 30, 64] as $k) {
    $set = array_slice($conns, 0, $k, true);
    foreach (array_slice($clients, 0, $k) as $c) fwrite($c, "y");
    $r = $set; $w = $set; $x = $set;
    $n = stream_select($r, $w, $x, 2);
    var_dump($n, count($r), count($w), count($x));
    foreach ($set as $s) fread($s, 10);
}
?>
--EXPECT--
array(0) {
}
-- readable and writable: each counted in both sets
int(20)
int(10)
int(10)
int(0)
int(60)
int(30)
int(30)
int(0)
int(128)
int(64)
int(64)
int(0)
