--TEST--
stream_socket_enable_crypto() on a non-blocking connection: after a handshake that failed (plain HTTP) the next attempt gives what OpenSSL answers (3.0: the warning "SSL: Success" and false; 3.5: 0); a peer that closed without a word fails with no warning; neither sets eof
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (OPENSSL_VERSION_NUMBER >= 0x30200000 && OPENSSL_VERSION_NUMBER < 0x30500000) {
    die('skip the retry was seen on OpenSSL 3.0 (and taken to hold before 3.2) and 3.5 only');
}
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => $c['server']]]));
$addr = stream_socket_get_name($server, false);
$wait = function ($s) {
    $r = [$s];
    $w = $e = null;
    stream_select($r, $w, $e, 5);
};
// PHP asks OpenSSL again, so the second attempt gives OpenSSL's answer: 3.0
// keeps the failed connection dead (SSL_accept fails at once, which PHP reports
// as "SSL: Success", errno 0's text, and false); 3.5 reads on and asks for more
// (0, as for a handshake that would block).
const RETRY = OPENSSL_VERSION_NUMBER >= 0x30500000
    ? 'int(0)'
    : 'bool(false), warning: stream_socket_enable_crypto(): SSL: Success';
$retry = function ($conn) {
    error_clear_last();
    ob_start();
    var_dump(@stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
    $got = rtrim(ob_get_clean());
    if ($e = error_get_last()) {
        $got .= ', warning: ' . $e['message'];
    }
    echo $got === RETRY ? "retry: as OpenSSL answers\n" : "retry: $got (expected " . RETRY . ")\n";
};

echo "-- plain HTTP\n";
$client = stream_socket_client("tcp://$addr");
fwrite($client, "GET / HTTP/1.0\r\n\r\n");
$conn = stream_socket_accept($server, 1);
$wait($conn);
stream_set_blocking($conn, false);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_get_meta_data($conn)['eof']);
$retry($conn);
var_dump(stream_get_meta_data($conn)['eof']);

echo "-- the peer closed\n";
$client = stream_socket_client("tcp://$addr");
$conn = stream_socket_accept($server, 1);
fclose($client);
$wait($conn);
stream_set_blocking($conn, false);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_get_meta_data($conn)['eof']);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
?>
--EXPECTF--
-- plain HTTP

Warning: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A00009C:SSL routines::http request in %s on line %d
bool(false)
bool(false)
retry: as OpenSSL answers
bool(false)
-- the peer closed
bool(false)
bool(false)
bool(false)
