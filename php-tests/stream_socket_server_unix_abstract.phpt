--TEST--
stream_socket_server(): Linux abstract unix socket name
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip Linux abstract namespace only');
if (!extension_loaded('sockets')) die('skip sockets extension required');
?>
--FILE--
<?php
$name = "\0rsock-test-" . getmypid();
$server = stream_socket_server("unix://$name", $errno, $errstr);
var_dump(is_resource($server), $errno, $errstr);
// Nothing is created in the file system.
var_dump(file_exists(sys_get_temp_dir() . '/' . substr($name, 1)), file_exists(substr($name, 1)));
// The kernel lists the socket under its abstract name, with exactly that length.
$listed = array_filter(file('/proc/net/unix', FILE_IGNORE_NEW_LINES),
    fn($l) => str_ends_with($l, ' @rsock-test-' . getmypid()));
var_dump(count($listed));

// A PHP stream client reaches it.
$client = stream_socket_client("unix://$name", $e, $s, 2);
var_dump(is_resource($client));
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
fwrite($client, "abstract");
var_dump(fread($conn, 8));

// An ext-sockets client using the exact name length reaches it too.
$sock = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($sock, $name));
$conn2 = stream_socket_accept($server, 2);
stream_set_timeout($conn2, 2);
socket_write($sock, "exact");
var_dump(fread($conn2, 5));
var_dump(stream_get_meta_data($conn2)['stream_type']);

// A second server on the same abstract name fails.
var_dump(@stream_socket_server("unix://$name"));
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
bool(false)
bool(false)
int(1)
bool(true)
string(8) "abstract"
bool(true)
string(5) "exact"
string(11) "unix_socket"
bool(false)
