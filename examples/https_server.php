<?php
/**
 * Small HTTPS server written against PHP's plain stream built-ins (stream_socket_server,
 * stream_select, stream_socket_accept, stream_socket_enable_crypto, fread, fwrite).
 *
 * It runs unchanged on native PHP and with rsock loaded: when rsock replaces the built-in
 * stream_socket_server(), the same code is served by rsock's sockets.
 *
 *   php examples/https_server.php                     # https://127.0.0.1:8443/
 *   php examples/https_server.php tcp://0.0.0.0:9443
 *   php -d extension=target/release/librsock.so examples/https_server.php
 *   HTTPS_CERT=cert.pem HTTPS_KEY=key.pem php examples/https_server.php
 *
 * Try it: `curl -k https://127.0.0.1:8443/` (the start-up lines print the exact commands).
 * Every response tells the TLS version, cipher and ALPN protocol of its connection, from
 * stream_get_meta_data(). Set HTTPS_QUIET=1 to drop the per-connection log lines.
 *
 * Why tcp:// plus stream_socket_enable_crypto() and not an ssl:// listener: on an ssl:// server,
 * stream_socket_accept() runs the whole TLS handshake before it returns, blocking, so one slow
 * or silent client stalls every other one for up to the handshake timeout. Here the listener is
 * plain TCP (its context carries the `ssl` options, which accepted connections inherit), every
 * accepted connection is made non-blocking, and its handshake is driven from the select loop:
 * stream_socket_enable_crypto() returns 0 while the handshake is in progress (call again when
 * the connection is readable), true once done, false when it failed.
 *
 * Certificate: HTTPS_CERT (PEM certificate, may hold the key too) and HTTPS_KEY (PEM key) name
 * your own. Without them a self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1
 * (valid 30 days) is generated at start-up into a fresh temporary directory that is removed on
 * exit (Ctrl-C included); `curl --cacert DIR/cert.pem https://localhost:PORT/` verifies it.
 */

declare(strict_types=1);

const READ_CHUNK = 16384;
const MAX_REQUEST_HEAD = 16384;   // bytes of request line + headers we accept
const HANDSHAKE_TIMEOUT = 10.0;   // seconds a client may take to finish the TLS handshake
const REQUEST_TIMEOUT = 10.0;     // seconds from the handshake to a complete request head
const ALPN = 'http/1.1';          // the only protocol spoken here
define('QUIET', getenv('HTTPS_QUIET') !== false && getenv('HTTPS_QUIET') !== '');

$address = $argv[1] ?? 'tcp://127.0.0.1:8443';
if (!str_contains($address, '://')) {
    $address = "tcp://$address";
}
if (!str_starts_with($address, 'tcp://')) {
    fwrite(STDERR, "https_server: give a tcp:// address (TLS is enabled per connection), not $address\n");
    exit(1);
}

/** Removes the generated certificate directory (from the process that made it). */
$certDir = null;
$cleanup = static function () use (&$certDir): void {
    if ($certDir !== null && is_dir($certDir)) {
        array_map('unlink', glob("$certDir/*") ?: []);
        rmdir($certDir);
    }
    $certDir = null;
};
register_shutdown_function($cleanup);
if (function_exists('pcntl_async_signals')) {
    pcntl_async_signals(true);
    foreach ([SIGINT, SIGTERM] as $signal) {
        pcntl_signal($signal, static function () {
            exit(0); // runs the shutdown functions
        });
    }
}

/** Generates a self-signed certificate and key; returns [cert path, key path]. */
$selfSigned = static function () use (&$certDir): array {
    $fail = static function (string $what): never {
        $reasons = [];
        while (($r = openssl_error_string()) !== false) {
            $reasons[] = $r;
        }
        fwrite(STDERR, "https_server: cannot $what: " . implode('; ', $reasons) . "\n");
        exit(1);
    };
    $certDir = sys_get_temp_dir() . '/rsock-https-' . getmypid() . '-' . bin2hex(random_bytes(4));
    mkdir($certDir, 0700) ?: $fail("create $certDir");
    // openssl_csr_sign() takes certificate extensions (the SAN) from a config file only.
    $cnf = "$certDir/openssl.cnf";
    file_put_contents($cnf, implode("\n", [
        '[req]',
        'distinguished_name = dn',
        '[dn]',
        '[server]',
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature, keyEncipherment',
        'extendedKeyUsage = serverAuth',
        'subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1',
        '',
    ]));
    $options = ['config' => $cnf, 'digest_alg' => 'sha256', 'x509_extensions' => 'server'];
    $key = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => 'prime256v1'])
        ?: $fail('generate the key');
    $csr = openssl_csr_new(['commonName' => 'localhost'], $key, $options) ?: $fail('create the CSR');
    $cert = openssl_csr_sign($csr, null, $key, 30, $options, random_int(1, PHP_INT_MAX))
        ?: $fail('sign the certificate');
    openssl_x509_export_to_file($cert, "$certDir/cert.pem") ?: $fail('write the certificate');
    openssl_pkey_export_to_file($key, "$certDir/key.pem", null, ['config' => $cnf]) ?: $fail('write the key');
    chmod("$certDir/key.pem", 0600);
    unlink($cnf);
    return ["$certDir/cert.pem", "$certDir/key.pem"];
};

$certFile = getenv('HTTPS_CERT') ?: null;
$keyFile = getenv('HTTPS_KEY') ?: null;
if ($certFile === null) {
    [$certFile, $keyFile] = $selfSigned();
}
$ssl = ['local_cert' => $certFile, 'alpn_protocols' => ALPN];
if ($keyFile !== null) {
    $ssl['local_pk'] = $keyFile;
}

$server = stream_socket_server($address, $errorCode, $errorMessage,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
if ($server === false) {
    fwrite(STDERR, "https_server: cannot listen on $address: $errorMessage (error $errorCode)\n");
    exit(1);
}
stream_set_blocking($server, false);

$rsockServes = extension_loaded('rsock')
    && filter_var(ini_get('rsock.replace_builtins'), FILTER_VALIDATE_BOOLEAN);
$implementation = $rsockServes
    ? 'rsock ' . phpversion('rsock') . ' on PHP ' . PHP_VERSION
    : 'native PHP ' . PHP_VERSION;
$local = (string) stream_socket_get_name($server, false);
$port = substr($local, strrpos($local, ':') + 1);
$host = substr($local, 0, strrpos($local, ':'));
$host = match ($host) {
    '0.0.0.0' => '127.0.0.1',
    '[::]' => '[::1]',
    default => $host,
};
echo "https server ($implementation) listening on $local\n";
echo "  URL:  https://$host:$port/\n";
echo "  try:  curl -k https://$host:$port/\n";
if ($certDir !== null) {
    echo "  self-signed certificate for localhost, 127.0.0.1, ::1: $certFile\n";
    echo "        curl --cacert $certFile https://localhost:$port/\n";
}

/**
 * Per connection: its stream, peer, phase ('handshake' | 'request' | 'response'), deadline,
 * request bytes read so far, response bytes not yet written.
 *
 * @var array<int, array{stream: resource, peer: string, phase: string, deadline: float, in: string, out: string}> $conns
 */
$conns = [];

$log = static function (string $line): void {
    if (!QUIET) {
        echo $line, "\n";
    }
};

$close = static function (int $id, string $why) use (&$conns, $log): void {
    $log("closed: {$conns[$id]['peer']} ($why)");
    fclose($conns[$id]['stream']);
    unset($conns[$id]);
};

/** Builds the response for a complete request head. */
$respond = static function (int $id) use (&$conns): void {
    $c = &$conns[$id];
    $requestLine = strtok($c['in'], "\r\n");
    [$method, $target] = explode(' ', (string) $requestLine) + ['', ''];
    $crypto = stream_get_meta_data($c['stream'])['crypto'] ?? [];
    if ($method !== 'GET' && $method !== 'HEAD') {
        $status = '405 Method Not Allowed';
        $body = "only GET and HEAD here\n";
    } else {
        $status = '200 OK';
        $body = "Hello over TLS from PHP " . PHP_VERSION . "!\n"
            . "you asked for: $target\n"
            . 'tls version:   ' . ($crypto['protocol'] ?? '?') . "\n"
            . 'cipher:        ' . ($crypto['cipher_name'] ?? '?') . ' (' . ($crypto['cipher_bits'] ?? '?') . " bits)\n"
            . 'alpn protocol: ' . ($crypto['alpn_protocol'] ?? '(none negotiated)') . "\n"
            . "your address:  {$c['peer']}\n";
    }
    $c['out'] = "HTTP/1.1 $status\r\n"
        . "Content-Type: text/plain; charset=utf-8\r\n"
        . 'Content-Length: ' . strlen($body) . "\r\n"
        . "Connection: close\r\n\r\n"
        . ($method === 'HEAD' ? '' : $body);
    $c['phase'] = 'response';
};

/** Writes as much of the response as the connection takes; closes when all is sent. */
$writeResponse = static function (int $id) use (&$conns, $close): void {
    $written = @fwrite($conns[$id]['stream'], $conns[$id]['out']);
    if ($written === false) {
        $close($id, 'write failed');
        return;
    }
    $conns[$id]['out'] = (string) substr($conns[$id]['out'], $written);
    if ($conns[$id]['out'] === '') {
        $close($id, 'response sent');
    }
};

/** Reads what the client sent; answers once the request head is complete. */
$readRequest = static function (int $id) use (&$conns, $close, $respond, $writeResponse): void {
    $data = @fread($conns[$id]['stream'], READ_CHUNK);
    if ($data === false || ($data === '' && feof($conns[$id]['stream']))) {
        $close($id, 'client went away');
        return;
    }
    $conns[$id]['in'] .= $data;
    if (str_contains($conns[$id]['in'], "\r\n\r\n")) {
        $respond($id);
        $writeResponse($id); // most responses fit at once; the rest waits for writability
    } elseif (strlen($conns[$id]['in']) > MAX_REQUEST_HEAD) {
        $close($id, 'request head too large');
    }
};

/** Advances the TLS handshake; returns true once the connection is ready for its request. */
$handshake = static function (int $id) use (&$conns, $close, $log): bool {
    $result = @stream_socket_enable_crypto($conns[$id]['stream'], true, STREAM_CRYPTO_METHOD_TLS_SERVER);
    if ($result === 0) {
        return false; // in progress: wait until the client sends more
    }
    if ($result !== true) {
        $reason = error_get_last()['message'] ?? 'unknown reason';
        $reason = preg_replace(['/^stream_socket_enable_crypto\(\): /', '/\s+/'], ['', ' '], $reason);
        $close($id, "TLS handshake failed: $reason");
        return false;
    }
    $crypto = stream_get_meta_data($conns[$id]['stream'])['crypto'] ?? [];
    $log("tls: {$conns[$id]['peer']} " . ($crypto['protocol'] ?? '?') . ' ' . ($crypto['cipher_name'] ?? '?'));
    $conns[$id]['phase'] = 'request';
    $conns[$id]['deadline'] = microtime(true) + REQUEST_TIMEOUT;
    return true;
};

while (true) {
    $read = [$server];
    $write = [];
    $now = microtime(true);
    $next = null;
    foreach ($conns as $id => $c) {
        if ($c['phase'] !== 'response' && $c['deadline'] <= $now) {
            $close($id, $c['phase'] === 'handshake' ? 'handshake timed out' : 'request timed out');
            continue;
        }
        if ($c['phase'] === 'response') {
            $write[] = $c['stream'];
        } else {
            $read[] = $c['stream'];
            $next = min($next ?? $c['deadline'], $c['deadline']);
        }
    }
    $except = null;
    $wait = $next === null ? null : max(0.0, $next - $now);
    $seconds = $wait === null ? null : (int) $wait;
    $micro = $wait === null ? null : (int) (($wait - (int) $wait) * 1e6);

    if (@stream_select($read, $write, $except, $seconds, $micro) === false) {
        $error = error_get_last();
        if ($error !== null && str_contains($error['message'], 'Interrupted system call')) {
            error_clear_last();
            continue; // a signal arrived; select again
        }
        fwrite(STDERR, 'https_server: stream_select failed: ' . ($error['message'] ?? 'unknown error') . "\n");
        exit(1);
    }

    foreach ($read as $stream) {
        if ($stream === $server) {
            // Take every pending connection (bounded, so clients are served too).
            for ($n = 0; $n < 256; $n++) {
                $client = @stream_socket_accept($server, 0, $peer);
                if ($client === false) {
                    break;
                }
                stream_set_blocking($client, false);
                $id = (int) $client;
                $conns[$id] = [
                    'stream' => $client,
                    'peer' => ($peer ?? '') !== '' ? $peer : '(unnamed)',
                    'phase' => 'handshake',
                    'deadline' => microtime(true) + HANDSHAKE_TIMEOUT,
                    'in' => '',
                    'out' => '',
                ];
                $log("connected: {$conns[$id]['peer']}");
                // The ClientHello is often here already: start at once. A request that came
                // with the client's last handshake flight is read right away too.
                if ($handshake($id)) {
                    $readRequest($id);
                }
            }
            continue;
        }
        $id = (int) $stream;
        if (!isset($conns[$id])) {
            continue;
        }
        if ($conns[$id]['phase'] === 'handshake') {
            if ($handshake($id)) {
                $readRequest($id);
            }
        } elseif ($conns[$id]['phase'] === 'request') {
            $readRequest($id);
        }
    }

    foreach ($write as $stream) {
        $id = (int) $stream;
        if (isset($conns[$id]) && $conns[$id]['phase'] === 'response') {
            $writeResponse($id);
        }
    }
}
