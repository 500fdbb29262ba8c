--TEST--
rsock: rsock.default_backlog ini sets the default listen backlog, socket.backlog still wins
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)');
if (!function_exists('shell_exec') || !trim((string) shell_exec('command -v ss'))) die('skip ss not available');
?>
--INI--
rsock.default_backlog=100
--FILE--
<?php
function backlog_of($server) {
    $port = substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $line = trim((string) shell_exec("ss -ltnH 'sport = :$port'"));
    return (int) preg_split('/\s+/', $line)[2];
}
var_dump(ini_get('rsock.default_backlog'));
$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump(backlog_of($server));

$ctx = stream_context_create(['socket' => ['backlog' => 7]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(backlog_of($server));

// A context without a backlog option keeps the ini default.
$ctx = stream_context_create(['socket' => ['tcp_nodelay' => true]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(backlog_of($server));
?>
--EXPECT--
string(3) "100"
int(100)
int(7)
int(100)
