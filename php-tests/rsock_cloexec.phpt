--TEST--
rsock: server and accepted descriptors are close-on-exec; proc_open's descriptor spec still hands a server to a child
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference)'); ?>
--FILE--
<?php
/** The descriptors that are sockets (scandir's own directory descriptor is not). */
function fds(): array {
    return array_values(array_filter(
        scandir('/proc/self/fd'),
        fn($n) => ctype_digit($n) && str_starts_with((string) @readlink("/proc/self/fd/$n"), 'socket:')
    ));
}
/** Runs $open and tells whether the one descriptor it created is close-on-exec. */
function opened_cloexec(callable $open, &$stream): bool {
    $before = fds();
    $stream = $open();
    $new = array_values(array_diff(fds(), $before));
    if (count($new) !== 1) {
        return false;
    }
    preg_match('/^flags:\s+(\d+)/m', file_get_contents("/proc/self/fdinfo/{$new[0]}"), $m);
    return (octdec($m[1]) & 02000000) !== 0;
}
var_dump(opened_cloexec(fn() => stream_socket_server('tcp://127.0.0.1:0'), $srv));
$client = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $e, $s, 2);
var_dump(opened_cloexec(fn() => stream_socket_accept($srv, 2), $conn));

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
