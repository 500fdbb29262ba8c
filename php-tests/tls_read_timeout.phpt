--TEST--
TLS streams: read timeouts (false, timed_out, not eof); on TLS streams timed_out stays set after later successful reads
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
foreach (['tcp', 'ssl'] as $scheme) {
    echo "-- $scheme://\n";
    $server = stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        tls_ctx(['local_cert' => $c['server']]));
    $addr = stream_socket_get_name($server, false);
    [$ctl, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $h = tls_spawn(function () use ($addr, $scheme, $theirs) {
        $cl = stream_socket_client("$scheme://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
        stream_set_timeout($theirs, 3);
        // Speak only when told to.
        fgets($theirs);
        fwrite($cl, "late\n");
        fgets($theirs);
    });
    $conn = stream_socket_accept($server, 3);
    stream_set_timeout($conn, 0, 300000);
    $t = microtime(true);
    var_dump(fread($conn, 10));
    var_dump(microtime(true) - $t > 0.2);
    $meta = stream_get_meta_data($conn);
    var_dump($meta['timed_out'], $meta['eof'], feof($conn));
    var_dump(fgets($conn), stream_get_meta_data($conn)['timed_out']);
    fwrite($ctl, "go\n");
    echo "after data arrived:\n";
    var_dump(fgets($conn), stream_get_meta_data($conn)['timed_out']);
    stream_set_blocking($conn, false);
    var_dump(fread($conn, 10), fgets($conn), stream_get_meta_data($conn)['timed_out']);
    fwrite($ctl, "done\n");
    tls_wait($h);
}
?>
--EXPECT--
-- tcp://
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
after data arrived:
string(5) "late
"
bool(false)
string(0) ""
bool(false)
bool(false)
-- ssl://
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
after data arrived:
string(5) "late
"
bool(true)
string(0) ""
bool(false)
bool(true)
