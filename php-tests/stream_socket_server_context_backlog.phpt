--TEST--
stream_socket_server(): context socket.backlog sets the listen backlog
--SKIPIF--
<?php
if (!function_exists('shell_exec') || !trim((string) shell_exec('command -v ss'))) die('skip ss not available');
?>
--FILE--
<?php
function backlog_of($server) {
    $port = substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $line = trim((string) shell_exec("ss -ltnH 'sport = :$port'"));
    // State Recv-Q Send-Q Local Peer; Send-Q is the backlog for listening sockets
    return (int) preg_split('/\s+/', $line)[2];
}
foreach ([7, 1, 100] as $backlog) {
    $ctx = stream_context_create(['socket' => ['backlog' => $backlog]]);
    $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    echo "backlog $backlog => ", backlog_of($server), "\n";
}
// Given as a numeric string
$ctx = stream_context_create(['socket' => ['backlog' => '12']]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
echo "backlog '12' => ", backlog_of($server), "\n";

// The backlog queues connections until they are accepted.
$ctx = stream_context_create(['socket' => ['backlog' => 7]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$name = stream_socket_get_name($server, false);
for ($i = 0; $i < 3; $i++) $clients[] = stream_socket_client("tcp://$name", $e, $s, 2);
$accepted = 0;
while ($accepted < 3 && stream_socket_accept($server, 2)) $accepted++;
var_dump($accepted);
?>
--EXPECT--
backlog 7 => 7
backlog 1 => 1
backlog 100 => 100
backlog '12' => 12
int(3)
