--TEST--
PROXY protocol: an ssl:// server behind HAProxy in TCP mode (send-proxy, send-proxy-v2): the header is read before the TLS handshake
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
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    proxy_ctx([], ['ssl' => ['local_cert' => tls_certs()['server']]]));
$backend = stream_socket_get_name($server, false);
$v1 = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend, 'send-proxy');
$v2 = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend, 'send-proxy-v2');

$h = tls_spawn(function () use ($v1, $v2) {
    $ssl = ['cafile' => tls_certs()['ca'], 'peer_name' => 'localhost'];
    proxy_client($v1, '127.0.0.2:0', '', 'hello', $ssl);
    proxy_client($v2, '127.0.0.3:0', '', 'hello', $ssl);
});
proxy_serve($server, 2);
tls_show($h);
?>
--EXPECTF--
client: peer=CLIENT name=CLIENT line=hello crypto=TLSv1.3
client:   proxy: version=1 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
client: peer=CLIENT name=CLIENT line=hello crypto=TLSv1.3
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
