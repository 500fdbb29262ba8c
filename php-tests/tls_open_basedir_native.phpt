--TEST--
TLS servers (native): open_basedir applies to local_cert, local_pk and SNI_server_certs files at stream_socket_accept(), with these texts
--SKIPIF--
<?php
if (extension_loaded('rsock')) die('skip rsock reports these at stream_socket_server() (rsock_tls_open_basedir; README, compatibility)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/accept_failed.inc';
$c = tls_certs();
$in = $c['dir'] . '/in';
$out = $c['dir'] . '/out';
mkdir($in);
mkdir($out);
foreach ([$in, $out] as $d) {
    copy($c['server'], "$d/server.pem");
    copy($c['server_cert'], "$d/cert.pem");
    copy($c['server_key'], "$d/key.pem");
}
symlink("$out/server.pem", "$in/link.pem");
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
        'local_cert outside' => ['local_cert' => "$out/server.pem"],
        'local_cert through a symlink' => ['local_cert' => "$in/link.pem"],
        'local_pk outside' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$out/key.pem"],
        'local_cert with a NUL byte' => ['local_cert' => "$in/server.pem\0.txt"],
        'SNI file outside' => ['local_cert' => "$in/server.pem", 'SNI_server_certs' => ['localhost' => "$out/server.pem"]],
        'SNI local_pk outside' => ['local_cert' => "$in/server.pem", 'SNI_server_certs' => ['localhost' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$out/key.pem"]]],
    ];
    foreach ($cases as $what => $ssl) {
        echo "-- $what\n";
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
            STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
        $addr = stream_socket_get_name($server, false);
        $h = tls_spawn(function () use ($addr) {
            @stream_socket_client("tls://$addr", $e, $s, 5, STREAM_CLIENT_CONNECT,
                tls_ctx(['verify_peer' => false, 'verify_peer_name' => false]));
        });
        var_dump(stream_socket_accept($server, 5));
        tls_wait($h);
    }
    exit(0);
}
pcntl_waitpid($pid, $status);
echo "child exit: ", pcntl_wexitstatus($status), "\n";
?>
--EXPECTF--
-- local_cert outside

Warning: stream_socket_accept(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_accept(): Unable to get real path of certificate file `%s/out/server.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
-- local_cert through a symlink

Warning: stream_socket_accept(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_accept(): Unable to get real path of certificate file `%s/in/link.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
-- local_pk outside

Warning: stream_socket_accept(): open_basedir restriction in effect. File(%s/out/key.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_accept(): Unable to get real path of private key file `%s/out/key.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
-- local_cert with a NUL byte

Warning: stream_socket_accept(): Path for local_cert in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_accept(): Unable to get real path of certificate file `%s/in/server.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
-- SNI file outside

Warning: stream_socket_accept(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_accept(): Failed setting local cert chain file `%s/out/server.pem'; file not found in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
-- SNI local_pk outside

Warning: stream_socket_accept(): open_basedir restriction in effect. File(%s/out/key.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_accept(): Failed setting local private key file `%s/out/key.pem';  could not open file in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
child exit: 0
