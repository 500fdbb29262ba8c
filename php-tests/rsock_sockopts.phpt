--TEST--
rsock.tcp_user_timeout / so_rcvbuf / so_sndbuf reach accepted connections, tcp_fastopen / tcp_defer_accept the listener (ignored by native PHP)
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
require __DIR__ . '/sockopt.inc';

// The defaults, from a server without options.
[$plain, $plain_client, $plain_conn] = accepted('tcp://127.0.0.1:0', null);
$rcv0 = opt($plain_conn, SOL_SOCKET, SO_RCVBUF);
$snd0 = opt($plain_conn, SOL_SOCKET, SO_SNDBUF);

$rsock = ['tcp_user_timeout' => 12345, 'so_rcvbuf' => 50000, 'so_sndbuf' => '60000', 'tcp_fastopen' => 17];
[$server, $client, $conn] = accepted('tcp://127.0.0.1:0', ['rsock' => $rsock]);
check('user timeout', opt($conn, SOL_TCP, RSOCK_TCP_USER_TIMEOUT), 12345, 0);
// Linux doubles the size it is asked for.
check('rcvbuf', opt($conn, SOL_SOCKET, SO_RCVBUF), 100000, $rcv0);
check('sndbuf', opt($conn, SOL_SOCKET, SO_SNDBUF), 120000, $snd0);
check('fastopen queue (listener)', opt($server, SOL_TCP, RSOCK_TCP_FASTOPEN), 17, 0);
check('client untouched', opt($client, SOL_TCP, RSOCK_TCP_USER_TIMEOUT), 0, 0);

// tcp_defer_accept: the listener holds a connection until its first byte
// (Linux keeps it as SYN-ACK retransmissions: 3 s reads back as 3).
$server = server('tcp://127.0.0.1:0', ['rsock' => ['tcp_defer_accept' => 3]]);
check('defer accept (listener)', opt($server, SOL_TCP, RSOCK_TCP_DEFER_ACCEPT), 3, 0);
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 5);
$quiet = @stream_socket_accept($server, 0.3);
check('accepted before data', $quiet !== false, false, true);
fwrite($client, "x");
$conn = $quiet ?: stream_socket_accept($server, 5);
check('accepted after data', fread($conn, 1), 'x', 'x');

// Every transport takes the buffer sizes; the tcp options are ignored there.
$dir = sys_get_temp_dir() . '/rsock-sockopts-' . getmypid();
@mkdir($dir);
[, , $uconn] = accepted("unix://$dir/s.sock", null);
$urcv0 = opt($uconn, SOL_SOCKET, SO_RCVBUF);
[, , $uconn] = accepted("unix://$dir/t.sock", ['rsock' => ['so_rcvbuf' => 50000, 'tcp_user_timeout' => 5, 'tcp_fastopen' => 1, 'tcp_defer_accept' => 1]]);
check('unix rcvbuf', opt($uconn, SOL_SOCKET, SO_RCVBUF), 100000, $urcv0);
$udp = server('udp://127.0.0.1:0', ['rsock' => ['so_sndbuf' => 60000, 'tcp_fastopen' => 1]]);
check('udp sndbuf', opt($udp, SOL_SOCKET, SO_SNDBUF) === 120000, true, false);
@unlink("$dir/s.sock");
@unlink("$dir/t.sock");
@rmdir($dir);
?>
--EXPECT--
user timeout: ok
rcvbuf: ok
sndbuf: ok
fastopen queue (listener): ok
client untouched: ok
defer accept (listener): ok
accepted before data: ok
accepted after data: ok
unix rcvbuf: ok
udp sndbuf: ok
