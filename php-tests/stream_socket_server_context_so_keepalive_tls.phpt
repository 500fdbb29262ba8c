--TEST--
stream_socket_server(): the socket keepalive options apply to ssl:// servers too, as in PHP 8.6 (ignored by PHP before 8.6)
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!extension_loaded('sockets')) die('skip sockets required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!function_exists('shell_exec') || !trim((string) shell_exec('command -v ss'))) die('skip ss not available');
?>
--FILE--
<?php
require __DIR__ . '/sockopt.inc';
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
[$idle0] = keepalive_defaults();

$ctx = stream_context_create([
    'ssl' => ['local_cert' => tls_certs()['server']],
    'socket' => ['so_keepalive' => true, 'tcp_keepidle' => 61],
]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
check('listener keepalive', opt($server, SOL_SOCKET, SO_KEEPALIVE), 1, 0);
check('listener idle', opt($server, SOL_TCP, RSOCK_TCP_KEEPIDLE), 61, $idle0);

$addr = stream_socket_get_name($server, false);
$h = tls_spawn(function () use ($addr) {
    $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
    stream_set_timeout($cl, 3);
    echo fgets($cl);
});
$conn = stream_socket_accept($server, 3);
// An encrypted stream cannot be imported: ss shows the connection's timer,
// once the data the handshake sent is acknowledged (until then it shows the
// retransmission timer). Polled, up to 3 s.
$port = substr(strrchr($addr, ':'), 1);
$deadline = microtime(true) + 3;
do {
    $ss = (string) shell_exec("ss -tnoiH state established '( sport = :$port )'");
    $quiet = !str_contains($ss, 'timer:(on,');
} while (!$quiet && microtime(true) < $deadline && usleep(20000) === null);
check('accepted keepalive timer', str_contains($ss, 'timer:(keepalive,'), true, false);
fwrite($conn, "hello\n");
echo tls_wait($h);
?>
--EXPECT--
listener keepalive: ok
listener idle: ok
accepted keepalive timer: ok
hello
