<?php
// unix/udg path edge cases
require __DIR__ . '/common.inc';
chdir(T());
function u(string $label, string $addr, int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN)
{
    h($label);
    $s = stream_socket_server($addr, $en, $es, $flags);
    show('server', $s !== false, $en, $es);
    if ($s) {
        $n = stream_socket_get_name($s, false);
        show('name', strlen((string) $n), is_string($n) ? bin2hex(substr($n, 0, 2)) . '..' . bin2hex(substr($n, -2)) : $n);
        fclose($s);
    }
}
$base = T() . '/';
foreach ([106, 107, 108, 109, 120] as $len) {
    $p = $base . str_repeat('p', $len - strlen($base));
    u("unix path $len bytes", "unix://$p");
    @unlink($p);
    @unlink(substr($p, 0, 107));
    u("udg path $len bytes", "udg://$p", STREAM_SERVER_BIND);
    @unlink($p);
    @unlink(substr($p, 0, 107));
}
$tag = 'sweep' . getmypid();
foreach ([106, 107, 108, 109, 120] as $len) {
    $a = "\0" . $tag . str_repeat('a', $len - 1 - strlen($tag));
    u("abstract $len bytes", "unix://$a");
    u("udg abstract $len bytes", "udg://$a", STREAM_SERVER_BIND);
}
u('abstract just NUL', "unix://\0");
u('empty unix', 'unix://');
u('empty udg', 'udg://', STREAM_SERVER_BIND);
u('relative', 'unix://rel.sock');
show('rel exists', file_exists(T() . '/rel.sock'));
u('relative dotdot', 'unix://../' . basename(T()) . '/rel2.sock');
file_put_contents(T() . '/file', 'x');
u('existing regular file', 'unix://' . T() . '/file');
u('existing socket', 'unix://' . T() . '/rel.sock');
u('directory', 'unix://' . T());
u('nonexistent dir', 'unix://' . T() . '/nope/x.sock');
u('unix no listen', 'unix://' . T() . '/bindonly.sock', STREAM_SERVER_BIND);
u('unix flags 0', 'unix://' . T() . '/zero.sock', 0);
show('zero exists', file_exists(T() . '/zero.sock'));
u('udg with listen', 'udg://' . T() . '/l.sock');
u('unix://host:port form', 'unix://localhost:80');
u('unix triple slash', 'unix:///' . ltrim(T(), '/') . '/t.sock');
h('connect to 108-byte abstract name');
$a = "\0" . $tag . str_repeat('z', 107 - strlen($tag));
$s = stream_socket_server("unix://$a", $en, $es);
$c = @stream_socket_client("unix://$a", $en, $es, 1);
show('client', $c !== false, $es);
$c7 = @stream_socket_client('unix://' . substr($a, 0, 107), $en, $es, 1);
show('client 107-prefix', $c7 !== false);
