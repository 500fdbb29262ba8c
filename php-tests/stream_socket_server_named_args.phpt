--TEST--
stream_socket_server(): named arguments
--FILE--
<?php
$server = stream_socket_server(address: 'tcp://127.0.0.1:0', flags: STREAM_SERVER_BIND | STREAM_SERVER_LISTEN);
var_dump(is_resource($server), (bool) stream_socket_get_name($server, false));

$ctx = stream_context_create(['socket' => ['backlog' => 3]]);
$server = stream_socket_server(context: $ctx, address: 'tcp://127.0.0.1:0', error_message: $msg, error_code: $code);
var_dump(is_resource($server), $code, $msg);
var_dump(stream_context_get_options($server));

// flags: 0 by name gives an unbound stream
$server = stream_socket_server('tcp://127.0.0.1:0', flags: 0);
var_dump(is_resource($server), stream_socket_get_name($server, false));

// Named error outputs on failure
$r = @stream_socket_server(address: '127.0.0.1:', error_message: $msg2);
var_dump($r, $msg2);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(0)
string(0) ""
array(1) {
  ["socket"]=>
  array(1) {
    ["backlog"]=>
    int(3)
  }
}
bool(true)
bool(false)
bool(false)
string(36) "Failed to parse address "127.0.0.1:""
