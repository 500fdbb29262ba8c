<?php
// ARGS: -d disable_functions=stream_socket_server,stream_select
require __DIR__ . '/common.inc';
foreach (['stream_socket_server', 'stream_select', 'Rsock\\stream_socket_server', 'Rsock\\stream_select', 'stream_socket_client'] as $f) {
    show("function_exists($f)", function_exists($f));
    show("is_callable($f)", is_callable($f));
}
foreach (['stream_socket_server' => ['tcp://127.0.0.1:0'], 'stream_select' => null] as $f => $args) {
    try {
        if ($f === 'stream_select') { $r = [STDIN]; $w = $e = null; $res = stream_select($r, $w, $e, 0); }
        else { $res = stream_socket_server('tcp://127.0.0.1:0'); }
        show("call $f", is_resource($res) ? 'resource' : $res);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
try { $res = stream_socket_server('ssl://127.0.0.1:0'); show('ssl', is_resource($res) ? 'resource' : $res); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { $f = 'stream_socket_server'; show('dynamic', is_resource($f('tcp://127.0.0.1:0')) ? 'resource' : 'no'); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { $rf = new ReflectionFunction('stream_socket_server'); show('reflection', $rf->getNumberOfParameters()); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
show('disabled list', ini_get('disable_functions'));
show('user can define?', @eval('namespace X; function stream_select() { return 42; } return \X\stream_select();'));
try { $res = \Rsock\stream_socket_server('tcp://127.0.0.1:0'); show('Rsock\\stream_socket_server call', is_resource($res) ? 'resource' : $res); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { $r = [STDIN]; $w = $e = null; show('Rsock\\stream_select call', \Rsock\stream_select($r, $w, $e, 0)); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
