--TEST--
open_basedir does not apply to the ssl options cafile, capath and dh_param, nor to unix/udg socket paths (as in ext/openssl and PHP's socket transports): servers with them outside the allowed path are created and serve
--SKIPIF--
<?php
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
exec('command -v openssl', $o, $rc);
if ($rc !== 0) die('skip the openssl command is needed (dhparam)');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$in = $c['dir'] . '/in';
$out = $c['dir'] . '/out';
mkdir($in);
mkdir($out);
copy($c['server'], "$in/server.pem");
copy($c['ca'], "$out/ca.pem");
exec('openssl dhparam -dsaparam -out ' . escapeshellarg("$out/dh.pem") . ' 2048 2>/dev/null');
$owner = getmypid();
register_shutdown_function(function () use ($in, $out, $owner) {
    if (getmypid() !== $owner) {
        return;
    }
    foreach ([$in, $out] as $d) {
        foreach (glob("$d/*") as $f) @unlink($f);
        @rmdir($d);
    }
});

$pid = pcntl_fork();
if ($pid === 0) {
    ini_set('open_basedir', $in);
    $cases = [
        'cafile outside' => ['cafile' => "$out/ca.pem"],
        'capath outside' => ['capath' => $out],
        'dh_param outside' => ['dh_param' => "$out/dh.pem"],
    ];
    foreach ($cases as $what => $ssl) {
        echo "-- $what\n";
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
            STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl + ['local_cert' => "$in/server.pem"]));
        $addr = stream_socket_get_name($server, false);
        $h = tls_spawn(function () use ($addr) {
            $cl = stream_socket_client("tls://$addr", $e, $s, 5, STREAM_CLIENT_CONNECT,
                tls_ctx(['verify_peer' => false, 'verify_peer_name' => false]));
            echo fread($cl, 10), "\n";
        });
        $conn = stream_socket_accept($server, 5);
        fwrite($conn, "served");
        fclose($conn);
        tls_show($h);
    }
    foreach (['unix', 'udg'] as $t) {
        echo "-- $t socket outside\n";
        $path = "$out/$t.sock";
        $server = stream_socket_server("$t://$path", $errno, $errstr,
            $t === 'udg' ? STREAM_SERVER_BIND : STREAM_SERVER_BIND | STREAM_SERVER_LISTEN);
        var_dump(is_resource($server), $errno);
        fclose($server);
        @unlink($path);
    }
    exit(0);
}
pcntl_waitpid($pid, $status);
echo "child exit: ", pcntl_wexitstatus($status), "\n";
?>
--EXPECT--
-- cafile outside
client: served
-- capath outside
client: served
-- dh_param outside
client: served
-- unix socket outside
bool(true)
int(0)
-- udg socket outside
bool(true)
int(0)
child exit: 0
