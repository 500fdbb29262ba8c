<?php
// timeouts: default_socket_timeout, stream_set_timeout, accept timeouts
require __DIR__ . '/common.inc';
function tm(callable $f): string { $t = microtime(true); $f(); $d = microtime(true) - $t; return $d < 0.05 ? '<0.05' : ($d < 0.4 ? '<0.4' : ($d < 0.9 ? '<0.9' : ($d < 1.6 ? '<1.6' : '>=1.6'))); }
foreach (['0', '-1', '0.5', '1', '999999999999', 'abc', ''] as $v) {
    h("default_socket_timeout=$v");
    ini_set('default_socket_timeout', $v);
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $m = stream_get_meta_data($s);
    show('meta', $m['timed_out'], $m['blocked']);
    if ($v === '0' || $v === '0.5' || $v === 'abc' || $v === '') {
        echo 'accept dur ', tm(function () use ($s) { show('accept', @stream_socket_accept($s)); }), "\n";
    }
    $c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
    $a = stream_socket_accept($s);
    if (in_array($v, ['0', '0.5', 'abc', ''], true)) {
        echo 'read dur ', tm(function () use ($a) { show('read', fread($a, 10)); }), "\n";
        show('timed_out', stream_get_meta_data($a)['timed_out']);
    }
    fclose($a); fclose($c); fclose($s);
}
ini_set('default_socket_timeout', '60');
$s = stream_socket_server('tcp://127.0.0.1:0');
foreach ([0, -1, 0.0, 0.3, -0.5, 1e-7, 0.000001] as $t) {
    h('accept timeout ' . var_export($t, true));
    echo 'dur ', tm(function () use ($s, $t) { show('accept', stream_socket_accept($s, $t)); }), "\n";
}
$c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$a = stream_socket_accept($s, 1);
foreach ([[0, 0], [0, 300000], [0, -1], [-1, 0], [0, 1], [1, -999999], [0, 2000000]] as [$sec, $us]) {
    h("set_timeout $sec $us");
    try { show('set', stream_set_timeout($a, $sec, $us)); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; continue; }
    if ($sec >= 0 && $us >= 0 && $us < 2000000) {
        echo 'dur ', tm(function () use ($a) { show('read', fread($a, 10)); }), "\n";
        $m = stream_get_meta_data($a);
        show('timed_out', $m['timed_out'], $m['eof']);
        fwrite($c, 'x');
        show('read after data', fread($a, 10));
        show('timed_out after', stream_get_meta_data($a)['timed_out']);
    }
}
h('fgets with timeout');
stream_set_timeout($a, 0, 200000);
fwrite($c, 'partial');
show('fgets', fgets($a));
show('meta', stream_get_meta_data($a)['timed_out']);
h('server socket set_timeout + accept');
stream_set_timeout($s, 0, 200000);
echo 'dur ', tm(function () use ($s) { show('accept', stream_socket_accept($s)); }), "\n";
h('non-blocking server accept');
stream_set_blocking($s, false);
echo 'dur ', tm(function () use ($s) { show('accept', stream_socket_accept($s, 1)); }), "\n";
