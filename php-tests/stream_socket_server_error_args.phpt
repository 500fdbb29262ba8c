--TEST--
stream_socket_server(): TypeErrors and ArgumentCountError for bad arguments
--FILE--
<?php
$cases = [
    'no args'          => fn() => stream_socket_server(),
    'array address'    => fn() => stream_socket_server([]),
    'object address'   => fn() => stream_socket_server(new stdClass),
    'string flags'     => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, 'x'),
    'array flags'      => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, []),
    'int context'      => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, 1),
    'array context'    => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, []),
    'too many args'    => fn() => stream_socket_server('tcp://127.0.0.1:0', $e, $s, 12, null, 1),
    'unknown named'    => fn() => stream_socket_server(address: 'tcp://127.0.0.1:0', backlog: 5),
];
foreach ($cases as $label => $fn) {
    try {
        $r = $fn();
        echo "$label: no exception, got ", gettype($r), "\n";
    } catch (Throwable $t) {
        echo "$label: ", get_class($t), ": ", $t->getMessage(), "\n";
    }
}
// A stream that is not a context is rejected too.
$fp = fopen('php://memory', 'r');
try {
    stream_socket_server('tcp://127.0.0.1:0', $e, $s, 12, $fp);
} catch (Throwable $t) {
    echo "stream as context: ", get_class($t), ": ", $t->getMessage(), "\n";
}
?>
--EXPECT--
no args: ArgumentCountError: stream_socket_server() expects at least 1 argument, 0 given
array address: TypeError: stream_socket_server(): Argument #1 ($address) must be of type string, array given
object address: TypeError: stream_socket_server(): Argument #1 ($address) must be of type string, stdClass given
string flags: TypeError: stream_socket_server(): Argument #4 ($flags) must be of type int, string given
array flags: TypeError: stream_socket_server(): Argument #4 ($flags) must be of type int, array given
int context: TypeError: stream_socket_server(): Argument #5 ($context) must be of type resource or null, int given
array context: TypeError: stream_socket_server(): Argument #5 ($context) must be of type resource or null, array given
too many args: ArgumentCountError: stream_socket_server() expects at most 5 arguments, 6 given
unknown named: Error: Unknown named parameter $backlog
stream as context: TypeError: stream_socket_server(): supplied resource is not a valid Stream-Context resource
