<?php
/**
 * Benchmark bulk sink: accepts a connection, reads and discards everything
 * until the client shuts down its side, then answers `OK <bytes>\n` and closes.
 * Blocking streams, 64 KiB reads, plain built-ins only (runs unchanged on native
 * PHP and on rsock).
 *
 *   php benches/php/bulk_sink.php [tcp://127.0.0.1:0]
 *
 * Prints `READY bulk_sink impl=... addr=tcp://HOST:PORT ...` once listening, and
 * `received N bytes` on stderr per connection. Runs until killed.
 */

declare(strict_types=1);

require __DIR__ . '/common.php';

const READ_CHUNK = 65536;

$server = bench_listen($argv, 'bulk_sink');

while (true) {
    $client = @stream_socket_accept($server, -1);
    if ($client === false) {
        continue;
    }
    stream_set_timeout($client, 30);
    $bytes = 0;
    while (true) {
        $data = fread($client, READ_CHUNK);
        if ($data === false || $data === '') {
            break; // EOF (or error/timeout: the ack's count tells the client)
        }
        $bytes += strlen($data);
    }
    @fwrite($client, "OK $bytes\n");
    fclose($client);
    bench_log("received $bytes bytes");
}
