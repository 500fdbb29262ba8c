<?php
/**
 * Benchmark echo server: one process, non-blocking clients, a stream_select()
 * loop, plain built-ins only (runs unchanged on native PHP and on rsock).
 *
 *   php benches/php/echo_server.php [tcp://127.0.0.1:0]
 *
 * Prints `READY echo impl=... addr=tcp://HOST:PORT ...` once listening. Accepts one
 * client per readiness of the listener (as Workerman and ReactPHP do), reads up
 * to 64 KiB per readable client and writes it back; unsent bytes wait for
 * writability. Runs until killed.
 */

declare(strict_types=1);

require __DIR__ . '/common.php';

const READ_CHUNK = 65536;

$server = bench_listen($argv, 'echo');
stream_set_blocking($server, false);

/** @var array<int, resource> $clients */
$clients = [];
/** @var array<int, string> $pending bytes read but not yet written back */
$pending = [];

$drop = static function (int $id) use (&$clients, &$pending): void {
    fclose($clients[$id]);
    unset($clients[$id], $pending[$id]);
};

while (true) {
    $read = $clients;
    $read[] = $server;
    $write = [];
    foreach ($pending as $id => $bytes) {
        if ($bytes !== '') {
            $write[] = $clients[$id];
        }
    }
    $except = null;
    if (!bench_select($read, $write, $except)) {
        continue; // a signal interrupted the wait
    }

    foreach ($read as $stream) {
        if ($stream === $server) {
            $client = @stream_socket_accept($server, 0);
            if ($client !== false) {
                stream_set_blocking($client, false);
                $id = (int) $client;
                $clients[$id] = $client;
                $pending[$id] = '';
            }
            continue;
        }
        $id = (int) $stream;
        $data = @fread($stream, READ_CHUNK);
        if ($data === false || ($data === '' && feof($stream))) {
            $drop($id);
            continue;
        }
        if ($data === '') {
            continue;
        }
        if ($pending[$id] !== '') {
            $pending[$id] .= $data;
            continue;
        }
        $written = @fwrite($stream, $data);
        if ($written === false) {
            $drop($id);
            continue;
        }
        $pending[$id] = $written === strlen($data) ? '' : substr($data, $written);
    }

    foreach ($write as $stream) {
        $id = (int) $stream;
        if (!isset($clients[$id])) {
            continue;
        }
        $written = @fwrite($stream, $pending[$id]);
        if ($written === false) {
            $drop($id);
            continue;
        }
        $pending[$id] = (string) substr($pending[$id], $written);
    }
}
