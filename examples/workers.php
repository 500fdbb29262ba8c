<?php
/**
 * Several worker processes serving one port. A master forks N workers; each
 * opens its own listening socket on the same address with the `so_reuseport`
 * socket option, so the kernel spreads new connections across the workers (no
 * shared accept queue, no thundering herd), and serves them in a plain
 * stream_select() loop. Only built-ins plus ext/pcntl and ext/posix: it runs
 * unchanged on native PHP and with rsock loaded.
 *
 *   php examples/workers.php [ADDRESS [WORKERS]]
 *   php -d extension=target/release/librsock.so examples/workers.php tcp://127.0.0.1:8000 4
 *
 * ADDRESS: a tcp:// address, default tcp://127.0.0.1:8000 (port 0: a free port,
 * printed once ready). WORKERS: the number of workers, default $WORKERS, else
 * the number of CPUs.
 *
 * The service is line based (try `nc 127.0.0.1 8000`): `pid` answers the
 * worker's process id, `quit` answers `bye` and closes, any other line is
 * echoed back.
 *
 * The master
 * - binds ADDRESS once without listening (STREAM_SERVER_BIND alone): that checks
 *   the address before any fork, learns the port when ADDRESS says 0, and keeps
 *   the port bound while the master runs. A socket that does not listen gets no
 *   connections; the workers bind the same port next to it (so_reuseport).
 * - prints `READY workers impl=... addr=tcp://HOST:PORT master=PID workers=PID,...`
 *   once every worker listens, and a line per worker that exits or starts.
 * - restarts a worker that dies, at most RESTART_BURST times per RESTART_WINDOW
 *   seconds: a worker that crashes at once is restarted at that pace, not in a loop.
 * - on SIGTERM or SIGINT sends SIGTERM to every worker, waits for them (SIGKILL
 *   for any still there DRAIN_SECONDS + 2 s later) and exits 0 if every worker
 *   exited 0, else 1.
 * A worker, on SIGTERM or SIGINT (or when its master is gone):
 * - accepts what is already queued on its listener and closes the listener,
 * - answers the requests of its open connections, closing each one after its
 *   next answer, and exits 0 when none is left or DRAIN_SECONDS have passed.
 *
 * Native PHP and rsock differ only in the listen backlog of each worker (native:
 * 32; rsock: ini rsock.default_backlog, default the system's somaxconn), as for
 * any stream_socket_server() without a `backlog` option.
 */

declare(strict_types=1);

const DRAIN_SECONDS = 5.0;     // how long a stopping worker serves its open connections
const RESTART_BURST = 5;       // at most this many restarts ...
const RESTART_WINDOW = 10.0;   // ... per this many seconds
const READY_TIMEOUT = 5;       // seconds a new worker has to report that it listens
const MAX_LINE = 65536;        // a longer request line closes the connection
const SELECT_TIMEOUT_US = 500000; // a worker checks its master and its drain deadline this often

if (!function_exists('pcntl_fork') || !function_exists('posix_kill')) {
    fwrite(STDERR, "workers: ext/pcntl and ext/posix are needed\n");
    exit(2);
}

$address = $argv[1] ?? 'tcp://127.0.0.1:8000';
$count = (int) ($argv[2] ?? (getenv('WORKERS') ?: cpu_count()));
if ($count < 1) {
    fwrite(STDERR, "workers: the number of workers must be at least 1\n");
    exit(2);
}
if (str_contains($address, '://') && !str_starts_with($address, 'tcp://')) {
    fwrite(STDERR, "workers: $address: only tcp:// addresses can be shared with so_reuseport\n");
    exit(2);
}

$context = stream_context_create(['socket' => ['so_reuseport' => true]]);

// Bound, not listening: the port is ours (and known) before any worker starts.
$reserved = stream_socket_server($address, $errorCode, $errorMessage, STREAM_SERVER_BIND, $context);
if ($reserved === false) {
    fwrite(STDERR, "workers: cannot bind $address: $errorMessage (error $errorCode)\n");
    exit(1);
}
$listen = 'tcp://' . stream_socket_get_name($reserved, false);

// The master takes its signals synchronously (pcntl_sigtimedwait below): blocked
// from here on, so none is lost while it forks. Workers unblock them.
$signals = [SIGCHLD, SIGTERM, SIGINT];
pcntl_sigprocmask(SIG_BLOCK, $signals);

/** @var array<int, true> $workers the running workers, by pid */
$workers = [];
for ($i = 0; $i < $count; $i++) {
    $pid = start_worker($listen, $context, $reserved);
    if ($pid !== null) {
        $workers[$pid] = true;
    }
}
// (ini_get gives the setting as written: "1", "On", "yes"...; no ext/filter needed.)
$rsock = extension_loaded('rsock')
    && in_array(strtolower((string) ini_get('rsock.replace_builtins')), ['1', 'on', 'yes', 'true'], true);
printf(
    "READY workers impl=%s addr=%s master=%d workers=%s\n",
    $rsock ? 'rsock' : 'native',
    $listen,
    getmypid(),
    implode(',', array_keys($workers))
);

$stopping = false;
$killAt = 0.0;       // stopping: when the workers still running get SIGKILL
$allClean = true;    // stopping: every worker exited 0
$missing = $count - count($workers); // workers to (re)start
$restarts = [];      // times of recent restarts, for the rate limit

while (true) {
    // Reap every worker that exited.
    while (($pid = pcntl_waitpid(-1, $status, WNOHANG)) > 0) {
        if (!isset($workers[$pid])) {
            continue;
        }
        unset($workers[$pid]);
        $how = pcntl_wifexited($status)
            ? 'status ' . pcntl_wexitstatus($status)
            : 'killed by signal ' . pcntl_wtermsig($status);
        echo "worker $pid exited ($how)\n";
        if ($stopping) {
            $allClean = $allClean && pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0;
        } else {
            $missing++;
        }
    }
    if ($stopping && $workers === []) {
        break;
    }

    $now = microtime(true);
    $wait = 1.0;
    if ($stopping) {
        if ($now >= $killAt) {
            foreach (array_keys($workers) as $pid) {
                posix_kill($pid, SIGKILL);
            }
        }
    } else {
        // Restart the missing workers, as fast as the rate limit allows.
        $restarts = array_values(array_filter($restarts, fn(float $t) => $t > $now - RESTART_WINDOW));
        while ($missing > 0 && count($restarts) < RESTART_BURST) {
            $restarts[] = $now;
            $missing--;
            $pid = start_worker($listen, $context, $reserved);
            if ($pid === null) {
                $missing++; // fork failed: try again, within the limit
            } else {
                $workers[$pid] = true;
            }
        }
        if ($missing > 0) {
            $wait = max(0.01, $restarts[0] + RESTART_WINDOW - $now);
            echo "restart limit reached ($missing waiting): next restart in " . round($wait, 1) . " s\n";
        }
    }

    // Sleep until a signal arrives (a worker exited, or we are asked to stop) or $wait passes.
    $seconds = (int) $wait;
    $signal = pcntl_sigtimedwait($signals, $info, $seconds, (int) (($wait - $seconds) * 1e9));
    if (($signal === SIGTERM || $signal === SIGINT) && !$stopping) {
        $stopping = true;
        $killAt = microtime(true) + DRAIN_SECONDS + 2;
        echo 'stopping: SIGTERM to ' . count($workers) . " worker(s)\n";
        foreach (array_keys($workers) as $pid) {
            posix_kill($pid, SIGTERM);
        }
    }
}
fclose($reserved);
echo "stopped\n";
exit($allClean ? 0 : 1);

/**
 * Forks a worker that serves $listen and waits (READY_TIMEOUT) until it
 * listens. Returns its pid, or null if it could not be forked. A worker that
 * fails to listen exits 1, and the master's loop restarts it.
 */
function start_worker(string $listen, $context, $reserved): ?int
{
    [$parentEnd, $childEnd] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $master = getmypid();
    $pid = pcntl_fork();
    if ($pid === -1) {
        fwrite(STDERR, "workers: fork failed\n");
        return null;
    }
    if ($pid === 0) {
        fclose($parentEnd);
        fclose($reserved); // the master's; the worker opens its own listener
        run_worker($listen, $context, $childEnd, $master);
    }
    fclose($childEnd);
    stream_set_timeout($parentEnd, READY_TIMEOUT);
    $ok = fread($parentEnd, 1) === '1'; // '' when the worker exited or took too long
    fclose($parentEnd);
    echo $ok ? "worker $pid listening\n" : "worker $pid did not start listening\n";
    return $pid;
}

/** A worker's life: listen on $listen, serve, drain on SIGTERM, exit. */
function run_worker(string $listen, $context, $ready, int $master): never
{
    $stop = false;
    pcntl_async_signals(true); // the handler runs at once, interrupting stream_select()
    $handler = function () use (&$stop): void {
        $stop = true;
    };
    pcntl_signal(SIGTERM, $handler);
    pcntl_signal(SIGINT, $handler);
    pcntl_sigprocmask(SIG_SETMASK, []); // the master's mask was inherited

    $server = stream_socket_server($listen, $errorCode, $errorMessage, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
    if ($server === false) {
        fwrite(STDERR, 'worker ' . getmypid() . ": cannot listen on $listen: $errorMessage\n");
        exit(1);
    }
    stream_set_blocking($server, false);
    fwrite($ready, '1');
    fclose($ready);

    $clients = [];  // id => stream
    $input = [];    // id => bytes of an unfinished request line
    $output = [];   // id => answer bytes not written yet
    $closing = [];  // id => true: close once $output is written
    $drainUntil = null;

    $drop = function (int $id) use (&$clients, &$input, &$output, &$closing): void {
        fclose($clients[$id]);
        unset($clients[$id], $input[$id], $output[$id], $closing[$id]);
    };
    // Accepts what is queued, at most 64 (so the open connections get served
    // too); returns how many.
    $accept = function () use (&$server, &$clients, &$input, &$output): int {
        for ($n = 0; $n < 64 && ($client = @stream_socket_accept($server, 0)) !== false; $n++) {
            stream_set_blocking($client, false);
            $id = (int) $client;
            [$clients[$id], $input[$id], $output[$id]] = [$client, '', ''];
        }
        return $n;
    };

    while (true) {
        if ($drainUntil === null && ($stop || posix_getppid() !== $master)) {
            while ($accept() === 64) {
                // all of the queue: closing the listener would reset them
            }
            fclose($server); // new connections go to the other workers' listeners
            $server = null;
            $drainUntil = microtime(true) + DRAIN_SECONDS;
            foreach ($output as $id => $pending) {
                if ($pending !== '') {
                    $closing[$id] = true; // its answer is on the way: the last one
                }
            }
            // One string, one write: workers share the master's stdout.
            echo 'worker ' . getmypid() . ': stopping, ' . count($clients) . " connection(s) open\n";
        }
        if ($drainUntil !== null && ($clients === [] || microtime(true) >= $drainUntil)) {
            exit(0);
        }

        $read = $server === null ? [] : [$server];
        $write = [];
        foreach ($clients as $id => $client) {
            if (!isset($closing[$id])) {
                $read[] = $client;
            }
            if ($output[$id] !== '') {
                $write[] = $client;
            }
        }
        $except = null;
        $timeout = SELECT_TIMEOUT_US;
        if ($drainUntil !== null) {
            $timeout = (int) max(0, min($timeout, ($drainUntil - microtime(true)) * 1e6));
        }
        if (@stream_select($read, $write, $except, 0, $timeout) === false) {
            continue; // a signal interrupted the wait
        }

        $writable = [];
        foreach ($write as $stream) {
            $writable[(int) $stream] = $stream;
        }
        foreach ($read as $stream) {
            if ($stream === $server) {
                $accept();
                continue;
            }
            $id = (int) $stream;
            $data = @fread($stream, 8192);
            if ($data === false || ($data === '' && feof($stream))) {
                $closing[$id] = true; // the client left: write what is pending, then close
                continue;
            }
            $input[$id] .= $data;
            while (!isset($closing[$id]) && ($end = strpos($input[$id], "\n")) !== false) {
                $line = rtrim(substr($input[$id], 0, $end), "\r");
                $input[$id] = substr($input[$id], $end + 1);
                $output[$id] .= match ($line) {
                    'pid' => getmypid() . "\n",
                    'quit' => "bye\n",
                    default => "$line\n",
                };
                if ($line === 'quit' || $drainUntil !== null) {
                    $closing[$id] = true; // stopping: one last answer per connection
                }
            }
            if (strlen($input[$id]) > MAX_LINE) {
                $drop($id);
                continue;
            }
            $writable[$id] = $stream; // try to answer at once
        }

        foreach ($writable as $id => $stream) {
            if (!isset($clients[$id]) || $output[$id] === '') {
                continue;
            }
            $written = @fwrite($stream, $output[$id]);
            if ($written === false) {
                $drop($id);
                continue;
            }
            $output[$id] = substr($output[$id], $written);
        }
        foreach (array_keys($closing) as $id) {
            if (isset($clients[$id]) && $output[$id] === '') {
                $drop($id);
            }
        }
    }
}

/** The number of CPUs (processor lines of /proc/cpuinfo), at least 1. */
function cpu_count(): int
{
    $info = @file_get_contents('/proc/cpuinfo');
    return max(1, $info === false ? 1 : preg_match_all('/^processor\s*:/m', $info));
}
