<?php
/**
 * Per-call cost of stream_select() over N idle connections plus one ready
 * one, plain built-ins only (runs unchanged on native PHP and with rsock).
 *
 *   php benches/php/select_cost.php N [K] [same|changed]
 *
 * A forked child opens N + 1 loopback connections to this process's server
 * and writes one byte on the last (so one accepted stream is readable, the
 * others idle); the parent accepts them into an array keyed by resource id,
 * as event loops keep them. Then K calls of
 *
 *   $read = $streams; stream_select($read, $write, $except, 0)
 *
 * are timed one by one (each must report the one ready stream): `same`
 * passes the same array every time (an event loop between connects and
 * closes), `changed` a copy of it each time (a loop right after a connect
 * or close; the copy itself is made outside the timed call).
 *
 * Prints one line: `select_cost impl=rsock|native n=N k=K mode=M us_per_call=F
 * median_us=F` or, where native PHP cannot select past descriptor 1023,
 * `... failed=FD_SETSIZE`. Needs ext/pcntl and ext/posix (to raise
 * RLIMIT_NOFILE to its hard limit: the parent holds N + 1 descriptors and
 * so does the child).
 */

declare(strict_types=1);

$n = (int) ($argv[1] ?? 1000);
$k = (int) ($argv[2] ?? 1000);
$mode = $argv[3] ?? 'same';
if ($n < 0 || $k < 1 || !in_array($mode, ['same', 'changed'], true)) {
    fwrite(STDERR, "usage: select_cost.php N [K] [same|changed]\n");
    exit(2);
}
$rsock = extension_loaded('rsock') && filter_var(ini_get('rsock.replace_builtins'), FILTER_VALIDATE_BOOLEAN);
$label = sprintf('select_cost impl=%s n=%d k=%d mode=%s', $rsock ? 'rsock' : 'native', $n, $k, $mode);

$limits = posix_getrlimit();
$hard = $limits['hard openfiles'];
$want = $n + 64;
if ($hard !== 'unlimited' && (int) $hard < $want) {
    fwrite(STDERR, "hard RLIMIT_NOFILE $hard is below $want\n");
    exit(2);
}
if ($limits['soft openfiles'] !== 'unlimited' && (int) $limits['soft openfiles'] < $want) {
    posix_setrlimit(POSIX_RLIMIT_NOFILE, $want, $hard === 'unlimited' ? POSIX_RLIMIT_INFINITY : (int) $hard);
}

$ctx = stream_context_create(['socket' => ['backlog' => 4096]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
if ($server === false) {
    fwrite(STDERR, "listen: $errstr\n");
    exit(1);
}
$addr = 'tcp://' . stream_socket_get_name($server, false);
[$toChild, $inChild] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);

$pid = pcntl_fork();
if ($pid === 0) {
    fclose($toChild);
    fclose($server);
    $clients = [];
    for ($i = 0; $i <= $n; $i++) {
        $c = stream_socket_client($addr, $e, $s, 10);
        if ($c === false) {
            fwrite(STDERR, "connect $i: $s\n");
            exit(1);
        }
        $clients[] = $c;
    }
    fwrite(end($clients), 'x');
    // Hold every connection until the parent is done.
    stream_set_timeout($inChild, 3600);
    fread($inChild, 1);
    exit(0);
}
fclose($inChild);

$streams = [];
for ($i = 0; $i <= $n; $i++) {
    $a = stream_socket_accept($server, 10);
    if ($a === false) {
        fwrite(STDERR, "accept $i failed\n");
        exit(1);
    }
    $streams[(int) $a] = $a;
}
$ready = end($streams);

$failed = null;
set_error_handler(function (int $no, string $message) use (&$failed): bool {
    $failed = str_contains($message, 'FD_SETSIZE') ? 'FD_SETSIZE' : $message;
    return true;
});
// Wait until the byte has arrived, then warm up.
$r = [$ready];
$w = $e = null;
stream_select($r, $w, $e, 5);
$times = [];
for ($i = -min(100, $k); $i < $k && $failed === null; $i++) {
    $read = $streams;
    if ($mode === 'changed') {
        $read[(int) $ready] = $ready; // a write: PHP copies the array
    }
    $write = $except = null;
    $t = hrtime(true);
    $got = stream_select($read, $write, $except, 0);
    $t = hrtime(true) - $t;
    if ($got !== 1 || array_keys($read) !== [(int) $ready]) {
        $failed ??= 'unexpected result ' . json_encode($got);
        break;
    }
    if ($i >= 0) {
        $times[] = $t;
    }
}
fwrite($toChild, 'x');
pcntl_waitpid($pid, $status);

if ($failed !== null) {
    echo "$label failed=$failed\n";
    exit($failed === 'FD_SETSIZE' ? 3 : 1);
}
sort($times);
printf(
    "%s us_per_call=%.2f median_us=%.2f\n",
    $label,
    array_sum($times) / count($times) / 1000,
    $times[intdiv(count($times), 2)] / 1000
);
