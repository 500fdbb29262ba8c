--TEST--
rsock: server and accepted descriptors are close-on-exec; proc_open's descriptor spec still hands a server to a child
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference)'); ?>
--FILE--
<?php
function cloexec($stream): bool {
    $fd = null;
    foreach (scandir('/proc/self/fd') as $n) {
        if (!ctype_digit($n)) continue;
        $target = @readlink("/proc/self/fd/$n");
        if ($target !== false && str_starts_with($target, 'socket:')) $fd = (int) $n;
    }
    // The last socket opened is the one asked about (callers open it last).
    $info = file_get_contents("/proc/self/fdinfo/$fd");
    preg_match('/^flags:\s+(\d+)/m', $info, $m);
    return (octdec($m[1]) & 02000000) !== 0;
}
$srv = stream_socket_server('tcp://127.0.0.1:0');
var_dump(cloexec($srv));
$client = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $e, $s, 2);
$conn = stream_socket_accept($srv, 2);
var_dump(cloexec($conn));

// A child started with the server as descriptor 3 accepts on it.
$child = proc_open(
    [PHP_BINARY, '-n', '-r', '$s = fopen("php://fd/3", "r+"); $c = stream_socket_accept($s, 5); fwrite($c, "child accepted\n");'],
    [3 => $srv],
    $pipes
);
$c2 = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $e, $s, 5);
stream_set_timeout($c2, 5);
echo fgets($c2);
var_dump(proc_close($child));
?>
--EXPECT--
bool(true)
bool(true)
child accepted
int(0)
