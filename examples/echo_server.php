<?php
/**
 * Multi-client echo server written against PHP's plain stream built-ins
 * (stream_socket_server, stream_select, stream_socket_accept, fread, fwrite).
 *
 * It runs unchanged on native PHP and with rsock loaded: when rsock replaces the
 * built-in stream_socket_server(), the same code is served by rsock's sockets.
 *
 *   php examples/echo_server.php                      # tcp://127.0.0.1:8000
 *   php examples/echo_server.php tcp://0.0.0.0:9000
 *   php -d extension=target/release/librsock.so examples/echo_server.php
 *
 * Try it: `nc 127.0.0.1 8000`, type a line, get it back. Set ECHO_QUIET=1 to drop the
 * per-connection log lines (for load tests).
 */

declare(strict_types=1);

const READ_CHUNK = 65536;
const MAX_PENDING = 1 << 20; // stop reading from a client while this much echo is unsent
define('QUIET', getenv('ECHO_QUIET') !== false && getenv('ECHO_QUIET') !== ''); // no per-connection lines

$address = $argv[1] ?? 'tcp://127.0.0.1:8000';

// Serve as many clients as the system allows: raise the soft descriptor
// limit to the hard one (a no-op where ext/posix is missing).
if (function_exists('posix_getrlimit')) {
    $hard = posix_getrlimit()['hard openfiles'] ?? null;
    if (is_numeric($hard)) {
        @posix_setrlimit(POSIX_RLIMIT_NOFILE, (int) $hard, (int) $hard);
    }
}

$server = stream_socket_server($address, $errorCode, $errorMessage);
if ($server === false) {
    fwrite(STDERR, "echo_server: cannot listen on $address: $errorMessage (error $errorCode)\n");
    exit(1);
}
stream_set_blocking($server, false);

$rsockServes = extension_loaded('rsock')
    && filter_var(ini_get('rsock.replace_builtins'), FILTER_VALIDATE_BOOLEAN);
$implementation = $rsockServes
    ? 'rsock ' . phpversion('rsock') . ' on PHP ' . PHP_VERSION
    : 'native PHP ' . PHP_VERSION;
$scheme = str_contains($address, '://') ? strstr($address, '://', true) : 'tcp';
$local = stream_socket_get_name($server, false);
echo "echo server ($implementation) listening on $scheme://", ($local === false || $local === '' ? $address : $local), "\n";

/** @var array<int, resource> $clients */
$clients = [];
/** @var array<int, string> $pending  bytes read but not yet echoed back */
$pending = [];
/** @var array<int, bool> $closing  client sent EOF; close once $pending is flushed */
$closing = [];
/** @var array<int, string> $peers */
$peers = [];

$drop = static function (int $id) use (&$clients, &$pending, &$closing, &$peers): void {
    fclose($clients[$id]);
    if (!QUIET) {
        echo "disconnected: {$peers[$id]}\n";
    }
    unset($clients[$id], $pending[$id], $closing[$id], $peers[$id]);
};

/** Writes as much of the client's pending data as the socket takes; false on error. */
$flush = static function (int $id) use (&$clients, &$pending): bool {
    if ($pending[$id] === '') {
        return true;
    }
    $written = @fwrite($clients[$id], $pending[$id]);
    if ($written === false) {
        return false;
    }
    $pending[$id] = (string) substr($pending[$id], $written);
    return true;
};

while (true) {
    $read = [$server];
    $write = [];
    foreach ($clients as $id => $client) {
        if (!isset($closing[$id]) && strlen($pending[$id]) < MAX_PENDING) {
            $read[] = $client;
        }
        if ($pending[$id] !== '') {
            $write[] = $client;
        }
    }
    $except = null;

    if (@stream_select($read, $write, $except, null) === false) {
        $error = error_get_last();
        if ($error !== null && str_contains($error['message'], 'Interrupted system call')) {
            error_clear_last();
            continue; // a signal arrived; select again
        }
        fwrite(STDERR, 'echo_server: stream_select failed: ' . ($error['message'] ?? 'unknown error') . "\n");
        exit(1);
    }

    foreach ($read as $stream) {
        if ($stream === $server) {
            // Take every pending connection (bounded, so clients are served too).
            for ($n = 0; $n < 256; $n++) {
                $client = @stream_socket_accept($server, 0, $peer);
                if ($client === false) {
                    break; // none left, another process took it, or the peer already left
                }
                stream_set_blocking($client, false);
                $id = (int) $client;
                $clients[$id] = $client;
                $pending[$id] = '';
                $peers[$id] = ($peer ?? '') !== '' ? $peer : '(unnamed)';
                if (!QUIET) {
                    echo "connected: {$peers[$id]}\n";
                }
            }
            continue;
        }

        $id = (int) $stream;
        $data = @fread($stream, READ_CHUNK);
        if ($data === false) {
            $drop($id);
            continue;
        }
        if ($data === '') {
            if (feof($stream)) {
                $closing[$id] = true; // peer finished sending: flush what is left, then close
            }
        } else {
            $pending[$id] .= $data;
        }
        if (!$flush($id)) {
            $drop($id);
        }
    }

    foreach ($write as $stream) {
        $id = (int) $stream;
        if (isset($clients[$id]) && !$flush($id)) {
            $drop($id);
        }
    }

    foreach ($closing as $id => $_) {
        if (isset($clients[$id]) && $pending[$id] === '') {
            $drop($id);
        }
    }
}
