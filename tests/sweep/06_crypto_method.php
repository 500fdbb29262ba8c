<?php
// crypto_method / verify_depth / ciphers odd values
require __DIR__ . '/common.inc';
$pem = C('server.pem');
foreach ([0, -1, 'x', PHP_INT_MAX, 1 << 40, STREAM_CRYPTO_METHOD_TLSv1_3_SERVER, STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT,
    STREAM_CRYPTO_METHOD_SSLv2_SERVER, STREAM_CRYPTO_METHOD_SSLv3_SERVER, '8', 1.9, STREAM_CRYPTO_METHOD_ANY_SERVER] as $m) {
    tls_try('crypto_method ' . var_export($m, true), ['local_cert' => $pem, 'crypto_method' => $m]);
}
foreach (['3', 'abc', '-1', '0', -5, '99999999999999999999'] as $d) {
    tls_try('verify_depth ' . var_export($d, true), ['local_cert' => $pem, 'verify_depth' => $d, 'verify_peer' => false]);
}
tls_try('ciphers array', ['local_cert' => $pem, 'ciphers' => ['HIGH', 'LOW']]);
tls_try('ciphers bogus', ['local_cert' => $pem, 'ciphers' => 'NOPE-NOPE']);
tls_try('ciphers empty', ['local_cert' => $pem, 'ciphers' => '']);
tls_try('alpn array', ['local_cert' => $pem, 'alpn_protocols' => ['h2']]);
tls_try('SNI_server_certs string', ['local_cert' => $pem, 'SNI_server_certs' => $pem]);
tls_try('SNI_server_certs int key', ['local_cert' => $pem, 'SNI_server_certs' => [0 => $pem]]);
tls_try('SNI_server_certs empty', ['local_cert' => $pem, 'SNI_server_certs' => []]);
tls_try('SNI_enabled false + certs', ['local_cert' => $pem, 'SNI_enabled' => false, 'SNI_server_certs' => ['localhost' => '/nonexistent']]);
tls_try('min > max', ['local_cert' => $pem, 'min_proto_version' => STREAM_CRYPTO_PROTO_TLSv1_3, 'max_proto_version' => STREAM_CRYPTO_PROTO_TLSv1_2]);
tls_try('security_level 5', ['local_cert' => $pem, 'security_level' => 5]);
tls_try('security_level -3', ['local_cert' => $pem, 'security_level' => -3]);
foreach ([0, -1, 'x', STREAM_CRYPTO_METHOD_TLSv1_2_SERVER, null] as $m) {
    starttls_try('method ' . var_export($m, true), ['local_cert' => $pem], $m);
}
starttls_try('ctx crypto_method 0 + null', ['local_cert' => $pem, 'crypto_method' => 0], null);
