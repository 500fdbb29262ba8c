--TEST--
TLS servers with verify_peer: client certificates, capture_peer_cert(_chain) in the shared context, verify_depth
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

function serve(string $label, array $serverSsl, array $clientSsl): void
{
    echo "-- $label\n";
    $ctx = tls_ctx($serverSsl);
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $clientSsl) {
        // TLS 1.3: the client finishes its handshake before the server
        // checks the client certificate, so a refusal shows on the first read.
        $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx($clientSsl));
        stream_set_timeout($cl, 3);
        echo 'first read: ', var_export(@fgets($cl), true), "\n";
    });
    $conn = stream_socket_accept($server, 3);
    if ($conn) {
        fwrite($conn, "welcome\n");
        $opts = stream_context_get_options($conn)['ssl'];
        echo 'options: ', implode(', ', array_keys($opts)), "\n";
        if (isset($opts['peer_certificate'])) {
            echo 'peer_certificate: ', get_class($opts['peer_certificate']), ' CN=', tls_cn($opts['peer_certificate']), "\n";
        }
        if (isset($opts['peer_certificate_chain'])) {
            echo 'peer_certificate_chain: ', implode(', ', array_map(fn ($x) => get_class($x) . ' CN=' . tls_cn($x), $opts['peer_certificate_chain'])), "\n";
        }
        echo 'same context as the server: ', var_export(stream_context_get_options($server) === stream_context_get_options($conn), true), "\n";
    } else {
        var_dump($conn);
    }
    tls_show($h);
}

$verify = ['local_cert' => $c['server'], 'verify_peer' => true, 'cafile' => $c['ca']];
serve('no client certificate', $verify, []);
serve('self-signed client certificate', $verify, ['local_cert' => $c['self']]);
serve('verify_depth 0', $verify + ['verify_depth' => 0], ['local_cert' => $c['client']]);
serve('client certificate signed by the CA, captured', $verify + ['capture_peer_cert' => true, 'capture_peer_cert_chain' => true],
    ['local_cert' => $c['client']]);
serve('verify_peer off: no certificate requested, nothing captured', ['local_cert' => $c['server'], 'verify_peer' => false, 'capture_peer_cert' => true],
    ['local_cert' => $c['client']]);

echo "-- the client's view: server certificate and chain\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server_chain']]));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
        tls_client_ctx(['capture_peer_cert' => true, 'capture_peer_cert_chain' => true]));
    $o = stream_context_get_options($cl)['ssl'];
    echo 'peer_certificate CN=', tls_cn($o['peer_certificate']), "\n";
    echo 'chain: ', implode(', ', array_map('tls_cn', $o['peer_certificate_chain'])), "\n";
    echo fgets($cl);
});
$conn = stream_socket_accept($server, 3);
fwrite($conn, "bye\n");
tls_show($h);
?>
--EXPECTF--
-- no client certificate

Warning: stream_socket_accept(): Could not get peer certificate in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: first read: false
-- self-signed client certificate

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: first read: false
-- verify_depth 0

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: first read: false
-- client certificate signed by the CA, captured
options: local_cert, verify_peer, cafile, capture_peer_cert, capture_peer_cert_chain, peer_certificate, peer_certificate_chain
peer_certificate: OpenSSLCertificate CN=rsock client
peer_certificate_chain: OpenSSLCertificate CN=rsock test CA
same context as the server: true
client: first read: 'welcome
client: '
-- verify_peer off: no certificate requested, nothing captured
options: local_cert, verify_peer, capture_peer_cert
same context as the server: true
client: first read: 'welcome
client: '
-- the client's view: server certificate and chain
client: peer_certificate CN=localhost
client: chain: localhost, rsock test CA
client: bye
