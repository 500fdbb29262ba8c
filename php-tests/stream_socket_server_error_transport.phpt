--TEST--
stream_socket_server(): unknown and wrongly-cased transports
--FILE--
<?php
foreach (["foo://x", "TCP://127.0.0.1:0", "Udp://127.0.0.1:0", "tcpx://127.0.0.1:0"] as $addr) {
    $errno = 99; $errstr = "unchanged";
    $r = stream_socket_server($addr, $errno, $errstr);
    var_dump($r, $errno, $errstr);
}
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to foo://x (Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(96) "Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?"

Warning: stream_socket_server(): Unable to connect to TCP://127.0.0.1:0 (Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(96) "Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?"

Warning: stream_socket_server(): Unable to connect to Udp://127.0.0.1:0 (Unable to find the socket transport "Udp" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(96) "Unable to find the socket transport "Udp" - did you forget to enable it when you configured PHP?"

Warning: stream_socket_server(): Unable to connect to tcpx://127.0.0.1:0 (Unable to find the socket transport "tcpx" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
int(0)
string(97) "Unable to find the socket transport "tcpx" - did you forget to enable it when you configured PHP?"
