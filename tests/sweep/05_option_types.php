<?php
// every ssl/socket option as int, float, bool, null, array, objects, closure, resource
require __DIR__ . '/common.inc';
class S { function __toString(): string { return C('server.pem'); } }
class P { function __toString(): string { return 'HIGH'; } }
class N {}
$res = fopen('php://memory', 'r');
$types = [
    'int' => 1, 'float' => 1.5, 'true' => true, 'false' => false, 'null' => null, 'array' => ['a'],
    'emptyarr' => [], 'Stringable' => new P(), 'object' => new N(), 'closure' => fn () => 1, 'resource' => $res,
    'numstr' => '3', 'emptystr' => '',
];
$pem = C('server.pem');
// socket options on tcp
foreach (['backlog', 'bindto', 'so_reuseport', 'tcp_nodelay', 'ipv6_v6only', 'so_broadcast'] as $opt) {
    foreach ($types as $tn => $v) {
        $ctx = stream_context_create(['socket' => [$opt => $v]]);
        echo "socket.$opt=$tn: ";
        try {
            $s = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
            var_dump($s !== false, $en, $es);
            if ($s) fclose($s);
        } catch (Throwable $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
}
// ssl options: server creation + one handshake
$sslopts = ['local_cert', 'local_pk', 'passphrase', 'cafile', 'capath', 'verify_peer', 'verify_peer_name',
    'allow_self_signed', 'verify_depth', 'ciphers', 'ciphersuites', 'crypto_method', 'security_level', 'honor_cipher_order',
    'single_dh_use', 'disable_compression', 'no_ticket', 'SNI_enabled', 'SNI_server_certs', 'alpn_protocols',
    'capture_peer_cert', 'ecdh_curve', 'dh_param', 'min_proto_version', 'max_proto_version', 'reneg_limit', 'reneg_window',
    'reneg_limit_callback', 'peer_name', 'peer_fingerprint'];
foreach ($sslopts as $opt) {
    foreach ($types as $tn => $v) {
        $ssl = ['local_cert' => $pem, 'verify_peer' => false];
        $ssl[$opt] = $v;
        if ($opt === 'local_cert' && $tn === 'Stringable') {
            $ssl[$opt] = new S();
        }
        ob_start();
        try {
            tls_try("ssl.$opt=$tn", $ssl);
        } catch (Throwable $e) {
            echo 'Caught ', get_class($e), ': ', $e->getMessage(), "\n";
        }
        $o = ob_get_clean();
        // compact: only the interesting lines
        $lines = array_filter(explode("\n", $o), fn ($l) => preg_match('/^(===|Caught|Warning|Deprecated|Notice|Fatal|-- server:|-- accept:|-- crypto|client: (connect|read))|panicked/', $l));
        echo implode("\n", $lines), "\n";
    }
}
