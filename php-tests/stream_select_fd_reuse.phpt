--TEST--
stream_select(): a descriptor number closed and reused by a new connection is reported for the new one only
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_dir('/proc/self/fd')) die('skip /proc/self/fd required');
?>
--FILE--
<?php
require __DIR__ . '/fd_of.inc';
function sel(array $r, ?array $w = null, $timeout = 0) {
    $x = null;
    $n = stream_select($r, $w, $x, $timeout);
    return [$n, array_keys($r), $w === null ? null : array_keys($w)];
}
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$idleClient = stream_socket_client($addr, $e, $s, 2);
$idle = stream_socket_accept($server, 2);

echo "-- 200 rounds: select, close with unread data, same descriptor for the next connection\n";
$errors = [];
$reused = 0;
$client = stream_socket_client($addr, $e, $s, 2);
$conn = stream_socket_accept($server, 2);
for ($i = 0; $i < 200; $i++) {
    // The old connection has unread data and is selected on (readable).
    fwrite($client, "stale $i");
    $got = sel(['old' => $conn, 'idle' => $idle], null, 2);
    if ($got !== [1, ['old'], null]) $errors[] = "$i old: " . json_encode($got);
    $oldFd = fd_of($conn);
    // Connect first, so that the accepted stream takes the freed number.
    $newClient = stream_socket_client($addr, $e, $s, 2);
    if ($i % 2) { fclose($conn); } else { unset($conn); }
    $conn = stream_socket_accept($server, 2);
    fclose($client);
    $client = $newClient;
    if (fd_of($conn) === $oldFd) $reused++;
    // New connection: writable, not readable, until its peer writes.
    $got = sel(['new' => $conn, 'idle' => $idle], ['new' => $conn]);
    if ($got !== [1, [], ['new']]) $errors[] = "$i new idle: " . json_encode($got);
    fwrite($client, "m$i");
    $got = sel(['new' => $conn, 'idle' => $idle], null, 2);
    if ($got !== [1, ['new'], null]) $errors[] = "$i new data: " . json_encode($got);
    $data = fread($conn, 100);
    if ($data !== "m$i") $errors[] = "$i read: " . json_encode($data);
    $got = sel(['new' => $conn, 'idle' => $idle], null);
    if ($got !== [0, [], null]) $errors[] = "$i drained: " . json_encode($got);
    if (count($errors) >= 3) break;
}
var_dump($errors, $reused);

echo "-- the old socket stays open in a child, with data, while its number is reused\n";
$errors = [];
$reused = 0;
for ($i = 0; $i < 5; $i++) {
    $oldClient = stream_socket_client($addr, $e, $s, 2);
    $old = stream_socket_accept($server, 2);
    $r = [$old, $idle]; $w = $x = null;
    stream_select($r, $w, $x, 0);
    $oldFd = fd_of($old);
    [$ctlParent, $ctlChild] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === 0) {
        // Child: keep the inherited copy of $old open until told to exit.
        fclose($ctlParent);
        stream_set_timeout($ctlChild, 5);
        fwrite($ctlChild, "ready");
        fread($ctlChild, 1);
        exit(0);
    }
    fclose($ctlChild);
    stream_set_timeout($ctlParent, 5);
    if (fread($ctlParent, 5) !== "ready") $errors[] = "$i child not ready";
    // The old socket (still open in the child) gets data: its file is readable.
    fwrite($oldClient, "for the old one");
    $got = sel(['old' => $old], null, 2);
    if ($got !== [1, ['old'], null]) $errors[] = "$i old: " . json_encode($got);
    $newClient = stream_socket_client($addr, $e, $s, 2);
    fclose($old);
    $new = stream_socket_accept($server, 2);
    if (fd_of($new) === $oldFd) $reused++;
    // Asked for reading only, exactly as the old one was.
    $got = sel(['new' => $new, 'idle' => $idle], null, 0);
    if ($got !== [0, [], null]) $errors[] = "$i new idle: " . json_encode($got);
    $got = sel(['new' => $new, 'idle' => $idle], ['new' => $new], 0);
    if ($got !== [1, [], ['new']]) $errors[] = "$i new writable: " . json_encode($got);
    fwrite($newClient, "n$i");
    $got = sel(['new' => $new, 'idle' => $idle], null, 2);
    if ($got !== [1, ['new'], null]) $errors[] = "$i new data: " . json_encode($got);
    if (($d = fread($new, 100)) !== "n$i") $errors[] = "$i read: " . json_encode($d);
    fwrite($ctlParent, "x");
    pcntl_waitpid($pid, $status);
    if (!pcntl_wifexited($status) || pcntl_wexitstatus($status) !== 0) $errors[] = "$i child status $status";
    fclose($ctlParent);
    fclose($new);
    fclose($newClient);
    fclose($oldClient);
    if (count($errors) >= 3) break;
}
var_dump($errors, $reused);
?>
--EXPECT--
-- 200 rounds: select, close with unread data, same descriptor for the next connection
array(0) {
}
int(200)
-- the old socket stays open in a child, with data, while its number is reused
array(0) {
}
int(5)
