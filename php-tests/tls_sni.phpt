--TEST--
TLS servers: SNI_server_certs (file and local_cert/local_pk forms, case, wildcard, fallback), SNI_enabled
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

// Each client asks for a name (peer_name is also the SNI name sent) and
// reports the common name of the certificate the server presented.
function sni(string $label, array $serverSsl): void
{
    echo "-- $label\n";
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($serverSsl));
    $addr = stream_socket_get_name($server, false);
    $asks = [
        'no SNI' => [],
        'other.test' => ['peer_name' => 'other.test'],
        'OTHER.Test' => ['peer_name' => 'OTHER.Test'],
        'localhost' => ['peer_name' => 'localhost'],
        'unknown.test' => ['peer_name' => 'unknown.test'],
        'other.test, client SNI_enabled=false' => ['peer_name' => 'other.test', 'SNI_enabled' => false],
    ];
    $h = tls_spawn(function () use ($addr, $asks) {
        foreach ($asks as $what => $ssl) {
            $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
                tls_ctx($ssl + ['cafile' => tls_certs()['ca'], 'verify_peer_name' => false, 'capture_peer_cert' => true]));
            echo str_pad($what, 38), '=> ', tls_cn(stream_context_get_options($cl)['ssl']['peer_certificate']), "\n";
            stream_set_timeout($cl, 3);
            fgets($cl);
        }
    });
    foreach ($asks as $_) {
        $conn = stream_socket_accept($server, 3);
        fwrite($conn, "next\n");
    }
    tls_show($h);
}

sni('SNI_server_certs, host => file with certificate and key', [
    'local_cert' => $c['server'],
    'SNI_server_certs' => ['other.test' => $c['other']],
]);
sni('SNI_server_certs, host => [local_cert, local_pk]', [
    'local_cert' => $c['server'],
    'SNI_server_certs' => ['other.test' => ['local_cert' => $c['other_cert'], 'local_pk' => $c['other_key']]],
]);
sni('SNI_server_certs, wildcard host', [
    'local_cert' => $c['server'],
    'SNI_server_certs' => ['*.test' => $c['other']],
]);
sni('server SNI_enabled=false: SNI_server_certs ignored', [
    'local_cert' => $c['server'],
    'SNI_enabled' => false,
    'SNI_server_certs' => ['other.test' => $c['other']],
]);

echo "-- the client checks the name it asked for\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => $c['other']]]));
$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    foreach (['other.test', 'unknown.test'] as $name) {
        $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx(['peer_name' => $name]));
        echo "$name: ", $cl ? 'verified' : 'refused', "\n";
        if ($cl) {
            stream_set_timeout($cl, 3);
            fgets($cl);
        }
    }
});
$conn = stream_socket_accept($server, 3);
fwrite($conn, "next\n");
// The refused client aborts after the server's part of the handshake: no warning here.
var_dump(is_resource(stream_socket_accept($server, 3)));
tls_show($h);
?>
--EXPECTF--
-- SNI_server_certs, host => file with certificate and key
client: no SNI                                => localhost
client: other.test                            => other.test
client: OTHER.Test                            => other.test
client: localhost                             => localhost
client: unknown.test                          => localhost
client: other.test, client SNI_enabled=false  => localhost
-- SNI_server_certs, host => [local_cert, local_pk]
client: no SNI                                => localhost
client: other.test                            => other.test
client: OTHER.Test                            => other.test
client: localhost                             => localhost
client: unknown.test                          => localhost
client: other.test, client SNI_enabled=false  => localhost
-- SNI_server_certs, wildcard host
client: no SNI                                => localhost
client: other.test                            => other.test
client: OTHER.Test                            => other.test
client: localhost                             => localhost
client: unknown.test                          => other.test
client: other.test, client SNI_enabled=false  => localhost
-- server SNI_enabled=false: SNI_server_certs ignored
client: no SNI                                => localhost
client: other.test                            => localhost
client: OTHER.Test                            => localhost
client: localhost                             => localhost
client: unknown.test                          => localhost
client: other.test, client SNI_enabled=false  => localhost
-- the client checks the name it asked for
bool(true)
client: other.test: verified
client: Warning: stream_socket_client(): Peer certificate %s did not match expected %sunknown.test'
client: Warning: stream_socket_client(): Failed to enable crypto
client: Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
client: unknown.test: refused
