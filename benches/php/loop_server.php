<?php
/**
 * Benchmark echo server shaped like the stream_select() event loops of PHP
 * libraries: the watched streams live in array properties keyed by resource
 * id, every tick passes copies of them to stream_select() and calls the
 * listener registered for each ready stream; listeners add and remove
 * streams. Plain built-ins only (runs unchanged on native PHP and on rsock).
 *
 *   php benches/php/loop_server.php [tcp://127.0.0.1:0]
 *
 * Prints `READY loop impl=... addr=tcp://HOST:PORT ...` once listening.
 * Accepts one client per readiness of the listener, reads up to 64 KiB per
 * readable client and writes it back; unsent bytes wait for writability
 * (the connection is then watched for writing until they are sent). Runs
 * until killed.
 */

declare(strict_types=1);

require __DIR__ . '/common.php';

/** The loop: streams and their listeners, by resource id. */
final class SelectLoop
{
    /** @var array<int, resource> */
    private array $readStreams = [];
    /** @var array<int, callable(resource): void> */
    private array $readListeners = [];
    /** @var array<int, resource> */
    private array $writeStreams = [];
    /** @var array<int, callable(resource): void> */
    private array $writeListeners = [];

    public function addReadStream($stream, callable $listener): void
    {
        $id = (int) $stream;
        $this->readStreams[$id] = $stream;
        $this->readListeners[$id] = $listener;
    }

    public function removeReadStream($stream): void
    {
        $id = (int) $stream;
        unset($this->readStreams[$id], $this->readListeners[$id]);
    }

    public function addWriteStream($stream, callable $listener): void
    {
        $id = (int) $stream;
        $this->writeStreams[$id] = $stream;
        $this->writeListeners[$id] = $listener;
    }

    public function removeWriteStream($stream): void
    {
        $id = (int) $stream;
        unset($this->writeStreams[$id], $this->writeListeners[$id]);
    }

    public function run(): void
    {
        while ($this->readStreams !== [] || $this->writeStreams !== []) {
            $read = $this->readStreams;
            $write = $this->writeStreams;
            $except = null;
            if (!bench_select($read, $write, $except)) {
                continue; // a signal interrupted the wait
            }
            foreach ($read as $stream) {
                // A listener called before may have removed this stream.
                $listener = $this->readListeners[(int) $stream] ?? null;
                if ($listener !== null) {
                    $listener($stream);
                }
            }
            foreach ($write as $stream) {
                $listener = $this->writeListeners[(int) $stream] ?? null;
                if ($listener !== null) {
                    $listener($stream);
                }
            }
        }
    }
}

/** One client: echoes what it reads, queues what the socket does not take. */
final class EchoConnection
{
    private string $unsent = '';
    private bool $watchingWrites = false;

    public function __construct(private SelectLoop $loop, private $stream)
    {
        $loop->addReadStream($stream, $this->onReadable(...));
    }

    private function onReadable($stream): void
    {
        $data = @fread($stream, 65536);
        if ($data === false || ($data === '' && feof($stream))) {
            $this->close();
            return;
        }
        if ($data === '') {
            return;
        }
        if ($this->unsent !== '') {
            $this->unsent .= $data;
            return;
        }
        $this->send($data);
    }

    private function onWritable($stream): void
    {
        $data = $this->unsent;
        $this->unsent = '';
        $this->send($data);
    }

    private function send(string $data): void
    {
        $written = @fwrite($this->stream, $data);
        if ($written === false) {
            $this->close();
            return;
        }
        $this->unsent = (string) substr($data, $written);
        $watch = $this->unsent !== '';
        if ($watch !== $this->watchingWrites) {
            $this->watchingWrites = $watch;
            if ($watch) {
                $this->loop->addWriteStream($this->stream, $this->onWritable(...));
            } else {
                $this->loop->removeWriteStream($this->stream);
            }
        }
    }

    private function close(): void
    {
        $this->loop->removeReadStream($this->stream);
        if ($this->watchingWrites) {
            $this->loop->removeWriteStream($this->stream);
        }
        fclose($this->stream);
    }
}

$server = bench_listen($argv, 'loop');
stream_set_blocking($server, false);
$loop = new SelectLoop();
$loop->addReadStream($server, function ($server) use ($loop): void {
    $client = @stream_socket_accept($server, 0);
    if ($client !== false) {
        stream_set_blocking($client, false);
        new EchoConnection($loop, $client);
    }
});
$loop->run();
