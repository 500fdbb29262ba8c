--TEST--
stream_socket_enable_crypto() on a stream accepted from a tcp:// server: STARTTLS, enable twice, disable back to plaintext
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
// The ssl options live in the tcp server's context; accepted streams use it.
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tcp://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    fwrite($cl, "STARTTLS\n");
    var_dump(fgets($cl));
    var_dump(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    echo stream_get_meta_data($cl)['crypto']['protocol'], "\n";
    fwrite($cl, "secret\n");
    var_dump(fgets($cl), fgets($cl));
    fwrite($cl, "STOPTLS\n");
    var_dump(stream_socket_enable_crypto($cl, false));
    fwrite($cl, "plain from client\n");
    // The server's close_notify alert (an encrypted TLS 1.3 record of 24
    // bytes) arrives raw in front of its first plaintext line (exactly 42
    // bytes; not fgets(): the ciphertext may contain a "\n").
    $line = stream_get_contents($cl, 42);
    echo bin2hex(substr($line, 0, 3)), ' ', strlen($line) - 18, ' ', var_export(substr($line, -18), true), "\n";
});

$conn = stream_socket_accept($server, 3);
stream_set_timeout($conn, 3);
echo "-- before\n";
var_dump(stream_get_meta_data($conn));
var_dump(fgets($conn));
fwrite($conn, "GO\n");
echo "-- enable\n";
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(stream_get_meta_data($conn));
var_dump(fgets($conn));
fwrite($conn, "secret reply\n");
echo "-- enable again\n";
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
// Still encrypted.
fwrite($conn, "still encrypted\n");
var_dump(stream_get_meta_data($conn)['crypto']['protocol']);
echo "-- disable\n";
var_dump(fgets($conn));
var_dump(stream_socket_enable_crypto($conn, false));
var_dump(array_key_exists('crypto', stream_get_meta_data($conn)));
fwrite($conn, "plain from server\n");
$line = stream_get_contents($conn, 42);
echo bin2hex(substr($line, 0, 3)), ' ', strlen($line) - 18, ' ', var_export(substr($line, -18), true), "\n";
echo "-- disable again\n";
var_dump(stream_socket_enable_crypto($conn, false));
tls_show($h);
?>
--EXPECTF--
-- before
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(14) "tcp_socket/ssl"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
string(9) "STARTTLS
"
-- enable
bool(true)
array(8) {
  ["crypto"]=>
  array(4) {
    ["protocol"]=>
    string(7) "TLSv1.3"
    ["cipher_name"]=>
    string(22) "TLS_AES_256_GCM_SHA384"
    ["cipher_bits"]=>
    int(256)
    ["cipher_version"]=>
    string(7) "TLSv1.3"
  }
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(14) "tcp_socket/ssl"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
string(7) "secret
"
-- enable again

Warning: stream_socket_enable_crypto(): SSL/TLS already set-up for this stream in %s on line %d
bool(false)
string(7) "TLSv1.3"
-- disable
string(8) "STOPTLS
"
bool(false)
bool(false)
170303 24 'plain from client
'
-- disable again
bool(false)
client: string(3) "GO
client: "
client: bool(true)
client: TLSv1.3
client: string(13) "secret reply
client: "
client: string(16) "still encrypted
client: "
client: bool(false)
client: 170303 24 'plain from server
client: '
