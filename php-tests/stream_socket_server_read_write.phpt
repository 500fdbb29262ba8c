--TEST--
Accepted tcp stream: fread, fwrite, fgets, stream_get_line, stream_get_contents, feof
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
stream_set_timeout($client, 2);

var_dump(fwrite($client, "alpha\nbeta\r\ngamma|delta|rest"));
var_dump(fgets($conn));
var_dump(fgets($conn, 3));
var_dump(fgets($conn));
var_dump(stream_get_line($conn, 100, "|"));
var_dump(stream_get_line($conn, 100, "|"));
var_dump(fread($conn, 2));
var_dump(fgetc($conn), fgetc($conn));
var_dump(feof($conn));

// Larger transfer from the accepted stream to the client, in pieces.
$payload = '';
for ($i = 0; $i < 800; $i++) $payload .= sprintf("%04d:%s\n", $i, md5((string) $i));
var_dump(strlen($payload));
var_dump(fwrite($conn, $payload));
var_dump(fputs($conn, "tail"));
fclose($conn);
$got = stream_get_contents($client);
var_dump(strlen($got), $got === $payload . "tail");
var_dump(feof($client), fread($client, 10), fgets($client));

// Reading the accepted side until the client closes.
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
stream_set_timeout($conn, 2);
fwrite($client, "one\ntwo\nthree");
fclose($client);
$lines = [];
while (($line = fgets($conn)) !== false) $lines[] = $line;
var_dump($lines, feof($conn));
var_dump(stream_get_meta_data($conn)['eof']);
?>
--EXPECT--
int(28)
string(6) "alpha
"
string(2) "be"
string(4) "ta
"
string(5) "gamma"
string(5) "delta"
string(2) "re"
string(1) "s"
string(1) "t"
bool(false)
int(30400)
int(30400)
int(4)
int(30404)
bool(true)
bool(true)
string(0) ""
bool(false)
array(3) {
  [0]=>
  string(4) "one
"
  [1]=>
  string(4) "two
"
  [2]=>
  string(5) "three"
}
bool(true)
bool(true)
