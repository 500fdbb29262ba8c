--TEST--
examples/workers.php: a worker that keeps dying is restarted at most 5 times in 10 s, then later (no crash loop); SIGTERM still stops everything with status 0
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!function_exists('posix_kill')) die('skip posix required');
if (!function_exists('proc_open')) die('skip proc_open required');
?>
--FILE--
<?php
require __DIR__ . '/example_workers.inc';
start_workers_example(1);
[$port, $master, [$worker]] = wait_ready();
echo "ready: one worker\n";

// Kill the worker as soon as each replacement listens: five restarts come at once ...
for ($i = 1; $i <= 5; $i++) {
    posix_kill($worker, SIGKILL);
    wait_for("/^worker $worker exited \(killed by signal 9\)$/");
    $worker = (int) wait_for('/^worker (\d+) listening$/')[1];
    $pids[] = $worker;
    echo "restart $i: ", ask(connect($port), 'pid') === (string) $worker ? 'serving' : 'not serving', "\n";
}
// ... the sixth waits for the window: the master says when, and does not start it now.
posix_kill($worker, SIGKILL);
wait_for("/^worker $worker exited \(killed by signal 9\)$/");
$m = wait_for('/^(worker (\d+) listening|restart limit reached \(1 waiting\): next restart in ([\d.]+) s)$/');
echo isset($m[3]) ? 'limited' : "restarted at once as $m[2]", "\n";
$delay = (float) ($m[3] ?? 0);
var_dump($delay > 0 && $delay <= 10);
var_dump(@stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2) === false); // no worker now

posix_kill($master, SIGTERM);
wait_for('/^stopping: SIGTERM to 0 worker\(s\)$/');
wait_for('/^stopped$/');
var_dump(wait_exit());
var_dump(str_contains($log, 'listening') && substr_count($log, " listening\n") === 6); // the first and five restarts
--EXPECT--
ready: one worker
restart 1: serving
restart 2: serving
restart 3: serving
restart 4: serving
restart 5: serving
limited
bool(true)
bool(true)
int(0)
bool(true)
