<?php
// odd schemes, flags and error texts
require __DIR__ . '/common.inc';
$cases = ['TCP://127.0.0.1:0', 'Tcp://127.0.0.1:0', 'UDP://127.0.0.1:0', 'UNIX://' . T() . '/u.sock', 'TLS://127.0.0.1:0', 'x://127.0.0.1:0', '://127.0.0.1:0',
    'tcp:/127.0.0.1:0', 'tcp//127.0.0.1:0', 'tcp://', 'tcp://:', 'tcp://nonexistent.invalid:0', 'tcp://256.1.1.1:0', 'tcp://1.2.3.4:0',
    'tcp://[::1', 'tcp://[zz]:0', 'udp://[::1]', 'php://memory', 'file:///tmp/x', 'ssl://', 'tls://[::1]:0', 'tcp://127.0.0.1:0#frag',
    'tcp://user@127.0.0.1:0', 'tcp://127.0.0.1:0?x=1', str_repeat('a', 300) . '://x', 'tcp://' . str_repeat('a', 300) . ':0'];
foreach ($cases as $addr) {
    echo str_replace(T(), "TMPDIR", json_encode($addr, JSON_UNESCAPED_SLASHES)), ":\n";
    try {
        $s = stream_socket_server($addr, $en, $es);
        var_dump($s !== false, $en, $es);
        if ($s) { var_dump(stream_get_meta_data($s)['stream_type']); fclose($s); }
    } catch (Throwable $t) {
        echo get_class($t), ': ', $t->getMessage(), "\n";
    }
}
foreach ([-1, PHP_INT_MAX, STREAM_SERVER_LISTEN, 3 | 1024] as $fl) {
    echo "flags $fl: ";
    $s = @stream_socket_server('tcp://127.0.0.1:0', $en, $es, $fl);
    var_dump($s !== false, $s ? stream_socket_get_name($s, false) !== false : null);
}
h('address in use');
$s = stream_socket_server('tcp://127.0.0.1:0');
$n = stream_socket_get_name($s, false);
$s2 = stream_socket_server("tcp://$n", $en, $es);
var_dump($s2, $es);
$ctx = stream_context_create(['socket' => ['so_reuseport' => true]]);
$r1 = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$r2 = stream_socket_server('tcp://' . stream_socket_get_name($r1, false), $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
show('reuseport second bind', $r2 !== false);
