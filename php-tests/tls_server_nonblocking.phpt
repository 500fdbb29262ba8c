--TEST--
TLS servers in an event loop: stream_select() on the listening ssl:// server, accept on a non-blocking server still completes the handshake
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/accept_failed.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);
stream_set_blocking($server, false);
stream_set_timeout($server, 0, 500000);
var_dump(stream_get_meta_data($server)['blocked']);

function sel($s, $timeout): int
{
    $r = [$s];
    $w = $x = null;
    return stream_select($r, $w, $x, $timeout);
}

[$ctl, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$h = tls_spawn(function () use ($addr, $theirs) {
    stream_set_timeout($theirs, 3);
    echo fgets($theirs);
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    fwrite($cl, "x\n");
    echo fgets($cl);
    // A client that never starts its handshake; it leaves when told to.
    $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
    echo fgets($theirs);
    fclose($cl);
});
fclose($theirs);

echo "-- nothing pending\n";
var_dump(sel($server, 0));
var_dump(stream_socket_accept($server, 0));
fwrite($ctl, "start\n");

echo "-- a client: readable, accepted with its handshake done, as a blocking stream\n";
var_dump(sel($server, 3));
$conn = stream_socket_accept($server, 0);
var_dump(is_resource($conn));
$meta = stream_get_meta_data($conn);
var_dump($meta['crypto']['protocol'], $meta['blocked']);
var_dump(fgets($conn));
fwrite($conn, "y\n");

echo "-- a silent client: the accept waits for the handshake up to the server's timeout\n";
var_dump(sel($server, 3));
$t = microtime(true);
var_dump(stream_socket_accept($server, 0));
$elapsed = microtime(true) - $t;
var_dump($elapsed > 0.4 && $elapsed < 1.5);
fwrite($ctl, "go\n");
tls_show($h);
?>
--EXPECTF--
bool(false)
-- nothing pending
int(0)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
-- a client: readable, accepted with its handshake done, as a blocking stream
int(1)
bool(true)
string(7) "TLSv1.3"
bool(true)
string(2) "x
"
-- a silent client: the accept waits for the handshake up to the server's timeout
int(1)

Warning: stream_socket_accept(): SSL: Handshake timed out in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
bool(true)
client: start
client: y
client: go
