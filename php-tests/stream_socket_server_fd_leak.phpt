--TEST--
stream_socket_server(): 10,000 accept/exchange/close cycles leak no file descriptors
--SKIPIF--
<?php if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$start = count(scandir('/proc/self/fd'));
$failures = 0;
$t = microtime(true);
for ($i = 0; $i < 10000; $i++) {
    $client = stream_socket_client($addr, $e, $s, 2);
    $conn = stream_socket_accept($server, 2);
    if (!$client || !$conn) { $failures++; break; }
    fwrite($client, "x");
    if (fread($conn, 1) !== "x") $failures++;
    fwrite($conn, "y");
    if (fread($client, 1) !== "y") $failures++;
    fclose($conn);
    fclose($client);
    if (microtime(true) - $t > 30) { echo "too slow\n"; break; }
}
var_dump($i, $failures);
var_dump(count(scandir('/proc/self/fd')) - $start);
// The server still works afterwards.
$client = stream_socket_client($addr, $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump(is_resource($conn));
fclose($conn);
fclose($client);
// Closing the server releases its descriptor too.
fclose($server);
var_dump(count(scandir('/proc/self/fd')) - $start);
?>
--EXPECT--
int(10000)
int(0)
int(0)
bool(true)
int(-1)
