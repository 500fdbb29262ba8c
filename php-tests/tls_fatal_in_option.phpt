--TEST--
stream_socket_enable_crypto(): a fatal error raised while the ssl options are read (E_USER_ERROR from __toString) ends the script; the stream is left as usual, so a shutdown function can still fclose it
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();
class Boom { function __toString(): string { trigger_error('fatal while reading local_cert', E_USER_ERROR); return ''; } }
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
Fatal error: fatal while reading local_cert in %s on line %d
shutdown fclose: true
