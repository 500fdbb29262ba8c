--TEST--
rsock: fd://N adopts a listening socket handed to a child by proc_open's descriptor spec; tcp, udp and unix, same labels and names as the parent's
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only (fd:// is no PHP transport)'); ?>
--FILE--
<?php
require __DIR__ . '/inherit.inc';
$dir = sys_get_temp_dir() . '/rsock-inherit-fd-' . getmypid();
@mkdir($dir);

$code = <<<'PHP'
$s = stream_socket_server('fd://3', $e, $m);
if (!$s) { echo "failed: $m\n"; exit(1); }
$meta = stream_get_meta_data($s);
echo $meta['stream_type'], ' ', stream_socket_get_name($s, false), ' blocked=', var_export($meta['blocked'], true), "\n";
if (str_starts_with($meta['stream_type'], 'ud')) {
    $msg = stream_socket_recvfrom($s, 100, 0, $peer);
    stream_socket_sendto($s, "child got $msg", 0, $peer);
} else {
    $c = stream_socket_accept($s, 10);
    fwrite($c, "child accepted\n");
}
PHP;

$cases = [
    'tcp' => ['tcp://127.0.0.1:0', STREAM_SERVER_BIND | STREAM_SERVER_LISTEN],
    'udp' => ['udp://127.0.0.1:0', STREAM_SERVER_BIND],
    'unix' => ["unix://$dir/s.sock", STREAM_SERVER_BIND | STREAM_SERVER_LISTEN],
];
foreach ($cases as $name => [$address, $flags]) {
    echo "-- $name\n";
    $server = stream_socket_server($address, $e, $m, $flags);
    $local = stream_socket_get_name($server, false);
    [$p, $pipes] = start([...child_php(), '-r', $code], null, [3 => $server]);
    fclose($server); // the child's copy is the only one now
    $line = wait_line($pipes[1], '/./', 10);
    echo str_replace($local, '<ADDRESS>', (string) $line), "\n";
    if ($name === 'udp') {
        $udg = stream_socket_client("udp://$local");
        stream_set_timeout($udg, 10);
        fwrite($udg, 'ping');
        echo fread($udg, 100), "\n";
    } else {
        $c = connect_retry(($name === 'unix' ? 'unix://' : 'tcp://') . $local);
        echo fgets($c);
    }
    echo 'exit: ', proc_close($p), "\n";
}
@unlink("$dir/s.sock");
@rmdir($dir);
?>
--EXPECT--
-- tcp
tcp_socket/ssl <ADDRESS> blocked=true
child accepted
exit: 0
-- udp
udp_socket <ADDRESS> blocked=true
child got ping
exit: 0
-- unix
unix_socket <ADDRESS> blocked=true
child accepted
exit: 0
