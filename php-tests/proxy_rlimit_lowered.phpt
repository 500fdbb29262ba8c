--TEST--
PROXY protocol: the header reader survives RLIMIT_NOFILE lowered below what it polls (it waits for pending headers to expire, then serves again)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
if (!function_exists('pcntl_fork') || !function_exists('posix_setrlimit')) die('skip pcntl and posix required');
?>
--FILE--
<?php
function fds(): int { return count(scandir('/proc/self/fd')) - 2; }
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true, 'proxy_timeout' => 0.5]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
var_dump(@stream_socket_accept($server, 0)); // starts the header reader
$base = fds();

// 100 silent clients, in another process: the reader polls them all.
[$mine, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fclose($mine);
    pcntl_alarm(20);
    $silent = [];
    for ($i = 0; $i < 100; $i++) {
        $silent[] = stream_socket_client("tcp://$addr", $e, $m, 5);
    }
    fwrite($theirs, "connected\n");
    // Told to: one byte of a header, which wakes the reader.
    fread($theirs, 1);
    fwrite($silent[0], 'P');
    fread($theirs, 1);
    exit(0);
}
fclose($theirs);
fgets($mine);
// (One more here: this end of the pair.)
for ($t = microtime(true); fds() < $base + 101 && microtime(true) - $t < 5; usleep(1000));
echo 'pending: ', fds() - $base - 1, "\n";

// Now fewer descriptors allowed than the reader polls (ppoll: EINVAL).
var_dump(posix_setrlimit(POSIX_RLIMIT_NOFILE, $base + 40, $base + 40));
fwrite($mine, 'p');
// Once the silent ones expired (and were closed: this process can make a
// socket again), a proxied client is served.
set_error_handler(fn () => true); // EMFILE meanwhile, then the drop warnings
for ($t = microtime(true); !($client = stream_socket_client("tcp://$addr", $e, $m, 5)) && microtime(true) - $t < 5; usleep(1000));
fwrite($client, "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n");
$conn = stream_socket_accept($server, 5, $peer);
restore_error_handler();
var_dump(is_resource($conn), $peer);
fclose($mine);
pcntl_waitpid($pid, $status);
?>
--EXPECT--
bool(false)
pending: 100
bool(true)
bool(true)
string(11) "192.0.2.1:1"
