--TEST--
rsock: rsock.mode gives unix:// and udg:// socket files their mode whatever the umask, before the first connect can happen; the server keeps its own name
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only: native ignores rsock.mode (unix_socket_file_options)'); ?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$dir = sys_get_temp_dir() . '/rsock-mode-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) @unlink($f);
    @rmdir($dir);
});
$ctx = fn(array $o) => stream_context_create(['rsock' => $o]);
foreach ([077, 0] as $umask) {
    umask($umask);
    foreach ([0600, 0660, 0777] as $mode) {
        foreach (['unix', 'udg'] as $t) {
            $p = sprintf('%s/%s-%o-%o.sock', $dir, $t, $umask, $mode);
            $flags = $t === 'unix' ? STREAM_SERVER_BIND | STREAM_SERVER_LISTEN : STREAM_SERVER_BIND;
            $s = stream_socket_server("$t://$p", $errno, $errstr, $flags, $ctx(['mode' => $mode]));
            clearstatcache();
            printf("umask %03o %s mode %04o: %04o %s name %s\n", $umask, $t, $mode,
                fileperms($p) & 07777, filetype($p),
                var_export(stream_socket_get_name($s, false) === $p, true));
            if ($t === 'unix') {
                $c = stream_socket_client("unix://$p", $e, $m, 2);
                $a = stream_socket_accept($s, 2);
                fwrite($c, "ping\n");
                echo '  ', trim(fgets($a)), ' local name ', var_export(stream_socket_get_name($a, false) === $p, true), "\n";
            } else {
                $c = stream_socket_client("udg://$p", $e, $m, 2);
                fwrite($c, "dgram");
                echo '  ', stream_socket_recvfrom($s, 100), "\n";
            }
        }
    }
}
umask(022);
// Special bits and mode 0 too; a relative path.
// The relative path in a child PHP whose working directory is $dir (chdir()
// does not move a ZTS PHP's process, whose bind(2) resolves the path).
$code = <<<'CODE'
umask(022);
$s = stream_socket_server('unix://rel.sock', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['mode' => 01770]]));
clearstatcache();
printf("relative: %04o %s\n", fileperms("rel.sock") & 07777, stream_socket_get_name($s, false));
CODE;
$p = proc_open([...child_php(), '-r', $code], [1 => ['pipe', 'w']], $pipes, $dir);
echo stream_get_contents($pipes[1]);
proc_close($p);
$s = stream_socket_server("unix://$dir/zero.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx(['mode' => 0]));
clearstatcache();
printf("zero: %04o\n", fileperms("$dir/zero.sock") & 07777);
// PHP's int conversion, as chmod(): the string "416" is 416 (0640); "0640" would be decimal 640.
$s = stream_socket_server("unix://$dir/str.sock", $errno, $errstr, STREAM_SERVER_BIND, $ctx(['mode' => "416"]));
clearstatcache();
printf("string 416: %04o\n", fileperms("$dir/str.sock") & 07777);
// Null is unset: the umask's mode.
$s = stream_socket_server("unix://$dir/null.sock", $errno, $errstr, STREAM_SERVER_BIND, $ctx(['mode' => null]));
clearstatcache();
printf("null: %04o\n", fileperms("$dir/null.sock") & 07777);
// A taken path fails as natively, and its file keeps its mode.
var_dump(@stream_socket_server("unix://$dir/zero.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx(['mode' => 0666])), $errno, $errstr);
clearstatcache();
printf("zero: %04o\n", fileperms("$dir/zero.sock") & 07777);
// Flags without BIND: nothing is made.
var_dump(is_resource(stream_socket_server("unix://$dir/none.sock", $errno, $errstr, 0, $ctx(['mode' => 0600]))), file_exists("$dir/none.sock"));
?>
--EXPECT--
umask 077 unix mode 0600: 0600 socket name true
  ping local name true
umask 077 udg mode 0600: 0600 socket name true
  dgram
umask 077 unix mode 0660: 0660 socket name true
  ping local name true
umask 077 udg mode 0660: 0660 socket name true
  dgram
umask 077 unix mode 0777: 0777 socket name true
  ping local name true
umask 077 udg mode 0777: 0777 socket name true
  dgram
umask 000 unix mode 0600: 0600 socket name true
  ping local name true
umask 000 udg mode 0600: 0600 socket name true
  dgram
umask 000 unix mode 0660: 0660 socket name true
  ping local name true
umask 000 udg mode 0660: 0660 socket name true
  dgram
umask 000 unix mode 0777: 0777 socket name true
  ping local name true
umask 000 udg mode 0777: 0777 socket name true
  dgram
relative: 1770 rel.sock
zero: 0000
string 416: 0640
null: 0755
bool(false)
int(98)
string(22) "Address already in use"
zero: 0000
bool(true)
bool(false)
