--TEST--
stream_socket_server(): address parse errors (warnings and $error_message)
--FILE--
<?php
foreach (["127.0.0.1", "127.0.0.1:", "", "tcp://", "[::1]", "[::1", "tcp://[::1]", "127.0.0.1\0:0"] as $addr) {
    echo "-- ", json_encode($addr), "\n";
    $errno = 99; $errstr = "unchanged";
    $r = stream_socket_server($addr, $errno, $errstr);
    var_dump($r, $errno, $errstr);
}
?>
--EXPECTF--
-- "127.0.0.1"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
bool(false)
int(0)
string(35) "Failed to parse address "127.0.0.1""
-- "127.0.0.1:"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1: (Failed to parse address "127.0.0.1:") in %s on line %d
bool(false)
int(0)
string(36) "Failed to parse address "127.0.0.1:""
-- ""

Warning: stream_socket_server(): Unable to connect to  (Failed to parse address "") in %s on line %d
bool(false)
int(0)
string(26) "Failed to parse address """
-- "tcp:\/\/"

Warning: stream_socket_server(): Unable to connect to tcp:// (Failed to parse address "") in %s on line %d
bool(false)
int(0)
string(26) "Failed to parse address """
-- "[::1]"

Warning: stream_socket_server(): Unable to connect to [::1] (Failed to parse IPv6 address "[::1]") in %s on line %d
bool(false)
int(0)
string(36) "Failed to parse IPv6 address "[::1]""
-- "[::1"

Warning: stream_socket_server(): Unable to connect to [::1 (Failed to parse IPv6 address "[::1") in %s on line %d
bool(false)
int(0)
string(35) "Failed to parse IPv6 address "[::1""
-- "tcp:\/\/[::1]"

Warning: stream_socket_server(): Unable to connect to tcp://[::1] (Failed to parse IPv6 address "[::1]") in %s on line %d
bool(false)
int(0)
string(36) "Failed to parse IPv6 address "[::1]""
-- "127.0.0.1\u0000:0"

Warning: stream_socket_server(): Unable to connect to 127.0.0.1 (The hostname must not contain null bytes) in %s on line %d
bool(false)
int(0)
string(40) "The hostname must not contain null bytes"
