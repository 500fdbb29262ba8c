--TEST--
TLS servers on IPv6 loopback: ssl://[::1]:0, accept peer name, data both ways
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
$s = @stream_socket_server('tcp://[::1]:0');
if (!$s) die('skip no IPv6 loopback');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://[::1]:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);
var_dump($addr);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    fwrite($cl, "over v6\n");
    var_dump(fgets($cl));
});
$conn = stream_socket_accept($server, 3, $peer);
var_dump($peer, stream_get_meta_data($conn)['crypto']['protocol']);
var_dump(fgets($conn));
fwrite($conn, "ack\n");
tls_show($h);
?>
--EXPECTF--
string(%d) "[::1]:%d"
string(%d) "[::1]:%d"
string(7) "TLSv1.3"
string(8) "over v6
"
client: string(4) "ack
client: "
