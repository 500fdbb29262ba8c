<?php
// SNI (both forms), ALPN, capture_peer_cert with real clients
require __DIR__ . '/common.inc';
$pem = C('server.pem');
$crt = C('server.crt');
$key = C('server.key');
tls_try('SNI string form', ['SNI_server_certs' => ['localhost' => $pem]]);
tls_try('SNI array form', ['SNI_server_certs' => ['localhost' => ['local_cert' => $crt, 'local_pk' => $key]]]);
tls_try('SNI array form cert only', ['SNI_server_certs' => ['localhost' => ['local_cert' => $pem]]]);
tls_try('SNI uppercase key', ['SNI_server_certs' => ['LOCALHOST' => $pem]]);
tls_try('SNI wildcard no match', ['local_cert' => $pem, 'SNI_server_certs' => ['*.example.com' => '/nonexistent.pem']]);
tls_try('SNI mismatch no fallback', ['SNI_server_certs' => ['other.test' => $pem]]);
tls_try('SNI missing file for other host', ['local_cert' => $pem, 'SNI_server_certs' => ['other.test' => '/nonexistent.pem']]);
tls_try('client without SNI', ['local_cert' => $pem, 'SNI_server_certs' => ['localhost' => $pem]], 'tls', ['SNI_enabled' => false]);
tls_try('ALPN agreed', ['local_cert' => $pem, 'alpn_protocols' => 'h2,http/1.1'], 'tls', ['alpn_protocols' => 'http/1.1']);
tls_try('ALPN no overlap', ['local_cert' => $pem, 'alpn_protocols' => 'h2'], 'tls', ['alpn_protocols' => 'foo']);
tls_try('verify_peer true, client has no cert', ['local_cert' => $pem, 'verify_peer' => true, 'cafile' => C('ca.pem')]);
tls_try('capture_peer_cert without client cert', ['local_cert' => $pem, 'capture_peer_cert' => true, 'verify_peer' => false]);
tls_try('tlsv1.2 scheme', ['local_cert' => $pem], 'tlsv1.2');
tls_try('tlsv1.0 scheme', ['local_cert' => $pem], 'tlsv1.0');
tls_try('sslv3 scheme', ['local_cert' => $pem], 'sslv3');
tls_try('sslv2 scheme', ['local_cert' => $pem], 'sslv2');
