--TEST--
PROXY protocol: hand-written v1/v2 headers (PROXY, UNKNOWN, LOCAL, TCP6, TLVs); garbage, truncated and oversized headers dropped with a warning while the server keeps serving
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, proxy_ctx());
$addr = stream_socket_get_name($server, false);

$h = tls_spawn(function () use ($addr) {
    echo "-- good\n";
    proxy_client($addr, '127.0.0.2:0', "PROXY TCP4 192.0.2.1 192.0.2.2 1234 80\r\n");
    proxy_client($addr, '127.0.0.2:0', "PROXY TCP6 2001:db8::1 2001:db8::2 65535 443\r\n");
    proxy_client($addr, '127.0.0.2:0', "PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n");
    proxy_client($addr, '127.0.0.2:0', proxy_v2('PROXY', '198.51.100.7:40000', '198.51.100.8:443',
        proxy_tlv(0x01, 'h2') . proxy_tlv(0x02, 'example.com') . proxy_tlv(0x05, 'id-42') . proxy_tlv(0x04, 'pad')));
    proxy_client($addr, '127.0.0.2:0', proxy_v2('PROXY', '[2001:db8::7]:1', '[2001:db8::8]:2'));
    proxy_client($addr, '127.0.0.2:0', proxy_v2('LOCAL'));
    echo "-- bad: dropped, no answer\n";
    var_dump(proxy_raw($addr, "GET / HTTP/1.0\r\n\r\n"));
    var_dump(proxy_raw($addr, "PROXY TCP4 192.0.2.1", true));
    var_dump(proxy_raw($addr, "PROXY TCP4 " . str_repeat('1', 120) . "\r\n"));
    var_dump(proxy_raw($addr, PROXY_V2_SIG . "\x21\x11\xff\xff" . str_repeat("\0", 64)));
    var_dump(proxy_raw($addr, "PROXY TCP4 192.0.2.1 192.0.2.2 99999 80\r\nhello\n"));
    var_dump(proxy_raw($addr, substr(proxy_v2('PROXY', '192.0.2.1:1', '192.0.2.2:2'), 0, 20), true));
    echo "-- still serving\n";
    proxy_client($addr, '127.0.0.2:0', "PROXY TCP4 192.0.2.9 192.0.2.2 9 80\r\n", 'last');
});
proxy_serve($server, 7);
tls_show($h);
?>
--EXPECTF--
Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: malformed PROXY header (not a PROXY header) in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: closed before a complete PROXY header in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: malformed PROXY header (v1 line too long) in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: malformed PROXY header (v2 header too long) in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: malformed PROXY header (bad v1 port) in %s on line %d

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: closed before a complete PROXY header in %s on line %d
client: -- good
client: peer=192.0.2.1:1234 name=192.0.2.1:1234 line=hello
client:   proxy: version=1 command='PROXY' source='192.0.2.1:1234' destination='192.0.2.2:80' proxy='CLIENT'
client: peer=[2001:db8::1]:65535 name=[2001:db8::1]:65535 line=hello
client:   proxy: version=1 command='PROXY' source='[2001:db8::1]:65535' destination='[2001:db8::2]:443' proxy='CLIENT'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=1 command='UNKNOWN' proxy='CLIENT'
client: peer=198.51.100.7:40000 name=198.51.100.7:40000 line=hello
client:   proxy: version=2 command='PROXY' source='198.51.100.7:40000' destination='198.51.100.8:443' proxy='CLIENT' alpn='h2' authority='example.com' unique_id='id-42'
client: peer=[2001:db8::7]:1 name=[2001:db8::7]:1 line=hello
client:   proxy: version=2 command='PROXY' source='[2001:db8::7]:1' destination='[2001:db8::8]:2' proxy='CLIENT'
client: peer=CLIENT name=CLIENT line=hello
client:   proxy: version=2 command='LOCAL' proxy='CLIENT'
client: -- bad: dropped, no answer
client: string(0) ""
client: string(0) ""
client: string(0) ""
client: string(0) ""
client: string(0) ""
client: string(0) ""
client: -- still serving
client: peer=192.0.2.9:9 name=192.0.2.9:9 line=last
client:   proxy: version=1 command='PROXY' source='192.0.2.9:9' destination='192.0.2.2:80' proxy='CLIENT'
