--TEST--
rsock: Rsock\pass_listeners() hands servers to a program run by pcntl_exec() as descriptors 3, 4, … with LISTEN_* names; argument errors
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (Rsock\pass_listeners)');
if (!function_exists('pcntl_exec')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
echo new ReflectionFunction('Rsock\pass_listeners');

echo "-- argument errors\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0');
$closed = stream_socket_server('tcp://127.0.0.1:0');
fclose($closed);
$unbound = stream_socket_server('tcp://127.0.0.1:0', $e, $m, 0);
// Bound but not listening, and an accepted connection: no listener either.
$bound = stream_socket_server('tcp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND);
$peer = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$accepted = stream_socket_accept($tcp, 5);
$bad = [
    [], ['a:b' => $tcp], ['' => $tcp], [str_repeat('x', 256) => $tcp], ["a\nb" => $tcp],
    ['web' => STDIN], ['web' => 'tcp://127.0.0.1:80'], ['web' => $closed], ['web' => $unbound],
    ['web' => $bound], ['web' => $accepted],
];
foreach ($bad as $servers) {
    try {
        Rsock\pass_listeners($servers);
        echo "no error\n";
    } catch (ValueError $e) {
        echo get_class($e), ': ', str_replace(str_repeat('x', 256), 'x…', $e->getMessage()), "\n";
    }
}
try {
    Rsock\pass_listeners('web');
} catch (TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}

echo "-- disable_functions holds\n";
passthru(implode(' ', array_map('escapeshellarg', [...child_php(), '-d', 'disable_functions=rsock\pass_listeners',
    '-r', 'var_dump(function_exists("Rsock\pass_listeners"));'])));

echo "-- handed over through pcntl_exec\n";
$dir = sys_get_temp_dir() . '/rsock-pass-' . getmypid();
@mkdir($dir);
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND);
$unix = stream_socket_server("unix://$dir/s.sock");
$names = [stream_socket_get_name($tcp, false) => 'TCP', stream_socket_get_name($udp, false) => 'UDP', "$dir/s.sock" => 'UNIX'];
$code = <<<'PHP'
echo 'LISTEN_FDS=', getenv('LISTEN_FDS'), ' LISTEN_FDNAMES=', getenv('LISTEN_FDNAMES'),
    ' LISTEN_PID is mine: ', var_export(getenv('LISTEN_PID') === (string) getmypid(), true), "\n";
$sockets = [];
foreach ([3, 4, 5] as $fd) {
    if (str_starts_with((string) @readlink("/proc/self/fd/$fd"), 'socket:')) $sockets[] = $fd;
}
echo 'sockets at: ', implode(' ', $sockets), "\n";
// The parent's own descriptors of the servers stay close-on-exec.
$leaked = array_filter(PARENT_FDS, fn($fd) => $fd > 5 && file_exists("/proc/self/fd/$fd"));
echo 'the parent\'s descriptors inherited: ', $leaked ? implode(' ', $leaked) : 'none', "\n";
foreach (['systemd://web', 'systemd://dns', 'systemd://unknown'] as $a) {
    $s = stream_socket_server($a, $e, $m);
    echo "$a: ", stream_get_meta_data($s)['stream_type'], ' ', strtr(stream_socket_get_name($s, false), NAMES), "\n";
    if ($a === 'systemd://web') $web = $s;
}
$c = stream_socket_accept($web, 10);
fwrite($c, "new program accepted\n");
PHP;
require __DIR__ . '/fd_of.inc';
$code = 'const NAMES = ' . var_export($names, true) . ";\n"
    . 'const PARENT_FDS = ' . var_export([fd_of($tcp), fd_of($udp), fd_of($unix)], true) . ";\n" . $code;
$pid = pcntl_fork();
if ($pid === 0) {
    $env = Rsock\pass_listeners(['web' => $tcp, 'dns' => $udp, $unix]);
    pcntl_exec(PHP_BINARY, [...array_slice(child_php(), 1), '-r', $code], $env + getenv());
    exit(127);
}
$c = connect_retry('tcp://' . stream_socket_get_name($tcp, false));
// The new program accepts it from the shared queue (this parent does not accept meanwhile).
pcntl_waitpid($pid, $status);
echo 'exit: ', pcntl_wexitstatus($status), "\n";
echo fgets($c);
echo "-- the parent's servers are untouched\n";
$c2 = connect_retry('tcp://' . stream_socket_get_name($tcp, false));
var_dump(is_resource(stream_socket_accept($tcp, 5)));
@unlink("$dir/s.sock");
@rmdir($dir);
?>
--EXPECT--
Function [ <internal:rsock> function Rsock\pass_listeners ] {

  - Parameters [1] {
    Parameter #0 [ <required> array $servers ]
  }
  - Return [ array|false ]
}
-- argument errors
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must not be empty
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) key "a:b" is not a socket name: it contains ":"
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) key "" is not a socket name: it is empty
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) key "x…" is not a socket name: it is longer than 255 bytes
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) key "a
b" is not a socket name: it contains a byte that is not printable ASCII
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
ValueError: Rsock\pass_listeners(): Argument #1 ($servers) must contain only open rsock server streams
TypeError: Rsock\pass_listeners(): Argument #1 ($servers) must be of type array, string given
-- disable_functions holds
bool(false)
-- handed over through pcntl_exec
LISTEN_FDS=3 LISTEN_FDNAMES=web:dns:unknown LISTEN_PID is mine: true
sockets at: 3 4 5
the parent's descriptors inherited: none
systemd://web: tcp_socket/ssl TCP
systemd://dns: udp_socket UDP
systemd://unknown: unix_socket UNIX
exit: 0
new program accepted
-- the parent's servers are untouched
bool(true)
