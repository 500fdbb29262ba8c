--TEST--
stream_get_meta_data(): tcp server stream and accepted stream (PHP 8.3+: the server's uri is its address)
--FILE--
<?php
require __DIR__ . '/meta_uri.inc';
$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump(meta_without_uri($server, 'tcp://127.0.0.1:0'));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2);
var_dump(meta_without_uri($conn, null));

// unread_bytes counts PHP's read buffer; eof after the peer closes.
fwrite($client, "one\ntwo\n");
fclose($client);
stream_set_timeout($conn, 2);
var_dump(fgets($conn));
$meta = stream_get_meta_data($conn);
var_dump($meta['unread_bytes'], $meta['eof']);
var_dump(fgets($conn), fgets($conn));
$meta = stream_get_meta_data($conn);
var_dump($meta['unread_bytes'], $meta['eof']);
?>
--EXPECT--
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(14) "tcp_socket/ssl"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(14) "tcp_socket/ssl"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
string(4) "one
"
int(4)
bool(false)
string(4) "two
"
bool(false)
int(0)
bool(true)
