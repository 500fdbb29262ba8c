--TEST--
PROXY protocol: a silent and a byte-dribbling client never stall a non-blocking stream_select loop; the silent one is dropped after proxy_timeout with a warning
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    proxy_ctx(['proxy_timeout' => 2]));
$addr = stream_socket_get_name($server, false);

$h = tls_spawn(function () use ($addr) {
    $ctx = stream_context_create(['socket' => ['bindto' => '127.0.0.2:0']]);
    $silent = stream_socket_client("tcp://$addr", $e, $m, 5, STREAM_CLIENT_CONNECT, $ctx);
    $slow = stream_socket_client("tcp://$addr", $e, $m, 5, STREAM_CLIENT_CONNECT, $ctx);
    fwrite($slow, 'PRO');
    // Connected after both, answered while both are still waiting.
    proxy_client($addr, '127.0.0.3:0', "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n", 'fast');
    $r = [$silent, $slow]; $w = $x = null;
    echo 'slow clients still connected: ', stream_select($r, $w, $x, 0) === 0 ? 'yes' : 'NO', "\n";
    // The dribbler finishes its header one byte at a time, then is served.
    foreach (str_split("XY TCP4 192.0.2.5 192.0.2.6 5 6\r\n") as $byte) {
        fwrite($slow, $byte);
    }
    fwrite($slow, "dribbled\n");
    stream_set_timeout($slow, 5);
    $me = stream_socket_get_name($slow, false);
    echo proxy_show(json_decode((string) fgets($slow), true), $me, $addr);
    // The silent one is dropped once proxy_timeout (2 s) has passed.
    stream_set_timeout($silent, 10);
    var_dump(@stream_get_contents($silent), stream_get_meta_data($silent)['timed_out']);
    // The next accept reports the drop.
    proxy_client($addr, '127.0.0.3:0', "PROXY TCP4 192.0.2.9 192.0.2.2 9 2\r\n", 'after');
});
proxy_serve($server, 3);
tls_show($h);
?>
--EXPECTF--
Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.2:%d: no complete PROXY header in time in %s on line %d
client: peer=192.0.2.1:1 name=192.0.2.1:1 line=fast
client:   proxy: version=1 command='PROXY' source='192.0.2.1:1' destination='192.0.2.2:2' proxy='CLIENT'
client: slow clients still connected: yes
client: peer=192.0.2.5:5 name=192.0.2.5:5 line=dribbled
client:   proxy: version=1 command='PROXY' source='192.0.2.5:5' destination='192.0.2.6:6' proxy='CLIENT'
client: string(0) ""
client: bool(false)
client: peer=192.0.2.9:9 name=192.0.2.9:9 line=after
client:   proxy: version=1 command='PROXY' source='192.0.2.9:9' destination='192.0.2.2:2' proxy='CLIENT'
