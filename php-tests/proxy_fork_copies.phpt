--TEST--
PROXY protocol: a forked child that never touches the server holds no copy of the connections its parent's header reader had pending (the parent's close reaches the client at once)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
// A fork-per-task server: the child does something else and keeps running;
// it never closes or uses the server. A connection that was still sending
// its header when the child was forked must not stay open in the child: the
// parent serves it, closes it, and the client sees the end at once.
function fds(): int { return count(scandir('/proc/self/fd')); }
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
var_dump(@stream_socket_accept($server, 0.01)); // starts the header reader

$before = fds();
$slow = stream_socket_client("tcp://$addr", $e, $m, 5);
fwrite($slow, 'PROXY TCP4 192.0.2.1');
// Wait (bounded) until the reader has taken it: its descriptor appears here.
for ($t = microtime(true); fds() < $before + 2 && microtime(true) - $t < 5; usleep(1000));
echo 'pending in the reader: ', fds() >= $before + 2 ? 'yes' : 'NO', "\n";

[$hold, $child_end] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    // Some other job: waits until the parent is done, touches nothing else.
    fclose($hold);
    pcntl_alarm(20);
    fread($child_end, 1);
    exit(0);
}
fclose($child_end);

fwrite($slow, " 192.0.2.2 1 2\r\nhello\n");
$conn = stream_socket_accept($server, 5, $peer);
echo "peer: $peer\n";
echo 'line: ', fgets($conn);
fwrite($conn, "bye\n");
fclose($conn);

stream_set_timeout($slow, 3);
$t = microtime(true);
echo 'client got: ', json_encode(stream_get_contents($slow)), "\n";
$meta = stream_get_meta_data($slow);
echo 'end of stream seen at once: ', !$meta['timed_out'] && microtime(true) - $t < 2 ? 'yes' : 'NO', "\n";

fclose($hold);
pcntl_waitpid($pid, $status);
echo 'child exit: ', pcntl_wexitstatus($status), "\n";
?>
--EXPECT--
bool(false)
pending in the reader: yes
peer: 192.0.2.1:1
line: hello
client got: "bye\n"
end of stream seen at once: yes
child exit: 0
