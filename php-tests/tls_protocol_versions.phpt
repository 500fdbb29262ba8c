--TEST--
TLS servers: protocol versions by transport (ssl, tls, tlsv1.0 ... tlsv1.3) and by ssl.crypto_method; security_level
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

function versions(string $scheme, array $serverSsl, array $clients): void
{
    echo "-- $scheme://", $serverSsl ? ' ' . json_encode($serverSsl) : '', "\n";
    $server = stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        tls_ctx($serverSsl + ['local_cert' => tls_certs()['server']]));
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $clients) {
        foreach ($clients as $label => $ssl) {
            // The client always uses ssl:// so that ssl.crypto_method decides its versions.
            $cl = @stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx($ssl));
            echo str_pad($label, 12), '=> ', $cl ? json_encode(stream_get_meta_data($cl)['crypto']) : 'failed', "\n";
            if ($cl) {
                stream_set_timeout($cl, 3);
                fgets($cl);
            }
        }
    });
    foreach ($clients as $label => $_) {
        $conn = stream_socket_accept($server, 3);
        echo str_pad($label, 12), '=> ', $conn ? json_encode(stream_get_meta_data($conn)['crypto']) : 'false', "\n";
        if ($conn) {
            fwrite($conn, "next\n");
        }
    }
    tls_show($h);
}

$any = ['any' => []];
$v12 = ['TLS 1.2' => ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]];
$v13 = ['TLS 1.3' => ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT]];

versions('ssl', [], $any + $v12 + $v13);
versions('tls', [], $any + $v12 + $v13);
versions('tlsv1.2', [], $any + $v13);
versions('tlsv1.3', [], $any + $v12);
versions('ssl', ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_SERVER], $any + $v13);
versions('ssl', ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_SERVER | STREAM_CRYPTO_METHOD_TLSv1_3_SERVER], $v12 + $v13);
// A fixed-version transport ignores ssl.crypto_method.
versions('tlsv1.2', ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_3_SERVER], $any);
// TLS 1.0 / 1.1 need SHA-1 signatures, refused at OpenSSL's default security level (OpenSSL 3.0:
// "no suitable signature algorithm", 3.5: "no protocols available").
versions('tlsv1.0', [], $any);
versions('tlsv1.0', ['security_level' => 0], [
    'TLS 1.0' => ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT, 'security_level' => 0],
]);
versions('tlsv1.1', ['security_level' => 0], [
    'TLS 1.1' => ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_1_CLIENT, 'security_level' => 0],
]);

echo "-- transports that do not exist\n";
foreach (['sslv3', 'sslv2'] as $scheme) {
    var_dump(stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr), $errno, $errstr);
}
?>
--EXPECTF--
-- ssl://
any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
-- tls://
any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
-- tlsv1.2://
any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000102:SSL routines::unsupported protocol in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
TLS 1.3     => false
client: any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: TLS 1.3     => failed
-- tlsv1.3://
any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000102:SSL routines::unsupported protocol in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
TLS 1.2     => false
client: any         => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: TLS 1.2     => failed
-- ssl:// {"crypto_method":32}
any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000102:SSL routines::unsupported protocol in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
TLS 1.3     => false
client: any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: TLS 1.3     => failed
-- ssl:// {"crypto_method":96}
TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
client: TLS 1.2     => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: TLS 1.3     => {"protocol":"TLSv1.3","cipher_name":"TLS_AES_256_GCM_SHA384","cipher_bits":256,"cipher_version":"TLSv1.3"}
-- tlsv1.2:// {"crypto_method":64}
any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
client: any         => {"protocol":"TLSv1.2","cipher_name":"ECDHE-ECDSA-AES128-GCM-SHA256","cipher_bits":128,"cipher_version":"TLSv1.2"}
-- tlsv1.0://

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:%s:SSL routines::no %s in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
any         => false
client: any         => failed
-- tlsv1.0:// {"security_level":0}
TLS 1.0     => {"protocol":"TLSv1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
client: TLS 1.0     => {"protocol":"TLSv1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
-- tlsv1.1:// {"security_level":0}
TLS 1.1     => {"protocol":"TLSv1.1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
client: TLS 1.1     => {"protocol":"TLSv1.1","cipher_name":"ECDHE-ECDSA-AES128-SHA","cipher_bits":128,"cipher_version":"TLSv1.0"}
-- transports that do not exist

Warning: stream_socket_server(): Unable to connect to sslv3://127.0.0.1:0 (Unable to find the socket transport "sslv3" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(98) "Unable to find the socket transport "sslv3" - did you forget to enable it when you configured PHP?"

Warning: stream_socket_server(): Unable to connect to sslv2://127.0.0.1:0 (Unable to find the socket transport "sslv2" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(98) "Unable to find the socket transport "sslv2" - did you forget to enable it when you configured PHP?"
