--TEST--
stream_socket_enable_crypto() on non-blocking accepted tcp streams: int(0) until done, context crypto_method, errors
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl required'); ?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();

// Both ends in this process, both non-blocking: each handshake step is
// driven by stream_select(), so no fork is needed.
function handshake($conn, $cl, ?int $serverMethod, ?int $clientMethod): void
{
    stream_set_blocking($conn, false);
    stream_set_blocking($cl, false);
    $log = ['server' => [], 'client' => []];
    $done = ['server' => false, 'client' => false];
    for ($i = 0; $i < 100 && !($done['server'] && $done['client']); $i++) {
        foreach (['server' => [$conn, $serverMethod], 'client' => [$cl, $clientMethod]] as $who => [$s, $m]) {
            if ($done[$who]) {
                continue;
            }
            $r = $m === null ? stream_socket_enable_crypto($s, true) : stream_socket_enable_crypto($s, true, $m);
            $log[$who][] = var_export($r, true);
            $done[$who] = $r === true;
            if ($r !== true && $r !== 0) {
                break 2;
            }
        }
        if ($done['server'] && $done['client']) {
            break;
        }
        $r = [$conn, $cl];
        $w = $x = null;
        stream_select($r, $w, $x, 2);
    }
    foreach ($log as $who => $l) {
        // Print the shape: zeros while waiting, then true.
        $zeros = count(array_filter($l, fn ($v) => $v === '0'));
        echo "$who: first ", $l[0], ", ", $zeros > 0 ? 'int(0) while waiting' : 'never waited', ", last ", end($l), ", ",
            count($l) === $zeros + 1 ? 'nothing else' : 'other values: ' . implode(' ', $l), "\n";
    }
}

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

echo "-- explicit methods\n";
$cl = stream_socket_client("tcp://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
$conn = stream_socket_accept($server, 3);
handshake($conn, $cl, STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_CRYPTO_METHOD_TLS_CLIENT);
$meta = stream_get_meta_data($conn);
var_dump($meta['crypto']['protocol'], $meta['blocked'], array_key_first($meta));
fwrite($cl, "ping\n");
$r = [$conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
var_dump(fgets($conn));
fwrite($conn, "pong\n");
// The client may first see only the server's TLS 1.3 session tickets
// (readable, but no application data yet): select again until a line.
$deadline = microtime(true) + 2;
do {
    $r = [$cl]; $w = $x = null;
    stream_select($r, $w, $x, 1);
    $line = fgets($cl);
} while ($line === false && microtime(true) < $deadline);
var_dump($line);
echo "-- enable again on a non-blocking stream: false, no warning\n";
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
echo "-- nothing to read: false from fgets, not a hang\n";
var_dump(fgets($conn), feof($conn));

echo "-- method from the context (ssl.crypto_method)\n";
$server2 = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server'], 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_SERVER]));
$addr2 = stream_socket_get_name($server2, false);
$cl = stream_socket_client("tcp://$addr2", $e, $s, 3, STREAM_CLIENT_CONNECT,
    tls_client_ctx(['crypto_method' => STREAM_CRYPTO_METHOD_TLS_CLIENT]));
$conn = stream_socket_accept($server2, 3);
handshake($conn, $cl, null, null);
var_dump(stream_get_meta_data($conn)['crypto']['protocol'], stream_get_meta_data($cl)['crypto']['protocol']);

echo "-- no method anywhere\n";
$cl = stream_socket_client("tcp://$addr", $e, $s, 3);
$conn = stream_socket_accept($server, 3);
foreach ([[$conn, true], [$conn, true, null]] as $args) {
    try {
        var_dump(stream_socket_enable_crypto(...$args));
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo "-- disabling what was never enabled\n";
var_dump(stream_socket_enable_crypto($conn, false));
var_dump(array_key_exists('crypto', stream_get_meta_data($conn)));
?>
--EXPECT--
-- explicit methods
server: first 0, int(0) while waiting, last true, nothing else
client: first 0, int(0) while waiting, last true, nothing else
string(7) "TLSv1.3"
bool(false)
string(6) "crypto"
int(1)
string(5) "ping
"
string(5) "pong
"
-- enable again on a non-blocking stream: false, no warning
bool(false)
-- nothing to read: false from fgets, not a hang
bool(false)
bool(false)
-- method from the context (ssl.crypto_method)
server: first 0, int(0) while waiting, last true, nothing else
client: first 0, int(0) while waiting, last true, nothing else
string(7) "TLSv1.2"
string(7) "TLSv1.2"
-- no method anywhere
ValueError: stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
ValueError: stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
-- disabling what was never enabled
bool(false)
bool(false)
