--TEST--
TLS servers: a client-initiated renegotiation over reneg_limit calls reneg_limit_callback with the stream (which it cannot fclose) or warns, then ends the connection; the peer's reaction to the refusal is not reported
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
exec('command -v openssl', $o, $rc);
if ($rc !== 0) die('skip the openssl command is needed (s_client)');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
foreach (['with a callback', 'without a callback'] as $what) {
    echo "-- $what\n";
    $opts = ['local_cert' => $c['server'], 'max_proto_version' => STREAM_CRYPTO_PROTO_TLSv1_2,
             'reneg_limit' => 0, 'reneg_window' => 30];
    if ($what === 'with a callback') {
        $opts['reneg_limit_callback'] = function ($s) {
            echo 'callback: ', get_resource_type($s), ', fclose: ', var_export(@fclose($s), true), "\n";
        };
    }
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $opts]));
    $addr = stream_socket_get_name($server, false);
    // "R" asks s_client to renegotiate; the client stays until the server closes.
    $p = proc_open(['sh', '-c', "(echo R; sleep 5) | timeout 10 openssl s_client -connect $addr"],
        [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    $conn = stream_socket_accept($server, 5);
    stream_set_timeout($conn, 5);
    do {
        $d = fread($conn, 1024);
        echo 'fread: ', var_export($d, true), ', feof: ', var_export(feof($conn), true), "\n";
    } while ($d !== '' && $d !== false);
    fclose($conn);
    proc_terminate($p);
    proc_close($p);
}
?>
--EXPECTF--
-- with a callback
callback: stream, fclose: false
fread: '', feof: true
-- without a callback

Warning: fread(): SSL: client-initiated handshake rate limit exceeded by peer in %s on line %d
fread: '', feof: true
