<?php
// NUL bytes in socket options and addresses
require __DIR__ . '/common.inc';
function srv(string $label, string $addr, array $sock = [], int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN)
{
    h($label);
    $ctx = stream_context_create(['socket' => $sock]);
    $s = stream_socket_server($addr, $en, $es, $flags, $ctx);
    show('server', $s !== false, $en, $es);
    if ($s) {
        show('name', stream_socket_get_name($s, false));
        fclose($s);
    }
}
srv('bindto NUL', 'tcp://127.0.0.1:0', ['bindto' => "127.0.0.1:0\0x"]);
srv('bindto only NUL', 'tcp://127.0.0.1:0', ['bindto' => "\0"]);
srv('backlog NUL string', 'tcp://127.0.0.1:0', ['backlog' => "5\0x"]);
srv('backlog NUL numeric-leading', 'tcp://127.0.0.1:0', ['backlog' => "\0"]);
srv('so_reuseport NUL', 'tcp://127.0.0.1:0', ['so_reuseport' => "\0"]);
srv('tcp_nodelay NUL', 'tcp://127.0.0.1:0', ['tcp_nodelay' => "1\0"]);
srv('host NUL', "tcp://127.0.0.1\0x:0");
srv('host NUL v6', "tcp://[::1\0]:0");
srv('port NUL', "tcp://127.0.0.1:0\0x");
srv('port NUL middle', "tcp://127.0.0.1:1\0002");
srv('scheme NUL', "tc\0p://127.0.0.1:0");
srv('udp host NUL', "udp://127.0.0.1\0:0", [], STREAM_SERVER_BIND);
srv('unix NUL middle', 'unix://' . T() . "/a\0b.sock");
show('a exists', file_exists(T() . '/a'));
srv('udg NUL middle', 'udg://' . T() . "/c\0d.sock", [], STREAM_SERVER_BIND);
show('c exists', file_exists(T() . '/c'));
srv('ssl host NUL', "ssl://127.0.0.1\0:0");
srv('no scheme NUL', "127.0.0.1\0:0");
srv('hostname NUL', "tcp://localhost\0.evil:0");
