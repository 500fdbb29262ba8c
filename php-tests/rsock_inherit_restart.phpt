--TEST--
rsock: examples/restart_server.php restarts 10 times under steady client load (4 clients, a connection per request) and loses nothing: 0 refused, 0 reset, 0 errors
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (Rsock\pass_listeners, systemd://)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
const RESTARTS = 10;
const CLIENTS = 4;

$example = realpath(__DIR__ . '/../examples/restart_server.php');
$stopFile = sys_get_temp_dir() . '/rsock-restart-stop-' . getmypid();
@unlink($stopFile);
$pids = [];
register_shutdown_function(function () use (&$pids, $stopFile) {
    touch($stopFile);
    foreach ($pids as $pid) {
        @exec('kill -9 ' . (int) $pid . ' 2>/dev/null');
    }
    @unlink($stopFile);
});

// Stands in for systemd's notification socket (Type=notify).
$notifyPath = sys_get_temp_dir() . '/rsock-restart-notify-' . getmypid() . '.sock';
@unlink($notifyPath);
$notify = stream_socket_server("udg://$notifyPath", $e, $m, STREAM_SERVER_BIND);
stream_set_blocking($notify, false);
$env = getenv();
$env['NOTIFY_SOCKET'] = $notifyPath;
[$server, $out] = start([...child_php(), $example, 'tcp://127.0.0.1:0'], $env);
$ready = wait_line($out[1], '/^ready pid=\d+ address=/', 10);
preg_match('/pid=(\d+) address=(\S+)/', (string) $ready, $m);
[, $pid, $address] = $m + [null, 0, ''];
$pids[] = $pid;
echo $ready !== false ? "first generation ready\n" : "no first generation\n";

// The load: CLIENTS processes, each connecting, asking one line, reading the
// answer, closing, again, until the stop file exists; failures counted by kind.
$load = <<<'PHP'
[, $address, $stopFile, $clients] = $argv;
$children = [];
for ($w = 0; $w < $clients; $w++) {
    $pid = pcntl_fork();
    if ($pid > 0) { $children[] = $pid; continue; }
    $n = ['sent' => 0, 'answered' => 0, 'refused' => 0, 'reset' => 0, 'errors' => 0];
    $up = false;
    while (!file_exists($stopFile)) {
        $req = "client$w-" . $n['sent'];
        $n['sent']++;
        $c = @stream_socket_client("tcp://$address", $errno, $errstr, 5);
        if ($c === false) {
            $n[$errno === 111 ? 'refused' : 'errors']++;
            continue;
        }
        stream_set_timeout($c, 5);
        if (@fwrite($c, "$req\n") !== strlen($req) + 1) {
            $n['reset']++;
        } else {
            $reply = fgets($c);
            if ($reply === false) {
                // Closed or reset before the answer (a timeout counts as an error).
                $n[stream_get_meta_data($c)['timed_out'] ? 'errors' : 'reset']++;
            } elseif (preg_match('/^pid=\d+ ' . preg_quote($req, '/') . '\n$/', $reply)) {
                $n['answered']++;
                if (!$up) { echo "up\n"; $up = true; }
            } else {
                $n['errors']++;
            }
        }
        fclose($c);
        usleep(2000);
    }
    echo json_encode($n) . "\n"; // one write: the clients share the pipe
    exit(0);
}
foreach ($children as $c) pcntl_waitpid($c, $status);
echo "done\n";
PHP;
[$loadProc, $loadOut] = start([...child_php(), '-r', $load, $address, $stopFile, (string) CLIENTS]);
$up = 0;
while ($up < CLIENTS && wait_line($loadOut[1], '/^up$/', 10) !== false) {
    $up++;
}
echo "clients up: $up\n";

/** The pid that answers a request now. */
function answering_pid(string $address): int
{
    $c = connect_retry("tcp://$address", 5);
    if ($c === false) return 0;
    fwrite($c, "probe\n");
    return preg_match('/^pid=(\d+) probe$/', (string) fgets($c), $m) ? (int) $m[1] : 0;
}

$restarted = 0;
$exited = [];
/** Notes the "exit pid=N" lines among $lines. */
$noteExits = function (array $lines) use (&$exited) {
    foreach ($lines as $l) {
        if (preg_match('/^exit pid=(\d+)$/', $l, $m)) $exited[$m[1]] = true;
    }
};
for ($i = 0; $i < RESTARTS; $i++) {
    exec("kill -HUP $pid");
    $line = wait_line($out[1], '/^ready pid=(?!' . $pid . ' )\d+ /', 10, $skipped);
    $noteExits($skipped);
    if ($line === false) {
        echo "restart $i: no new generation\n";
        break;
    }
    preg_match('/pid=(\d+)/', $line, $m);
    $new = (int) $m[1];
    $pids[] = $new;
    // The new generation answers (once the old one closed its listener, only
    // it does), and the old one drains and exits.
    $deadline = microtime(true) + 10;
    while (answering_pid($address) !== $new && microtime(true) < $deadline);
    if (!isset($exited[$pid]) && ($e = wait_line($out[1], "/^exit pid=$pid\$/", 10, $skipped)) !== false) {
        $noteExits([...$skipped, $e]);
    }
    // Let the load run against this generation for a while (its own probes
    // are answered by it alone).
    $until = microtime(true) + 0.15;
    while (microtime(true) < $until) {
        if (($p = answering_pid($address)) !== $new) {
            echo "restart $i: a probe was answered by $p, not $new\n";
            break;
        }
    }
    $pid = $new;
    $restarted++;
}
echo "restarts: $restarted, old generations exited: ", count($exited), "\n";
echo 'answered by the last generation: ', var_export(answering_pid($address) === $pid, true), "\n";

touch($stopFile);
$totals = ['sent' => 0, 'answered' => 0, 'refused' => 0, 'reset' => 0, 'errors' => 0];
$reports = 0;
while ($reports < CLIENTS && ($line = wait_line($loadOut[1], '/^\{/', 15)) !== false) {
    foreach (json_decode($line, true) as $k => $v) $totals[$k] += $v;
    $reports++;
}
wait_line($loadOut[1], '/^done$/', 10);
proc_close($loadProc);
echo "client reports: $reports\n";
echo "refused={$totals['refused']} reset={$totals['reset']} errors={$totals['errors']}\n";
echo 'every request answered: ', var_export($totals['sent'] > 0 && $totals['answered'] === $totals['sent'], true), "\n";
echo "requests: {$totals['sent']}, answered: {$totals['answered']}\n";

$mainPids = [];
while (($msg = stream_socket_recvfrom($notify, 100)) !== false && $msg !== '') {
    if (preg_match('/^MAINPID=(\d+)\nREADY=1$/', $msg, $m)) $mainPids[] = (int) $m[1];
}
echo 'systemd notifications: ', count($mainPids), ', the last names the last generation: ',
    var_export(end($mainPids) === (int) $pid, true), "\n";
fclose($notify);
unlink($notifyPath);

exec("kill -TERM $pid");
echo wait_line($out[1], "/^exit pid=$pid\$/", 10) !== false ? "last generation stopped\n" : "last generation did not stop\n";
proc_close($server);
?>
--EXPECTF--
first generation ready
clients up: 4
restarts: 10, old generations exited: 10
answered by the last generation: true
client reports: 4
refused=0 reset=0 errors=0
every request answered: true
requests: %d, answered: %d
systemd notifications: 11, the last names the last generation: true
last generation stopped
