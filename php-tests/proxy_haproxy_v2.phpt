--TEST--
PROXY protocol: HAProxy send-proxy-v2 over IPv4 and IPv6 fronts; $peer, stream_socket_get_name() and the meta data's proxy key
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_executable('/usr/sbin/haproxy')) die('skip haproxy not installed');
if (!@stream_socket_server('tcp://[::1]:0')) die('skip no IPv6 loopback');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, proxy_ctx());
$backend = stream_socket_get_name($server, false);
$v4 = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend, 'send-proxy-v2');
$v6 = '[::1]:' . proxy_haproxy('::1', $backend, 'send-proxy-v2');

$h = tls_spawn(function () use ($v4, $v6) {
    proxy_client($v4, '127.0.0.2:0');
    proxy_client($v6, '[::1]:0');
    proxy_client($v4, '127.0.0.3:0', '', 'bye');
});
proxy_serve($server, 3);
tls_show($h);
?>
--EXPECTF--
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
client: peer=CLIENT name=CLIENT line=bye
client:   proxy: version=2 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
