--TEST--
TLS servers: SNI_server_certs without a default local_cert serve the named hosts only
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
    tls_ctx(['SNI_server_certs' => ['other.test' => $c['other']]]));
var_dump(is_resource($server), $errno, $errstr);
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    foreach (['other.test', 'unknown.test', 'other.test'] as $name) {
        $cl = @stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
            tls_client_ctx(['peer_name' => $name, 'capture_peer_cert' => true]));
        echo "$name: ", $cl ? 'CN=' . tls_cn(stream_context_get_options($cl)['ssl']['peer_certificate']) : 'failed', "\n";
        if ($cl) {
            stream_set_timeout($cl, 3);
            fgets($cl);
        }
    }
});
for ($i = 0; $i < 3; $i++) {
    $conn = stream_socket_accept($server, 3);
    var_dump(is_resource($conn));
    if ($conn) {
        fwrite($conn, "next\n");
    }
}
tls_show($h);
?>
--EXPECTF--
bool(true)
int(0)
string(0) ""
bool(true)

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000076:SSL routines::no suitable signature algorithm in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
bool(true)
client: other.test: CN=other.test
client: unknown.test: failed
client: other.test: CN=other.test
