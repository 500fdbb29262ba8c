<?php
/**
 * Benchmark accept-and-close server: for each connection, accept it, read one
 * byte, write one byte, close. A stream_select() loop over non-blocking
 * streams (so one slow or lossy client never stalls the others), plain
 * built-ins only (runs unchanged on native PHP and on rsock).
 *
 *   php benches/php/accept_close.php [tcp://127.0.0.1:0]
 *
 * Prints `READY accept_close impl=... addr=tcp://HOST:PORT ...` once listening.
 * Accepts one client per readiness of the listener; the listener keeps PHP's
 * default backlog (native: 32; rsock: somaxconn). Runs until killed.
 */

declare(strict_types=1);

require __DIR__ . '/common.php';

$server = bench_listen($argv, 'accept_close');
stream_set_blocking($server, false);

/** @var array<int, resource> $clients accepted, waiting for their byte */
$clients = [];

while (true) {
    $read = $clients;
    $read[] = $server;
    $write = $except = null;
    if (!bench_select($read, $write, $except)) {
        continue; // a signal interrupted the wait
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            $client = @stream_socket_accept($server, 0);
            if ($client !== false) {
                stream_set_blocking($client, false);
                $clients[(int) $client] = $client;
            }
            continue;
        }
        $byte = @fread($stream, 1);
        if ($byte === '' && !feof($stream)) {
            continue; // nothing yet
        }
        if ($byte !== false && $byte !== '') {
            @fwrite($stream, $byte);
        }
        unset($clients[(int) $stream]);
        fclose($stream);
    }
}
