--TEST--
stream_socket_server(): PHP 8.6's socket.so_reuseaddr => false turns off the SO_REUSEADDR servers get (ignored by PHP before 8.6)
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip sockets extension required'); ?>
--FILE--
<?php
require __DIR__ . '/sockopt.inc';

foreach (['absent' => null, 'true' => true, 'int 1' => 1, 'false' => false, 'int 0' => 0, 'null' => null, '""' => ''] as $label => $v) {
    $opts = $label === 'absent' ? null : ['socket' => ['so_reuseaddr' => $v]];
    foreach (['tcp', 'udp'] as $t) {
        $server = server("$t://127.0.0.1:0", $opts);
        $on = opt($server, SOL_SOCKET, SO_REUSEADDR) ? 1 : 0;
        check("$t $label", $on, in_array($label, ['absent', 'true', 'int 1'], true) ? 1 : 0, 1);
    }
}

// What it changes: a server restarted on its port while a connection it
// accepted is still open (PHP master's own test does the same).
function restart(?array $opts): bool {
    [$server, $client, $conn] = accepted('tcp://127.0.0.1:0', $opts);
    $name = stream_socket_get_name($server, false);
    fwrite($client, "ping");
    fread($conn, 4);
    fclose($client);
    fclose($server);
    $again = @stream_socket_server("tcp://$name", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create($opts ?? []));
    return $again !== false;
}
check('restart, default', restart(null), true, true);
check('restart, so_reuseaddr false', restart(['socket' => ['so_reuseaddr' => false]]), false, true);
?>
--EXPECT--
tcp absent: ok
udp absent: ok
tcp true: ok
udp true: ok
tcp int 1: ok
udp int 1: ok
tcp false: ok
udp false: ok
tcp int 0: ok
udp int 0: ok
tcp null: ok
udp null: ok
tcp "": ok
udp "": ok
restart, default: ok
restart, so_reuseaddr false: ok
