--TEST--
stream_set_timeout() on an accepted stream: read times out and meta data reports timed_out
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);

var_dump(stream_set_timeout($conn, 0, 200000));
$t = microtime(true);
var_dump(fread($conn, 10));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.15 && $elapsed < 1.5);
$meta = stream_get_meta_data($conn);
var_dump($meta['timed_out'], $meta['eof'], feof($conn));

// fgets times out the same way
var_dump(fgets($conn), stream_get_meta_data($conn)['timed_out']);

// A successful read clears the flag.
fwrite($client, "late");
var_dump(fread($conn, 10), stream_get_meta_data($conn)['timed_out']);

// The timeout applies to later reads only when data does not come.
fwrite($client, "now\n");
$t = microtime(true);
var_dump(fgets($conn), microtime(true) - $t < 0.15);

// An accepted stream inherits default_socket_timeout via the server.
ini_set('default_socket_timeout', '1');
$server2 = stream_socket_server('tcp://127.0.0.1:0');
$client2 = stream_socket_client('tcp://' . stream_socket_get_name($server2, false), $e, $s, 2);
$conn2 = stream_socket_accept($server2, 2);
$t = microtime(true);
var_dump(fread($conn2, 10));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.9 && $elapsed < 3, stream_get_meta_data($conn2)['timed_out']);

// An accepted stream inherits the timeout set on the server stream.
var_dump(stream_set_timeout($server2, 0, 300000));
$client3 = stream_socket_client('tcp://' . stream_socket_get_name($server2, false), $e, $s, 2);
$conn3 = stream_socket_accept($server2, 2);
$t = microtime(true);
var_dump(fread($conn3, 10));
$elapsed = microtime(true) - $t;
var_dump($elapsed >= 0.25 && $elapsed < 0.9, stream_get_meta_data($conn3)['timed_out']);
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
string(4) "late"
bool(false)
string(4) "now
"
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
