--TEST--
fstat() and other file functions on socket streams
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);

foreach (['server' => $server, 'accepted' => $conn] as $label => $stream) {
    $st = fstat($stream);
    echo "$label: ", is_array($st) ? 'array' : gettype($st), ", socket: ",
        var_export(($st['mode'] & 0170000) === 0140000, true), ", size: ", $st['size'], "\n";
}
$path = sys_get_temp_dir() . '/rsock-fstat-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$unix = stream_socket_server("unix://$path");
var_dump((fstat($unix)['mode'] & 0170000) === 0140000);
unlink($path);
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
var_dump((fstat($udp)['mode'] & 0170000) === 0140000);

// Seeking and truncation are not supported; ftell reports 0.
var_dump(ftell($conn));
var_dump(fseek($conn, 0));
var_dump(ftruncate($conn, 0));
var_dump(stream_is_local($conn), stream_isatty($conn), stream_supports_lock($conn));
var_dump(fflush($conn));
?>
--EXPECTF--
server: array, socket: true, size: 0
accepted: array, socket: true, size: 0
bool(true)
bool(true)
int(0)

Warning: fseek(): Stream does not support seeking in %s on line %d
int(-1)

Warning: ftruncate(): Can't truncate this stream! in %s on line %d
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
