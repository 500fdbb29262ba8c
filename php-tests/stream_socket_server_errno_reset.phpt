--TEST--
stream_socket_server(): by-reference $error_code/$error_message are reset on success
--FILE--
<?php
$errno = 1234;
$errstr = "stale message";
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump(is_resource($server), $errno, $errstr);

// Variables of other types are overwritten as well.
$errno = [1, 2];
$errstr = new stdClass;
$server2 = stream_socket_server('127.0.0.1:0', $errno, $errstr);
var_dump(is_resource($server2), $errno, $errstr);

// Undefined variables are created.
unset($newno, $newstr);
$server3 = stream_socket_server('tcp://127.0.0.1:0', $newno, $newstr);
var_dump(is_resource($server3), $newno, $newstr);

// After a failure, they are set; after a later success, reset again.
$errstr = "x";
var_dump(@stream_socket_server('127.0.0.1', $errno, $errstr), $errno, $errstr);
$server4 = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump(is_resource($server4), $errno, $errstr);
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
bool(true)
int(0)
string(0) ""
bool(true)
int(0)
string(0) ""
bool(false)
int(0)
string(35) "Failed to parse address "127.0.0.1""
bool(true)
int(0)
string(0) ""
