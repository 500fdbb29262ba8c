--TEST--
stream_set_chunk_size(), stream_set_read_buffer(), stream_set_write_buffer() on socket streams
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);

echo "chunk size\n";
var_dump(stream_set_chunk_size($server, 4096));
var_dump(stream_set_chunk_size($conn, 16));
var_dump(stream_set_chunk_size($conn, 8192));
var_dump(stream_set_chunk_size($conn, 4));
// With a 4-byte chunk, one fread of a larger size still returns what is available up to the chunk.
fwrite($client, "0123456789");
$r = [$conn]; $w = $x = null;
stream_select($r, $w, $x, 2);
var_dump(fread($conn, 100));
var_dump(stream_get_meta_data($conn)['unread_bytes']);
var_dump(fread($conn, 100), fread($conn, 100));
try {
    stream_set_chunk_size($conn, 0);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}

var_dump(stream_set_chunk_size($conn, 8192));

echo "read buffer\n";
var_dump(stream_set_read_buffer($conn, 0));
fwrite($client, "line1\nline2\n");
var_dump(fgets($conn));
var_dump(stream_get_meta_data($conn)['unread_bytes']);
var_dump(fgets($conn));
var_dump(stream_set_read_buffer($conn, 8192));
var_dump(stream_set_read_buffer($server, 0));

echo "write buffer\n";
var_dump(stream_set_write_buffer($conn, 0));
var_dump(stream_set_write_buffer($conn, 8192));
var_dump(stream_set_write_buffer($server, 0));
// Writes still go through unbuffered.
fwrite($conn, "still works");
stream_set_timeout($client, 2);
var_dump(fread($client, 100));
?>
--EXPECT--
chunk size
int(8192)
int(8192)
int(16)
int(8192)
string(4) "0123"
int(0)
string(4) "4567"
string(2) "89"
stream_set_chunk_size(): Argument #2 ($size) must be greater than 0
int(4)
read buffer
int(0)
string(6) "line1
"
int(6)
string(6) "line2
"
int(0)
int(0)
write buffer
int(-1)
int(-1)
int(-1)
string(11) "still works"
