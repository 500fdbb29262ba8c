--TEST--
socket_import_stream() on TLS streams: listening ssl:// server yes, encrypted connections no, plaintext again after disabling crypto
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!extension_loaded('sockets')) die('skip sockets required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();

echo "-- ssl:// server and its accepted connection\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$sock = socket_import_stream($server);
var_dump($sock);
socket_getsockname($sock, $host, $port);
var_dump("$host:$port" === stream_socket_get_name($server, false));
unset($sock);
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    var_dump(fgets($cl));
});
$conn = stream_socket_accept($server, 3);
var_dump(socket_import_stream($conn));
// The connection still works.
fwrite($conn, "still fine\n");
tls_show($h);

echo "-- tcp:// server: before, during and after crypto\n";
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tcp://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    var_dump(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    var_dump(fgets($cl));
    var_dump(stream_socket_enable_crypto($cl, false));
    // The server's close_notify (24 bytes) precedes its plaintext.
    var_dump(substr(stream_get_contents($cl, 24 + 6), 24));
});
$conn = stream_socket_accept($server, 3);
stream_set_timeout($conn, 3);
var_dump(socket_import_stream($conn) instanceof Socket);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(socket_import_stream($conn));
fwrite($conn, "secret\n");
var_dump(stream_socket_enable_crypto($conn, false));
$sock = socket_import_stream($conn);
var_dump($sock instanceof Socket);
var_dump(socket_write($sock, "plain\n"));
tls_show($h);
?>
--EXPECTF--
-- ssl:// server and its accepted connection
object(Socket)#%d (0) {
}
bool(true)

Warning: socket_import_stream(): Cannot represent a stream of type tcp_socket/ssl as a Socket Descriptor in %s on line %d
bool(false)
client: string(11) "still fine
client: "
-- tcp:// server: before, during and after crypto
bool(true)
bool(true)

Warning: socket_import_stream(): Cannot represent a stream of type tcp_socket/ssl as a Socket Descriptor in %s on line %d
bool(false)
bool(false)
bool(true)
int(6)
client: bool(true)
client: string(7) "secret
client: "
client: bool(false)
client: string(6) "plain
client: "
