--TEST--
rsock: PHP code run while TLS options are read (a __toString path that tries to fclose every socket stream, including the one being set up) cannot close or free the stream under rsock's feet
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native frees the stream under its own handshake here');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
class Closer {
    public int $calls = 0;
    function __construct(private string $path) {}
    function __toString(): string {
        $this->calls++;
        foreach (get_resources('stream') as $r) {
            if (str_starts_with(stream_get_meta_data($r)['stream_type'], 'tcp_socket')) {
                echo 'fclose: ', var_export(@fclose($r), true), "\n";
            }
        }
        return $this->path;
    }
}
$closer = new Closer($c['server']);
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $closer]));
$addr = stream_socket_get_name($tcp, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("tcp://$addr", $e, $s, 5);
    stream_context_set_option($cl, 'ssl', 'verify_peer', false);
    var_dump(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    echo fread($cl, 10), "\n";
});
$conn = stream_socket_accept($tcp, 5);
// The server is closed by __toString (it is not in use); the connection being
// set up is not.
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump($closer->calls >= 1, is_resource($conn), is_resource($tcp));
fwrite($conn, "encrypted");
fclose($conn);
tls_show($h);
?>
--EXPECT--
fclose: true
fclose: false
bool(true)
bool(true)
bool(true)
bool(false)
client: bool(true)
client: encrypted
