--TEST--
stream_socket_server(): a Linux abstract unix name may use all 108 bytes of sun_path (php-src bug60106-002); longer ones are cut to 108 with a notice, paths to 107
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip Linux abstract names'); ?>
--FILE--
<?php
$tag = getmypid() . '-' . bin2hex(random_bytes(4));
foreach ([107, 108, 109] as $len) {
    $name = "\0" . str_pad("rsock-$tag-$len-", $len - 1, 'x');
    echo "-- abstract name of $len bytes\n";
    $server = stream_socket_server("unix://$name", $errno, $errstr);
    var_dump(is_resource($server));
    // A client with the same name reaches it (the client truncates alike).
    $client = stream_socket_client("unix://$name", $errno, $errstr, 2);
    var_dump(is_resource($client));
    $conn = stream_socket_accept($server, 2);
    fwrite($client, "hi");
    var_dump(fread($conn, 2));
    // The first 107 bytes name another socket.
    var_dump(@stream_socket_client('unix://' . substr($name, 0, 107), $errno, $errstr, 1) === false || $len === 107);
}
?>
--EXPECTF--
-- abstract name of 107 bytes
bool(true)
bool(true)
string(2) "hi"
bool(true)
-- abstract name of 108 bytes
bool(true)
bool(true)
string(2) "hi"
bool(true)
-- abstract name of 109 bytes

Notice: stream_socket_server(): socket path exceeded the maximum allowed length of 108 bytes and was truncated in %s on line %d
bool(true)

Notice: stream_socket_client(): socket path exceeded the maximum allowed length of 108 bytes and was truncated in %s on line %d
bool(true)
string(2) "hi"
bool(true)
