--TEST--
TLS servers: a silent client times out the handshake after the server stream's read timeout (not the accept timeout)
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--INI--
default_socket_timeout=1
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/accept_failed.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

$h = tls_spawn(function () use ($addr) {
    // Two silent clients; each waits until the server drops it.
    for ($i = 1; $i <= 2; $i++) {
        $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
        stream_set_timeout($cl, 4);
        var_dump(fread($cl, 100), feof($cl));
        fclose($cl);
    }
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    var_dump(fgets($cl));
});

echo "-- default_socket_timeout (1 s) applies, the accept timeout (3 s) does not\n";
$t = microtime(true);
var_dump(stream_socket_accept($server, 3));
$elapsed = microtime(true) - $t;
var_dump($elapsed > 0.8 && $elapsed < 2.5);

echo "-- stream_set_timeout() on the server: 0.4 s, even with a shorter accept timeout\n";
stream_set_timeout($server, 0, 400000);
// Wait until the client is queued, so the short accept timeout is not what ends the call.
$r = [$server]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 3));
$t = microtime(true);
var_dump(stream_socket_accept($server, 0.1));
$elapsed = microtime(true) - $t;
var_dump($elapsed > 0.3 && $elapsed < 0.9);

echo "-- the next client is served\n";
$conn = stream_socket_accept($server, 3);
var_dump(is_resource($conn));
fwrite($conn, "ok\n");
tls_show($h);
?>
--EXPECTF--
-- default_socket_timeout (1 s) applies, the accept timeout (3 s) does not

Warning: stream_socket_accept(): SSL: Handshake timed out in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
bool(true)
-- stream_set_timeout() on the server: 0.4 s, even with a shorter accept timeout
int(1)

Warning: stream_socket_accept(): SSL: Handshake timed out in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
bool(true)
-- the next client is served
bool(true)
client: string(0) ""
client: bool(true)
client: string(0) ""
client: bool(true)
client: string(3) "ok
client: "
