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

$server = bench_listen($argv, 'echo');
stream_set_blocking($server, false);

/** @var array<int, resource> $clients */
$clients = [];
/** @var array<int, string> $pending bytes read but not yet written back */
$pending = [];

while (true) {
    if (!bench_echo_wait($server, $clients, $pending, [], $read, $write)) {
        continue; // a signal interrupted the wait
    }

    foreach ($read as $stream) {
        if ($stream === $server) {
            $client = @stream_socket_accept($server, 0);
            if ($client !== false) {
                stream_set_blocking($client, false);
                bench_echo_add($clients, $pending, $client);
            }
            continue;
        }
        bench_echo_read($clients, $pending, $stream);
    }

    bench_echo_flush($clients, $pending, $write);
}
