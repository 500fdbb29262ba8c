--TEST--
TLS streams: the peer closes with close_notify, shuts down writing, or dies without close_notify: clean end of stream every time
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork') || !function_exists('posix_kill')) die('skip pcntl and posix required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server']]));
$addr = stream_socket_get_name($server, false);

function client(string $addr, string $how): array
{
    return tls_spawn(function () use ($addr, $how) {
        $cl = stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT, tls_client_ctx());
        stream_set_timeout($cl, 3);
        // Read the server's greeting first: nothing stays unread on this side
        // (unread data would turn the close into a reset).
        echo fgets($cl);
        fwrite($cl, "last words\n");
        switch ($how) {
            case 'fclose':
                fclose($cl);
                break;
            case 'shutdown':
                var_dump(stream_socket_shutdown($cl, STREAM_SHUT_WR));
                echo fgets($cl);
                var_dump(fgets($cl), feof($cl));
                break;
            case 'killed':
                posix_kill(posix_getpid(), SIGKILL);
        }
    });
}

foreach (['fclose' => 'fclose (close_notify)', 'shutdown' => 'stream_socket_shutdown(STREAM_SHUT_WR) (no close_notify)',
          'killed' => 'process killed (no close_notify)'] as $how => $label) {
    echo "-- blocking, $label\n";
    $h = client($addr, $how);
    $conn = stream_socket_accept($server, 3);
    stream_set_timeout($conn, 3);
    fwrite($conn, "hello\n");
    var_dump(fgets($conn));
    $t = microtime(true);
    var_dump(fread($conn, 100), feof($conn));
    var_dump(microtime(true) - $t < 2);
    $meta = stream_get_meta_data($conn);
    var_dump($meta['eof'], $meta['timed_out']);
    var_dump(fgets($conn));
    if ($how === 'shutdown') {
        // The other direction still works.
        var_dump(fwrite($conn, "bye\n"));
    }
    fclose($conn);
    // A killed child never sends its captured output.
    $out = tls_wait($h);
    echo $how === 'killed' ? str_replace("(child did not exit cleanly: status 9)\n", "(killed)\n", $out) : $out;
}

foreach (['fclose', 'killed'] as $how) {
    echo "-- non-blocking with stream_select, $how\n";
    $h = client($addr, $how);
    $conn = stream_socket_accept($server, 3);
    stream_set_blocking($conn, false);
    fwrite($conn, "hello\n");
    $lines = [];
    $deadline = microtime(true) + 3;
    while (!feof($conn) && microtime(true) < $deadline) {
        $r = [$conn];
        $w = $x = null;
        if (stream_select($r, $w, $x, 2) !== 1) {
            echo "select timed out\n";
            break;
        }
        $d = fread($conn, 100);
        $lines[] = var_export($d, true);
    }
    // The data, maybe empty reads while records are incomplete, then "" at EOF.
    $lines = array_values(array_filter($lines, fn ($l) => $l !== "''"));
    var_dump($lines, feof($conn));
    // A killed child never sends its captured output.
    $out = tls_wait($h);
    echo $how === 'killed' ? str_replace("(child did not exit cleanly: status 9)\n", "(killed)\n", $out) : $out;
}
?>
--EXPECT--
-- blocking, fclose (close_notify)
string(11) "last words
"
string(0) ""
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
hello
-- blocking, stream_socket_shutdown(STREAM_SHUT_WR) (no close_notify)
string(11) "last words
"
string(0) ""
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
int(4)
hello
bool(true)
bye
bool(false)
bool(true)
-- blocking, process killed (no close_notify)
string(11) "last words
"
string(0) ""
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
(killed)
-- non-blocking with stream_select, fclose
array(1) {
  [0]=>
  string(13) "'last words
'"
}
bool(true)
hello
-- non-blocking with stream_select, killed
array(1) {
  [0]=>
  string(13) "'last words
'"
}
bool(true)
(killed)
