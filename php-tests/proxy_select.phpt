--TEST--
PROXY protocol: PHP's own stream_select and rsock's (walk and kept-array repeat paths) see a PROXY server readable only when a complete connection is queued, also after a fork; a client that closes before its header is reported by the next accept
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--INI--
rsock.replace_builtins=0
--FILE--
<?php
$server = Rsock\stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['proxy_protocol' => true]]));
stream_set_blocking($server, false);
$addr = stream_socket_get_name($server, false);
$all = ['srv' => $server];
// $select: PHP's stream_select or rsock's; the same array each time (rsock keeps it and repeats).
function sel(string $select, array $all, int $usec): string
{
    $r = $all;
    $w = $x = null;
    $n = $select($r, $w, $x, 0, $usec);
    return "$n " . implode(',', array_keys($r));
}
function accept_one($server): string
{
    $c = stream_socket_accept($server, 0, $peer);
    $line = fgets($c);
    fclose($c);
    return "$peer " . trim($line);
}

foreach (['stream_select', 'Rsock\stream_select'] as $select) {
    echo "-- $select\n";
    $silent = stream_socket_client("tcp://$addr", $e, $m, 5);
    $slow = stream_socket_client("tcp://$addr", $e, $m, 5);
    fwrite($slow, 'PROXY TCP4 192.0.2.1 ');
    echo 'pending, incomplete: ', sel($select, $all, 0), "\n";
    echo 'again: ', sel($select, $all, 100000), "\n";
    fwrite($slow, "192.0.2.2 1 2\r\nslow\n");
    echo 'complete: ', sel($select, $all, 5000000), "\n";
    echo accept_one($server), "\n";
    echo 'drained: ', sel($select, $all, 0), "\n";
    fclose($silent);
    fclose($slow);
}

echo "-- rsock's select: a PROXY server is never writable (as a listener), readable when a connection is complete\n";
$c = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($c, "PROXY TCP4 192.0.2.4 192.0.2.2 4 2\r\nboth\n");
$r = $all; $w = ['srv' => $server]; $x = null;
echo Rsock\stream_select($r, $w, $x, 5), ' read=', implode(',', array_keys($r)), ' write=', implode(',', array_keys($w)), "\n";
echo accept_one($server), "\n";
fclose($c);

echo "-- a forked child selects (its own reader), the parent's selects stay correct\n";
$pid = pcntl_fork();
if ($pid === 0) {
    echo 'child: ', sel('Rsock\stream_select', $all, 0), "\n";
    exit(0);
}
pcntl_waitpid($pid, $status);
$c = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($c, "PROXY TCP4 192.0.2.3 192.0.2.2 3 2\r\nafter fork\n");
echo 'parent, rsock: ', sel('Rsock\stream_select', $all, 5000000), "\n";
echo 'parent, PHP: ', sel('stream_select', $all, 0), "\n";
echo accept_one($server), "\n";
echo 'drained: ', sel('Rsock\stream_select', $all, 0), "\n";
?>
--EXPECTF--
-- stream_select
pending, incomplete: 0 
again: 0 
complete: 1 srv
192.0.2.1:1 slow
drained: 0 
-- Rsock\stream_select
pending, incomplete: 0 
again: 0 
complete: 1 srv

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: closed before a complete PROXY header in %s on line %d
192.0.2.1:1 slow
drained: 0 
-- rsock's select: a PROXY server is never writable (as a listener), readable when a connection is complete
1 read=srv write=

Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: closed before a complete PROXY header in %s on line %d
192.0.2.4:4 both
-- a forked child selects (its own reader), the parent's selects stay correct
child: 0 
parent, rsock: 1 srv
parent, PHP: 1 srv
192.0.2.3:3 after fork
drained: 0 
