--TEST--
stream_socket_server(): ss -tnoi shows the keepalive timer and the receive window of socket.so_keepalive / rsock.so_rcvbuf on the accepted connection
--SKIPIF--
<?php
if (!function_exists('shell_exec') || !trim((string) shell_exec('command -v ss'))) die('skip ss not available');
?>
--FILE--
<?php
require __DIR__ . '/sockopt.inc';

/** The `ss -tnoi` lines of the established connection with local port $port. */
function ss_of($server): string {
    $port = substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    return (string) shell_exec("ss -tnoiH state established '( sport = :$port )'");
}

$opts = [
    'socket' => ['so_keepalive' => true, 'tcp_keepidle' => 61, 'tcp_keepintvl' => 11, 'tcp_keepcnt' => 7],
    'rsock' => ['so_rcvbuf' => 50000],
];
[$server, $client, $conn] = accepted('tcp://127.0.0.1:0', $opts);
$ss = ss_of($server);
// timer:(keepalive,1min,0): the first probe is due in at most 61 s.
check('keepalive timer', (bool) preg_match('/timer:\(keepalive,(1min|[0-9]+sec),0\)/', $ss), true, false);
// The receive buffer was set before listen: the handshake agreed on a
// window that fits it (no receive window scaling; native: scaled).
preg_match('/wscale:\d+,(\d+)/', $ss, $m);
check('receive window scale', ($m[1] ?? null) === '0', true, false);
preg_match('/rcv_ssthresh:(\d+)/', $ss, $m);
check('receive window', (int) ($m[1] ?? 0) <= 50000, true, false);

[$server, $client, $conn] = accepted('tcp://127.0.0.1:0', null);
check('no keepalive without options', str_contains(ss_of($server), 'keepalive'), false, false);
?>
--EXPECT--
keepalive timer: ok
receive window scale: ok
receive window: ok
no keepalive without options: ok
