--TEST--
TLS servers: alpn_protocols negotiation (server preference), crypto meta data alpn_protocol on both ends
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

function alpn(string $label, array $serverSsl, array $offers): void
{
    echo "-- $label\n";
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        tls_ctx($serverSsl + ['local_cert' => tls_certs()['server']]));
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr, $offers) {
        foreach ($offers as $offer) {
            $ssl = $offer === null ? [] : ['alpn_protocols' => $offer];
            $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx($ssl));
            $crypto = stream_get_meta_data($cl)['crypto'];
            echo str_pad(var_export($offer, true), 16), '=> ', var_export($crypto['alpn_protocol'] ?? null, true),
                ' (', implode(',', array_keys($crypto)), ")\n";
            stream_set_timeout($cl, 3);
            fgets($cl);
        }
    });
    foreach ($offers as $offer) {
        $conn = stream_socket_accept($server, 3);
        $crypto = stream_get_meta_data($conn)['crypto'];
        echo 'server: ', var_export($crypto['alpn_protocol'] ?? null, true), ' (', implode(',', array_keys($crypto)), ")\n";
        fwrite($conn, "next\n");
    }
    tls_show($h);
}

$offers = [null, 'http/1.1', 'h2,http/1.1', 'http/1.1,h2', 'x,h2', 'spdy/3'];
alpn('server alpn_protocols h2,http/1.1', ['alpn_protocols' => 'h2,http/1.1'], $offers);
alpn('server without alpn_protocols', [], ['h2,http/1.1']);
alpn('server alpn_protocols ""', ['alpn_protocols' => ''], ['h2']);
?>
--EXPECT--
-- server alpn_protocols h2,http/1.1
server: NULL (protocol,cipher_name,cipher_bits,cipher_version)
server: 'http/1.1' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
server: 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
server: 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
server: 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
server: NULL (protocol,cipher_name,cipher_bits,cipher_version)
client: NULL            => NULL (protocol,cipher_name,cipher_bits,cipher_version)
client: 'http/1.1'      => 'http/1.1' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
client: 'h2,http/1.1'   => 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
client: 'http/1.1,h2'   => 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
client: 'x,h2'          => 'h2' (protocol,cipher_name,cipher_bits,cipher_version,alpn_protocol)
client: 'spdy/3'        => NULL (protocol,cipher_name,cipher_bits,cipher_version)
-- server without alpn_protocols
server: NULL (protocol,cipher_name,cipher_bits,cipher_version)
client: 'h2,http/1.1'   => NULL (protocol,cipher_name,cipher_bits,cipher_version)
-- server alpn_protocols ""
server: NULL (protocol,cipher_name,cipher_bits,cipher_version)
client: 'h2'            => NULL (protocol,cipher_name,cipher_bits,cipher_version)
