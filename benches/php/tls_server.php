<?php
/**
 * Benchmark TLS echo server: one process, a stream_select() loop, plain
 * built-ins only (runs unchanged on native PHP and on rsock).
 *
 *   php benches/php/tls_server.php [tcp://127.0.0.1:0 | ssl://127.0.0.1:0]
 *
 * tcp:// (the common pattern, e.g. Workerman): a plain listener whose context
 * carries the `ssl` options; every accepted connection is made non-blocking and
 * handshaken with stream_socket_enable_crypto(STREAM_CRYPTO_METHOD_TLS_SERVER)
 * from the select loop (0: not done yet, wait for readability and call again;
 * true: done; false: failed, close it).
 * ssl:// (or tls://): a TLS listener; stream_socket_accept() does the whole
 * handshake, blocking, before it returns the connection.
 *
 * After the handshake each connection is served like echo_server.php: up to
 * 64 KiB read per readable connection and written back; the client closes.
 *
 * The certificate is generated at start-up (nothing is committed): a
 * self-signed ECDSA P-256 (prime256v1) key and certificate (SHA-256, CN
 * "rsock bench", valid 2 days) written to sys_get_temp_dir()/rsock-bench-tls-PID/
 * (cert.pem, key.pem, mode 0600). The directory is named in the READY line
 * (`certdir=...`): the runner removes it after killing the server; a later
 * start removes the ones whose process is gone.
 *
 * Prints `READY tls impl=... addr=tcp://HOST:PORT ... certdir=DIR` once
 * listening. Runs until killed.
 */

declare(strict_types=1);

require __DIR__ . '/common.php';

/** Handshake failures logged to stderr (with PHP's reason); the rest are only counted. */
const LOG_FAILURES = 5;

const CERT_DIR_PREFIX = 'rsock-bench-tls-';

/** Removes cert dirs of earlier servers that were killed (their process is gone). */
function tls_remove_stale_cert_dirs(): void
{
    foreach (glob(sys_get_temp_dir() . '/' . CERT_DIR_PREFIX . '*', GLOB_ONLYDIR) ?: [] as $dir) {
        $pid = substr(basename($dir), strlen(CERT_DIR_PREFIX));
        if (ctype_digit($pid) && (int) $pid !== getmypid() && !file_exists("/proc/$pid")) {
            tls_remove_cert_dir($dir);
        }
    }
}

function tls_remove_cert_dir(string $dir): void
{
    @unlink("$dir/cert.pem");
    @unlink("$dir/key.pem");
    @rmdir($dir);
}

/** Generates the key and self-signed certificate; returns [dir, cert path, key path]. */
function tls_make_cert(): array
{
    $fail = static function (string $what): never {
        $reasons = [];
        while (($r = openssl_error_string()) !== false) {
            $reasons[] = $r;
        }
        bench_log("cannot $what: " . implode('; ', $reasons));
        exit(1);
    };
    $key = openssl_pkey_new([
        'private_key_type' => OPENSSL_KEYTYPE_EC,
        'curve_name' => 'prime256v1',
    ]) ?: $fail('generate the EC P-256 key');
    $csr = openssl_csr_new(['commonName' => 'rsock bench'], $key, ['digest_alg' => 'sha256'])
        ?: $fail('create the CSR');
    $cert = openssl_csr_sign($csr, null, $key, 2, ['digest_alg' => 'sha256'], random_int(1, PHP_INT_MAX))
        ?: $fail('self-sign the certificate');
    openssl_x509_export($cert, $certPem) ?: $fail('export the certificate');
    openssl_pkey_export($key, $keyPem) ?: $fail('export the key');

    $dir = sys_get_temp_dir() . '/' . CERT_DIR_PREFIX . getmypid();
    if (is_dir($dir)) {
        tls_remove_cert_dir($dir); // left by an earlier process with this pid
    }
    if (!@mkdir($dir, 0700)) {
        bench_log("cannot create $dir");
        exit(1);
    }
    $owner = getmypid();
    register_shutdown_function(static function () use ($dir, $owner): void {
        if (getmypid() === $owner) {
            tls_remove_cert_dir($dir);
        }
    });
    $certFile = "$dir/cert.pem";
    $keyFile = "$dir/key.pem";
    touch($keyFile);
    chmod($keyFile, 0600);
    if (file_put_contents($certFile, $certPem) === false || file_put_contents($keyFile, $keyPem) === false) {
        bench_log("cannot write the certificate into $dir");
        exit(1);
    }
    return [$dir, $certFile, $keyFile];
}

tls_remove_stale_cert_dirs();
[$certDir, $certFile, $keyFile] = tls_make_cert();

$address = $argv[1] ?? 'tcp://127.0.0.1:0';
$scheme = str_contains($address, '://') ? strtolower(strstr($address, '://', true)) : 'tcp';
/** true: handshake in stream_socket_accept() (ssl://, tls://...); false: stream_socket_enable_crypto(). */
$tlsListener = $scheme !== 'tcp';

$context = stream_context_create([
    'ssl' => [
        'local_cert' => $certFile,
        'local_pk' => $keyFile,
        'verify_peer' => false, // no client certificates
    ],
    // TLS 1.3 servers send their session tickets as small records right after
    // the handshake; with Nagle on, the echo then waits for the client's
    // delayed ACK (40 ms) and the run measures that timer, not the handshakes.
    'socket' => ['tcp_nodelay' => true],
]);
$server = bench_listen($argv, 'tls', $context, "certdir=$certDir");
stream_set_blocking($server, false);

/** @var array<int, resource> $handshaking accepted, TLS handshake not finished (tcp://) */
$handshaking = [];
/** @var array<int, resource> $clients TLS established */
$clients = [];
/** @var array<int, string> $pending bytes read but not yet written back */
$pending = [];
$failures = 0;

$failed = static function (string $what) use (&$failures): void {
    $failures++;
    if ($failures <= LOG_FAILURES) {
        $error = error_get_last();
        bench_log("$what failed: " . ($error['message'] ?? 'no reason given')
            . ($failures === LOG_FAILURES ? ' (further failures are not logged)' : ''));
    }
    error_clear_last();
};

while (true) {
    if (!bench_echo_wait($server, $clients, $pending, $handshaking, $read, $write)) {
        continue; // a signal interrupted the wait
    }

    foreach ($read as $stream) {
        if ($stream === $server) {
            // ssl://: this does the handshake (blocking) and returns false if it fails.
            $client = @stream_socket_accept($server, 0);
            if ($client === false) {
                if ($tlsListener) {
                    $failed('accept with TLS handshake');
                }
                continue;
            }
            stream_set_blocking($client, false);
            if ($tlsListener) {
                bench_echo_add($clients, $pending, $client);
            } else {
                $handshaking[(int) $client] = $client;
            }
            continue;
        }
        $id = (int) $stream;
        if (isset($handshaking[$id])) {
            // Non-blocking handshake: every call advances it as far as the data allows.
            $done = @stream_socket_enable_crypto($stream, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
            if ($done === 0) {
                continue; // needs more from the client
            }
            unset($handshaking[$id]);
            if ($done !== true) {
                $failed('stream_socket_enable_crypto');
                fclose($stream);
                continue;
            }
            bench_echo_add($clients, $pending, $stream);
            continue;
        }
        bench_echo_read($clients, $pending, $stream);
    }

    bench_echo_flush($clients, $pending, $write);
}
