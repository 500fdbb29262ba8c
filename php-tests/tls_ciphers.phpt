--TEST--
TLS servers: ciphers, honor_cipher_order (on by default), no shared cipher; options with no visible effect are accepted silently
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

function ciphers(string $label, array $serverSsl, array $clients): void
{
    echo "-- $label\n";
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        tls_ctx($serverSsl + ['local_cert' => tls_certs()['server']]));
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $clients) {
        foreach ($clients as $label => $ssl) {
            $cl = @stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx($ssl));
            if ($cl) {
                $m = stream_get_meta_data($cl)['crypto'];
                echo "$label: {$m['protocol']} {$m['cipher_name']} {$m['cipher_bits']}\n";
                stream_set_timeout($cl, 3);
                fgets($cl);
            } else {
                echo "$label: failed\n";
            }
        }
    });
    foreach ($clients as $label => $_) {
        $conn = stream_socket_accept($server, 3);
        if ($conn) {
            $m = stream_get_meta_data($conn)['crypto'];
            echo "$label: {$m['protocol']} {$m['cipher_name']} {$m['cipher_bits']}\n";
            fwrite($conn, "next\n");
        } else {
            echo "$label: false\n";
        }
    }
    tls_show($h);
}

$tls12 = STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT;
// The client prefers AES-256, then AES-128, then ChaCha20.
$prefs = 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305';
$both = [
    'TLS 1.2' => ['crypto_method' => $tls12, 'ciphers' => $prefs],
    'TLS 1.3' => [],
];

ciphers('default server cipher list and order', [], $both);
ciphers('ciphers restricted to AES-256 (TLS 1.2 only; TLS 1.3 suites unaffected)',
    ['ciphers' => 'ECDHE-ECDSA-AES256-GCM-SHA384'], $both);
ciphers('server order ChaCha20, AES-128; honor_cipher_order not set',
    ['ciphers' => 'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256'], $both);
ciphers('the same with honor_cipher_order=false: the client\'s order wins',
    ['ciphers' => 'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256', 'honor_cipher_order' => false], $both);
ciphers('no cipher in common', ['ciphers' => 'ECDHE-ECDSA-AES256-GCM-SHA384'],
    ['TLS 1.2 AES-128 only' => ['crypto_method' => $tls12, 'ciphers' => 'ECDHE-ECDSA-AES128-GCM-SHA256']]);
ciphers('no_ticket, disable_compression, single_dh_use, ecdh_curve: accepted, no warning', [
    'no_ticket' => true,
    'disable_compression' => true,
    'single_dh_use' => true,
    'ecdh_curve' => 'secp384r1',
], $both);
?>
--EXPECTF--
-- default server cipher list and order
TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
client: TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
-- ciphers restricted to AES-256 (TLS 1.2 only; TLS 1.3 suites unaffected)
TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 256
TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 256
client: TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
-- server order ChaCha20, AES-128; honor_cipher_order not set
TLS 1.2: TLSv1.2 ECDHE-ECDSA-CHACHA20-POLY1305 256
TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLS 1.2: TLSv1.2 ECDHE-ECDSA-CHACHA20-POLY1305 256
client: TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
-- the same with honor_cipher_order=false: the client's order wins
TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
client: TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
-- no cipher in common

Warning: stream_socket_accept(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server is missing an SSL certificate (local_cert context option) in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
TLS 1.2 AES-128 only: false
client: TLS 1.2 AES-128 only: failed
-- no_ticket, disable_compression, single_dh_use, ecdh_curve: accepted, no warning
TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLS 1.2: TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128
client: TLS 1.3: TLSv1.3 TLS_AES_256_GCM_SHA384 256
