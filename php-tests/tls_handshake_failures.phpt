--TEST--
TLS servers: failed handshakes (plain HTTP, early close, garbage) make stream_socket_accept() return false; the server keeps serving
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/accept_failed.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

$h = tls_spawn(function () use ($addr) {
    // Each bad client waits until the server dropped it, so the server's
    // accepts meet the clients in this order.
    $drain = function ($cl) {
        stream_set_timeout($cl, 3);
        while (($d = @fread($cl, 1000)) !== false && $d !== '') {
        }
        return stream_get_meta_data($cl)['timed_out'] ? 'timed out' : 'dropped';
    };
    $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
    fwrite($cl, "GET / HTTP/1.0\r\n\r\n");
    echo "http: ", $drain($cl), "\n";

    $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
    fclose($cl);

    // One complete record of an unknown handshake message: the server
    // answers with a fatal unexpected_message alert, then closes.
    $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
    fwrite($cl, "\x16\x03\x01\x00\x05hello");
    stream_set_timeout($cl, 3);
    echo "tls garbage: ", bin2hex(fread($cl, 1000)), "\n";
    echo "then: ", $drain($cl), "\n";

    $cl = stream_socket_client("tcp://$addr", $e, $s, 3);
    fwrite($cl, "\x00\x01\x02garbage\xff\xfe");
    echo "garbage: ", $drain($cl), "\n";

    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    fwrite($cl, "good\n");
    var_dump(fgets($cl));
});

// Errors PHP's openssl functions stored before (PHP 8.4 stores one when there is no
// ~/.rnd to seed from while the test certificates are made) are not the handshakes'.
while (openssl_error_string() !== false);
foreach (['plain HTTP', 'closed at once', 'TLS garbage', 'non-TLS garbage'] as $what) {
    echo "-- $what\n";
    $t = microtime(true);
    $peer = 'untouched';
    $conn = stream_socket_accept($server, 3, $peer);
    var_dump($conn, $peer, microtime(true) - $t < 1.5);
    var_dump(openssl_error_string());
}
echo "-- a good client\n";
$conn = stream_socket_accept($server, 3, $peer);
var_dump($conn, $peer);
var_dump(fgets($conn));
fwrite($conn, "served\n");
tls_show($h);
?>
--EXPECTF--
-- plain HTTP

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A00009C:SSL routines::http request in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
string(9) "untouched"
bool(true)
bool(false)
-- closed at once

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
string(9) "untouched"
bool(true)
bool(false)
-- TLS garbage

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A0000F4:SSL routines::unexpected message in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
string(9) "untouched"
bool(true)
bool(false)
-- non-TLS garbage

Warning: stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A00010B:SSL routines::wrong version number in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
string(9) "untouched"
bool(true)
bool(false)
-- a good client
resource(%d) of type (stream)
string(%d) "127.0.0.1:%d"
string(5) "good
"
client: http: dropped
client: tls garbage: 1503030002020a
client: then: dropped
client: garbage: dropped
client: string(7) "served
client: "
