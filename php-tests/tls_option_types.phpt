--TEST--
TLS servers: ssl options are read as PHP reads them: C strings end at a NUL byte (ciphers, ciphersuites, ecdh_curve, cafile, capath, alpn_protocols), non-UTF-8 paths, __toString objects as paths, crypto_method 0, "x" and SSLv3 serve TLS 1.3; cafile/capath are not read when verify_peer is false
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
class Path { function __construct(private string $p) {} function __toString(): string { return $this->p; } }
$cases = [
    'ciphers with a NUL byte' => [['ciphers' => "HIGH\0NOT-A-CIPHER"], ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]],
    'ciphersuites with a NUL byte' => [['ciphersuites' => "TLS_AES_128_GCM_SHA256\0x"], []],
    'ecdh_curve with a NUL byte' => [['ecdh_curve' => "prime256v1\0x"], []],
    'cafile with a NUL byte' => [['cafile' => $c['ca'] . "\0x"], []],
    'capath with a NUL byte' => [['capath' => $c['dir'] . "\0x"], []],
    'capath not UTF-8' => [['capath' => $c['dir'] . "/\xff\xfe"], []],
    'alpn_protocols with a NUL byte' => [['alpn_protocols' => "h2\0x"], ['alpn_protocols' => 'h2']],
    'local_cert as an object with __toString' => [['local_cert' => new Path($c['server'])], []],
    'local_cert and local_pk as objects' => [['local_cert' => new Path($c['server_cert']), 'local_pk' => new Path($c['server_key'])], []],
    'cafile as an object' => [['cafile' => new Path($c['ca'])], []],
    'crypto_method 0' => [['crypto_method' => 0], []],
    'crypto_method "x"' => [['crypto_method' => 'x'], []],
    'crypto_method SSLv3' => [['crypto_method' => STREAM_CRYPTO_METHOD_SSLv3_SERVER], []],
    'cafile and capath unread with verify_peer false' => [['verify_peer' => false, 'cafile' => ['x'], 'capath' => new stdClass], []],
];
foreach ($cases as $what => [$ssl, $client]) {
    echo "-- $what\n";
    $ssl += ['local_cert' => $c['server']];
    $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $client) {
        $cl = stream_socket_client("tls://$addr", $e, $s, 5, STREAM_CLIENT_CONNECT,
            tls_ctx($client + ['verify_peer' => false, 'verify_peer_name' => false]));
        fwrite($cl, "ping");
        echo fread($cl, 10), "\n";
    });
    $conn = stream_socket_accept($server, 5);
    $crypto = stream_get_meta_data($conn)['crypto'];
    echo $crypto['protocol'], ' ', $crypto['alpn_protocol'] ?? '-', ' ', fread($conn, 4), "\n";
    fwrite($conn, "pong");
    fclose($conn);
    tls_show($h);
}
?>
--EXPECT--
-- ciphers with a NUL byte
TLSv1.2 - ping
client: pong
-- ciphersuites with a NUL byte
TLSv1.3 - ping
client: pong
-- ecdh_curve with a NUL byte
TLSv1.3 - ping
client: pong
-- cafile with a NUL byte
TLSv1.3 - ping
client: pong
-- capath with a NUL byte
TLSv1.3 - ping
client: pong
-- capath not UTF-8
TLSv1.3 - ping
client: pong
-- alpn_protocols with a NUL byte
TLSv1.3 h2 ping
client: pong
-- local_cert as an object with __toString
TLSv1.3 - ping
client: pong
-- local_cert and local_pk as objects
TLSv1.3 - ping
client: pong
-- cafile as an object
TLSv1.3 - ping
client: pong
-- crypto_method 0
TLSv1.3 - ping
client: pong
-- crypto_method "x"
TLSv1.3 - ping
client: pong
-- crypto_method SSLv3
TLSv1.3 - ping
client: pong
-- cafile and capath unread with verify_peer false
TLSv1.3 - ping
client: pong
