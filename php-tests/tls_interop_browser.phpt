--TEST--
TLS interop: a browser (headless Chromium) loads a page from a tls:// server (TLS 1.3, ALPN http/1.1)
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
foreach (['chromium', 'chromium-browser', 'google-chrome'] as $b) {
    if (trim((string) shell_exec('command -v ' . $b . ' 2>/dev/null')) !== '') exit;
}
die('skip no headless browser installed (apt-get install chromium)');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_interop.inc';
$c = tls_certs();
foreach (['chromium', 'chromium-browser', 'google-chrome'] as $b) {
    if (($browser = trim((string) shell_exec("command -v $b 2>/dev/null"))) !== '') break;
}
$server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $c['server'], 'alpn_protocols' => 'http/1.1']]));
$port = parse_url('tcp://' . stream_socket_get_name($server, false), PHP_URL_PORT);
$profile = $c['dir'] . '/profile';
$p = interop_spawn([$browser, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    "--user-data-dir=$profile", '--ignore-certificate-errors', '--dump-dom', "https://localhost:$port/hello"]);

// Serve requests until the browser has its page (it may open more than one connection).
$served = [];
$deadline = microtime(true) + 30;
$exit = null;
while (microtime(true) < $deadline) {
    $st = proc_get_status($p['proc']);
    if (!$st['running']) {
        $exit = $st['exitcode']; // reported once only: keep it
        break;
    }
    $r = [$server]; $w = $x = null;
    if (!stream_select($r, $w, $x, 0, 200000)) continue;
    $conn = @stream_socket_accept($server, 5);
    if (!$conn) continue; // a connection the browser gave up on
    $head = '';
    while (!str_contains($head, "\r\n\r\n") && ($line = fgets($conn)) !== false) $head .= $line;
    $crypto = stream_get_meta_data($conn)['crypto'];
    $path = explode(' ', $head)[1] ?? '?';
    $served[] = "$path over {$crypto['protocol']} alpn " . ($crypto['alpn_protocol'] ?? 'none');
    $body = "<p id=x>served $path over {$crypto['protocol']}</p>";
    fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " . strlen($body) . "\r\nConnection: close\r\n\r\n$body");
    fclose($conn);
}
[$code, $out, $err, $timedOut] = interop_finish($p, 10);
var_dump($timedOut, $exit ?? $code);
echo in_array('/hello over TLSv1.3 alpn http/1.1', $served, true) ? "request seen over TLS 1.3 with ALPN\n" : "served: " . implode(', ', $served) . "\n";
echo preg_match('~<p id="?x"?>served /hello over TLSv1\.3</p>~', $out) ? "page rendered\n" : "dom: $out\n$err\n";
?>
--EXPECT--
bool(false)
int(0)
request seen over TLS 1.3 with ALPN
page rendered
