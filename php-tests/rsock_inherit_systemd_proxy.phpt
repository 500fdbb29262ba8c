--TEST--
rsock: a socket passed by systemd-socket-activate takes the PROXY protocol options (systemd:// behind a proxy); a bad option or a datagram socket is refused
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (systemd:// is no PHP transport)');
exec('command -v systemd-socket-activate', $o, $rc);
if ($rc !== 0) die('skip systemd-socket-activate (Debian package systemd) not installed');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';

$serve = <<<'PHP'
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
var_dump(@stream_socket_server('systemd://', $e, $m, 0,
    stream_context_create(['rsock' => ['proxy_protocol' => true, 'proxy_from' => 'nonsense']])), $m);
$s = stream_socket_server('systemd://', $e, $m, 0, $ctx);
if (!$s) { echo "failed: $m\n"; exit(1); }
$c = stream_socket_accept($s, 10, $peer);
$meta = stream_get_meta_data($c)['proxy'];
echo "peer $peer, name ", stream_socket_get_name($c, true), ", proxy v{$meta['version']} from {$meta['proxy']}, data ", fgets($c);
PHP;

echo "-- tcp\n";
$port = free_port();
[$p, $pipes] = start(['systemd-socket-activate', '-l', "127.0.0.1:$port", ...child_php(), '-r', $serve]);
if (wait_line($pipes[2], '/^Listening on/', 10) === false) {
    echo "systemd-socket-activate did not listen\n";
}
$c = connect_retry("tcp://127.0.0.1:$port");
fwrite($c, "PROXY TCP4 203.0.113.7 127.0.0.1 5555 $port\r\nhello\n");
while (($line = wait_line($pipes[1], '/./', 10)) !== false) {
    echo '  child: ', preg_replace('/127\.0\.0\.1:\d+/', '127.0.0.1:<PORT>', $line), "\n";
}
echo '  exit: ', proc_close($p), "\n";

echo "-- udp (--datagram)\n";
$port = free_port('udp');
$udp = <<<'PHP'
var_dump(@stream_socket_server('systemd://', $e, $m, 0, stream_context_create(['rsock' => ['proxy_protocol' => true]])), $m);
PHP;
[$p, $pipes] = start(['systemd-socket-activate', '--datagram', '-l', "127.0.0.1:$port", ...child_php(), '-r', $udp]);
if (wait_line($pipes[2], '/^Listening on/', 10) === false) {
    echo "systemd-socket-activate did not listen\n";
}
$c = stream_socket_client("udp://127.0.0.1:$port");
fwrite($c, "wake up");
while (($line = wait_line($pipes[1], '/./', 10)) !== false) {
    echo '  child: ', $line, "\n";
}
echo '  exit: ', proc_close($p), "\n";
?>
--EXPECTF--
-- tcp
  child: bool(false)
  child: string(%d) "invalid proxy_from entry "nonsense" (expected an IP address or CIDR)"
  child: peer 203.0.113.7:5555, name 203.0.113.7:5555, proxy v1 from 127.0.0.1:<PORT>, data hello
  exit: 0
-- udp (--datagram)
  child: bool(false)
  child: string(%d) "proxy_protocol is not supported on udp:// (only stream servers: tcp, unix and the TLS transports)"
  exit: 0
