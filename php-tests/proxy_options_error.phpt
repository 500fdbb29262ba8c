--TEST--
PROXY protocol options: bad proxy_from / proxy_timeout values and datagram transports refused by stream_socket_server() (false, warning, $error_message); PHP's conversion rules; off means ignored
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol options)'); ?>
--FILE--
<?php
class Str { function __construct(public string $s) {} function __toString(): string { return $this->s; } }
function try_server(string $label, array $rsock, string $addr = 'tcp://127.0.0.1:0'): void
{
    echo "-- $label\n";
    $s = stream_socket_server($addr, $errno, $errstr, $addr[0] === 'u' && $addr[1] === 'd' ? STREAM_SERVER_BIND : STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['rsock' => $rsock]));
    echo $s ? 'ok' : 'false', " errno=$errno errstr=", var_export($errstr, true), "\n";
    if ($s) {
        fclose($s);
    }
}
$on = ['proxy_protocol' => true];
try_server('proxy_from bad entry', $on + ['proxy_from' => ['127.0.0.1', 'example.com']]);
try_server('proxy_from bad CIDR', $on + ['proxy_from' => '10.0.0.0/33']);
try_server('proxy_from empty array', $on + ['proxy_from' => []]);
try_server('proxy_from int (converted: "7")', $on + ['proxy_from' => 7]);
try_server('proxy_from nested array (converted: "Array")', $on + ['proxy_from' => [['10.0.0.1']]]);
try_server('proxy_from __toString', $on + ['proxy_from' => [new Str('192.0.2.0/24'), new Str('::1')]]);
try_server('proxy_from string, v6 CIDR', $on + ['proxy_from' => '2001:db8::/32']);
try_server('proxy_from null: the default', $on + ['proxy_from' => null]);
try_server('proxy_timeout 0', $on + ['proxy_timeout' => 0]);
try_server('proxy_timeout -1', $on + ['proxy_timeout' => -1]);
try_server('proxy_timeout INF', $on + ['proxy_timeout' => INF]);
try_server('proxy_timeout NAN', $on + ['proxy_timeout' => NAN]);
try_server('proxy_timeout "abc"', $on + ['proxy_timeout' => 'abc']);
try_server('proxy_timeout "0.25"', $on + ['proxy_timeout' => '0.25']);
try_server('proxy_timeout 1e12', $on + ['proxy_timeout' => 1e12]);
try_server('udp', $on, 'udp://127.0.0.1:0');
try_server('udg', $on, 'udg://' . sys_get_temp_dir() . '/rsock-proxy-opt-' . getmypid() . '.sock');
try_server('off: the others are ignored', ['proxy_protocol' => false, 'proxy_from' => 'nope', 'proxy_timeout' => -1]);
try_server('off on udp', ['proxy_protocol' => 0], 'udp://127.0.0.1:0');
try {
    stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['rsock' => $on + ['proxy_from' => [new stdClass()]]]));
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECTF--
-- proxy_from bad entry

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_from entry "example.com" (expected an IP address or CIDR)) in %s on line %d
false errno=0 errstr='invalid proxy_from entry "example.com" (expected an IP address or CIDR)'
-- proxy_from bad CIDR

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_from entry "10.0.0.0/33" (expected an IP address or CIDR)) in %s on line %d
false errno=0 errstr='invalid proxy_from entry "10.0.0.0/33" (expected an IP address or CIDR)'
-- proxy_from empty array

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (proxy_from lists no address (expected an IP address or CIDR, or an array of them)) in %s on line %d
false errno=0 errstr='proxy_from lists no address (expected an IP address or CIDR, or an array of them)'
-- proxy_from int (converted: "7")

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_from entry "7" (expected an IP address or CIDR)) in %s on line %d
false errno=0 errstr='invalid proxy_from entry "7" (expected an IP address or CIDR)'
-- proxy_from nested array (converted: "Array")

Warning: Array to string conversion in %s on line %d

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_from entry "Array" (expected an IP address or CIDR)) in %s on line %d
false errno=0 errstr='invalid proxy_from entry "Array" (expected an IP address or CIDR)'
-- proxy_from __toString
ok errno=0 errstr=''
-- proxy_from string, v6 CIDR
ok errno=0 errstr=''
-- proxy_from null: the default
ok errno=0 errstr=''
-- proxy_timeout 0

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_timeout 0 (expected a number of seconds greater than 0)) in %s on line %d
false errno=0 errstr='invalid proxy_timeout 0 (expected a number of seconds greater than 0)'
-- proxy_timeout -1

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_timeout -1 (expected a number of seconds greater than 0)) in %s on line %d
false errno=0 errstr='invalid proxy_timeout -1 (expected a number of seconds greater than 0)'
-- proxy_timeout INF

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_timeout INF (expected a number of seconds greater than 0)) in %s on line %d
false errno=0 errstr='invalid proxy_timeout INF (expected a number of seconds greater than 0)'
-- proxy_timeout NAN

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_timeout NAN (expected a number of seconds greater than 0)) in %s on line %d
false errno=0 errstr='invalid proxy_timeout NAN (expected a number of seconds greater than 0)'
-- proxy_timeout "abc"

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (invalid proxy_timeout 0 (expected a number of seconds greater than 0)) in %s on line %d
false errno=0 errstr='invalid proxy_timeout 0 (expected a number of seconds greater than 0)'
-- proxy_timeout "0.25"
ok errno=0 errstr=''
-- proxy_timeout 1e12
ok errno=0 errstr=''
-- udp

Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (proxy_protocol is not supported on udp:// (only stream servers: tcp, unix and the TLS transports)) in %s on line %d
false errno=0 errstr='proxy_protocol is not supported on udp:// (only stream servers: tcp, unix and the TLS transports)'
-- udg

Warning: stream_socket_server(): Unable to connect to udg://%s (proxy_protocol is not supported on udg:// (only stream servers: tcp, unix and the TLS transports)) in %s on line %d
false errno=0 errstr='proxy_protocol is not supported on udg:// (only stream servers: tcp, unix and the TLS transports)'
-- off: the others are ignored
ok errno=0 errstr=''
-- off on udp
ok errno=0 errstr=''
Error: Object of class stdClass could not be converted to string
