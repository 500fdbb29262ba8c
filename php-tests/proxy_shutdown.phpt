--TEST--
PROXY protocol: accept on a shut-down PROXY server fails at once whatever the timeout, and a select loop sees it readable, as for a plain server
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only (PROXY protocol)');
?>
--FILE--
<?php
$path = sys_get_temp_dir() . '/rsock-proxy-shut-' . getmypid() . '.sock';
@unlink($path);
register_shutdown_function(fn () => @unlink($path));
$ctx = stream_context_create(['rsock' => ['proxy_protocol' => true]]);
/** CPU seconds of the whole process (its threads included). */
function cpu(): float
{
    $r = getrusage();
    return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6;
}
foreach (['tcp://127.0.0.1:0', "unix://$path"] as $address) {
    foreach (['reader started first', 'reader not started'] as $case) {
        echo "-- ", strtok($address, ':'), ", $case\n";
        $srv = stream_socket_server($address, $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
        if ($case === 'reader started first') {
            var_dump(@stream_socket_accept($srv, 0));
        }
        var_dump(stream_socket_shutdown($srv, STREAM_SHUT_RDWR));
        // The header reader does not spin on the hung-up listener.
        $c = cpu();
        usleep(300000);
        echo 'idle: ', cpu() - $c < 0.1 ? 'yes' : 'NO (spinning)', "\n";
        if ($case === 'reader started first') {
            $r = [$srv]; $w = $x = null;
            var_dump(stream_select($r, $w, $x, 3));
        }
        $t = microtime(true);
        var_dump(@stream_socket_accept($srv, 3));
        echo error_get_last()['message'], "\n";
        var_dump(microtime(true) - $t < 2);
        fclose($srv);
        @unlink($path);
    }
}
?>
--EXPECT--
-- tcp, reader started first
bool(false)
bool(true)
idle: yes
int(1)
bool(false)
stream_socket_accept(): Accept failed: Invalid argument
bool(true)
-- tcp, reader not started
bool(true)
idle: yes
bool(false)
stream_socket_accept(): Accept failed: Invalid argument
bool(true)
-- unix, reader started first
bool(false)
bool(true)
idle: yes
int(1)
bool(false)
stream_socket_accept(): Accept failed: Invalid argument
bool(true)
-- unix, reader not started
bool(true)
idle: yes
bool(false)
stream_socket_accept(): Accept failed: Invalid argument
bool(true)
