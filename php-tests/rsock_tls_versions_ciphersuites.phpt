--TEST--
rsock: ssl:// and tls:// mean TLS 1.2 and 1.3 whatever the security level; older versions by name; ciphersuites (documented differences)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference: native ssl:// allows TLS 1.0 at security_level 0 and ignores ciphersuites)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();

function serve(string $scheme, array $ssl, array $client): void
{
    $server = stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $client) {
        $cl = @stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
            tls_ctx($client + ['verify_peer' => false, 'verify_peer_name' => false]));
        echo $cl ? 'connected ' . json_encode(stream_get_meta_data($cl)['crypto']) : 'failed', "\n";
    });
    $conn = stream_socket_accept($server, 3);
    echo $conn ? 'accepted ' . json_encode(stream_get_meta_data($conn)['crypto']) . "\n" : '';
    tls_show($h);
}

$legacy = ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT, 'security_level' => 0];
echo "-- ssl:// at security level 0: a TLS 1.0 client is refused\n";
serve('ssl', ['local_cert' => $c['server'], 'security_level' => 0], $legacy);
echo "-- tlsv1.0:// at security level 0: TLS 1.0 by name works\n";
serve('tlsv1.0', ['local_cert' => $c['server'], 'security_level' => 0], $legacy);
echo "-- ciphersuites chooses the TLS 1.3 suite\n";
serve('tls', ['local_cert' => $c['server'], 'ciphersuites' => 'TLS_AES_128_GCM_SHA256'], []);
?>
--EXPECTF--
-- ssl:// at security level 0: a TLS 1.0 client is refused

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000102:SSL routines::unsupported protocol in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: Success in %s on line %d
client: failed
-- tlsv1.0:// at security level 0: TLS 1.0 by name works
accepted {"protocol":"TLSv1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
client: connected {"protocol":"TLSv1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
-- ciphersuites chooses the TLS 1.3 suite
accepted {"protocol":"TLSv1.3","cipher_name":"TLS_AES_128_GCM_SHA256","cipher_bits":128,"cipher_version":"TLSv1.3"}
client: connected {"protocol":"TLSv1.3","cipher_name":"TLS_AES_128_GCM_SHA256","cipher_bits":128,"cipher_version":"TLSv1.3"}
