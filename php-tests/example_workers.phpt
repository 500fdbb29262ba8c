--TEST--
examples/workers.php: two workers share one port (so_reuseport); a killed worker is replaced; SIGTERM lets an open request finish, then every process exits 0 and the port is free
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!function_exists('posix_kill')) die('skip posix required');
if (!function_exists('proc_open')) die('skip proc_open required');
?>
--FILE--
<?php
// The example runs in a PHP of its own, with this one's extensions (rsock or not).
$cmd = [PHP_BINARY, '-n'];
$maps = file_get_contents('/proc/self/maps');
foreach (['posix', 'pcntl', 'rsock'] as $ext) {
    if (extension_loaded($ext) && preg_match('~(/\S*/(?:lib)?' . $ext . '\.so)$~m', $maps, $m)) {
        array_push($cmd, '-d', "extension=$m[1]");
    }
}
array_push($cmd, __DIR__ . '/../examples/workers.php', 'tcp://127.0.0.1:0', '2');
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
stream_set_blocking($pipes[1], false);
stream_set_blocking($pipes[2], false);
$pids = []; // every pid seen: killed at the end if still there (a failed test)
register_shutdown_function(function () use (&$pids, &$proc) {
    foreach ($pids as $pid) {
        @posix_kill($pid, SIGKILL);
    }
    if ($proc !== null) {
        proc_terminate($proc, SIGKILL);
        proc_close($proc);
    }
});

$log = '';   // the example's stdout so far
$seen = 0;   // how much of $log wait_for() has consumed
/** Reads what the example printed, waiting at most $seconds; false at EOF (every process closed it). */
function read_stdout(float $seconds): bool {
    global $pipes, $log;
    $r = [$pipes[1]];
    $w = $e = null;
    if (stream_select($r, $w, $e, 0, (int) max(0, min(200000, $seconds * 1e6))) > 0) {
        $chunk = fread($pipes[1], 8192);
        if ($chunk === '' && feof($pipes[1])) {
            return false;
        }
        $log .= $chunk;
    }
    return true;
}
/** The next line of the example's stdout matching $re (waits at most $seconds), or dies with the output. */
function wait_for(string $re, float $seconds = 10): array {
    global $pipes, $log, $seen;
    $deadline = microtime(true) + $seconds;
    while (true) {
        while (($nl = strpos($log, "\n", $seen)) !== false) {
            $line = substr($log, $seen, $nl - $seen);
            $seen = $nl + 1;
            if (preg_match($re, $line, $m)) {
                return $m;
            }
        }
        $left = $deadline - microtime(true);
        if ($left <= 0 || !read_stdout($left)) {
            die("no line matching $re within $seconds s; stdout:\n$log\nstderr:\n" . stream_get_contents($pipes[2]));
        }
    }
}
function connect(int $port) {
    $c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    if ($c === false) {
        die("connect: $errstr\n");
    }
    stream_set_timeout($c, 5);
    return $c;
}
function ask($conn, string $line): string|false {
    fwrite($conn, "$line\n");
    $answer = fgets($conn);
    return $answer === false ? false : rtrim($answer, "\n");
}
/** Opens connections until one is served by a worker in $want (at most 200); returns [pid, conn]. */
function connect_to_one_of(int $port, array $want, array &$others): array {
    for ($i = 0; $i < 200; $i++) {
        $c = connect($port);
        $pid = (int) ask($c, 'pid');
        if (in_array($pid, $want, true)) {
            return [$pid, $c];
        }
        $others[] = $pid;
        fclose($c);
    }
    die('200 connections, none served by ' . implode(' or ', $want) . "\n");
}

$ready = wait_for('/^READY workers impl=(\w+) addr=tcp:\/\/127\.0\.0\.1:(\d+) master=(\d+) workers=(\d+),(\d+)$/');
[, $impl, $port, $master, $a, $b] = $ready;
[$port, $master, $a, $b] = array_map('intval', [$port, $master, $a, $b]);
$pids = [$master, $a, $b];
echo "ready: two workers\n";
var_dump($impl === (extension_loaded('rsock') ? 'rsock' : 'native'));

echo "-- both workers answer on the one port\n";
$others = [];
[$first, $connFirst] = connect_to_one_of($port, [$a, $b], $others);
[$second, $connSecond] = connect_to_one_of($port, [$first === $a ? $b : $a], $others);
var_dump($first !== $second, array_diff($others, [$a, $b]) === []);
var_dump(ask($connFirst, 'hello') === 'hello', ask($connSecond, 'pid') === (string) $second);

echo "-- SIGKILL one worker: the master starts a replacement\n";
posix_kill($first, SIGKILL);
wait_for("/^worker $first exited \(killed by signal 9\)$/");
$new = (int) wait_for('/^worker (\d+) listening$/')[1];
$pids[] = $new;
var_dump(!in_array($new, [$a, $b], true));
var_dump(fgets($connFirst), feof($connFirst)); // its connection died with it
var_dump(ask($connSecond, 'pid') === (string) $second); // the other worker's still works
$others = [];
[$got, $connNew] = connect_to_one_of($port, [$new], $others);
var_dump($got === $new, array_diff($others, [$second, $new]) === []);
var_dump(ask($connSecond, 'pid') === (string) $second); // (and it has seen those connections close)

echo "-- SIGTERM to the master with a request half sent\n";
fclose($connFirst);
$midPid = (int) ask($connNew, 'pid'); // $connNew is accepted and served
fwrite($connNew, 'pi');               // ... and now in the middle of a request
$idle = $connSecond;                   // connected, nothing asked: ends at the drain deadline
posix_kill($master, SIGTERM);
wait_for('/^stopping: SIGTERM to 2 worker\(s\)$/');
$stopping = [wait_for('/^worker (\d+): stopping, (\d+) connection\(s\) open$/'), wait_for('/^worker (\d+): stopping, (\d+) connection\(s\) open$/')];
$open = [(int) $stopping[0][1] => (int) $stopping[0][2], (int) $stopping[1][1] => (int) $stopping[1][2]];
ksort($open);
$want = [$second => 1, $new => 1];
ksort($want);
var_dump($open === $want);
var_dump(@stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2) === false); // nobody listens
fwrite($connNew, "d\n");
var_dump(fgets($connNew) === "$midPid\n"); // the request completes ...
var_dump(fgets($connNew), feof($connNew)); // ... and the connection closes after it
$t = microtime(true);
var_dump(fgets($idle), feof($idle));        // the idle one at the drain deadline (5 s)
var_dump(microtime(true) - $t < 8);

echo "-- every process exits 0, the port is free\n";
wait_for('/^stopped$/');
$deadline = microtime(true) + 5;
while (read_stdout($deadline - microtime(true)) && microtime(true) < $deadline);
var_dump(feof($pipes[1])); // every process has closed its stdout: they all exited
var_dump(proc_close($proc)); // the master's exit status
$proc = null;
echo substr_count($log, "exited (status 0)\n"), " workers exited with status 0\n";
foreach ($pids as $pid) {
    if (posix_kill($pid, 0)) {
        echo "pid $pid still exists\n";
    }
}
$again = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
var_dump($again !== false);
?>
--EXPECT--
ready: two workers
bool(true)
-- both workers answer on the one port
bool(true)
bool(true)
bool(true)
bool(true)
-- SIGKILL one worker: the master starts a replacement
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
-- SIGTERM to the master with a request half sent
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
-- every process exits 0, the port is free
bool(true)
int(0)
2 workers exited with status 0
bool(true)
