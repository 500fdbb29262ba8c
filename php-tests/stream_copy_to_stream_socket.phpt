--TEST--
stream_copy_to_stream() from an accepted stream to memory/temp streams and back
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
stream_set_timeout($client, 2);

$payload = str_repeat("0123456789abcdef", 2048); // 32 KiB
fwrite($client, $payload);
fclose($client);

$mem = fopen('php://memory', 'w+');
var_dump(stream_copy_to_stream($conn, $mem));
rewind($mem);
var_dump(stream_get_contents($mem) === $payload);
var_dump(feof($conn));

// With a length limit and offset semantics (maxlength only; offset is for seekable sources).
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
stream_set_timeout($client, 2);
fwrite($client, "abcdefghij");
$temp = fopen('php://temp', 'w+');
var_dump(stream_copy_to_stream($conn, $temp, 4));
rewind($temp);
var_dump(stream_get_contents($temp));
var_dump(fread($conn, 100));

// From a file stream into the accepted stream.
$src = fopen('php://temp', 'w+');
fwrite($src, str_repeat("z", 10000));
rewind($src);
var_dump(stream_copy_to_stream($src, $conn));
fclose($conn);
var_dump(strlen(stream_get_contents($client)));
?>
--EXPECT--
int(32768)
bool(true)
bool(true)
int(4)
string(4) "abcd"
string(6) "efghij"
int(10000)
int(10000)
