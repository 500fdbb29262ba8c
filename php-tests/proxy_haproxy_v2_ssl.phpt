--TEST--
PROXY protocol: HAProxy terminates TLS (send-proxy-v2-ssl, send-proxy-v2-ssl-cn): a plain tcp:// server sees the client, the TLS version, cipher, ALPN and SNI (authority)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_executable('/usr/sbin/haproxy')) die('skip haproxy not installed');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
require __DIR__ . '/tls_certs.inc';
$crt = tls_certs()['server'];
$ca = tls_certs()['ca'];
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, proxy_ctx());
$backend = stream_socket_get_name($server, false);
$front = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend,
    'send-proxy-v2-ssl-cn proxy-v2-options ssl-cipher,cert-sig,cert-key,authority,crc32c', "ssl crt $crt alpn h2,http/1.1 ca-file $ca verify optional");
$plain = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend, 'send-proxy-v2-ssl', "ssl crt $crt alpn h2,http/1.1");

$h = tls_spawn(function () use ($front, $plain) {
    $ssl = ['cafile' => tls_certs()['ca'], 'peer_name' => 'localhost'];
    proxy_client($front, '127.0.0.2:0', '', 'hello', $ssl + ['alpn_protocols' => 'h2']);
    proxy_client($front, '127.0.0.2:0', '', 'hello', $ssl + ['alpn_protocols' => 'http/1.1', 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]);
    // A client certificate: its CN comes along (verified by HAProxy against the test CA).
    proxy_client($front, '127.0.0.2:0', '', 'hello', $ssl + ['local_cert' => tls_certs()['client']]);
    // send-proxy-v2-ssl alone: the SSL TLV with its version.
    proxy_client($plain, '127.0.0.2:0', '', 'hello', $ssl + ['alpn_protocols' => 'h2']);
});
proxy_serve($server, 4);
tls_show($h);
?>
--EXPECTF--
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d' alpn='h2' authority='localhost' ssl.client=1 ssl.verified=true ssl.version='TLSv1.3' ssl.cipher='TLS_%s' ssl.sig_alg='ecdsa-with-SHA256' ssl.key_alg='EC256'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d' alpn='http/1.1' authority='localhost' ssl.client=1 ssl.verified=true ssl.version='TLSv1.2' ssl.cipher='ECDHE-%s' ssl.sig_alg='ecdsa-with-SHA256' ssl.key_alg='EC256'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d' authority='localhost' ssl.client=7 ssl.verified=true ssl.version='TLSv1.3' ssl.cipher='TLS_%s' ssl.cn='rsock client' ssl.sig_alg='ecdsa-with-SHA256' ssl.key_alg='EC256'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d' alpn='h2' ssl.client=1 ssl.verified=true ssl.version='TLSv1.3'
