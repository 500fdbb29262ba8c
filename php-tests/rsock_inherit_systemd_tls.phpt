--TEST--
rsock: a tcp socket passed by systemd-socket-activate becomes a TLS server when the context has ssl.local_cert, as tls:// would
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (systemd:// is no PHP transport)');
if (!extension_loaded('openssl')) die('skip openssl required');
exec('command -v systemd-socket-activate', $o, $rc);
if ($rc !== 0) die('skip systemd-socket-activate (Debian package systemd) not installed');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$certs = tls_certs();
$port = free_port();
$code = '$ctx = stream_context_create(["ssl" => ["local_cert" => ' . var_export($certs['server'], true) . ']]);' . <<<'PHP'
// A certificate that cannot be read fails as tls:// fails, and leaves the socket alone.
$bad = stream_context_create(['ssl' => ['local_cert' => '/nonexistent/cert.pem']]);
var_dump(@stream_socket_server('systemd://', $e, $m, 0, $bad), $m);
$s = stream_socket_server('systemd://', $e, $m, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
if (!$s) { echo "failed: $m\n"; exit(1); }
echo stream_get_meta_data($s)['stream_type'], "\n";
$c = stream_socket_accept($s, 10);
echo 'server sees: ', fgets($c);
fwrite($c, "hello over tls\n");
PHP;
[$p, $pipes] = start(['systemd-socket-activate', '-l', "127.0.0.1:$port", ...child_php(), '-r', $code]);
if (wait_line($pipes[2], '/^Listening on/', 10) === false) {
    echo "systemd-socket-activate did not listen\n";
}
$c = connect_retry("tls://127.0.0.1:$port", 10, tls_client_ctx());
var_dump(stream_get_meta_data($c)['crypto']['protocol'] ?? null);
fwrite($c, "hello from the client\n");
echo 'client got: ', fgets($c);
while (($line = wait_line($pipes[1], '/./', 10)) !== false) {
    echo "child: $line\n";
}
echo 'exit: ', proc_close($p), "\n";
?>
--EXPECTF--
string(7) "TLSv1.%d"
client got: hello over tls
child: bool(false)
child: string(%d) "%s/nonexistent/cert.pem%s"
child: tcp_socket/ssl
child: server sees: hello from the client
exit: 0
