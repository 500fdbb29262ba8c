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
require __DIR__ . '/example_workers.inc';
$proc = start_workers_example(2);

[$port, $master, [$a, $b]] = wait_ready();
echo "ready: two workers\n";

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
stream_set_timeout($idle, 10);
$t = microtime(true);
var_dump(fgets($idle), feof($idle));        // the idle one at the drain deadline (5 s after SIGTERM)
var_dump(microtime(true) - $t < 8);

echo "-- every process exits 0, the port is free\n";
wait_for('/^stopped$/');
var_dump(wait_exit()); // every process closed its stdout, the master exited 0
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
int(0)
2 workers exited with status 0
bool(true)
