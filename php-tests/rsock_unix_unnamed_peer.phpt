--TEST--
rsock: the peer name of an unnamed unix client is an empty string
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-unnamed-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn() => @unlink($path));
$server = stream_socket_server("unix://$path");
for ($i = 0; $i < 3; $i++) {
    $client = stream_socket_client("unix://$path", $e, $s, 2);
    $peer = "previous";
    $conn = stream_socket_accept($server, 1, $peer);
    var_dump(is_resource($conn), $peer);
}
?>
--EXPECT--
bool(true)
string(0) ""
bool(true)
string(0) ""
bool(true)
string(0) ""
