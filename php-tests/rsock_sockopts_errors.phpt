--TEST--
rsock: an rsock tuning option with a value it does not take fails stream_socket_server() with a warning and $errstr
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (native PHP ignores the rsock options)'); ?>
--FILE--
<?php
function try_server(string $address, array $rsock) {
    $ctx = stream_context_create(['rsock' => $rsock]);
    $s = stream_socket_server($address, $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    echo $s === false ? "false, errno $errno, $errstr" : 'a server', "\n";
}
try_server('tcp://127.0.0.1:0', ['tcp_fastopen' => -1]);
try_server('tcp://127.0.0.1:0', ['tcp_defer_accept' => -5]);
try_server('tcp://127.0.0.1:0', ['tcp_user_timeout' => 2147483648]);
try_server('tcp://127.0.0.1:0', ['so_rcvbuf' => 0]);
try_server('tcp://127.0.0.1:0', ['so_sndbuf' => 'abc']);
try_server('tcp://127.0.0.1:0', ['so_sndbuf' => '12abc']);
// null leaves an option unset; an array is no number.
try_server('tcp://127.0.0.1:0', ['so_rcvbuf' => null]);
try_server('tcp://127.0.0.1:0', ['so_rcvbuf' => [4096]]);
// Checked for every transport, even where a tcp option means nothing.
$dir = sys_get_temp_dir() . '/rsock-sockopt-errors-' . getmypid();
@mkdir($dir);
try_server("unix://$dir/s.sock", ['tcp_fastopen' => -1]);
var_dump(file_exists("$dir/s.sock"));
@rmdir($dir);
// PHP's conversions: numeric strings, floats, bools are taken.
try_server('tcp://127.0.0.1:0', ['so_rcvbuf' => ' 4096 ', 'tcp_fastopen' => 1.9, 'tcp_user_timeout' => true, 'tcp_defer_accept' => '0']);
// An object converts with PHP's own warning (to 1).
try_server('tcp://127.0.0.1:0', ['tcp_fastopen' => new stdClass]);
// A user error handler that throws from that warning: PHP's exception, no rsock warning.
set_error_handler(function ($no, $str) { throw new ErrorException($str); });
try {
    try_server('tcp://127.0.0.1:0', ['so_rcvbuf' => new stdClass]);
} catch (ErrorException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
restore_error_handler();
// The namespaced function too.
var_dump(@Rsock\stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['tcp_fastopen' => -1]])), $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option tcp_fastopen: -1 (expected a queue length from 0 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option tcp_fastopen: -1 (expected a queue length from 0 to 2147483647)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option tcp_defer_accept: -5 (expected a number of seconds from 0 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option tcp_defer_accept: -5 (expected a number of seconds from 0 to 2147483647)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option tcp_user_timeout: 2147483648 (expected a number of milliseconds from 0 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option tcp_user_timeout: 2147483648 (expected a number of milliseconds from 0 to 2147483647)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option so_rcvbuf: 0 (expected a number of bytes from 1 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option so_rcvbuf: 0 (expected a number of bytes from 1 to 2147483647)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option so_sndbuf: "abc" (expected a number of bytes from 1 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option so_sndbuf: "abc" (expected a number of bytes from 1 to 2147483647)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option so_sndbuf: "12abc" (expected a number of bytes from 1 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option so_sndbuf: "12abc" (expected a number of bytes from 1 to 2147483647)
a server

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid rsock option so_rcvbuf: an array (expected a number of bytes from 1 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option so_rcvbuf: an array (expected a number of bytes from 1 to 2147483647)

Warning: stream_socket_server(): Unable to connect to unix://%s/s.sock (invalid rsock option tcp_fastopen: -1 (expected a queue length from 0 to 2147483647)) in %s on line %d
false, errno 0, invalid rsock option tcp_fastopen: -1 (expected a queue length from 0 to 2147483647)
bool(false)
a server

Warning: Object of class stdClass could not be converted to int in %s on line %d
a server
ErrorException: Object of class stdClass could not be converted to int
bool(false)
string(84) "invalid rsock option tcp_fastopen: -1 (expected a queue length from 0 to 2147483647)"
