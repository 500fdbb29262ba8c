--TEST--
TLS interop: tcp:// server, non-blocking stream_socket_enable_crypto() in a stream_select() loop, 200 concurrent TLS clients
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl extension required');
if (!function_exists('proc_open')) die('skip proc_open required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_interop.inc';
$certs = tls_certs();
const CLIENTS = 200;

// The clients: one PHP process opening all connections first, then driving every TLS handshake
// non-blocking at once; each client sends one line, expects it echoed, and closes.
$clientScript = $certs['dir'] . '/clients.php';
file_put_contents($clientScript, <<<'PHP'
<?php
[, $addr, $ca, $n] = $argv;
$ctx = stream_context_create(['ssl' => ['cafile' => $ca, 'peer_name' => 'localhost']]);
$handshaking = $waiting = $buffers = $failures = [];
$ok = 0;
for ($i = 0; $i < (int) $n; $i++) {
    $s = stream_socket_client("tcp://$addr", $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $ctx);
    if ($s === false) {
        $failures[] = "connect $i: $errstr";
        continue;
    }
    stream_set_blocking($s, false);
    $handshaking[$i] = $s;
}
$step = function (int $i) use (&$handshaking, &$waiting, &$failures): void {
    $r = @stream_socket_enable_crypto($handshaking[$i], true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    if ($r === 0) {
        return;
    }
    $s = $handshaking[$i];
    unset($handshaking[$i]);
    if ($r !== true) {
        $failures[] = "handshake $i: " . (error_get_last()['message'] ?? '?');
        fclose($s);
        return;
    }
    fwrite($s, "hello $i\n");
    $waiting[$i] = $s;
};
foreach (array_keys($handshaking) as $i) {
    $step($i); // sends the ClientHello
}
$deadline = microtime(true) + 40;
while (($handshaking || $waiting) && microtime(true) < $deadline) {
    $read = $handshaking + $waiting;
    $write = $except = null;
    if (stream_select($read, $write, $except, 0, 200000) === false) {
        break;
    }
    foreach ($read as $i => $s) {
        if (isset($handshaking[$i])) {
            $step($i);
            continue;
        }
        $buffers[$i] = ($buffers[$i] ?? '') . fread($s, 8192);
        if (str_ends_with($buffers[$i], "\n") || feof($s)) {
            if ($buffers[$i] === "echo: hello $i\n") {
                $ok++;
            } else {
                $failures[] = "echo $i: " . json_encode($buffers[$i]);
            }
            fclose($s);
            unset($waiting[$i]);
        }
    }
}
foreach ($handshaking + $waiting as $i => $s) {
    $failures[] = "client $i: no answer within 40 s";
}
echo "$ok echoes ok, ", count($failures), " failures\n";
foreach (array_slice($failures, 0, 5) as $f) {
    echo "  $f\n";
}
PHP);

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create([
        'socket' => ['backlog' => 512],
        'ssl' => ['local_cert' => $certs['server']],
    ]));
stream_set_blocking($server, false);
$p = interop_spawn([PHP_BINARY, $clientScript, stream_socket_get_name($server, false), $certs['ca'], (string) CLIENTS]);

$handshaking = $echoing = $buffers = $failures = [];
$accepted = $handshakes = $echoes = 0;
$clientDone = false;

// Non-blocking means: calls return 0 while the handshake is in progress, and no call holds the
// loop for long. (Native PHP may still finish a handshake in one call: it polls briefly for
// the client's next flight itself, so only "some returned 0" is stable.)
$slowest = 0.0;
$resumed = [];
$resumedHandshakes = 0;
$handshake = function ($conn) use (&$handshaking, &$echoing, &$handshakes, &$failures, &$slowest, &$resumed, &$resumedHandshakes): bool {
    $id = (int) $conn;
    $t = microtime(true);
    $r = @stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
    $slowest = max($slowest, microtime(true) - $t);
    if ($r === 0) {
        $handshaking[$id] = $conn;
        $resumed[$id] = true;
        return false;
    }
    unset($handshaking[$id]);
    if (isset($resumed[$id])) {
        $resumedHandshakes++;
        unset($resumed[$id]);
    }
    if ($r !== true) {
        $failures[] = 'handshake: ' . (error_get_last()['message'] ?? '?');
        fclose($conn);
        return false;
    }
    $handshakes++;
    $echoing[$id] = $conn;
    return true;
};
$echo = function ($conn) use (&$echoing, &$buffers, &$echoes, &$failures): void {
    $id = (int) $conn;
    $data = fread($conn, 8192);
    if ($data === false || ($data === '' && feof($conn))) {
        $failures[] = 'connection closed before a full line';
        fclose($conn);
        unset($echoing[$id], $buffers[$id]);
        return;
    }
    $buffers[$id] = ($buffers[$id] ?? '') . $data;
    if (str_ends_with($buffers[$id], "\n")) {
        fwrite($conn, 'echo: ' . $buffers[$id]);
        $echoes++;
        fclose($conn);
        unset($echoing[$id], $buffers[$id]);
    }
};

$deadline = microtime(true) + 45;
while ($echoes + count($failures) < CLIENTS && !$clientDone && microtime(true) < $deadline) {
    $read = array_merge([$server, $p['out']], array_values($handshaking), array_values($echoing));
    $write = $except = null;
    if (stream_select($read, $write, $except, 0, 200000) === false) {
        echo "stream_select failed\n";
        break;
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            while (($conn = @stream_socket_accept($server, 0)) !== false) {
                $accepted++;
                stream_set_blocking($conn, false);
                // The ClientHello may already be here; a handshake that finishes at once
                // gets its data read too, since the line can arrive with the last flight.
                if ($handshake($conn)) {
                    $echo($conn);
                }
            }
        } elseif ($stream === $p['out']) {
            $p['stdout'] .= fread($stream, 65536);
            $clientDone = feof($stream);
        } elseif (isset($handshaking[(int) $stream])) {
            if ($handshake($stream)) {
                $echo($stream);
            }
        } elseif (isset($echoing[(int) $stream])) {
            $echo($stream);
        }
    }
}
if (microtime(true) >= $deadline) {
    echo "server: stalled: ", count($handshaking), " handshakes and ", count($echoing), " echoes pending after 45 s\n";
}
echo "server: $accepted accepted, $handshakes handshakes, $echoes echoes, ", count($failures), " failures\n";
echo 'server: some handshakes returned 0 (in progress) before completing: ', $resumedHandshakes > 0 ? 'yes' : 'no', "\n";
echo 'server: every stream_socket_enable_crypto() call returned within 2 s: ', $slowest < 2 ? 'yes' : sprintf('no (%.2f s)', $slowest), "\n";
foreach (array_slice($failures, 0, 5) as $f) {
    echo "  $f\n";
}
[$code, $out, $err, $timedOut] = interop_finish($p, 50);
echo "client: exit $code", $timedOut ? ' (timed out)' : '', ", $out", $err;
?>
--EXPECT--
server: 200 accepted, 200 handshakes, 200 echoes, 0 failures
server: some handshakes returned 0 (in progress) before completing: yes
server: every stream_socket_enable_crypto() call returned within 2 s: yes
client: exit 0, 200 echoes ok, 0 failures
