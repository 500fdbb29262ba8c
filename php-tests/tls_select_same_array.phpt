--TEST--
stream_select() passed the same array every time (as event loops do) still reports decrypted data buffered in PHP's buffer or the TLS layer
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

$big = '';
for ($i = 0; strlen($big) < 100000; $i++) {
    $big .= "$i,";
}
$h = tls_spawn(function () use ($addr, $big) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    fwrite($cl, "rec1\n");
    fwrite($cl, "rec2\n");
    echo fgets($cl);
    fwrite($cl, str_repeat('y', 10000));
    echo fgets($cl);
    var_dump(fwrite($cl, $big) === strlen($big));
    echo fgets($cl);
});

$conn = stream_socket_accept($server, 3);
stream_set_blocking($conn, false);
// The loop's array: the TLS connection and the (idle) listener, passed
// again and again.
$streams = ['tls' => $conn, 'listener' => $server];
function sel(int $timeout): string
{
    global $streams;
    $r = $streams;
    $w = $x = null;
    $n = stream_select($r, $w, $x, $timeout);
    return $n . ' ' . implode(',', array_keys($r));
}
function first_read($s, int $n): string
{
    $deadline = microtime(true) + 3;
    do {
        sel(1);
        $d = fread($s, $n);
    } while ($d === '' && microtime(true) < $deadline);
    return $d;
}

echo "-- two records\n";
var_dump(first_read($conn, 3));
var_dump(sel(0), sel(0));
var_dump(fgets($conn));
var_dump(sel(2), sel(2));
var_dump(fgets($conn));
var_dump(sel(0));
fwrite($conn, "ok 1\n");

echo "-- a 10000-byte record read in 8192-byte chunks\n";
var_dump(strlen(first_read($conn, 8192)));
var_dump(stream_get_meta_data($conn)['unread_bytes']);
// The socket is empty now, but 1808 decrypted bytes wait in the TLS layer.
var_dump(sel(0), sel(0));
var_dump(stream_get_meta_data($conn)['unread_bytes']);
var_dump(strlen(fread($conn, 8192)));
var_dump(sel(0));
fwrite($conn, "ok 2\n");

echo "-- " . strlen($big) . " bytes read 1000 at a time, select before every read\n";
$got = '';
$timeouts = 0;
while (strlen($got) < strlen($big) && $timeouts === 0) {
    if (sel(2) === '0 ') {
        $timeouts++;
        break;
    }
    $got .= fread($conn, 1000);
}
var_dump($timeouts, $got === $big);
var_dump(sel(0));
fwrite($conn, "ok 3\n");
tls_show($h);
?>
--EXPECTF--
-- two records
string(3) "rec"
string(5) "1 tls"
string(5) "1 tls"
string(2) "1
"
string(5) "1 tls"
string(5) "1 tls"
string(5) "rec2
"
string(2) "0 "
-- a 10000-byte record read in 8192-byte chunks
int(8192)
int(0)
string(5) "1 tls"
string(5) "1 tls"
int(1808)
int(1808)
string(2) "0 "
-- 10%d bytes read 1000 at a time, select before every read
int(0)
bool(true)
string(2) "0 "
client: ok 1
client: ok 2
client: bool(true)
client: ok 3
