<?php
/**
 * Shared start-up for the benchmark servers: raise the descriptor limit, turn
 * stream_select()'s FD_SETSIZE warning into a clean failure, listen, and tell
 * the runner where (one `READY ...` line on stdout); and the echo service
 * (read, write back or queue, flush) that echo_server.php and tls_server.php share.
 *
 * Only plain built-ins are used, so every script runs unchanged on native PHP
 * and with rsock loaded (which replaces the built-in stream_socket_server()).
 */

declare(strict_types=1);

/** Exit code and stderr marker the runner reads as "failed (FD_SETSIZE)". */
const BENCH_EXIT_FD_SETSIZE = 3;

function bench_log(string $line): void
{
    fwrite(STDERR, 'bench-server: ' . $line . "\n");
}

/** Raises the soft RLIMIT_NOFILE to the hard limit; returns "soft/hard" as now set. */
function bench_raise_nofile(): string
{
    if (!function_exists('posix_getrlimit') || !function_exists('posix_setrlimit')) {
        bench_log('posix_setrlimit() is not available (ext/posix missing): descriptor limit left as is');
        return 'unknown';
    }
    $limits = posix_getrlimit();
    $soft = $limits['soft openfiles'] ?? null;
    $hard = $limits['hard openfiles'] ?? null;
    if ($hard !== null && $soft !== $hard) {
        $value = $hard === 'unlimited' ? POSIX_RLIMIT_INFINITY : (int) $hard;
        if (!@posix_setrlimit(POSIX_RLIMIT_NOFILE, $value, $value)) {
            bench_log("could not raise the descriptor limit from $soft to $hard");
        }
        $limits = posix_getrlimit();
        $soft = $limits['soft openfiles'] ?? $soft;
    }
    return "$soft/$hard";
}

/**
 * The FD_SETSIZE warning of stream_select() (a descriptor >= 1024 is silently
 * left out of the set, so its client would never be served) ends the server
 * with BENCH_EXIT_FD_SETSIZE. Everything else goes on to PHP's own handling
 * (so error_get_last() still sees it).
 */
function bench_error_handler(int $no, string $message, string $file, int $line): bool
{
    if (str_contains($message, 'FD_SETSIZE')) {
        bench_log('FAILED (FD_SETSIZE): ' . $message);
        exit(BENCH_EXIT_FD_SETSIZE);
    }
    return false;
}

/**
 * Listens on $argv[1] (default tcp://127.0.0.1:0, an ephemeral port) and prints the READY line.
 * $context (optional) is passed to stream_socket_server(); $extra is appended to the READY line.
 */
function bench_listen(array $argv, string $name, $context = null, string $extra = '')
{
    set_error_handler('bench_error_handler');
    $nofile = bench_raise_nofile();
    $address = $argv[1] ?? 'tcp://127.0.0.1:0';
    $server = $context === null
        ? stream_socket_server($address, $errorCode, $errorMessage)
        : stream_socket_server($address, $errorCode, $errorMessage, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
    if ($server === false) {
        bench_log("cannot listen on $address: $errorMessage (error $errorCode)");
        exit(1);
    }
    $rsock = extension_loaded('rsock')
        && filter_var(ini_get('rsock.replace_builtins'), FILTER_VALIDATE_BOOLEAN);
    $local = stream_socket_get_name($server, false);
    $scheme = str_contains($address, '://') ? strstr($address, '://', true) : 'tcp';
    fwrite(STDOUT, sprintf(
        "READY %s impl=%s addr=%s://%s pid=%d nofile=%s php=%s%s\n",
        $name,
        $rsock ? 'rsock' : 'native',
        $scheme,
        $local === false ? '' : $local,
        getmypid(),
        $nofile,
        PHP_VERSION,
        $extra === '' ? '' : ' ' . $extra
    ));
    fflush(STDOUT);
    return $server;
}

/**
 * stream_select() that waits forever; false when a signal interrupted it (select
 * again), exits the server on any other failure.
 */
function bench_select(array &$read, ?array &$write, ?array &$except): bool
{
    if (@stream_select($read, $write, $except, null) !== false) {
        return true;
    }
    $error = error_get_last();
    error_clear_last();
    if ($error !== null && str_contains($error['message'], 'Interrupted system call')) {
        return false;
    }
    bench_log('stream_select failed: ' . ($error['message'] ?? 'unknown error'));
    exit(1);
}

/*
 * Echo service shared by echo_server.php and tls_server.php. The state is two
 * arrays keyed by (int) stream: $clients (the connections served) and $pending
 * (the bytes read from each but not yet written back, '' when none).
 */

/** Bytes read at the most per readable connection. */
const BENCH_ECHO_READ_CHUNK = 65536;

/** Starts serving $client (already non-blocking). */
function bench_echo_add(array &$clients, array &$pending, $client): void
{
    $id = (int) $client;
    $clients[$id] = $client;
    $pending[$id] = '';
}

/** Closes connection $id and forgets it. */
function bench_echo_drop(array &$clients, array &$pending, int $id): void
{
    fclose($clients[$id]);
    unset($clients[$id], $pending[$id]);
}

/** The connections with bytes waiting to be written back (the select write set). */
function bench_echo_write_set(array $clients, array $pending): array
{
    $write = [];
    foreach ($pending as $id => $bytes) {
        if ($bytes !== '') {
            $write[] = $clients[$id];
        }
    }
    return $write;
}

/**
 * Waits (bench_select()) until $server, a connection in $clients or one in $others
 * is readable, or one with pending bytes is writable; sets $read and $write to
 * those. false when a signal interrupted the wait (wait again).
 */
function bench_echo_wait($server, array $clients, array $pending, array $others, ?array &$read, ?array &$write): bool
{
    $read = $clients + $others;
    $read[] = $server;
    $write = bench_echo_write_set($clients, $pending);
    $except = null;
    return bench_select($read, $write, $except);
}

/**
 * Serves a readable connection: reads up to BENCH_ECHO_READ_CHUNK bytes and
 * writes them back, or queues them behind bytes still pending; drops it on
 * EOF or a failed read or write.
 */
function bench_echo_read(array &$clients, array &$pending, $stream): void
{
    $id = (int) $stream;
    $data = @fread($stream, BENCH_ECHO_READ_CHUNK);
    if ($data === false || ($data === '' && feof($stream))) {
        bench_echo_drop($clients, $pending, $id);
        return;
    }
    if ($data === '') {
        return;
    }
    if ($pending[$id] !== '') {
        $pending[$id] .= $data;
        return;
    }
    $written = @fwrite($stream, $data);
    if ($written === false) {
        bench_echo_drop($clients, $pending, $id);
        return;
    }
    $pending[$id] = $written === strlen($data) ? '' : substr($data, $written);
}

/** Writes pending bytes to the writable connections in $write (those still served). */
function bench_echo_flush(array &$clients, array &$pending, array $write): void
{
    foreach ($write as $stream) {
        $id = (int) $stream;
        if (!isset($clients[$id])) {
            continue;
        }
        $written = @fwrite($stream, $pending[$id]);
        if ($written === false) {
            bench_echo_drop($clients, $pending, $id);
            continue;
        }
        $pending[$id] = (string) substr($pending[$id], $written);
    }
}
