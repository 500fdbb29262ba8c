--TEST--
stream_set_blocking() on server and accepted streams
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
var_dump(stream_get_meta_data($server)['blocked']);

// Non-blocking server: accept with timeout 0 on an idle server fails at once.
var_dump(stream_set_blocking($server, false));
var_dump(stream_get_meta_data($server)['blocked']);
$t = microtime(true);
var_dump(@stream_socket_accept($server, 0));
var_dump(microtime(true) - $t < 0.5);

$client = stream_socket_client("tcp://$name", $e, $s, 2);
$r = [$server]; $w = $x = null;
stream_select($r, $w, $x, 2);
$conn = stream_socket_accept($server, 0);
var_dump(is_resource($conn));
// Accepted streams start blocking whatever the server's mode.
var_dump(stream_get_meta_data($conn)['blocked']);

// Non-blocking read with no data returns "" immediately and is not EOF.
var_dump(stream_set_blocking($conn, false));
$t = microtime(true);
var_dump(fread($conn, 100), fgets($conn), feof($conn));
var_dump(microtime(true) - $t < 0.5);
var_dump(stream_get_meta_data($conn)['timed_out'], stream_get_meta_data($conn)['blocked']);

// Data arrives: it is returned.
fwrite($client, "data");
$r = [$conn]; $w = $x = null;
stream_select($r, $w, $x, 2);
var_dump(fread($conn, 100));

// Non-blocking write fills the socket buffer and then writes 0 bytes without blocking.
$chunk = str_repeat('x', 65536);
$total = 0;
$t = microtime(true);
for ($i = 0; $i < 2000; $i++) {
    $n = fwrite($conn, $chunk);
    if ($n === false || $n < strlen($chunk)) break;
    $total += $n;
}
var_dump($n !== false && $n < strlen($chunk), $total > 0, microtime(true) - $t < 2);
var_dump(fwrite($conn, $chunk));

// Back to blocking
var_dump(stream_set_blocking($conn, true));
var_dump(stream_get_meta_data($conn)['blocked']);
?>
--EXPECT--
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
string(0) ""
bool(false)
bool(false)
bool(true)
bool(false)
bool(false)
string(4) "data"
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
bool(true)
