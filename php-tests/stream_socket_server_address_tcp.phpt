--TEST--
stream_socket_server(): tcp addresses with and without scheme, ephemeral port
--FILE--
<?php
foreach (['tcp://127.0.0.1:0', '127.0.0.1:0', '[127.0.0.1]:0'] as $addr) {
    $server = stream_socket_server($addr, $errno, $errstr);
    $name = stream_socket_get_name($server, false);
    [$host, $port] = explode(':', $name);
    echo "$addr => $host, port ", ($port > 0 && $port < 65536 ? "ephemeral" : "bad: $port"), ", ",
        stream_get_meta_data($server)['stream_type'], "\n";
    // Connect to the port that was read back.
    $client = stream_socket_client("tcp://127.0.0.1:$port", $e, $s, 2);
    $conn = stream_socket_accept($server, 2, $peer);
    var_dump($peer === stream_socket_get_name($client, false));
    fclose($client); fclose($conn); fclose($server);
}

// Two ephemeral servers never share a port.
$a = stream_socket_server('127.0.0.1:0');
$b = stream_socket_server('127.0.0.1:0');
var_dump(stream_socket_get_name($a, false) !== stream_socket_get_name($b, false));

// Binding the port that was read back explicitly works once it is free.
$name = stream_socket_get_name($a, false);
fclose($a);
$again = stream_socket_server("tcp://$name", $errno, $errstr);
var_dump(stream_socket_get_name($again, false) === $name, $errno, $errstr);
?>
--EXPECT--
tcp://127.0.0.1:0 => 127.0.0.1, port ephemeral, tcp_socket/ssl
bool(true)
127.0.0.1:0 => 127.0.0.1, port ephemeral, tcp_socket/ssl
bool(true)
[127.0.0.1]:0 => 127.0.0.1, port ephemeral, tcp_socket/ssl
bool(true)
bool(true)
bool(true)
int(0)
string(0) ""
