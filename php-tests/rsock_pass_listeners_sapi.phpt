--TEST--
rsock: Rsock\pass_listeners() is refused in a web SAPI (here PHP's built-in web server): it would replace the server process's descriptors 3, 4, …
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (Rsock\pass_listeners)'); ?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$dir = sys_get_temp_dir() . '/rsock-pass-sapi-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/index.php", <<<'PHP'
<?php
echo PHP_SAPI, "\n";
$before = @readlink('/proc/self/fd/3');
$s = stream_socket_server('tcp://127.0.0.1:0');
var_dump(@Rsock\pass_listeners(['web' => $s]));
echo error_get_last()['message'] ?? 'no warning', "\n";
echo @readlink('/proc/self/fd/3') === $before ? "descriptor 3 untouched\n" : "descriptor 3 replaced\n";
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
Rsock\pass_listeners(): listeners can be passed only from command-line PHP (this is cli-server)
descriptor 3 untouched
