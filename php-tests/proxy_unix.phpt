--TEST--
PROXY protocol on a unix:// server (HAProxy can send to unix backends): the header's client address; UNKNOWN/LOCAL keep the socket's (unnamed) peer, as without the option; proxy_from does not apply
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)'); ?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$path = sys_get_temp_dir() . '/rsock-proxy-unix-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn () => @unlink($path));
$server = stream_socket_server("unix://$path", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    proxy_ctx(['proxy_from' => '10.0.0.0/8']));
foreach ([
    "PROXY TCP4 192.0.2.1 192.0.2.2 1234 80\r\n",
    proxy_v2('PROXY', '[2001:db8::1]:443', '[2001:db8::2]:8443'),
    "PROXY UNKNOWN\r\n",
    proxy_v2('LOCAL'),
] as $hdr) {
    $c = stream_socket_client("unix://$path", $e, $m, 5);
    fwrite($c, $hdr . "hello\n");
    $conn = stream_socket_accept($server, 5, $peer);
    var_dump($peer, stream_socket_get_name($conn, true), fgets($conn));
    $p = stream_get_meta_data($conn)['proxy'];
    echo "meta: {$p['version']} {$p['command']} ", $p['source'] ?? '-', ' proxy=', var_export($p['proxy'], true), "\n";
    fclose($conn);
    fclose($c);
}
?>
--EXPECT--
string(14) "192.0.2.1:1234"
string(14) "192.0.2.1:1234"
string(6) "hello
"
meta: 1 PROXY 192.0.2.1:1234 proxy=''
string(17) "[2001:db8::1]:443"
string(17) "[2001:db8::1]:443"
string(6) "hello
"
meta: 2 PROXY [2001:db8::1]:443 proxy=''
string(0) ""
bool(false)
string(6) "hello
"
meta: 1 UNKNOWN - proxy=''
string(0) ""
bool(false)
string(6) "hello
"
meta: 2 LOCAL - proxy=''
