--TEST--
rsock: ciphersuites is applied, and an SNI certificate keeps the server's ALPN and client-certificate settings (documented differences)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference: native 8.2 ignores ciphersuites; its SNI contexts lose ALPN and cafile, PHP bug 80770)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();

echo "-- ciphersuites chooses the TLS 1.3 suite\n";
$server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server'], 'ciphersuites' => 'TLS_AES_128_GCM_SHA256']));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tls://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    echo json_encode(stream_get_meta_data($cl)['crypto']), "\n";
});
$conn = stream_socket_accept($server, 3);
echo json_encode(stream_get_meta_data($conn)['crypto']), "\n";
tls_show($h);
fclose($conn);

echo "-- SNI certificates with ALPN and verified client certificates\n";
$server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => $c['other']],
             'alpn_protocols' => 'h2,http/1.1', 'verify_peer' => true, 'cafile' => $c['ca'], 'capture_peer_cert' => true]));
$addr = stream_socket_get_name($server, false);
foreach (['localhost', 'other.test'] as $name) {
    $h = tls_spawn(function () use ($addr, $name, $c) {
        $cl = stream_socket_client("tls://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
            tls_ctx(['cafile' => $c['ca'], 'peer_name' => $name, 'alpn_protocols' => 'h2',
                     'local_cert' => $c['client'], 'capture_peer_cert' => true]));
        if (!$cl) { echo "failed\n"; return; }
        echo 'server certificate ', tls_cn(stream_context_get_options($cl)['ssl']['peer_certificate']),
            ', alpn ', stream_get_meta_data($cl)['crypto']['alpn_protocol'] ?? 'none', "\n";
        var_dump(fgets($cl));
    });
    $conn = stream_socket_accept($server, 3);
    $o = stream_context_get_options($conn)['ssl'];
    echo "$name: client certificate ", tls_cn($o['peer_certificate']),
        ', alpn ', stream_get_meta_data($conn)['crypto']['alpn_protocol'] ?? 'none', "\n";
    stream_context_set_option($conn, 'ssl', 'peer_certificate', null);
    fwrite($conn, "bye\n");
    fclose($conn);
    tls_show($h);
}
?>
--EXPECT--
-- ciphersuites chooses the TLS 1.3 suite
{"protocol":"TLSv1.3","cipher_name":"TLS_AES_128_GCM_SHA256","cipher_bits":128,"cipher_version":"TLSv1.3"}
client: {"protocol":"TLSv1.3","cipher_name":"TLS_AES_128_GCM_SHA256","cipher_bits":128,"cipher_version":"TLSv1.3"}
-- SNI certificates with ALPN and verified client certificates
localhost: client certificate rsock client, alpn h2
client: server certificate localhost, alpn h2
client: string(4) "bye
client: "
other.test: client certificate rsock client, alpn h2
client: server certificate other.test, alpn h2
client: string(4) "bye
client: "
