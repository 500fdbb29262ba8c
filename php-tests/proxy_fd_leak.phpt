--TEST--
PROXY protocol: descriptors stay flat over 200 proxied accept/close cycles; closing the server releases the header reader's
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)'); ?>
--FILE--
<?php
function fds(): int { return count(scandir('/proc/self/fd')) - 2; }
// The header reader closes its copy of a connection right after handing it
// over, so a count taken at once may include it: wait (bounded) for $want.
function fds_settled(int $want): int
{
    $deadline = microtime(true) + 2;
    while (($n = fds()) > $want && microtime(true) < $deadline) {
        usleep(1000);
    }
    return $n;
}
$before = fds();
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['proxy_protocol' => true]]));
$addr = stream_socket_get_name($server, false);
$cycle = function (int $i) use ($server, $addr): bool {
    $c = stream_socket_client("tcp://$addr", $e, $m, 5);
    fwrite($c, "PROXY TCP4 192.0.2.1 192.0.2.2 $i 80\r\nping\n");
    $conn = stream_socket_accept($server, 5, $peer);
    $ok = $conn && $peer === "192.0.2.1:$i" && fgets($conn) === "ping\n";
    fclose($conn);
    fclose($c);
    return $ok;
};
$cycle(1); // the header reader starts with the first accept
$started = fds_settled(0); // the lowest it gets within the bound
$ok = 0;
for ($i = 2; $i <= 201; $i++) {
    $ok += $cycle($i);
}
// A dropped connection costs nothing either.
for ($i = 0; $i < 20; $i++) {
    $c = stream_socket_client("tcp://$addr", $e, $m, 5);
    fwrite($c, "garbage\r\n");
    stream_set_timeout($c, 5);
    @stream_get_contents($c);
    fclose($c);
}
$cycle(1);
echo "answered: $ok\n";
$now = fds_settled($started);
echo 'flat over the cycles: ', $now === $started ? 'yes' : "NO ($started -> $now)", "\n";
fclose($server);
$now = fds_settled($before);
echo 'all released with the server: ', $now === $before ? 'yes' : "NO ($before -> $now)", "\n";
?>
--EXPECTF--
Warning: stream_socket_accept(): rsock: dropped a connection from 127.0.0.1:%d: malformed PROXY header (not a PROXY header) in %s on line %d
%A
answered: 200
flat over the cycles: yes
all released with the server: yes
