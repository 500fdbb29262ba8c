--TEST--
rsock: default listen backlog is the system's somaxconn, socket.backlog still wins
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)');
if (!function_exists('shell_exec') || !trim((string) shell_exec('command -v ss'))) die('skip ss not available');
?>
--FILE--
<?php
function backlog_of($server) {
    $port = substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $line = trim((string) shell_exec("ss -ltnH 'sport = :$port'"));
    return (int) preg_split('/\s+/', $line)[2];
}
$somaxconn = (int) file_get_contents('/proc/sys/net/core/somaxconn');
$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump(backlog_of($server) === $somaxconn);

$ctx = stream_context_create(['socket' => ['backlog' => 7]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(backlog_of($server));

// The namespaced function uses the same default.
$server = Rsock\stream_socket_server('tcp://127.0.0.1:0');
var_dump(backlog_of($server) === $somaxconn);
?>
--EXPECT--
bool(true)
int(7)
bool(true)
