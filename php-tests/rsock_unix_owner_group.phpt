--TEST--
rsock: rsock.owner and rsock.group (names or ids) give unix:// and udg:// socket files their owner and group (as root)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native ignores rsock.owner/group');
if (!function_exists('posix_geteuid')) die('skip posix required');
if (posix_geteuid() !== 0) die('skip must run as root (chown to another user)');
if (!posix_getpwnam('nobody') || !posix_getgrnam('nogroup')) die('skip needs user nobody and group nogroup');
?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/rsock-owner-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) @unlink($f);
    @rmdir($dir);
});
$nobody = posix_getpwnam('nobody')['uid'];
$nogroup = posix_getgrnam('nogroup')['gid'];
$ctx = fn(array $o) => stream_context_create(['rsock' => $o]);
class Name { function __construct(public string $n) {} function __toString(): string { return $this->n; } }
$cases = [
    'names' => ['owner' => 'nobody', 'group' => 'nogroup', 'mode' => 0660],
    'ids' => ['owner' => $nobody, 'group' => $nogroup],
    'owner only' => ['owner' => 'nobody'],
    'group only' => ['group' => $nogroup, 'mode' => 0620],
    'Stringable names' => ['owner' => new Name('nobody'), 'group' => new Name('nogroup')],
];
umask(022);
$i = 0;
foreach ($cases as $label => $opts) {
    foreach (['unix', 'udg'] as $t) {
        $p = "$dir/" . $i++ . ".sock";
        $flags = $t === 'unix' ? STREAM_SERVER_BIND | STREAM_SERVER_LISTEN : STREAM_SERVER_BIND;
        $s = stream_socket_server("$t://$p", $errno, $errstr, $flags, $ctx($opts));
        clearstatcache();
        printf("%s %s: owner %s group %s mode %04o\n", $label, $t,
            fileowner($p) === $nobody ? 'nobody' : fileowner($p),
            filegroup($p) === $nogroup ? 'nogroup' : filegroup($p),
            fileperms($p) & 07777);
    }
}
// A server for the nobody user: it can connect, root can too.
$p = "$dir/served.sock";
$s = stream_socket_server("unix://$p", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx(['owner' => 'nobody', 'mode' => 0600]));
$c = stream_socket_client("unix://$p", $e, $m, 2);
var_dump(is_resource(stream_socket_accept($s, 2)));
?>
--EXPECT--
names unix: owner nobody group nogroup mode 0660
names udg: owner nobody group nogroup mode 0660
ids unix: owner nobody group nogroup mode 0755
ids udg: owner nobody group nogroup mode 0755
owner only unix: owner nobody group 0 mode 0755
owner only udg: owner nobody group 0 mode 0755
group only unix: owner 0 group nogroup mode 0620
group only udg: owner 0 group nogroup mode 0620
Stringable names unix: owner nobody group nogroup mode 0755
Stringable names udg: owner nobody group nogroup mode 0755
bool(true)
