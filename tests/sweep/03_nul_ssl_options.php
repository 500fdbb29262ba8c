<?php
// NUL bytes in every ssl string option, with a real TLS client
require __DIR__ . '/common.inc';
$pem = C('server.pem');
$base = ['local_cert' => $pem];
$cases = [
    'local_cert' => ['local_cert' => "$pem\0junk"],
    'local_cert leading' => ['local_cert' => "\0$pem"],
    'local_pk' => ['local_cert' => C('server.crt'), 'local_pk' => C('server.key') . "\0x"],
    'cafile' => $base + ['cafile' => C('ca.pem') . "\0x"],
    'capath' => $base + ['capath' => C() . "\0x"],
    'ciphers' => $base + ['ciphers' => "HIGH\0:NULL"],
    'ciphersuites' => $base + ['ciphersuites' => "TLS_AES_128_GCM_SHA256\0x"],
    'ecdh_curve' => $base + ['ecdh_curve' => "prime256v1\0x"],
    'passphrase' => $base + ['passphrase' => "pw\0x"],
    'alpn_protocols' => $base + ['alpn_protocols' => "h2\0,http/1.1"],
    'peer_name' => $base + ['peer_name' => "localhost\0evil"],
    'dh_param' => $base + ['dh_param' => C('dh.pem') . "\0x"],
    'SNI key' => $base + ['SNI_server_certs' => ["localhost\0evil" => $pem]],
    'SNI value' => $base + ['SNI_server_certs' => ['localhost' => "$pem\0x"]],
    'SNI array value' => $base + ['SNI_server_certs' => ['localhost' => ['local_cert' => "$pem\0x"]]],
];
foreach ($cases as $label => $ssl) {
    tls_try("tls NUL in $label", $ssl);
}
starttls_try('NUL in local_cert', ['local_cert' => "$pem\0junk"]);
starttls_try('NUL in ciphers', ['local_cert' => $pem, 'ciphers' => "HIGH\0x"]);
