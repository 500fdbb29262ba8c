<?php
// misc: names, meta data, fstat, socket_import_stream, chunk size, context options
require __DIR__ . '/common.inc';
$pem = C('server.pem');
$ctx = stream_context_create(['socket' => ['bindto' => '127.0.0.1:0', 'backlog' => 3], 'ssl' => ['local_cert' => $pem], 'http' => ['x' => 1]]);
foreach (['tcp://127.0.0.1:0', 'udp://127.0.0.1:0', 'unix://' . T() . '/m.sock', 'udg://' . T() . '/mg.sock', 'tls://127.0.0.1:0', 'ssl://[::1]:0'] as $addr) {
    foreach ([0, STREAM_SERVER_BIND, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN] as $fl) {
        h("$addr flags $fl");
        $s = @stream_socket_server($addr, $en, $es, $fl, $ctx);
        show('ok', $s !== false, $en, $es);
        if (!$s) continue;
        show('local', stream_socket_get_name($s, false));
        show('remote', stream_socket_get_name($s, true));
        $m = stream_get_meta_data($s);
        show('meta', $m);
        $st = fstat($s);
        show('fstat mode', $st ? decoct($st['mode']) : $st, $st ? array_keys($st) === range(0, 12) + [] : null);
        show('chunk', stream_set_chunk_size($s, 1), stream_set_chunk_size($s, 8192));
        show('write buffer', stream_set_write_buffer($s, 0), stream_set_read_buffer($s, 0));
        $sock = @socket_import_stream($s);
        show('import', $sock instanceof Socket);
        if ($sock instanceof Socket) { show('sock type', socket_get_option($sock, SOL_SOCKET, SO_TYPE)); }
        show('ctx options', array_keys(stream_context_get_options($s)));
        show('ctx same', stream_context_get_options($s) == stream_context_get_options($ctx));
        show('isatty', stream_isatty($s));
        show('supports_lock', stream_supports_lock($s));
        show('is_local', stream_is_local($s));
        show('ftell', ftell($s));
        show('fseek', @fseek($s, 0));
        show('fflush', fflush($s));
        show('ftruncate', @ftruncate($s, 0));
        show('flock', @flock($s, LOCK_SH));
        show('fwrite', @fwrite($s, 'x'));
        stream_set_blocking($s, false);
        show('fread', @fread($s, 1));
        show('feof', feof($s));
        show('set_blocking', stream_set_blocking($s, true));
        fclose($s);
        show('name after close', @stream_socket_get_name($s, false));
        try { stream_get_meta_data($s); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
        @unlink(T() . '/m.sock'); @unlink(T() . '/mg.sock');
    }
}
h('bindto overrides address?');
$b = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['bindto' => '0.0.0.0:1']]));
show('name', $b ? stream_socket_get_name($b, false) : $b);
h('accepted meta and names');
$s = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$a = stream_socket_accept($s, 1, $peer);
show('peer==client local', $peer === stream_socket_get_name($c, false));
show('meta', stream_get_meta_data($a));
show('accepted ctx', array_keys(stream_context_get_options($a)));
show('chunk', stream_set_chunk_size($a, 3));
fwrite($c, 'abcdefgh');
usleep(20000);
show('fread 100 with chunk 3', fread($a, 100));
show('fstat size', fstat($a)['size']);
$sock = socket_import_stream($a);
show('import accepted', $sock instanceof Socket, socket_getpeername($sock, $ip), $ip);
fclose($a);
show('socket after fclose', @socket_getpeername($sock, $ip2));
h('stream_socket_shutdown + feof');
$a = stream_socket_accept($s, 0) ?: null;
show('accept none', $a);
$c2 = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$a2 = stream_socket_accept($s, 1);
show('shutdown bad how', @stream_socket_shutdown($a2, 7));
try { stream_socket_shutdown($a2, 7); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
show('shutdown wr', stream_socket_shutdown($a2, STREAM_SHUT_WR));
show('client read eof', fread($c2, 10), feof($c2));
show('write after shut', @fwrite($a2, 'x'));
show('error', error_get_last()['message'] ?? null);
stream_socket_shutdown($c2, STREAM_SHUT_RDWR);
stream_set_timeout($a2, 1);
show('read after peer shut', fread($a2, 10), feof($a2));
show('shutdown server', stream_socket_shutdown($s, STREAM_SHUT_RDWR));
show('accept after server shutdown', @stream_socket_accept($s, 0.2));
