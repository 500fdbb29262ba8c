--TEST--
stream_socket_server(): a null context means the default context
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
stream_context_set_default(['socket' => ['backlog' => 5, 'tcp_nodelay' => true]]);

foreach (['implicit' => fn() => stream_socket_server('tcp://127.0.0.1:0'),
          'explicit null' => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, null)]
         as $label => $make) {
    echo "-- $label\n";
    $server = $make();
    var_dump(stream_context_get_options($server));
    $client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
    $conn = stream_socket_accept($server, 2);
    // tcp_nodelay from the default context reaches the accepted connection
    var_dump(socket_get_option(socket_import_stream($conn), SOL_TCP, TCP_NODELAY));
    var_dump(stream_context_get_options($conn) === stream_context_get_options($server));
}

// An explicit context replaces the default one entirely.
$ctx = stream_context_create(['socket' => ['backlog' => 9]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(stream_context_get_options($server));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump(socket_get_option(socket_import_stream($conn), SOL_TCP, TCP_NODELAY));
?>
--EXPECT--
-- implicit
array(1) {
  ["socket"]=>
  array(2) {
    ["backlog"]=>
    int(5)
    ["tcp_nodelay"]=>
    bool(true)
  }
}
int(1)
bool(true)
-- explicit null
array(1) {
  ["socket"]=>
  array(2) {
    ["backlog"]=>
    int(5)
    ["tcp_nodelay"]=>
    bool(true)
  }
}
int(1)
bool(true)
array(1) {
  ["socket"]=>
  array(1) {
    ["backlog"]=>
    int(9)
  }
}
int(0)
