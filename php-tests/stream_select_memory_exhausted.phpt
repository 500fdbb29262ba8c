--TEST--
stream_select(): running out of memory while building the result array is PHP's fatal error; shutdown functions still select normally afterwards
--INI--
memory_limit=32M
--FILE--
<?php
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
fwrite($b, "x");
register_shutdown_function(function () use ($a) {
    $pad = null;
    $r = [$a];
    $w = $e = null;
    echo "shutdown: ", stream_select($r, $w, $e, 1), "\n";
});
// The same readable stream under 100,000 keys: the result array needs a
// table of 131,072 zvals (2 MiB), more than is left.
$read = array_fill(0, 100000, $a);
$pad = str_repeat("x", 32 * 1024 * 1024 - memory_get_usage(true) - 1536 * 1024);
$w = $e = null;
stream_select($read, $w, $e, 1);
echo "not reached\n";
?>
--EXPECTF--
Fatal error: Allowed memory size of %d bytes exhausted %s in %s on line %d
shutdown: 1
