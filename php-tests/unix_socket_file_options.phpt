--TEST--
stream_socket_server(): the same script with rsock's unix socket file options runs on native PHP (ignored there: the umask's mode, a stale file stays) and on rsock (applied)
--FILE--
<?php
$rsock = extension_loaded('rsock');
$dir = sys_get_temp_dir() . '/rsock-ufo-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) @unlink($f);
    @rmdir($dir);
});
umask(022);
$ctx = stream_context_create(['rsock' => ['mode' => 0660, 'unlink_stale' => true]]);
$s = stream_socket_server("unix://$dir/s.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($s), $errno, $errstr);
$c = stream_socket_client("unix://$dir/s.sock", $e, $m, 2);
fwrite($c, "hello\n");
echo trim(fgets(stream_socket_accept($s, 2))), "\n";
$g = stream_socket_server("udg://$dir/g.sock", $errno, $errstr, STREAM_SERVER_BIND, $ctx);
$c = stream_socket_client("udg://$dir/g.sock", $e, $m, 2);
fwrite($c, "datagram");
echo stream_socket_recvfrom($g, 100), "\n";
clearstatcache();
foreach (['s.sock', 'g.sock'] as $f) {
    $mode = fileperms("$dir/$f") & 0777;
    var_dump($mode === ($rsock ? 0660 : 0755));
}
// A stale socket file: removed by rsock, in the way natively.
fclose($s);
$again = @stream_socket_server("unix://$dir/s.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($again) === $rsock);
// A regular file: kept on both, and the bind fails on both.
file_put_contents("$dir/file", "content");
var_dump(@stream_socket_server("unix://$dir/file", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx));
var_dump(file_get_contents("$dir/file"));
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
hello
datagram
bool(true)
bool(true)
bool(true)
bool(false)
string(7) "content"
