--TEST--
rsock: a script served by a web SAPI (here PHP's built-in web server, SAPI cli-server) cannot adopt descriptors, as php://fd/N is refused there
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (fd:// and systemd:// are no PHP transports)'); ?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$dir = sys_get_temp_dir() . '/rsock-inherit-sapi-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/index.php", <<<'PHP'
<?php
echo PHP_SAPI, "\n";
foreach (['fd://0', 'systemd://'] as $a) {
    var_dump(@stream_socket_server($a, $errno, $errstr), $errno, $errstr);
}
echo @fopen('php://fd/0', 'r') === false ? "php://fd refused too\n" : "php://fd allowed\n";
PHP);
$port = free_port();
[$p, $pipes] = start([...child_php(), '-S', "127.0.0.1:$port", '-t', $dir]);
$c = connect_retry("tcp://127.0.0.1:$port");
fwrite($c, "GET /index.php HTTP/1.0\r\nHost: localhost\r\n\r\n");
$response = stream_get_contents($c);
echo substr($response, strpos($response, "\r\n\r\n") + 4);
proc_terminate($p);
proc_close($p);
unlink("$dir/index.php");
rmdir($dir);
?>
--EXPECT--
cli-server
bool(false)
int(0)
string(83) "inherited descriptors are only available from command-line PHP (this is cli-server)"
bool(false)
int(0)
string(83) "inherited descriptors are only available from command-line PHP (this is cli-server)"
php://fd refused too
