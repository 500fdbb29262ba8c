--TEST--
PROXY protocol: proxy_from lists who may send a header; a connection from elsewhere is dropped with a warning, the server keeps serving
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    proxy_ctx(['proxy_from' => ['10.0.0.0/8', '127.0.0.2', '2001:db8::/32']]));
$addr = stream_socket_get_name($server, false);
$hdr = "PROXY TCP4 192.0.2.1 192.0.2.2 1234 80\r\n";

$h = tls_spawn(function () use ($addr, $hdr) {
    proxy_client($addr, '127.0.0.2:0', $hdr, 'allowed');
    var_dump(proxy_raw($addr, $hdr . "refused\n", false, 5, '127.0.0.3:0'));
    var_dump(proxy_raw($addr, $hdr . "refused\n", false, 5, '127.0.0.1:0'));
    proxy_client($addr, '127.0.0.2:0', $hdr, 'allowed again');
});
proxy_serve($server, 2);
tls_show($h);
?>
--EXPECTF--
Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.3:%d: source not allowed by proxy_from in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: source not allowed by proxy_from in %s on line %d
client: peer=192.0.2.1:1234 name=192.0.2.1:1234 line=allowed
client:   proxy: version=1 command='PROXY' source='192.0.2.1:1234' destination='192.0.2.2:80' proxy='CLIENT'
client: string(0) ""
client: string(0) ""
client: peer=192.0.2.1:1234 name=192.0.2.1:1234 line=allowed again
client:   proxy: version=1 command='PROXY' source='192.0.2.1:1234' destination='192.0.2.2:80' proxy='CLIENT'
