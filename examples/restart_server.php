<?php
/**
 * A line server that restarts without dropping a connection (rsock's restart
 * recipe; README.md, "Socket activation and restarts without dropping
 * connections"). Each line a client sends is answered with "pid=PID LINE".
 *
 *   php -d extension=rsock examples/restart_server.php [tcp://127.0.0.1:8000]
 *   systemd-socket-activate -l 127.0.0.1:8000 --fdname=web \
 *       php -d extension=rsock examples/restart_server.php
 *
 * kill -HUP PID   restart: a new generation (this script, freshly exec'd with
 *                 the same command line) takes over the listener; this one
 *                 stops accepting once the new one says it is ready, finishes
 *                 its open connections and exits.
 * kill -TERM PID  stop: stop accepting, finish the open connections, exit.
 *                 During a restart the new generation is not stopped: it
 *                 takes over as it would have (stop it by its own pid).
 *
 * Each generation prints "ready pid=PID address=ADDRESS from=OPENED_WITH" once
 * it serves (OPENED_WITH: the address given, or systemd://web), and
 * "exit pid=PID" when it is done. Under systemd (examples/systemd/), each
 * generation tells systemd it is the service's main process (sd_notify:
 * MAINPID=, READY=1). Needs rsock (Rsock\pass_listeners) and
 * ext/pcntl (fork, exec, signals); Linux (/proc/self/cmdline).
 *
 * The steps:
 * 1. Listen: adopt the listener passed by systemd or by the previous
 *    generation (LISTEN_FDS: `systemd://web`, or `systemd://` when the
 *    socket has no name), else bind the address given.
 * 2. On SIGHUP: make a unix datagram socket for the "ready" message, fork;
 *    the child calls Rsock\pass_listeners(['web' => $server]) (the listener
 *    becomes its descriptor 3, inheritable, and LISTEN_* say so) and
 *    pcntl_exec()s the same command line with that environment plus
 *    RESTART_READY_SOCKET.
 * 3. The new generation adopts `systemd://web` and sends "READY=1" there.
 *    Until then both accept from the same listening socket (one kernel
 *    queue: nothing is refused, nothing is lost).
 * 4. On "READY=1" the old generation closes its listener (the socket lives
 *    on in the new one), finishes its connections and exits. If the child
 *    dies first, the old generation keeps serving.
 */

declare(strict_types=1);

const DRAIN_SECONDS = 30;

function say(string $line): void
{
    fwrite(STDOUT, $line . "\n");
    fflush(STDOUT);
}

/** The listening server, and the address it was opened with. */
function listener(array $argv): array
{
    if (getenv('LISTEN_FDS') !== false) {
        $names = explode(':', (string) getenv('LISTEN_FDNAMES'));
        $address = in_array('web', $names, true) ? 'systemd://web' : 'systemd://';
    } else {
        $address = $argv[1] ?? 'tcp://127.0.0.1:8000';
    }
    $server = stream_socket_server($address, $code, $message);
    if ($server === false) {
        fwrite(STDERR, "restart_server: cannot listen on $address: $message ($code)\n");
        exit(1);
    }
    stream_set_blocking($server, false);
    return [$server, $address];
}

/**
 * Tells systemd (Type=notify, NotifyAccess=all) about this process: the
 * sd_notify protocol, a datagram to $NOTIFY_SOCKET. A no-op elsewhere.
 */
function notify_systemd(string $state): void
{
    $path = (string) getenv('NOTIFY_SOCKET');
    if ($path === '') {
        return;
    }
    if ($path[0] === '@') {
        $path = "\0" . substr($path, 1); // an abstract name
    }
    $c = @stream_socket_client("udg://$path");
    if ($c !== false) {
        fwrite($c, $state);
        fclose($c);
    }
}

/** The command line this process runs, to exec it again. */
function own_command(): array
{
    $cmd = explode("\0", rtrim((string) file_get_contents('/proc/self/cmdline'), "\0"));
    $cmd[0] = PHP_BINARY;
    return $cmd;
}

/**
 * Starts the next generation; returns its pid and the socket it reports
 * "ready" on, or null if it could not be started.
 */
function spawn($server): ?array
{
    $path = sys_get_temp_dir() . '/rsock-restart-' . getmypid() . '-' . hrtime(true) . '.sock';
    $ready = stream_socket_server("udg://$path", $code, $message, STREAM_SERVER_BIND);
    if ($ready === false) {
        fwrite(STDERR, "restart_server: no ready socket: $message\n");
        return null;
    }
    $cmd = own_command();
    $pid = pcntl_fork();
    if ($pid === -1) {
        fclose($ready);
        @unlink($path);
        return null;
    }
    if ($pid === 0) {
        $env = Rsock\pass_listeners(['web' => $server]);
        if ($env === false) {
            exit(127); // the warning says why; the old generation serves on
        }
        $env['RESTART_READY_SOCKET'] = $path;
        $inherited = getenv();
        unset($inherited['LISTEN_FDS'], $inherited['LISTEN_PID'], $inherited['LISTEN_FDNAMES']);
        pcntl_exec($cmd[0], array_slice($cmd, 1), $env + $inherited);
        fwrite(STDERR, "restart_server: exec failed\n");
        exit(127);
    }
    return [$pid, $ready, $path];
}

$restart = false;
$stop = false;
pcntl_async_signals(true);
pcntl_signal(SIGHUP, function () use (&$restart) { $restart = true; });
pcntl_signal(SIGTERM, function () use (&$stop) { $stop = true; });
pcntl_signal(SIGINT, function () use (&$stop) { $stop = true; });

[$server, $source] = listener($argv);
$address = stream_socket_get_name($server, false);

say('ready pid=' . getmypid() . " address=$address from=$source");
// Under systemd, the new generation becomes the service's main process.
notify_systemd("MAINPID=" . getmypid() . "\nREADY=1");
// The new generation tells the old one it serves.
if (($notify = getenv('RESTART_READY_SOCKET')) !== false) {
    putenv('RESTART_READY_SOCKET');
    $c = @stream_socket_client("udg://$notify");
    if ($c !== false) {
        fwrite($c, 'READY=1');
        fclose($c);
    }
}

/** @var array<int, resource> $clients */
$clients = [];
/** @var array<int, string> $buffers */
$buffers = [];
$next = null;      // [pid, ready socket, path] of a generation starting up
$drainUntil = null;

while ($server !== null || $clients) {
    if ($restart && $next === null && $server !== null) {
        $next = spawn($server);
    }
    $restart = false; // one restart at a time: a SIGHUP meanwhile is ignored
    if ($stop && $server !== null) {
        fclose($server);
        $server = null;
    }
    if ($server === null && $drainUntil === null) {
        $drainUntil = microtime(true) + DRAIN_SECONDS;
    }
    if ($drainUntil !== null && microtime(true) > $drainUntil) {
        break;
    }
    if ($next !== null && pcntl_waitpid($next[0], $status, WNOHANG) === $next[0]) {
        fwrite(STDERR, "restart_server: the new generation exited before it was ready\n");
        fclose($next[1]);
        @unlink($next[2]);
        $next = null;
    }

    $read = array_values($clients);
    if ($server !== null) {
        $read[] = $server;
    }
    if ($next !== null) {
        $read[] = $next[1];
    }
    $write = $except = null;
    if (!$read) {
        break;
    }
    if (@stream_select($read, $write, $except, 0, 200000) === false) {
        continue; // a signal
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            while (($conn = @stream_socket_accept($server, 0)) !== false) {
                $clients[(int) $conn] = $conn;
                $buffers[(int) $conn] = '';
            }
        } elseif ($next !== null && $stream === $next[1]) {
            if (stream_socket_recvfrom($next[1], 64) === 'READY=1') {
                // The new generation serves: stop accepting, drain, exit
                // (after a SIGTERM the listener is closed already).
                fclose($next[1]);
                @unlink($next[2]);
                $next = null;
                if ($server !== null) {
                    fclose($server);
                    $server = null;
                }
            }
        } else {
            $id = (int) $stream;
            $data = fread($stream, 65536);
            if ($data === '' || $data === false) {
                if (feof($stream) || $data === false) {
                    fclose($stream);
                    unset($clients[$id], $buffers[$id]);
                }
                continue;
            }
            $buffers[$id] .= $data;
            while (($nl = strpos($buffers[$id], "\n")) !== false) {
                $line = substr($buffers[$id], 0, $nl + 1);
                $buffers[$id] = substr($buffers[$id], $nl + 1);
                fwrite($stream, 'pid=' . getmypid() . ' ' . $line);
            }
        }
    }
}
if ($next !== null) {
    // Stopped during a restart: the new generation carries on without
    // telling us (its "ready" message finds no socket).
    fclose($next[1]);
    @unlink($next[2]);
}
foreach ($clients as $c) {
    fclose($c);
}
say('exit pid=' . getmypid());
