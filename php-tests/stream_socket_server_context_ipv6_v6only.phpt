--TEST--
stream_socket_server(): context socket.ipv6_v6only
--SKIPIF--
<?php
if (!extension_loaded('sockets')) die('skip sockets extension required');
if (!@stream_socket_server('tcp://[::1]:0')) die('skip IPv6 loopback not available');
?>
--FILE--
<?php
$flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
foreach ([true, false] as $v6only) {
    $ctx = stream_context_create(['socket' => ['ipv6_v6only' => $v6only]]);
    $server = stream_socket_server('tcp://[::]:0', $errno, $errstr, $flags, $ctx);
    var_dump(socket_get_option(socket_import_stream($server), IPPROTO_IPV6, IPV6_V6ONLY));
    $port = substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    // With v6only off, an IPv4 client reaches the [::] server.
    $client = @stream_socket_client("tcp://127.0.0.1:$port", $e, $s, 2);
    if ($client) {
        $conn = stream_socket_accept($server, 2, $peer);
        echo "v4 client accepted from ", preg_replace('/:\d+$/', ':PORT', $peer), "\n";
    } else {
        echo "v4 client refused\n";
    }
}
// Without the option the system default applies.
$server = stream_socket_server('tcp://[::]:0');
var_dump(socket_get_option(socket_import_stream($server), IPPROTO_IPV6, IPV6_V6ONLY)
    === (int) trim(file_get_contents('/proc/sys/net/ipv6/bindv6only')));

// udp too
$ctx = stream_context_create(['socket' => ['ipv6_v6only' => true]]);
$udp = stream_socket_server('udp://[::]:0', $errno, $errstr, STREAM_SERVER_BIND, $ctx);
var_dump(socket_get_option(socket_import_stream($udp), IPPROTO_IPV6, IPV6_V6ONLY));
?>
--EXPECT--
int(1)
v4 client refused
int(0)
v4 client accepted from [::ffff:127.0.0.1]:PORT
bool(true)
int(1)
