--TEST--
PROXY protocol: stream_socket_accept() out of descriptors fails with "Too many open files" and the connection waits for the next accept, as natively (it is not lost)
--SKIPIF--
<?php
if (!function_exists('posix_setrlimit')) die('skip posix required');
?>
--FILE--
<?php
// Same script natively (the option is ignored: the header is then data).
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
$client = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($client, "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n");
$r = [$server]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 5));

// Every descriptor in use.
$limit = count(scandir('/proc/self/fd')) + 8;
var_dump(posix_setrlimit(POSIX_RLIMIT_NOFILE, $limit, $limit));
$files = [];
while ($f = @fopen('/dev/null', 'r')) {
    $files[] = $f;
}
var_dump(stream_socket_accept($server, 0));

// Some room again: the same connection.
array_pop($files);
array_pop($files);
$conn = stream_socket_accept($server, 1, $peer);
var_dump(is_resource($conn));
echo extension_loaded('rsock') ? $peer : '192.0.2.1:1', "\n";
fwrite($conn, "served\n");
stream_set_timeout($client, 5);
echo fgets($client);
?>
--EXPECTF--
int(1)
bool(true)

Warning: stream_socket_accept(): Accept failed: Too many open files in %s on line %d
bool(false)
bool(true)
192.0.2.1:1
served
