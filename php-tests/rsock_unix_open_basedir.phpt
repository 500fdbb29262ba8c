--TEST--
rsock: with open_basedir, rsock.mode/owner/group/unlink_stale on a socket path outside it are refused with PHP's own warning (directly, through .. or a symlink); inside it they apply; a path without them is unchecked, as natively
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only: native ignores the rsock options'); ?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$child = child_php(); // before open_basedir hides /proc
$base = sys_get_temp_dir() . '/rsock-unix-open-basedir';
$in = "$base/in";
$out = "$base/out";
@mkdir($base);
@mkdir($in);
@mkdir($out);
@symlink($out, "$in/link");
ini_set('open_basedir', $in);
$BL = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
$ctx = fn(array $o) => stream_context_create(['rsock' => $o]);
foreach ([['mode' => 0600], ['owner' => 0], ['group' => 0], ['unlink_stale' => true]] as $o) {
    var_dump(stream_socket_server("unix://$out/x.sock", $errno, $errstr, $BL, $ctx($o)), $errno, $errstr);
}
var_dump(stream_socket_server("udg://$in/link/y.sock", $errno, $errstr, STREAM_SERVER_BIND, $ctx(['mode' => 0600])));
// Relative paths, in a child PHP whose working directory is $in: bind(2)
// resolves them against the process's directory, which chdir() moves only
// in a non-ZTS PHP (a ZTS build checks the path bind(2) will use).
$code = <<<'CODE'
$BL = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
$ctx = fn(array $o) => stream_context_create(['rsock' => $o]);
var_dump(stream_socket_server("unix://../out/z.sock", $errno, $errstr, $BL, $ctx(['mode' => 0600])));
$s = stream_socket_server("unix://rel.sock", $errno, $errstr, $BL, $ctx(['mode' => 0640]));
clearstatcache();
printf("%04o\n", fileperms("rel.sock") & 07777);
CODE;
$p = proc_open([...$child, '-d', "open_basedir=$in", '-d', 'display_errors=stdout', '-d', 'log_errors=0', '-r', $code],
    [1 => ['pipe', 'w']], $pipes, $in);
echo stream_get_contents($pipes[1]);
proc_close($p);
// Nothing was made outside (asked of a PHP without open_basedir).
$p = proc_open([PHP_BINARY, '-n', '-r', 'echo json_encode(glob($argv[1] . "/*")), "\n";', $out], [1 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]);
proc_close($p);
// Inside: applied.
$s = stream_socket_server("unix://$in/ok.sock", $errno, $errstr, $BL, $ctx(['mode' => 0604, 'unlink_stale' => true]));
clearstatcache();
printf("%04o\n", fileperms("$in/ok.sock") & 07777);
// No option: unix paths are not checked, as in PHP.
var_dump(is_resource(stream_socket_server("unix://$out/plain.sock")));
?>
--CLEAN--
<?php
$base = sys_get_temp_dir() . '/rsock-unix-open-basedir';
foreach (["in/ok.sock", "in/rel.sock", "in/link", "out/plain.sock", "out/x.sock", "out/y.sock", "out/z.sock"] as $f) @unlink("$base/$f");
@rmdir("$base/in");
@rmdir("$base/out");
@rmdir($base);
?>
--EXPECTF--
Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/x.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to unix://%s/out/x.sock (rsock option mode refused: the path is outside open_basedir) in %s on line %d
bool(false)
int(0)
string(59) "rsock option mode refused: the path is outside open_basedir"

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/x.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to unix://%s/out/x.sock (rsock option owner refused: the path is outside open_basedir) in %s on line %d
bool(false)
int(0)
string(60) "rsock option owner refused: the path is outside open_basedir"

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/x.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to unix://%s/out/x.sock (rsock option group refused: the path is outside open_basedir) in %s on line %d
bool(false)
int(0)
string(60) "rsock option group refused: the path is outside open_basedir"

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/x.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to unix://%s/out/x.sock (rsock option unlink_stale refused: the path is outside open_basedir) in %s on line %d
bool(false)
int(0)
string(67) "rsock option unlink_stale refused: the path is outside open_basedir"

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/in/link/y.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to udg://%s/in/link/y.sock (rsock option mode refused: the path is outside open_basedir) in %s on line %d
bool(false)

Warning: stream_socket_server(): open_basedir restriction in effect. File(%A../out/z.sock) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to unix://../out/z.sock (rsock option mode refused: the path is outside open_basedir) in %s on line %d
bool(false)
0640
[]
0604
bool(true)
