--TEST--
rsock: fd://N of a descriptor another PHP stream or an ext/sockets Socket holds adopts a copy of its own, so the two never close each other's descriptor
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (fd:// is no PHP transport)');
if (!extension_loaded('sockets')) die('skip sockets extension required');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
require __DIR__ . '/fd_of.inc';
function sockets_now(): array {
    $r = [];
    foreach (scandir('/proc/self/fd') as $f) {
        if (str_starts_with((string) @readlink("/proc/self/fd/$f"), 'socket:')) $r[] = (int) $f;
    }
    return $r;
}

echo "-- an ext/sockets Socket\n";
$before = sockets_now();
$sock = socket_create_listen(0);
$fd = array_values(array_diff(sockets_now(), $before))[0];
socket_getsockname($sock, $addr, $port);
$s = stream_socket_server("fd://$fd", $errno, $errstr);
var_dump($s !== false, stream_socket_get_name($s, false) === "$addr:$port");
$c = stream_socket_client("tcp://$addr:$port");
var_dump(is_resource(stream_socket_accept($s, 5)));
fclose($s);
// The number the adopted stream had is free again: a file takes it.
$f = fopen(__FILE__, 'r');
var_dump(fd_of($f) !== $fd || str_starts_with(readlink("/proc/self/fd/$fd"), 'socket:'));
socket_close($sock);
// The Socket closed its own descriptor, not the file.
var_dump(fread($f, 5));

echo "-- a native stream (socket_export_stream)\n";
$before = sockets_now();
$native = socket_export_stream(socket_create_listen(0));
$fd = array_values(array_diff(sockets_now(), $before))[0];
$s = stream_socket_server("fd://$fd", $errno, $errstr);
var_dump($s !== false, stream_get_meta_data($s)['stream_type']);
fclose($s);
var_dump(str_starts_with(readlink("/proc/self/fd/$fd"), 'socket:'));

echo "-- the standard input is the listening socket\n";
$listener = stream_socket_server('tcp://127.0.0.1:0');
$code = <<<'PHP'
$s = stream_socket_server('fd://0', $errno, $errstr);
echo $s ? "adopted\n" : "refused: $errstr\n";
$c = stream_socket_accept($s, 10);
fwrite($c, "accepted\n");
fclose($c);
fclose($s);
echo str_starts_with(readlink('/proc/self/fd/0'), 'socket:') ? "STDIN still open\n" : "STDIN closed\n";
PHP;
$p = proc_open([...child_php(), '-r', $code], [0 => $listener, 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
register_shutdown_function(fn() => is_resource($p) && proc_terminate($p, 9));
stream_set_blocking($pipes[1], false);
echo wait_line($pipes[1], '/./'), "\n";
$c = connect_retry('tcp://' . stream_socket_get_name($listener, false));
echo fgets($c);
echo wait_line($pipes[1], '/STDIN/'), "\n";
proc_close($p);
?>
--EXPECT--
-- an ext/sockets Socket
bool(true)
bool(true)
bool(true)
bool(true)
string(5) "<?php"
-- a native stream (socket_export_stream)
bool(true)
string(14) "tcp_socket/ssl"
bool(true)
-- the standard input is the listening socket
adopted
accepted
STDIN still open
