--TEST--
rsock: with chmod, chown, chgrp and unlink in disable_functions, rsock.mode, owner, group and unlink_stale are refused, naming the disabled function; a unix server without them still works
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only: native ignores the rsock options'); ?>
--INI--
disable_functions=chmod,chown,chgrp,unlink
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-udis-' . getmypid();
mkdir($dir);
$BL = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
foreach ([['mode' => 0600], ['owner' => 0], ['group' => 0], ['unlink_stale' => true], ['mode' => 0600, 'unlink_stale' => false]] as $o) {
    var_dump(stream_socket_server("unix://$dir/x.sock", $errno, $errstr, $BL, stream_context_create(['rsock' => $o])), $errno, $errstr);
}
var_dump(file_exists("$dir/x.sock"));
var_dump(is_resource(stream_socket_server("unix://$dir/plain.sock")));
// unlink() is disabled here: moved out for --CLEAN--.
rename("$dir/plain.sock", "$dir/../rsock-udis-" . getmypid() . '.sock');
echo "done\n";
?>
--CLEAN--
<?php
foreach (glob(sys_get_temp_dir() . '/rsock-udis-*') as $f) is_dir($f) ? @rmdir($f) : @unlink($f);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (rsock option mode needs chmod(), which is disabled (disable_functions)) in %s on line %d
bool(false)
int(0)
string(70) "rsock option mode needs chmod(), which is disabled (disable_functions)"

Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (rsock option owner needs chown(), which is disabled (disable_functions)) in %s on line %d
bool(false)
int(0)
string(71) "rsock option owner needs chown(), which is disabled (disable_functions)"

Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (rsock option group needs chgrp(), which is disabled (disable_functions)) in %s on line %d
bool(false)
int(0)
string(71) "rsock option group needs chgrp(), which is disabled (disable_functions)"

Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (rsock option unlink_stale needs unlink(), which is disabled (disable_functions)) in %s on line %d
bool(false)
int(0)
string(79) "rsock option unlink_stale needs unlink(), which is disabled (disable_functions)"

Warning: stream_socket_server(): Unable to connect to unix://%s/x.sock (rsock option mode needs chmod(), which is disabled (disable_functions)) in %s on line %d
bool(false)
int(0)
string(70) "rsock option mode needs chmod(), which is disabled (disable_functions)"
bool(false)
bool(true)
done
