--TEST--
Reading from and feof() on listening streams, and accept after shutdown, behave as PHP's sockets do
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-listener-io-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));

echo "-- fread on a blocking listener waits for the read timeout\n";
foreach (['tcp://127.0.0.1:0', "unix://$path"] as $address) {
    $srv = stream_socket_server($address);
    stream_set_timeout($srv, 0, 200000);
    $t = microtime(true);
    var_dump(fread($srv, 10));
    $elapsed = microtime(true) - $t;
    $meta = stream_get_meta_data($srv);
    var_dump($elapsed >= 0.15 && $elapsed < 2, $meta['timed_out'], $meta['eof'], feof($srv));
    fclose($srv);
    @unlink($path);
}

echo "-- feof on a listener: alive while idle, not a stream once a connection is pending\n";
$srv = stream_socket_server('tcp://127.0.0.1:0');
var_dump(feof($srv));
$client = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $e, $s, 2);
$r = [$srv]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
var_dump(feof($srv), stream_get_meta_data($srv)['eof']);

echo "-- accept on a shut-down listener fails at once, whatever the timeout\n";
foreach (['tcp://127.0.0.1:0', "unix://$path"] as $address) {
    $srv = stream_socket_server($address);
    var_dump(stream_socket_shutdown($srv, STREAM_SHUT_RDWR));
    $t = microtime(true);
    var_dump(stream_socket_accept($srv, 3));
    var_dump(microtime(true) - $t < 2);
    fclose($srv);
    @unlink($path);
}
?>
--EXPECTF--
-- fread on a blocking listener waits for the read timeout
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
-- feof on a listener: alive while idle, not a stream once a connection is pending
bool(false)
int(1)
bool(true)
bool(true)
-- accept on a shut-down listener fails at once, whatever the timeout
bool(true)

Warning: stream_socket_accept(): Accept failed: Invalid argument in %s on line %d
bool(false)
bool(true)
bool(true)

Warning: stream_socket_accept(): Accept failed: Invalid argument in %s on line %d
bool(false)
bool(true)
