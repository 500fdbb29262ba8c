--TEST--
rsock: the built-in swap chains with another extension that hooks stream_socket_server (an APM or tracer, here a small C extension built for the test), whichever loads first; no call loops
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only');
if (!preg_match('~(/\S*rsock\S*\.so)~', file_get_contents('/proc/self/maps'), $m)) die('skip rsock.so not found in /proc/self/maps');
exec('command -v cc && command -v php-config', $o, $rc);
if ($rc !== 0) die('skip a C compiler and php-config are needed');
?>
--FILE--
<?php
preg_match('~(/\S*rsock\S*\.so)~', file_get_contents('/proc/self/maps'), $m);
$rsock = $m[1];
$dir = sys_get_temp_dir() . '/rsock-hook-' . getmypid();
@mkdir($dir);
$hook = "$dir/hookstub.so";
exec('cc -shared -fPIC -O1 $(php-config --includes) ' . escapeshellarg(__DIR__ . '/hookstub.c')
    . ' -o ' . escapeshellarg($hook) . ' 2>&1', $out, $rc);
if ($rc !== 0) { echo "build failed:\n", implode("\n", $out), "\n"; }
file_put_contents("$dir/t.php", <<<'PHP'
<?php
$s = stream_socket_server('tcp://127.0.0.1:0', $e, $m);
echo "tcp: ", stream_get_meta_data($s)['stream_type'], "\n";
echo "port check: ", is_resource(@stream_socket_server('tcp://127.0.0.1:abc', $e, $m)) ? 'served' : "false $m", "\n";
echo "other transport: ", var_export(@stream_socket_server('nope://x', $e, $m), true), " $m\n";
echo "twin, other transport: ", var_export(@Rsock\stream_socket_server('nope://x', $e, $m), true), "\n";
echo "calls seen by the hook: ", hookstub_calls(), "\n";
PHP);
$run = function (array $exts, array $ini = []) use ($dir) {
    $args = [PHP_BINARY, '-n'];
    foreach ($ini as $i) { $args[] = '-d'; $args[] = $i; }
    foreach ($exts as $e) { $args[] = '-d'; $args[] = "extension=$e"; }
    $args[] = "$dir/t.php";
    $p = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
    echo 'exit: ', proc_close($p), "\n";
};
echo "-- the hook loads first: rsock serves tcp, the hook gets the other transports\n";
$run([$hook, $rsock]);
echo "-- rsock loads first: the hook wraps rsock and sees every call\n";
$run([$rsock, $hook]);
echo "-- rsock.replace_builtins=0: the twin passes other transports to the hooked built-in\n";
$run([$rsock, $hook], ['rsock.replace_builtins=0']);
@unlink("$dir/t.php");
@unlink($hook);
@rmdir($dir);
?>
--EXPECT--
-- the hook loads first: rsock serves tcp, the hook gets the other transports
tcp: tcp_socket/ssl
port check: false Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)
other transport: false Unable to find the socket transport "nope" - did you forget to enable it when you configured PHP?
twin, other transport: false
calls seen by the hook: 2
exit: 0
-- rsock loads first: the hook wraps rsock and sees every call
tcp: tcp_socket/ssl
port check: false Invalid port in address "127.0.0.1:abc" (expected a number from 0 to 65535)
other transport: false Unable to find the socket transport "nope" - did you forget to enable it when you configured PHP?
twin, other transport: false
calls seen by the hook: 3
exit: 0
-- rsock.replace_builtins=0: the twin passes other transports to the hooked built-in
tcp: tcp_socket/ssl
port check: served
other transport: false Unable to find the socket transport "nope" - did you forget to enable it when you configured PHP?
twin, other transport: false
calls seen by the hook: 4
exit: 0
