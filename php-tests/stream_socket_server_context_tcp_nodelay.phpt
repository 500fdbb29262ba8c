--TEST--
stream_socket_server(): context socket.tcp_nodelay is applied to accepted connections
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
function accepted_nodelay($ctx) {
    $args = ['tcp://127.0.0.1:0', &$errno, &$errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN];
    if ($ctx) $args[] = $ctx;
    $server = stream_socket_server(...$args);
    $client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
    $conn = stream_socket_accept($server, 2);
    return [
        socket_get_option(socket_import_stream($conn), SOL_TCP, TCP_NODELAY),
        socket_get_option(socket_import_stream($client), SOL_TCP, TCP_NODELAY),
    ];
}
echo "on:      "; var_dump(accepted_nodelay(stream_context_create(['socket' => ['tcp_nodelay' => true]]))[0]);
echo "off:     "; var_dump(accepted_nodelay(stream_context_create(['socket' => ['tcp_nodelay' => false]]))[0]);
echo "absent:  "; var_dump(accepted_nodelay(null)[0]);
// The option on the server's context is not applied to the connecting client.
echo "client:  "; var_dump(accepted_nodelay(stream_context_create(['socket' => ['tcp_nodelay' => true]]))[1]);

// Several accepted connections all get it.
$ctx = stream_context_create(['socket' => ['tcp_nodelay' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$name = stream_socket_get_name($server, false);
$values = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = stream_socket_client("tcp://$name", $e, $s, 2);
    $conn = stream_socket_accept($server, 2);
    $values[] = socket_get_option(socket_import_stream($conn), SOL_TCP, TCP_NODELAY);
}
echo implode(',', $values), "\n";
?>
--EXPECT--
on:      int(1)
off:     int(0)
absent:  int(0)
client:  int(0)
1,1,1
