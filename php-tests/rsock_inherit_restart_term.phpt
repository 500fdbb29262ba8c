--TEST--
rsock: examples/restart_server.php stopped (SIGTERM) while a restart is under way: the old generation finishes its open connection and exits cleanly, the new one takes over
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (Rsock\pass_listeners, systemd://)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$example = realpath(__DIR__ . '/../examples/restart_server.php');
$pids = [];
register_shutdown_function(function () use (&$pids) {
    foreach ($pids as $pid) {
        @exec('kill -9 ' . (int) $pid . ' 2>/dev/null');
    }
});
[$p, $out] = start([...child_php(), $example, 'tcp://127.0.0.1:0']);
preg_match('/pid=(\d+) address=(\S+)/', (string) wait_line($out[1], '/^ready pid=/'), $m);
[, $old, $address] = $m + [null, 0, ''];
$pids[] = $old;
$c = connect_retry("tcp://$address");
fwrite($c, "one\n");
echo fgets($c) === "pid=$old one\n" ? "served by the old generation\n" : "no answer\n";
// A restart, and a stop before the new generation can be ready.
exec("kill -HUP $old; kill -TERM $old");
preg_match('/pid=(\d+)/', (string) wait_line($out[1], '/^ready pid=/'), $m);
$new = $m[1] ?? 0;
$pids[] = $new;
echo $new && $new !== $old ? "a new generation started\n" : "no new generation\n";
// The old one still finishes its open connection, then exits.
fwrite($c, "two\n");
echo fgets($c) === "pid=$old two\n" ? "the open connection is still served\n" : "the open connection was dropped\n";
fclose($c);
echo wait_line($out[1], '/^exit pid=/') === "exit pid=$old" ? "the old generation exited\n" : "the old generation did not exit\n";
$deadline = microtime(true) + 10;
while (($status = proc_get_status($p))['running'] && microtime(true) < $deadline) {
    usleep(10000);
}
echo 'old exit code: ', $status['running'] ? 'running' : $status['exitcode'], "\n";
echo 'errors: ', trim((string) stream_get_contents($out[2])) ?: 'none', "\n";
// The new generation serves the address.
$c = connect_retry("tcp://$address");
fwrite($c, "three\n");
echo fgets($c) === "pid=$new three\n" ? "served by the new generation\n" : "not served\n";
?>
--EXPECT--
served by the old generation
a new generation started
the open connection is still served
the old generation exited
old exit code: 0
errors: none
served by the new generation
