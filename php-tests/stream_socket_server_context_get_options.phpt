--TEST--
stream_socket_server(): server and accepted streams share the server's context
--FILE--
<?php
$ctx = stream_context_create(['socket' => ['backlog' => 9], 'custom' => ['key' => 'value']]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(stream_context_get_options($server) === stream_context_get_options($ctx));
var_dump(stream_context_get_params($server));

$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump(stream_context_get_options($conn));

// It is the same context object: a change through one stream is visible through the others.
var_dump(stream_context_set_option($server, 'custom', 'added', 42));
var_dump(stream_context_get_options($conn)['custom']);
var_dump(stream_context_get_options($ctx)['custom']['added']);

// The accepted stream keeps the context alive after the server is closed.
fclose($server);
unset($ctx);
var_dump(stream_context_get_options($conn)['socket']);

// A server created without a context has empty options (fresh default context).
$plain = stream_socket_server('tcp://127.0.0.1:0');
$client2 = stream_socket_client('tcp://' . stream_socket_get_name($plain, false), $e, $s, 2);
$conn2 = stream_socket_accept($plain, 2);
var_dump(stream_context_get_options($plain), stream_context_get_options($conn2));

// udp and unix servers carry the context too.
$uctx = stream_context_create(['socket' => ['so_broadcast' => true]]);
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND, $uctx);
var_dump(stream_context_get_options($udp));
?>
--EXPECT--
bool(true)
array(1) {
  ["options"]=>
  array(2) {
    ["socket"]=>
    array(1) {
      ["backlog"]=>
      int(9)
    }
    ["custom"]=>
    array(1) {
      ["key"]=>
      string(5) "value"
    }
  }
}
array(2) {
  ["socket"]=>
  array(1) {
    ["backlog"]=>
    int(9)
  }
  ["custom"]=>
  array(1) {
    ["key"]=>
    string(5) "value"
  }
}
bool(true)
array(2) {
  ["key"]=>
  string(5) "value"
  ["added"]=>
  int(42)
}
int(42)
array(1) {
  ["backlog"]=>
  int(9)
}
array(0) {
}
array(0) {
}
array(1) {
  ["socket"]=>
  array(1) {
    ["so_broadcast"]=>
    bool(true)
  }
}
