--TEST--
stream_socket_server(): a port written with any number of leading zeros is the number it spells (:000000 is an ephemeral port)
--FILE--
<?php
foreach (['127.0.0.1:000000', '127.0.0.1:00000000000000000000', '[::1]:0000000'] as $addr) {
    $s = stream_socket_server("tcp://$addr", $errno, $errstr);
    if ($s === false && str_starts_with($addr, '[')) { echo "$addr: no IPv6\n"; continue; }
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    echo "$addr: ", $port > 0 ? 'ephemeral' : "port $port", "\n";
}
// A fixed port, found free first, written with many zeros.
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$s = stream_socket_server(sprintf('tcp://127.0.0.1:%010d', $port), $errno, $errstr);
var_dump(stream_socket_get_name($s, false) === "127.0.0.1:$port");
?>
--EXPECT--
127.0.0.1:000000: ephemeral
127.0.0.1:00000000000000000000: ephemeral
[::1]:0000000: ephemeral
bool(true)
