--TEST--
Accepted stream: multi-megabyte transfer both ways with a forked client
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl required'); ?>
--FILE--
<?php
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$size = 4 * 1024 * 1024;

$pid = pcntl_fork();
if ($pid === 0) {
    // Child: send $size bytes, then read them back and report the hash.
    $c = stream_socket_client($addr, $e, $s, 5);
    stream_set_timeout($c, 5);
    $block = str_repeat("0123456789ABCDEF", 4096);
    $sent = 0;
    while ($sent < $size) {
        $n = fwrite($c, $block);
        if (!$n) exit(2);
        $sent += $n;
    }
    stream_socket_shutdown($c, STREAM_SHUT_WR);
    $back = stream_get_contents($c);
    exit(strlen($back) === $size && md5($back) === md5(str_repeat($block, $size / strlen($block))) ? 0 : 1);
}

$conn = stream_socket_accept($server, 5);
stream_set_timeout($conn, 5);
// Read everything the child sends (until its SHUT_WR), in varying sizes.
$data = '';
$sizes = [1, 7, 100, 8192, 65536, 1 << 20];
$i = 0;
while (!feof($conn)) {
    $chunk = fread($conn, $sizes[$i++ % count($sizes)]);
    if ($chunk === false) { echo "read failed\n"; break; }
    $data .= $chunk;
}
var_dump(strlen($data), md5($data) === md5(str_repeat(str_repeat("0123456789ABCDEF", 4096), 64)));
// Echo it back in one big blocking write.
var_dump(fwrite($conn, $data));
fclose($conn);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wifexited($status), pcntl_wexitstatus($status));
?>
--EXPECT--
int(4194304)
bool(true)
int(4194304)
bool(true)
int(0)
