--TEST--
PROXY protocol: a server made before pcntl_fork() accepts proxied connections in the child, whether or not the parent had started reading headers
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
$hdr = fn (int $i) => "PROXY TCP4 192.0.2.$i 192.0.2.100 $i 80\r\n";

echo "-- a worker forked before the parent ever accepted\n";
$w = tls_spawn(function () use ($server) {
    proxy_serve($server, 2);
    echo "worker done\n";
});
proxy_client($addr, '127.0.0.2:0', $hdr(1));
proxy_client($addr, '127.0.0.2:0', $hdr(2));
tls_show($w, 'worker: ');

echo "-- the parent serves one itself, then forks a worker and closes its copy\n";
$c = tls_spawn(fn () => proxy_client($addr, '127.0.0.2:0', $hdr(3)));
proxy_serve($server, 1);
tls_show($c);
$w = tls_spawn(function () use ($server) {
    proxy_serve($server, 2);
    echo "worker done\n";
});
fclose($server);
proxy_client($addr, '127.0.0.2:0', $hdr(4));
proxy_client($addr, '127.0.0.2:0', $hdr(5));
tls_show($w, 'worker: ');
?>
--EXPECT--
-- a worker forked before the parent ever accepted
peer=192.0.2.1:1 name=192.0.2.1:1 line=hello
  proxy: version=1 command='PROXY' source='192.0.2.1:1' destination='192.0.2.100:80' proxy='CLIENT'
peer=192.0.2.2:2 name=192.0.2.2:2 line=hello
  proxy: version=1 command='PROXY' source='192.0.2.2:2' destination='192.0.2.100:80' proxy='CLIENT'
worker: worker done
-- the parent serves one itself, then forks a worker and closes its copy
client: peer=192.0.2.3:3 name=192.0.2.3:3 line=hello
client:   proxy: version=1 command='PROXY' source='192.0.2.3:3' destination='192.0.2.100:80' proxy='CLIENT'
peer=192.0.2.4:4 name=192.0.2.4:4 line=hello
  proxy: version=1 command='PROXY' source='192.0.2.4:4' destination='192.0.2.100:80' proxy='CLIENT'
peer=192.0.2.5:5 name=192.0.2.5:5 line=hello
  proxy: version=1 command='PROXY' source='192.0.2.5:5' destination='192.0.2.100:80' proxy='CLIENT'
worker: worker done
