--TEST--
stream_socket_enable_crypto(): a fatal error raised while the ssl options are read (__toString running out of memory) ends the script; the stream is left as usual, so a shutdown function can still fclose it
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
// A real fatal error (E_USER_ERROR is deprecated from PHP 8.4 on).
class Boom { function __toString(): string { ini_set('memory_limit', '4M'); return str_repeat('x', 8 << 20); } }
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => new Boom]]));
$cl = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$conn = stream_socket_accept($tcp, 5);
register_shutdown_function(function () use ($conn) {
    echo 'shutdown fclose: ', var_export(fclose($conn), true), "\n";
});
stream_set_blocking($conn, false);
stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
echo "not reached\n";
?>
--EXPECTF--
Fatal error: Allowed memory size of 4194304 bytes exhausted %s in %s on line %d
shutdown fclose: true
