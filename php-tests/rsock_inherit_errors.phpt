--TEST--
rsock: fd:// and systemd:// refuse what they cannot adopt, with a clear $error_message (and the errno where a system call failed)
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (fd:// and systemd:// are no PHP transports)'); ?>
--FILE--
<?php
require __DIR__ . '/fd_of.inc';
function try_adopt(string $address): void
{
    $s = @stream_socket_server($address, $errno, $errstr);
    $errstr = preg_replace('/descriptor \d+ /', 'descriptor N ', $errstr);
    $errstr = preg_replace('/\(\d+\)/', '(PID)', $errstr);
    echo str_pad($address, 16), ' ', var_export($s, true), " $errno $errstr\n";
}

echo "-- the warning\n";
var_dump(stream_socket_server('fd://abc'));

echo "-- bad descriptor numbers\n";
foreach (['fd://-1', 'fd://abc', 'fd://3x', 'fd://', 'fd:// 3', 'fd://99999999999'] as $a) {
    try_adopt($a);
}

echo "-- descriptors that are no listening socket\n";
$file = fopen(__FILE__, 'r');
try_adopt('fd://' . fd_of($file));
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
try_adopt('fd://' . fd_of($client));
$n = 1000;
while (file_exists("/proc/self/fd/$n")) $n++;
try_adopt("fd://$n");
// A descriptor rsock's own server stream owns: a second owner is refused.
try_adopt('fd://' . fd_of($server));
$conn = stream_socket_accept($server, 5);
try_adopt('fd://' . fd_of($conn));

echo "-- systemd:// without sockets passed\n";
putenv('LISTEN_FDS');
putenv('LISTEN_PID');
putenv('LISTEN_FDNAMES');
try_adopt('systemd://');
try_adopt('systemd://web');
putenv('LISTEN_FDS=1');
try_adopt('systemd://');
putenv('LISTEN_PID=1');
try_adopt('systemd://');
putenv('LISTEN_PID=' . getmypid());
putenv('LISTEN_FDS=0');
try_adopt('systemd://');
putenv('LISTEN_FDS=abc');
try_adopt('systemd://');
putenv('LISTEN_FDS=2');
putenv('LISTEN_FDNAMES=web:admin');
try_adopt('systemd://api');
putenv('LISTEN_FDNAMES=web');
try_adopt('systemd://web');
?>
--EXPECTF--
-- the warning

Warning: stream_socket_server(): Unable to connect to fd://abc (invalid descriptor "abc" (expected fd://N, N a descriptor number)) in %s on line %d
bool(false)
-- bad descriptor numbers
fd://-1          false 0 invalid descriptor "-1" (expected fd://N, N a descriptor number)
fd://abc         false 0 invalid descriptor "abc" (expected fd://N, N a descriptor number)
fd://3x          false 0 invalid descriptor "3x" (expected fd://N, N a descriptor number)
fd://            false 0 invalid descriptor "" (expected fd://N, N a descriptor number)
fd:// 3          false 0 invalid descriptor " 3" (expected fd://N, N a descriptor number)
fd://99999999999 false 0 invalid descriptor "99999999999" (expected fd://N, N a descriptor number)
-- descriptors that are no listening socket
fd://%d%wfalse 0 descriptor N is not a socket
fd://%d%wfalse 0 descriptor N is a stream socket that is not listening
fd://%d%wfalse 9 descriptor N is not open (Bad file descriptor)
fd://%d%wfalse 0 descriptor N is already owned by another stream
fd://%d%wfalse 0 descriptor N is already owned by another stream
-- systemd:// without sockets passed
systemd://       false 0 no sockets passed by systemd (LISTEN_FDS is not set)
systemd://web    false 0 no sockets passed by systemd (LISTEN_FDS is not set)
systemd://       false 0 no sockets passed by systemd (LISTEN_PID is not set)
systemd://       false 0 LISTEN_PID is 1, not this process (PID)
systemd://       false 0 no sockets passed by systemd (LISTEN_FDS is 0)
systemd://       false 0 LISTEN_FDS is not a valid number: "abc"
systemd://api    false 0 no socket named "api" in LISTEN_FDNAMES (have: web, admin)
systemd://web    false 0 LISTEN_FDNAMES has 1 names for the 2 sockets of LISTEN_FDS
