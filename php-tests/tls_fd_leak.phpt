--TEST--
TLS: 1,000 STARTTLS accept/handshake/exchange/close cycles leak no descriptors and keep memory flat
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
// tcp_nodelay on both ends: small records right after the handshake would
// otherwise wait for delayed ACKs (40 ms each).
$server = stream_socket_server('tcp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $c['server']], 'socket' => ['tcp_nodelay' => true]]));
$addr = 'tcp://' . stream_socket_get_name($server, false);
$cctx = tls_client_ctx();
stream_context_set_option($cctx, 'socket', 'tcp_nodelay', true);

function rss_kib(): int
{
    preg_match('/^VmRSS:\s+(\d+)/m', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}

// One connection: both ends in this process, non-blocking handshakes
// driven alternately until both are done.
function cycle($server, string $addr, $cctx): bool
{
    $client = stream_socket_client($addr, $e, $s, 2, STREAM_CLIENT_CONNECT, $cctx);
    $conn = stream_socket_accept($server, 2);
    if (!$client || !$conn) return false;
    stream_set_blocking($client, false);
    stream_set_blocking($conn, false);
    $cdone = $sdone = false;
    $deadline = microtime(true) + 3;
    while (!($cdone && $sdone) && microtime(true) < $deadline) {
        if (!$cdone) {
            $r = stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
            if ($r === false) return false;
            $cdone = $r === true;
        }
        if (!$sdone) {
            $r = stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
            if ($r === false) return false;
            $sdone = $r === true;
        }
        if (!($cdone && $sdone)) {
            $rd = [$client, $conn]; $w = $x = null;
            stream_select($rd, $w, $x, 0, 100000);
        }
    }
    stream_set_blocking($client, true);
    stream_set_blocking($conn, true);
    fwrite($client, "ping\n");
    $ok = fgets($conn) === "ping\n";
    fwrite($conn, "pong\n");
    $ok = $ok && fgets($client) === "pong\n";
    fclose($conn);
    fclose($client);
    return $ok;
}

for ($i = 0; $i < 100; $i++) cycle($server, $addr, $cctx); // warm-up
$fds = count(scandir('/proc/self/fd'));
$rss = rss_kib();
$failures = 0;
$t = microtime(true);
for ($i = 0; $i < 1000; $i++) {
    if (!cycle($server, $addr, $cctx)) $failures++;
    if (microtime(true) - $t > 60) { echo "too slow\n"; break; }
}
var_dump($i, $failures);
var_dump(count(scandir('/proc/self/fd')) - $fds);
$grown = rss_kib() - $rss;
var_dump($grown < 4096);
if ($grown >= 4096) echo "RSS grew by $grown KiB\n";
?>
--EXPECT--
int(1000)
int(0)
int(0)
bool(true)
