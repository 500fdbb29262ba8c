--TEST--
stream_socket_server(): PHP 8.6's socket.so_keepalive / tcp_keepidle / tcp_keepintvl / tcp_keepcnt reach accepted connections (ignored by PHP before 8.6)
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
require __DIR__ . '/sockopt.inc';
[$idle0, $intvl0, $cnt0] = keepalive_defaults();

function keepalive($conn): array {
    return [
        opt($conn, SOL_SOCKET, SO_KEEPALIVE),
        opt($conn, SOL_TCP, RSOCK_TCP_KEEPIDLE),
        opt($conn, SOL_TCP, RSOCK_TCP_KEEPINTVL),
        opt($conn, SOL_TCP, RSOCK_TCP_KEEPCNT),
    ];
}

// PHP master's own test values, as ints and as numeric strings.
$all = ['so_keepalive' => true, 'tcp_keepidle' => 61, 'tcp_keepintvl' => 11, 'tcp_keepcnt' => 7];
[, $client, $conn] = accepted('tcp://127.0.0.1:0', ['socket' => $all]);
check('all four', keepalive($conn), [1, 61, 11, 7], [0, $idle0, $intvl0, $cnt0]);
// The server's context is not the client's.
check('client', keepalive($client), [0, $idle0, $intvl0, $cnt0], [0, $idle0, $intvl0, $cnt0]);

$strings = ['so_keepalive' => '1', 'tcp_keepidle' => '80', 'tcp_keepintvl' => ' 12', 'tcp_keepcnt' => '6'];
[, , $conn] = accepted('tcp://127.0.0.1:0', ['socket' => $strings]);
check('strings', keepalive($conn), [1, 80, 12, 6], [0, $idle0, $intvl0, $cnt0]);

// Each connection gets them.
$server = server('tcp://127.0.0.1:0', ['socket' => $all]);
$name = stream_socket_get_name($server, false);
$seen = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = stream_socket_client("tcp://$name", $e, $s, 5);
    $seen[] = keepalive(stream_socket_accept($server, 5));
}
check('three connections', $seen, array_fill(0, 3, [1, 61, 11, 7]), array_fill(0, 3, [0, $idle0, $intvl0, $cnt0]));

// so_keepalive off or absent: off, the timers are set regardless (as PHP does).
[, , $conn] = accepted('tcp://127.0.0.1:0', ['socket' => ['so_keepalive' => false]]);
check('off', keepalive($conn), [0, $idle0, $intvl0, $cnt0], [0, $idle0, $intvl0, $cnt0]);
[, , $conn] = accepted('tcp://127.0.0.1:0', null);
check('absent', keepalive($conn), [0, $idle0, $intvl0, $cnt0], [0, $idle0, $intvl0, $cnt0]);
[, , $conn] = accepted('tcp://127.0.0.1:0', ['socket' => ['tcp_keepidle' => 90]]);
check('idle alone', keepalive($conn), [0, 90, $intvl0, $cnt0], [0, $idle0, $intvl0, $cnt0]);

// Values the kernel refuses are ignored without a word (the server works);
// a value is cast to a C int first, as PHP does.
foreach ([0, -1, 'abc', 40000, null, 1.9] as $bad) {
    [, , $conn] = accepted('tcp://127.0.0.1:0', ['socket' => ['so_keepalive' => true, 'tcp_keepidle' => $bad, 'tcp_keepcnt' => $bad]]);
    $want = $bad === 1.9 ? [1, 1, $intvl0, 1] : [1, $idle0, $intvl0, $cnt0];
    check('refused ' . var_export($bad, true), keepalive($conn), $want, [0, $idle0, $intvl0, $cnt0]);
}
[, , $conn] = accepted('tcp://127.0.0.1:0', ['socket' => ['tcp_keepidle' => (1 << 32) + 60]]);
check('int cast', keepalive($conn)[1], 60, $idle0);

// Keepalive is for tcp: a unix server ignores the options.
$dir = sys_get_temp_dir() . '/rsock-keepalive-' . getmypid();
@mkdir($dir);
[, , $conn] = accepted("unix://$dir/s.sock", ['socket' => $all]);
check('unix', opt($conn, SOL_SOCKET, SO_KEEPALIVE), 0, 0);
@unlink("$dir/s.sock");
@rmdir($dir);
?>
--EXPECT--
all four: ok
client: ok
strings: ok
three connections: ok
off: ok
absent: ok
idle alone: ok
refused 0: ok
refused -1: ok
refused 'abc': ok
refused 40000: ok
refused NULL: ok
refused 1.9: ok
int cast: ok
unix: ok
