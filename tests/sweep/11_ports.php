<?php
// port edge cases
require __DIR__ . '/common.inc';
$ports = [':000000', ':0000000080', ':65535', ':65536', ':-1', ': 80', ':+80', ':0x50', ':8e1', ':80 ', ':0.0', ":0\t", ':00065535', ':99999999999999999999'];
foreach (['127.0.0.1', '[::1]', 'localhost'] as $host) {
    foreach ($ports as $p) {
        foreach (['tcp', 'udp'] as $sch) {
            $addr = "$sch://$host$p";
            $s = stream_socket_server($addr, $en, $es, $sch === 'udp' ? STREAM_SERVER_BIND : STREAM_SERVER_BIND | STREAM_SERVER_LISTEN);
            $name = $s ? stream_socket_get_name($s, false) : null;
            echo json_encode($addr), ' => ';
            var_dump($s !== false, $en, $es, $name === null ? null : preg_replace('/:\d{5}$/', ':EPHEMERAL', $name));
            if ($s) fclose($s);
        }
    }
}
foreach (['tcp://127.0.0.1', 'tcp://127.0.0.1:', 'tcp://:0', 'tcp://[::1]', 'tcp://::1:0', 'tcp://[::1]:0:0', 'tcp://127.0.0.1:0:0', 'tcp://[127.0.0.1]:0', 'tcp://[]:0', 'tcp://0:0', 'tcp://0.0.0.0:0/', 'tcp://127.1:0', 'tcp://[::ffff:127.0.0.1]:0', 'tcp://[fe80::1%lo]:0', 'tcp://[::1%lo]:0'] as $addr) {
    $s = stream_socket_server($addr, $en, $es);
    echo json_encode($addr), ' => ';
    var_dump($s !== false, $en, $es, $s ? preg_replace('/:\d{5}$/', ':EPHEMERAL', stream_socket_get_name($s, false)) : null);
    if ($s) fclose($s);
}
