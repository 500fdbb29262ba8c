--TEST--
rsock: an error handler that fclose()s every open stream during the truncated-path notice finds no half-made server (the notice comes before the stream exists)
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (natively the notice comes during bind, with the stream registered)'); ?>
--FILE--
<?php
$path = str_pad(sys_get_temp_dir() . '/rsock-notice-' . getmypid() . '-', 200, 'a');
$truncated = substr($path, 0, 107);
@unlink($truncated);
register_shutdown_function(fn() => @unlink($truncated));
$closed = 0;
set_error_handler(function ($no, $str) use (&$closed) {
    echo "handler: $str\n";
    foreach (get_resources('stream') as $r) {
        if (in_array(stream_get_meta_data($r)['stream_type'], ['unix_socket', 'tcp_socket/ssl'], true)) {
            fclose($r);
            $closed++;
        }
    }
    return true;
});
$server = stream_socket_server("unix://$path", $errno, $errstr);
restore_error_handler();
echo "closed by the handler: $closed\n";
var_dump(get_resource_type($server));
$client = stream_socket_client("unix://$truncated", $e, $s, 2);
var_dump(is_resource(stream_socket_accept($server, 2)));
echo "-- the resolver's warning, after bind\n";
set_error_handler(function ($no, $str) use (&$closed) {
    echo "handler: ", strtok($str, ':'), "\n";
    foreach (get_resources('stream') as $r) {
        if (stream_get_meta_data($r)['stream_type'] === 'tcp_socket/ssl') {
            fclose($r);
        }
    }
    return true;
});
var_dump(stream_socket_server('tcp://rsock-no-such-host.invalid:0', $errno, $errstr));
?>
--EXPECT--
handler: stream_socket_server(): socket path exceeded the maximum allowed length of 107 bytes and was truncated
closed by the handler: 0
string(6) "stream"
bool(true)
-- the resolver's warning, after bind
handler: stream_socket_server()
handler: stream_socket_server()
bool(false)
