--TEST--
rsock: rsock.unlink_stale removes a socket file no server is bound to any more (unix and udg), never a regular file, a directory, a symlink or a live socket
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only: native ignores rsock.unlink_stale (unix_socket_file_options)'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-stale-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) is_dir($f) && !is_link($f) ? @rmdir($f) : @unlink($f);
    @rmdir($dir);
});
$stale = stream_context_create(['rsock' => ['unlink_stale' => true]]);
$BL = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
function server($t, $p, $ctx = null) {
    $flags = $t === 'unix' ? STREAM_SERVER_BIND | STREAM_SERVER_LISTEN : STREAM_SERVER_BIND;
    $s = @stream_socket_server("$t://$p", $errno, $errstr, $flags, $ctx);
    echo $s ? "served\n" : "failed: $errno $errstr\n";
    return $s;
}
function works($t, $s, $p) {
    if ($t === 'unix') {
        $c = stream_socket_client("unix://$p", $e, $m, 2);
        fwrite($c, "hi\n");
        $a = stream_socket_accept($s, 2);
        echo '  got ', trim(fgets($a)), "\n";
    } else {
        $c = stream_socket_client("udg://$p", $e, $m, 2);
        fwrite($c, "hi");
        echo '  got ', stream_socket_recvfrom($s, 10), "\n";
    }
}

echo "-- left by a server process that ended without removing it\n";
$p = "$dir/child.sock";
$child = proc_open([PHP_BINARY, '-n', '-r', 'stream_socket_server("unix://" . $argv[1]) or exit(1);', $p], [], $pipes);
var_dump(proc_close($child), filetype($p));
server('unix', $p);
works('unix', server('unix', $p, $stale), $p);

foreach ([['unix', 'unix'], ['udg', 'udg'], ['unix', 'udg'], ['udg', 'unix']] as [$left, $t]) {
    echo "-- $t server over a stale $left socket\n";
    $p = "$dir/$left-$t.sock";
    fclose(stream_socket_server("$left://$p", $e, $m, $left === 'unix' ? $BL : STREAM_SERVER_BIND));
    var_dump(filetype($p));
    works($t, server($t, $p, $stale), $p);
}

echo "-- a regular file\n";
file_put_contents("$dir/file", "keep me");
server('unix', "$dir/file", $stale);
server('udg', "$dir/file", $stale);
var_dump(file_get_contents("$dir/file"));

echo "-- a directory\n";
mkdir("$dir/d");
server('unix', "$dir/d", $stale);
var_dump(is_dir("$dir/d"));

echo "-- a symlink to a stale socket\n";
fclose(stream_socket_server("unix://$dir/target.sock"));
symlink("$dir/target.sock", "$dir/link.sock");
server('unix', "$dir/link.sock", $stale);
clearstatcache();
var_dump(is_link("$dir/link.sock"), filetype("$dir/target.sock"));

echo "-- a live unix server\n";
$live = server('unix', "$dir/live.sock");
server('unix', "$dir/live.sock", $stale);
server('udg', "$dir/live.sock", $stale);
works('unix', $live, "$dir/live.sock");
stream_set_blocking($live, false);
var_dump(@stream_socket_accept($live, 0));

echo "-- a live udg server\n";
$live = server('udg', "$dir/liveg.sock");
server('udg', "$dir/liveg.sock", $stale);
server('unix', "$dir/liveg.sock", $stale);
works('udg', $live, "$dir/liveg.sock");

echo "-- a bound unix socket that does not listen yet\n";
$bound = stream_socket_server("unix://$dir/bound.sock", $e, $m, STREAM_SERVER_BIND);
server('unix', "$dir/bound.sock", $stale);
var_dump(filetype("$dir/bound.sock"));

echo "-- with a mode\n";
fclose(stream_socket_server("unix://$dir/m.sock"));
works('unix', server('unix', "$dir/m.sock", stream_context_create(['rsock' => ['unlink_stale' => 1, 'mode' => 0600]])), "$dir/m.sock");
clearstatcache();
printf("%04o\n", fileperms("$dir/m.sock") & 07777);

echo "-- false is off\n";
server('unix', "$dir/m.sock", stream_context_create(['rsock' => ['unlink_stale' => false]]));
?>
--EXPECT--
-- left by a server process that ended without removing it
int(0)
string(6) "socket"
failed: 98 Address already in use
served
  got hi
-- unix server over a stale unix socket
string(6) "socket"
served
  got hi
-- udg server over a stale udg socket
string(6) "socket"
served
  got hi
-- udg server over a stale unix socket
string(6) "socket"
served
  got hi
-- unix server over a stale udg socket
string(6) "socket"
served
  got hi
-- a regular file
failed: 98 Address already in use
failed: 98 Address already in use
string(7) "keep me"
-- a directory
failed: 98 Address already in use
bool(true)
-- a symlink to a stale socket
failed: 98 Address already in use
bool(true)
string(6) "socket"
-- a live unix server
served
failed: 98 Address already in use
failed: 98 Address already in use
  got hi
bool(false)
-- a live udg server
served
failed: 98 Address already in use
failed: 98 Address already in use
  got hi
-- a bound unix socket that does not listen yet
failed: 98 Address already in use
string(6) "socket"
-- with a mode
served
  got hi
0600
-- false is off
failed: 98 Address already in use
