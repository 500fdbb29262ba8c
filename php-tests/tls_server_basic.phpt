--TEST--
TLS servers: ssl:// and tls:// accept, meta data (PHP 8.3+: the server's uri is its address), reads and writes, large transfers, close
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/meta_uri.inc';
$c = tls_certs();

echo "-- ssl:// server, certificate and key in one file\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
var_dump($errno, $errstr);
var_dump(meta_without_uri($server, 'ssl://127.0.0.1:0'));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    var_dump(stream_get_meta_data($cl)['crypto']);
    fwrite($cl, "hello\nworld\n");
    var_dump(fgets($cl));
    var_dump(fread($cl, 4));
    // The server closes: end of stream.
    var_dump(fread($cl, 100));
    var_dump(feof($cl), stream_get_meta_data($cl)['eof']);
    fclose($cl);
});
$conn = stream_socket_accept($server, 3, $peer);
var_dump($conn, $peer);
var_dump(meta_without_uri($conn, null));
var_dump(stream_socket_get_name($conn, true) === $peer);
var_dump(stream_socket_get_name($conn, false) === $addr);
var_dump(fgets($conn), fgets($conn));
var_dump(fwrite($conn, "line one\n"), fwrite($conn, "rest"));
fclose($conn);
tls_show($h);

echo "-- tls:// server, separate key file, encrypted key with its passphrase, large transfers\n";
$server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx([
        'local_cert' => $c['server_cert'],
        'local_pk' => $c['server_key_enc'],
        'passphrase' => $c['passphrase'],
    ]));
echo stream_get_meta_data($server)['stream_type'], "\n";
$addr = stream_socket_get_name($server, false);
$big = '';
for ($i = 0; strlen($big) < 300000; $i++) {
    $big .= "$i:" . str_repeat(chr(65 + $i % 26), $i % 97) . "\n";
}
$h = tls_spawn(function () use ($addr, $big) {
    for ($n = 1; $n <= 2; $n++) {
        $cl = stream_socket_client("tls://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
        stream_set_timeout($cl, 3);
        echo "client $n: ", stream_get_meta_data($cl)['crypto']['protocol'], "\n";
        var_dump(fwrite($cl, $big));
        $back = stream_get_contents($cl);
        var_dump(strlen($back), $back === strrev($big), feof($cl));
        fclose($cl);
    }
});
for ($n = 1; $n <= 2; $n++) {
    $conn = stream_socket_accept($server, 3);
    echo "server $n: ", stream_get_meta_data($conn)['crypto']['protocol'], "\n";
    stream_set_timeout($conn, 3);
    $got = stream_get_contents($conn, strlen($big));
    var_dump($got === $big);
    var_dump(fwrite($conn, strrev($got)));
    fclose($conn);
}
tls_show($h);
?>
--EXPECTF--
-- ssl:// server, certificate and key in one file
int(0)
string(0) ""
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
resource(%d) of type (stream)
string(%d) "127.0.0.1:%d"
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
bool(true)
bool(true)
string(6) "hello
"
string(6) "world
"
int(9)
int(4)
client: array(4) {
client:   ["protocol"]=>
client:   string(7) "TLSv1.3"
client:   ["cipher_name"]=>
client:   string(22) "TLS_AES_256_GCM_SHA384"
client:   ["cipher_bits"]=>
client:   int(256)
client:   ["cipher_version"]=>
client:   string(7) "TLSv1.3"
client: }
client: string(9) "line one
client: "
client: string(4) "rest"
client: string(0) ""
client: bool(true)
client: bool(true)
-- tls:// server, separate key file, encrypted key with its passphrase, large transfers
tcp_socket/ssl
server 1: TLSv1.3
bool(true)
int(300%d)
server 2: TLSv1.3
bool(true)
int(300%d)
client: client 1: TLSv1.3
client: int(300%d)
client: int(300%d)
client: bool(true)
client: bool(true)
client: client 2: TLSv1.3
client: int(300%d)
client: int(300%d)
client: bool(true)
client: bool(true)
