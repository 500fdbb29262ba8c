--TEST--
rsock: Rsock\stream_socket_server() has the built-in's signature and behaviour
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
use function Rsock\stream_socket_server as rsock_server;

echo "-- signature\n";
$native = new ReflectionFunction('stream_socket_server');
$ours = new ReflectionFunction('Rsock\stream_socket_server');
foreach ($ours->getParameters() as $i => $p) {
    echo trim((string) $p), (trim((string) $p) === trim((string) $native->getParameters()[$i]) ? " same" : " DIFFERENT"), "\n";
}
var_dump($ours->getNumberOfParameters(), $ours->getNumberOfRequiredParameters());

echo "-- type errors\n";
try { rsock_server([]); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { rsock_server('tcp://127.0.0.1:0', $e1, $e2, 'x'); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { rsock_server('tcp://127.0.0.1:0', $e1, $e2, 12, 1); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }

echo "-- tcp\n";
$errno = 5; $errstr = 'x';
$server = rsock_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump($server, $errno, $errstr, stream_get_meta_data($server)['stream_type']);
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 2);
$conn = stream_socket_accept($server, 2, $peer);
var_dump($peer === stream_socket_get_name($client, false));
stream_set_timeout($conn, 2);
fwrite($client, "namespaced");
var_dump(fread($conn, 100));

echo "-- udp\n";
$udp = rsock_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$uc = stream_socket_client('udp://' . stream_socket_get_name($udp, false), $e, $s, 2);
fwrite($uc, "dgram");
stream_set_timeout($udp, 2);
var_dump(stream_socket_recvfrom($udp, 100, 0, $from), $from === stream_socket_get_name($uc, false));
var_dump(stream_get_meta_data($udp)['stream_type']);

echo "-- named arguments and context\n";
$ctx = stream_context_create(['socket' => ['backlog' => 4]]);
$server = rsock_server(address: '127.0.0.1:0', context: $ctx);
var_dump(stream_context_get_options($server)['socket']['backlog']);

echo "-- errors\n";
var_dump(rsock_server('127.0.0.1', $errno, $errstr), $errno, $errstr);
var_dump(rsock_server('foo://x'));
?>
--EXPECTF--
-- signature
Parameter #0 [ <required> string $address ] same
Parameter #1 [ <optional> &$error_code = null ] same
Parameter #2 [ <optional> &$error_message = null ] same
Parameter #3 [ <optional> int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN ] same
Parameter #4 [ <optional> $context = null ] same
int(5)
int(1)
-- type errors
Rsock\stream_socket_server(): Argument #1 ($address) must be of type string, array given
Rsock\stream_socket_server(): Argument #4 ($flags) must be of type int, string given
Rsock\stream_socket_server(): Argument #5 ($context) must be of type resource or null, int given
-- tcp
resource(%d) of type (stream)
int(0)
string(0) ""
string(14) "tcp_socket/ssl"
bool(true)
string(10) "namespaced"
-- udp
string(5) "dgram"
bool(true)
string(10) "udp_socket"
-- named arguments and context
int(4)
-- errors

Warning: Rsock\stream_socket_server(): Unable to connect to 127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
bool(false)
int(0)
string(35) "Failed to parse address "127.0.0.1""

Warning: Rsock\stream_socket_server(): Unable to connect to foo://x (Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?) in %s on line %d
bool(false)
