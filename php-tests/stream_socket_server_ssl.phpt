--TEST--
stream_socket_server(): ssl:// and tls:// servers are tcp_socket/ssl streams; the transports list is unchanged
--SKIPIF--
<?php if (!extension_loaded('openssl')) die('skip openssl extension required'); ?>
--FILE--
<?php
foreach (['ssl://127.0.0.1:0', 'tls://127.0.0.1:0'] as $addr) {
    $server = stream_socket_server($addr, $errno, $errstr);
    var_dump($server, $errno, $errstr);
    var_dump(stream_get_meta_data($server)['stream_type']);
    var_dump(preg_match('/^127\.0\.0\.1:[1-9]\d*$/', stream_socket_get_name($server, false)) === 1);
}
// The list of transports is unchanged.
var_dump(array_slice(stream_get_transports(), 0, 6));
?>
--EXPECTF--
resource(%d) of type (stream)
int(0)
string(0) ""
string(14) "tcp_socket/ssl"
bool(true)
resource(%d) of type (stream)
int(0)
string(0) ""
string(14) "tcp_socket/ssl"
bool(true)
array(6) {
  [0]=>
  string(3) "tcp"
  [1]=>
  string(3) "udp"
  [2]=>
  string(4) "unix"
  [3]=>
  string(3) "udg"
  [4]=>
  string(3) "ssl"
  [5]=>
  string(3) "tls"
}
