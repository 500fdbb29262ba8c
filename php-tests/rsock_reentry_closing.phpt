--TEST--
rsock: PHP code inside an operation that pclose()s the stream being set up, replaces stream_select()'s array on every cast, or replaces SNI_server_certs while it is read: the operation fails or goes on cleanly, nothing freed is touched
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native PHP touches freed memory in these cases');
if (!extension_loaded('openssl')) die('skip openssl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
$c = tls_certs();

echo "-- pclose() of the stream from a __toString option during enable_crypto\n";
class Closer {
    public $victim;
    function __construct(private string $path) {}
    function __toString(): string {
        if ($this->victim) {
            echo 'pclose: ', var_export(@pclose($this->victim), true), "\n";
            $this->victim = null;
        }
        $junk = [];
        for ($i = 0; $i < 2000; $i++) $junk[] = str_repeat('A', 200);
        return $this->path;
    }
}
$closer = new Closer($c['server']);
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => $closer]]));
$cl = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$conn = stream_socket_accept($tcp, 5);
$closer->victim = $conn;
stream_set_blocking($conn, false);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));

echo "-- a user stream's cast replaces \$read on every call\n";
class Wrapper {
    public $context;
    public static $n = 0;
    function stream_open($path, $mode, $options, &$opened) { return true; }
    function stream_cast($as) {
        global $read, $conn2;
        self::$n++;
        $fresh = ['u' => $GLOBALS['user']];
        for ($i = 0; $i < 50; $i++) $fresh["c$i"] = $conn2;
        $read = $fresh;
        unset($fresh);
        $junk = [];
        for ($i = 0; $i < 500; $i++) $junk[] = str_repeat('B', 300);
        return false;
    }
}
stream_wrapper_register('evil', 'Wrapper');
$srv = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
$conn2 = stream_socket_accept($srv);
fwrite($client, 'x');
$user = fopen('evil://x', 'r');
$read = ['u' => $user, 'c' => $conn2];
$w = $e = null;
var_dump(@stream_select($read, $w, $e, 1), Wrapper::$n, count($read));

echo "-- __toString replaces SNI_server_certs while it is read\n";
class Swap {
    function __construct(private string $path) {}
    function __toString(): string {
        global $ctx;
        stream_context_set_option($ctx, 'ssl', 'SNI_server_certs', ['z.example' => $this->path]);
        $junk = [];
        for ($i = 0; $i < 500; $i++) $junk[] = str_repeat('C', 300);
        return $this->path;
    }
}
$certs = ['a.example' => new Swap($c['server'])];
for ($i = 0; $i < 20; $i++) $certs["h$i.example"] = $c['server'];
$ctx = stream_context_create(['ssl' => ['local_cert' => $c['server'], 'SNI_server_certs' => $certs]]);
unset($certs);
$s = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($s));
echo "done\n";
?>
--EXPECT--
-- pclose() of the stream from a __toString option during enable_crypto
pclose: 0
bool(false)
-- a user stream's cast replaces $read on every call
int(1)
int(2)
int(50)
-- __toString replaces SNI_server_certs while it is read
bool(true)
done
