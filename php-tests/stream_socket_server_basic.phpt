--TEST--
stream_socket_server(): tcp server, client connects, data flows both ways
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump($server);
var_dump($errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^127\.0\.0\.1:(\d+)$/', $name, $m) === 1 && $m[1] > 0 && $m[1] < 65536);

$client = stream_socket_client("tcp://$name", $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump($conn);
stream_set_timeout($conn, 2);
stream_set_timeout($client, 2);

var_dump(fwrite($client, "hello server\n"));
var_dump(fgets($conn));
var_dump(fwrite($conn, "hello client\n"));
var_dump(fgets($client));

fclose($client);
var_dump(fread($conn, 10), feof($conn));
fclose($conn);
fclose($server);
echo "done\n";
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
bool(true)
resource(%d) of type (stream)
int(13)
string(13) "hello server
"
int(13)
string(13) "hello client
"
string(0) ""
bool(true)
done
