--TEST--
rsock: refused unix socket file options: on tcp/udp/ssl, a mode out of range, an unknown or out-of-range user or group, mode/owner/group on an abstract name; false, the warning, errno 0 and the reason
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only: native ignores the rsock options'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-uerr-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) @unlink($f);
    @rmdir($dir);
});
function try_server($addr, array $opts, $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN) {
    $s = stream_socket_server($addr, $errno, $errstr, $flags, stream_context_create(['rsock' => $opts]));
    var_dump($s, $errno, $errstr);
}
try_server('tcp://127.0.0.1:0', ['mode' => 0600]);
try_server('udp://127.0.0.1:0', ['unlink_stale' => true], STREAM_SERVER_BIND);
try_server('ssl://127.0.0.1:0', ['owner' => 'root']);
try_server("unix://$dir/a.sock", ['mode' => -1]);
try_server("unix://$dir/a.sock", ['mode' => 010000]);
try_server("udg://$dir/a.sock", ['owner' => 'no-such-user-rsock'], STREAM_SERVER_BIND);
try_server("unix://$dir/a.sock", ['group' => 'no-such-group-rsock']);
try_server("unix://$dir/a.sock", ['owner' => -1]);
try_server("unix://$dir/a.sock", ['group' => 4294967295]);
try_server("unix://$dir/a.sock", ['owner' => "ro\0ot"]);
// A numeric string is a name, as for PHP's chown().
try_server("unix://$dir/a.sock", ['owner' => "65534"]);
try_server("unix://\0rsock-abstract-" . getmypid(), ['mode' => 0600]);
try_server("unix://", ['group' => 0]);
var_dump(file_exists("$dir/a.sock"));
// unlink_stale has nothing to do for an abstract name (the kernel frees those).
$abs = "\0rsock-abstract-" . getmypid();
var_dump(is_resource(stream_socket_server("unix://$abs", $e, $m, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['rsock' => ['unlink_stale' => true]]))));
// Unset, null and false options leave a tcp server alone.
var_dump(is_resource(stream_socket_server('tcp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['rsock' => ['mode' => null, 'owner' => null, 'unlink_stale' => false]]))));
// A name that cannot be converted: PHP's Error, no warning of rsock's.
try {
    stream_socket_server("unix://$dir/b.sock", $e, $m, STREAM_SERVER_BIND, stream_context_create(['rsock' => ['owner' => new stdClass]]));
} catch (Error $ex) {
    echo get_class($ex), ': ', $ex->getMessage(), "\n";
}
var_dump(file_exists("$dir/b.sock"));
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:0 (rsock option mode applies to unix:// and udg:// servers only) in %s on line %d
bool(false)
int(0)
string(60) "rsock option mode applies to unix:// and udg:// servers only"

Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (rsock option unlink_stale applies to unix:// and udg:// servers only) in %s on line %d
bool(false)
int(0)
string(68) "rsock option unlink_stale applies to unix:// and udg:// servers only"

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (rsock option owner applies to unix:// and udg:// servers only) in %s on line %d
bool(false)
int(0)
string(61) "rsock option owner applies to unix:// and udg:// servers only"

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option mode must be a file mode from 0 to 07777, got -1) in %s on line %d
bool(false)
int(0)
string(61) "rsock option mode must be a file mode from 0 to 07777, got -1"

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option mode must be a file mode from 0 to 07777, got 4096) in %s on line %d
bool(false)
int(0)
string(63) "rsock option mode must be a file mode from 0 to 07777, got 4096"

Warning: stream_socket_server(): Unable to connect to udg://%s/a.sock (rsock option owner: unknown user "no-such-user-rsock") in %s on line %d
bool(false)
int(0)
string(53) "rsock option owner: unknown user "no-such-user-rsock""

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option group: unknown group "no-such-group-rsock") in %s on line %d
bool(false)
int(0)
string(55) "rsock option group: unknown group "no-such-group-rsock""

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option owner must be a user name or an id from 0 to 4294967294, got -1) in %s on line %d
bool(false)
int(0)
string(76) "rsock option owner must be a user name or an id from 0 to 4294967294, got -1"

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option group must be a group name or an id from 0 to 4294967294, got 4294967295) in %s on line %d
bool(false)
int(0)
string(85) "rsock option group must be a group name or an id from 0 to 4294967294, got 4294967295"

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option owner: unknown user "ro") in %s on line %d
bool(false)
int(0)
string(37) "rsock option owner: unknown user "ro""

Warning: stream_socket_server(): Unable to connect to unix://%s/a.sock (rsock option owner: unknown user "65534") in %s on line %d
bool(false)
int(0)
string(40) "rsock option owner: unknown user "65534""

Warning: stream_socket_server(): Unable to connect to unix:// (rsock options mode, owner and group need a socket file, not an abstract name) in %s on line %d
bool(false)
int(0)
string(76) "rsock options mode, owner and group need a socket file, not an abstract name"

Warning: stream_socket_server(): Unable to connect to unix:// (rsock options mode, owner and group need a socket file, not an abstract name) in %s on line %d
bool(false)
int(0)
string(76) "rsock options mode, owner and group need a socket file, not an abstract name"
bool(false)
bool(true)
bool(true)
Error: Object of class stdClass could not be converted to string
bool(false)
