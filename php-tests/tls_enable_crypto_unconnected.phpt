--TEST--
stream_socket_enable_crypto() on a socket that is not connected (bound only, or listening): blocking waits out the stream timeout and fails with "SSL: Handshake timed out"; non-blocking returns 0 at once
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
foreach (['bound only' => STREAM_SERVER_BIND, 'listening' => STREAM_SERVER_BIND | STREAM_SERVER_LISTEN] as $what => $flags) {
    echo "-- $what, blocking\n";
    $s = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, $flags);
    stream_set_timeout($s, 1);
    $t = microtime(true);
    var_dump(stream_socket_enable_crypto($s, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
    $elapsed = microtime(true) - $t;
    var_dump($elapsed >= 0.9 && $elapsed < 5);
    echo "-- $what, non-blocking\n";
    $s = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, $flags);
    stream_set_blocking($s, false);
    $t = microtime(true);
    var_dump(stream_socket_enable_crypto($s, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
    var_dump(microtime(true) - $t < 0.5);
}
?>
--EXPECTF--
-- bound only, blocking

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
bool(true)
-- bound only, non-blocking
int(0)
bool(true)
-- listening, blocking

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
bool(true)
-- listening, non-blocking
int(0)
bool(true)
