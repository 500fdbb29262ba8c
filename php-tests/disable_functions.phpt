--TEST--
disable_functions=stream_socket_server,stream_select: both built-ins are gone, and so are their Rsock\ twins
--INI--
disable_functions=stream_socket_server,stream_select
--FILE--
<?php
foreach (['stream_socket_server', 'stream_select', 'Rsock\stream_socket_server', 'Rsock\stream_select'] as $f) {
    echo $f, ': ', var_export(function_exists($f), true), "\n";
}
foreach (['stream_socket_server', 'Rsock\stream_socket_server'] as $f) {
    try {
        $f('tcp://127.0.0.1:0');
    } catch (Error $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    $r = [STDIN];
    $w = $e = null;
    Rsock\stream_select($r, $w, $e, 0);
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
// Other stream functions are untouched.
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
fwrite($a, "still works");
echo fread($b, 20), "\n";
?>
--EXPECT--
stream_socket_server: false
stream_select: false
Rsock\stream_socket_server: false
Rsock\stream_select: false
Call to undefined function stream_socket_server()
Call to undefined function Rsock\stream_socket_server()
Call to undefined function Rsock\stream_select()
still works
