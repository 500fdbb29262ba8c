--TEST--
stream_socket_enable_crypto() with method 0 (no version bits) on an accepted connection runs a server handshake at TLS 1.3; after a failed enable the stream is plain (the client's hello is still there to read)
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

echo "-- method 0\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($tcp, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tcp://$addr", $e, $s, 5);
    stream_context_set_option($cl, 'ssl', 'verify_peer', false);
    var_dump(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    echo fread($cl, 10), "\n";
});
$conn = stream_socket_accept($tcp, 5);
var_dump(stream_socket_enable_crypto($conn, true, 0));
echo stream_get_meta_data($conn)['crypto']['protocol'], "\n";
fwrite($conn, "secret");
fclose($conn);
tls_show($h);

echo "-- a failed enable leaves the stream plain\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server'] . "\0.bak"]));
$addr = stream_socket_get_name($tcp, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tcp://$addr", $e, $s, 5);
    stream_set_timeout($cl, 2);
    stream_context_set_option($cl, 'ssl', 'verify_peer', false);
    var_dump(@stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
});
$conn = stream_socket_accept($tcp, 5);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
stream_set_timeout($conn, 5);
$hello = fread($conn, 5);
var_dump(bin2hex(substr($hello, 0, 1)), ord($hello[1]));
var_dump(array_key_exists('crypto', stream_get_meta_data($conn)));
fclose($conn);
tls_show($h);
?>
--EXPECTF--
-- method 0
bool(true)
TLSv1.3
client: bool(true)
client: secret
-- a failed enable leaves the stream plain

Warning: stream_socket_enable_crypto(): Path for local_cert in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_enable_crypto(): Unable to get real path of certificate file `%s/server.pem' in %s on line %d
bool(false)
string(2) "16"
int(3)
bool(false)
client: bool(false)
