--TEST--
rsock: systemd-socket-activate passes tcp, named, udp and unix sockets; systemd:// and systemd://NAME adopt them with the transport read from the socket
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (systemd:// is no PHP transport)');
exec('command -v systemd-socket-activate', $o, $rc);
if ($rc !== 0) die('skip systemd-socket-activate (Debian package systemd) not installed');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';

/** Runs $code under systemd-socket-activate with $args; $poke makes the first contact. */
function activate(array $args, string $code, callable $poke, string $want): void
{
    [$p, $pipes] = start(['systemd-socket-activate', ...$args, ...child_php(), '-r', $code]);
    // It listens first and execs PHP at the first connection (or datagram).
    if (wait_line($pipes[2], '/^Listening on/', 10) === false) {
        echo "systemd-socket-activate did not listen\n";
    }
    echo $poke();
    while (($line = wait_line($pipes[1], '/./', 10)) !== false) {
        echo '  child: ', str_replace($want, '<ADDRESS>', $line), "\n";
    }
    echo '  exit: ', proc_close($p), "\n";
}

$serve = <<<'PHP'
$s = stream_socket_server($argv[1] ?? 'systemd://', $e, $m);
if (!$s) { echo "failed: $m\n"; exit(1); }
echo stream_get_meta_data($s)['stream_type'], ' ', stream_socket_get_name($s, false), "\n";
echo 'again: ', var_export(@stream_socket_server($argv[1] ?? 'systemd://', $e, $m), true), " $m\n";
$c = stream_socket_accept($s, 10);
fwrite($c, "served\n");
PHP;

echo "-- tcp, unnamed\n";
$port = free_port();
activate(['-l', "127.0.0.1:$port"], $serve, function () use ($port) {
    $c = connect_retry("tcp://127.0.0.1:$port");
    return '  client got: ' . fgets($c);
}, "127.0.0.1:$port");

echo "-- two sockets, names web:admin; systemd://admin picks the second\n";
[$web, $admin] = [free_port(), free_port()];
$named = <<<'PHP'
echo 'names: ', getenv('LISTEN_FDS'), ' ', getenv('LISTEN_FDNAMES'), "\n";
$w = stream_socket_server('systemd://web');
echo 'web: ', stream_socket_get_name($w, false) === 'WEB' ? 'ok' : 'wrong', "\n";
var_dump(@stream_socket_server('systemd://nope', $e, $m), $m);
PHP;
activate(['-l', "127.0.0.1:$web", '-l', "127.0.0.1:$admin", '--fdname=web:admin'],
    str_replace('WEB', "127.0.0.1:$web", $named) . '$argv[1] = "systemd://admin";' . $serve,
    function () use ($admin) {
        $c = connect_retry("tcp://127.0.0.1:$admin");
        return '  client got: ' . fgets($c);
    }, "127.0.0.1:$admin");

echo "-- udp (--datagram)\n";
$port = free_port('udp');
$udp = <<<'PHP'
$s = stream_socket_server('systemd://', $e, $m, STREAM_SERVER_BIND);
echo stream_get_meta_data($s)['stream_type'], ' ', stream_socket_get_name($s, false), "\n";
$msg = stream_socket_recvfrom($s, 100, 0, $peer);
stream_socket_sendto($s, "got $msg", 0, $peer);
PHP;
activate(['--datagram', '-l', "127.0.0.1:$port"], $udp, function () use ($port) {
    $c = stream_socket_client("udp://127.0.0.1:$port");
    stream_set_timeout($c, 10);
    fwrite($c, 'ping');
    return '  client got: ' . fread($c, 100) . "\n";
}, "127.0.0.1:$port");

echo "-- unix path\n";
$dir = sys_get_temp_dir() . '/rsock-inherit-' . getmypid();
@mkdir($dir);
$path = "$dir/s.sock";
activate(['-l', $path], $serve, function () use ($path) {
    $c = connect_retry("unix://$path");
    return '  client got: ' . fgets($c);
}, $path);
@unlink($path);
@rmdir($dir);
?>
--EXPECT--
-- tcp, unnamed
  client got: served
  child: tcp_socket/ssl <ADDRESS>
  child: again: false descriptor 3 is already owned by another stream
  exit: 0
-- two sockets, names web:admin; systemd://admin picks the second
  client got: served
  child: names: 2 web:admin
  child: web: ok
  child: bool(false)
  child: string(59) "no socket named "nope" in LISTEN_FDNAMES (have: web, admin)"
  child: tcp_socket/ssl <ADDRESS>
  child: again: false every socket named "admin" is already owned by another stream
  exit: 0
-- udp (--datagram)
  client got: got ping
  child: udp_socket <ADDRESS>
  exit: 0
-- unix path
  client got: served
  child: unix_socket <ADDRESS>
  child: again: false descriptor 3 is already owned by another stream
  exit: 0
