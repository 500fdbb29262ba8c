--TEST--
TLS interop: curl against a small HTTPS server on ssl:// (HTTP/1.1, ALPN fallback from h2, TLS versions, verification)
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl extension required');
if (!function_exists('proc_open')) die('skip proc_open required');
exec('curl --version 2>&1', $out, $code);
if ($code !== 0) die('skip curl binary required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_interop.inc';
$certs = tls_certs();

// The server offers only http/1.1 in ALPN, so a client asking for h2 falls back to HTTP/1.1.
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => [
        'local_cert' => $certs['server'],
        'alpn_protocols' => 'http/1.1',
    ]]));
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);

// Serves one request on an accepted connection: answers with what the server saw.
function serve($conn): string
{
    stream_set_timeout($conn, 10);
    $crypto = stream_get_meta_data($conn)['crypto'] ?? [];
    $request = '';
    while (!str_contains($request, "\r\n\r\n") && ($line = fgets($conn)) !== false) {
        $request .= $line;
    }
    $path = explode(' ', $request)[1] ?? '?';
    $body = "path $path, " . ($crypto['protocol'] ?? '?') . ', alpn ' . ($crypto['alpn_protocol'] ?? '(none)') . "\n";
    fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . strlen($body)
        . "\r\nConnection: close\r\n\r\n" . $body);
    fclose($conn);
    return strtok($request, "\r\n");
}

function fetch($server, int $port, string $label, array $args): void
{
    echo "-- $label\n";
    $p = interop_spawn(array_merge(
        ['curl', '-sS', '-v', '--max-time', '10', '--resolve', "localhost:$port:127.0.0.1",
         '-w', '\n%{http_version} %{ssl_verify_result}\n'],
        $args,
        ["https://localhost:$port/hello"]
    ));
    $conn = @stream_socket_accept($server, 10);
    echo 'server: ', $conn === false ? 'handshake refused' : 'request ' . json_encode(serve($conn), JSON_UNESCAPED_SLASHES), "\n";
    [$code, $out, $err, $timedOut] = interop_finish($p, 10);
    echo "curl: exit $code", $timedOut ? ' (timed out)' : '', "\n";
    if ($out !== '') {
        echo $out;
    }
    echo 'curl -v: ', interop_match('/^\* (ALPN: server accepted \S+|ALPN: server did not agree.*)$/m', $err), "\n";
    if ($code !== 0) {
        echo 'curl error: ', interop_match('/^curl: \(\d+\) ([^:\n]+)/m', $err), "\n";
    }
}

fetch($server, $port, 'HTTP/1.1, --cacert', ['--cacert', $certs['ca'], '--http1.1']);
fetch($server, $port, 'asks for h2, gets http/1.1', ['--cacert', $certs['ca'], '--http2']);
fetch($server, $port, 'TLS 1.2 only', ['--cacert', $certs['ca'], '--http1.1', '--tls-max', '1.2']);
fetch($server, $port, 'TLS 1.3 only', ['--cacert', $certs['ca'], '--http1.1', '--tlsv1.3']);
fetch($server, $port, 'without the CA: verification fails', ['--http1.1']);
fetch($server, $port, 'server still serving after the refused handshake', ['--cacert', $certs['ca']]);
fclose($server);
?>
--EXPECT--
-- HTTP/1.1, --cacert
server: request "GET /hello HTTP/1.1"
curl: exit 0
path /hello, TLSv1.3, alpn http/1.1

1.1 0
curl -v: ALPN: server accepted http/1.1
-- asks for h2, gets http/1.1
server: request "GET /hello HTTP/1.1"
curl: exit 0
path /hello, TLSv1.3, alpn http/1.1

1.1 0
curl -v: ALPN: server accepted http/1.1
-- TLS 1.2 only
server: request "GET /hello HTTP/1.1"
curl: exit 0
path /hello, TLSv1.2, alpn http/1.1

1.1 0
curl -v: ALPN: server accepted http/1.1
-- TLS 1.3 only
server: request "GET /hello HTTP/1.1"
curl: exit 0
path /hello, TLSv1.3, alpn http/1.1

1.1 0
curl -v: ALPN: server accepted http/1.1
-- without the CA: verification fails
server: handshake refused
curl: exit 60

0 20
curl -v: (none)
curl error: SSL certificate problem
-- server still serving after the refused handshake
server: request "GET /hello HTTP/1.1"
curl: exit 0
path /hello, TLSv1.3, alpn http/1.1

1.1 0
curl -v: ALPN: server accepted http/1.1
