--TEST--
rsock: examples/restart_server.php started by systemd-socket-activate adopts systemd://web, then restarts (twice) through Rsock\pass_listeners and stops on SIGTERM
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (Rsock\pass_listeners, systemd://)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
exec('command -v systemd-socket-activate', $o, $rc);
if ($rc !== 0) die('skip systemd-socket-activate (Debian package systemd) not installed');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$example = realpath(__DIR__ . '/../examples/restart_server.php');
$port = free_port();
$address = "127.0.0.1:$port";
[$p, $pipes] = start(['systemd-socket-activate', '-l', $address, '--fdname=web', ...child_php(), $example]);
$pids = [];
register_shutdown_function(function () use (&$pids) {
    foreach ($pids as $pid) @exec('kill -9 ' . (int) $pid . ' 2>/dev/null');
});
wait_line($pipes[2], '/^Listening on/', 10);

/** Asks one line; the pid that answered (0: no answer). */
function ask(string $address, string $line): int
{
    $c = connect_retry("tcp://$address", 10);
    if ($c === false) return 0;
    fwrite($c, "$line\n");
    return preg_match('/^pid=(\d+) ' . preg_quote($line, '/') . '$/', (string) fgets($c), $m) ? (int) $m[1] : 0;
}

// The first connection makes systemd-socket-activate exec PHP, which answers it.
$answered = ask($address, 'first');
$ready = wait_line($pipes[1], '/^ready /', 10);
echo preg_replace('/pid=\d+ address=\S+/', 'pid=P address=A', (string) $ready), "\n";
preg_match('/pid=(\d+)/', (string) $ready, $m);
$pid = (int) ($m[1] ?? 0);
$pids[] = $pid;
echo 'first request answered by it: ', var_export($answered === $pid && $pid > 0, true), "\n";

for ($i = 1; $i <= 2; $i++) {
    exec("kill -HUP $pid");
    $line = wait_line($pipes[1], '/^ready pid=(?!' . $pid . ' )/', 10);
    echo "restart $i: ", preg_replace('/pid=\d+ address=\S+/', 'pid=P address=A', (string) $line), "\n";
    preg_match('/pid=(\d+)/', (string) $line, $m);
    $new = (int) ($m[1] ?? 0);
    $pids[] = $new;
    $deadline = microtime(true) + 10;
    while (($by = ask($address, "after restart $i")) !== $new && microtime(true) < $deadline);
    echo "  answered by the new generation: ", var_export($by === $new, true), "\n";
    echo '  the old one exited: ', var_export(wait_line($pipes[1], "/^exit pid=$pid\$/", 10) !== false, true), "\n";
    $pid = $new;
}
exec("kill -TERM $pid");
echo 'stopped: ', var_export(wait_line($pipes[1], "/^exit pid=$pid\$/", 10) !== false, true), "\n";
proc_close($p);
?>
--EXPECT--
ready pid=P address=A from=systemd://web
first request answered by it: true
restart 1: ready pid=P address=A from=systemd://web
  answered by the new generation: true
  the old one exited: true
restart 2: ready pid=P address=A from=systemd://web
  answered by the new generation: true
  the old one exited: true
stopped: true
