--TEST--
TLS interop: openssl s_client (TLS 1.2 and 1.3, SNI, ALPN) against an ssl:// server, data both ways
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl extension required');
if (!function_exists('proc_open')) die('skip proc_open required');
exec('openssl version 2>&1', $out, $code);
if ($code !== 0) die('skip openssl binary required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_interop.inc';
$certs = tls_certs();

// One session: s_client connects and verifies the server, the server greets, s_client sends a
// line, the server answers and closes. Prints what each side saw.
function session($server, string $label, array $args): void
{
    $addr = stream_socket_get_name($server, false);
    $p = interop_spawn(array_merge(
        ['openssl', 's_client', '-connect', $addr, '-CAfile', tls_certs()['ca'], '-verify_return_error'],
        $args
    ));
    echo "-- $label\n";
    $conn = stream_socket_accept($server, 10);
    if ($conn === false) {
        [$code, $out, $err] = interop_finish($p, 5);
        echo "accept failed; s_client exit $code\n$err";
        return;
    }
    stream_set_timeout($conn, 10);
    $crypto = stream_get_meta_data($conn)['crypto'] ?? [];
    fwrite($conn, "hello from the server\n");
    fwrite($p['in'], "ping from s_client\n");
    $line = fgets($conn);
    fwrite($conn, 'pong: ' . $line);
    fclose($conn);
    [$code, $out, $err, $timedOut] = interop_finish($p, 10);

    echo 'server: ', $crypto['protocol'] ?? '?', ', alpn ', $crypto['alpn_protocol'] ?? '(none)',
        ', got ', json_encode($line), "\n";
    echo 'client: exit ', $code, $timedOut ? ' (timed out)' : '',
        ', cert CN ', interop_match('/^subject=.*CN ?= ?([^,\n]+)/m', $out),
        ', ', interop_match('/^New, (TLSv[\d.]+), Cipher/m', $out),
        ', alpn ', interop_match('/^ALPN protocol: (\S+)/m', $out),
        ', verification ', interop_match('/^Verification: (.+)$/m', $out),
        ' for ', interop_match('/^Verified peername: (\S+)/m', $out), "\n";
    foreach (['hello from the server', 'pong: ping from s_client'] as $expected) {
        echo 'client read ', json_encode($expected), ': ',
            preg_match('/^' . preg_quote($expected, '/') . '$/m', $out) ? 'yes' : 'NO', "\n";
    }
}

echo "== SNI: two certificates (localhost is also the default)\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => [
        'local_cert' => $certs['server'],
        'SNI_server_certs' => [
            'localhost' => $certs['server'],
            'other.test' => $certs['other'],
        ],
    ]]));
session($server, 'TLS 1.2, SNI localhost', ['-tls1_2', '-servername', 'localhost', '-verify_hostname', 'localhost']);
session($server, 'TLS 1.3, SNI other.test', ['-tls1_3', '-servername', 'other.test', '-verify_hostname', 'other.test']);
session($server, 'TLS 1.2, SNI other.test', ['-tls1_2', '-servername', 'other.test', '-verify_hostname', 'other.test']);
session($server, 'TLS 1.3, no SNI', ['-tls1_3', '-noservername', '-verify_hostname', 'localhost']);
fclose($server);

// ALPN without SNI_server_certs: native PHP 8.2 drops the server's ALPN callback when its SNI
// callback switches certificates, so the two are exercised on separate servers.
echo "== ALPN: server offers h2, http/1.1\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => [
        'local_cert' => $certs['server'],
        'alpn_protocols' => 'h2,http/1.1',
    ]]));
session($server, 'TLS 1.2, client offers h2', ['-tls1_2', '-servername', 'localhost', '-verify_hostname', 'localhost', '-alpn', 'h2']);
session($server, 'TLS 1.3, client offers h2', ['-tls1_3', '-servername', 'localhost', '-verify_hostname', 'localhost', '-alpn', 'h2']);
session($server, 'TLS 1.3, client offers http/1.1', ['-tls1_3', '-servername', 'localhost', '-verify_hostname', 'localhost', '-alpn', 'http/1.1']);
session($server, 'TLS 1.3, client offers no ALPN', ['-tls1_3', '-servername', 'localhost', '-verify_hostname', 'localhost']);
fclose($server);
?>
--EXPECT--
== SNI: two certificates (localhost is also the default)
-- TLS 1.2, SNI localhost
server: TLSv1.2, alpn (none), got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.2, alpn (none), verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.3, SNI other.test
server: TLSv1.3, alpn (none), got "ping from s_client\n"
client: exit 0, cert CN other.test, TLSv1.3, alpn (none), verification OK for other.test
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.2, SNI other.test
server: TLSv1.2, alpn (none), got "ping from s_client\n"
client: exit 0, cert CN other.test, TLSv1.2, alpn (none), verification OK for other.test
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.3, no SNI
server: TLSv1.3, alpn (none), got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.3, alpn (none), verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
== ALPN: server offers h2, http/1.1
-- TLS 1.2, client offers h2
server: TLSv1.2, alpn h2, got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.2, alpn h2, verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.3, client offers h2
server: TLSv1.3, alpn h2, got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.3, alpn h2, verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.3, client offers http/1.1
server: TLSv1.3, alpn http/1.1, got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.3, alpn http/1.1, verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
-- TLS 1.3, client offers no ALPN
server: TLSv1.3, alpn (none), got "ping from s_client\n"
client: exit 0, cert CN localhost, TLSv1.3, alpn (none), verification OK for localhost
client read "hello from the server": yes
client read "pong: ping from s_client": yes
