--TEST--
stream_get_meta_data(): udp, unix and udg server streams and an accepted unix stream (PHP 8.3+: a server's uri is its address)
--FILE--
<?php
require __DIR__ . '/meta_uri.inc';
$upath = sys_get_temp_dir() . '/rsock-meta-unix-' . getmypid() . '.sock';
$gpath = sys_get_temp_dir() . '/rsock-meta-udg-' . getmypid() . '.sock';
@unlink($upath); @unlink($gpath);
register_shutdown_function(function () use ($upath, $gpath) { @unlink($upath); @unlink($gpath); });

echo "-- udp\n";
var_dump(meta_without_uri(stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND), 'udp://127.0.0.1:0'));
echo "-- unix\n";
$unix = stream_socket_server("unix://$upath");
var_dump(meta_without_uri($unix, "unix://$upath"));
echo "-- unix accepted\n";
$client = stream_socket_client("unix://$upath", $e, $s, 2);
var_dump(meta_without_uri(stream_socket_accept($unix, 2), null));
echo "-- udg\n";
var_dump(meta_without_uri(stream_socket_server("udg://$gpath", $e, $s, STREAM_SERVER_BIND), "udg://$gpath"));
?>
--EXPECT--
-- udp
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(10) "udp_socket"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
-- unix
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(11) "unix_socket"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
-- unix accepted
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(11) "unix_socket"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
-- udg
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(10) "udg_socket"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
