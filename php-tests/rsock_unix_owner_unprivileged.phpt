--TEST--
rsock: an unprivileged process that asks for another owner or a group it is not in gets the system's error (errno 1, Operation not permitted) and no socket file is left; its own user and group work
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native ignores rsock.owner/group');
if (!function_exists('pcntl_fork') || !function_exists('posix_setuid')) die('skip pcntl and posix required');
if (posix_geteuid() !== 0) die('skip must start as root (the child drops to nobody)');
if (!posix_getpwnam('nobody') || !posix_getgrnam('nogroup')) die('skip needs user nobody and group nogroup');
?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-unpriv-' . getmypid();
mkdir($dir);
chmod($dir, 0777);
$nobody = posix_getpwnam('nobody')['uid'];
$nogroup = posix_getgrnam('nogroup')['gid'];
$pid = pcntl_fork();
if ($pid === 0) {
    posix_initgroups('nobody', $nogroup);
    posix_setgid($nogroup);
    posix_setuid($nobody);
    $BL = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
    foreach ([['owner' => 'root'], ['group' => 0, 'mode' => 0600], ['owner' => $nobody, 'group' => 'nogroup', 'mode' => 0600]] as $i => $o) {
        $p = "$dir/$i.sock";
        $s = @stream_socket_server("unix://$p", $errno, $errstr, $BL, stream_context_create(['rsock' => $o]));
        clearstatcache();
        echo json_encode($o), ': ', $s ? 'served' : "failed $errno $errstr", ', file ',
            file_exists($p) ? sprintf('%04o', fileperms($p) & 07777) : 'none', "\n";
    }
    exit(0);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
foreach (glob("$dir/*") as $f) unlink($f);
rmdir($dir);
?>
--EXPECT--
{"owner":"root"}: failed 1 Operation not permitted, file none
{"group":0,"mode":384}: failed 1 Operation not permitted, file none
{"owner":65534,"group":"nogroup","mode":384}: served, file 0600
int(0)
