<?php
// stream filters on accepted sockets
require __DIR__ . '/common.inc';
foreach (['tcp://127.0.0.1:0', 'unix://' . T() . '/f.sock'] as $addr) {
    foreach (['string.rot13', 'zlib.deflate', 'convert.base64-encode', 'string.toupper', 'zlib.inflate'] as $f) {
        h("$addr $f");
        $s = stream_socket_server($addr);
        $name = stream_socket_get_name($s, false);
        $c = stream_socket_client(str_starts_with($addr, 'unix') ? $addr : "tcp://$name");
        $a = stream_socket_accept($s, 1);
        $rf = stream_filter_append($a, $f, STREAM_FILTER_READ);
        show('append read', is_resource($rf));
        $wf = stream_filter_append($a, $f, STREAM_FILTER_WRITE);
        show('append write', is_resource($wf));
        $payload = $f === 'zlib.inflate' ? gzdeflate("hello world\n") : "hello world\n";
        fwrite($c, $payload);
        stream_socket_shutdown($c, STREAM_SHUT_WR);
        stream_set_timeout($a, 1);
        show('server read', bin2hex(stream_get_contents($a)));
        show('feof', feof($a));
        show('write', fwrite($a, "Answer\n"));
        stream_filter_remove($wf);
        show('write after remove', fwrite($a, "raw\n"));
        fclose($a);
        stream_set_timeout($c, 1);
        show('client got', bin2hex(stream_get_contents($c)));
        fclose($c);
        fclose($s);
        @unlink(T() . '/f.sock');
    }
}
h('filter on server socket');
$s = stream_socket_server('tcp://127.0.0.1:0');
show('append', is_resource(stream_filter_append($s, 'string.rot13')));
$c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
show('accept', is_resource(stream_socket_accept($s, 1)));
show('read server', fread($s, 10));
