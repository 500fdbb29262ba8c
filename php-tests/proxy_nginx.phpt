--TEST--
PROXY protocol: nginx stream { proxy_protocol on; } (v1) over IPv4 and IPv6 in front of an unchanged stream_select server
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_executable('/usr/sbin/nginx') || !is_file('/usr/lib/nginx/modules/ngx_stream_module.so')) die('skip nginx with the stream module not installed');
if (!@stream_socket_server('tcp://[::1]:0')) die('skip no IPv6 loopback');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, proxy_ctx());
$backend = stream_socket_get_name($server, false);
$v4 = '127.0.0.1:' . proxy_nginx('127.0.0.1', $backend);
$v6 = '[::1]:' . proxy_nginx('::1', $backend);

$h = tls_spawn(function () use ($v4, $v6) {
    proxy_client($v4, '127.0.0.2:0');
    proxy_client($v6, '[::1]:0');
});
proxy_serve($server, 2);
tls_show($h);
?>
--EXPECTF--
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=1 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=1 command='PROXY' source='CLIENT' destination='TARGET' proxy='127.0.0.1:%d'
