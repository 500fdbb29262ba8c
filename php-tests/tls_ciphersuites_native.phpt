--TEST--
TLS servers (native): the ssl context option ciphersuites (TLS 1.3 suites) does not exist in PHP 8.2 and is ignored
--SKIPIF--
<?php
if (extension_loaded('rsock')) die('skip rsock applies ciphersuites (README, compatibility; rsock_tls_ciphersuites_sni)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server'], 'ciphersuites' => 'TLS_AES_128_GCM_SHA256']));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    $m = stream_get_meta_data($cl)['crypto'];
    echo "{$m['protocol']} {$m['cipher_name']} {$m['cipher_bits']}\n";
    stream_set_timeout($cl, 3);
    fgets($cl);
});
$conn = stream_socket_accept($server, 3);
$m = stream_get_meta_data($conn)['crypto'];
echo "{$m['protocol']} {$m['cipher_name']} {$m['cipher_bits']}\n";
fwrite($conn, "bye\n");
tls_show($h);
?>
--EXPECT--
TLSv1.3 TLS_AES_256_GCM_SHA384 256
client: TLSv1.3 TLS_AES_256_GCM_SHA384 256
