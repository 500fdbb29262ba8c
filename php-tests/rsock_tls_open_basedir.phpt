--TEST--
rsock: open_basedir applies to every certificate and key file a TLS server loads (local_cert, local_pk, both SNI_server_certs forms), directly, through .. or a symlink; NUL bytes refused; the errors come from stream_socket_server() (documented difference)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native reports the same texts at stream_socket_accept() (tls_open_basedir_native)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
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

// The restricted part runs in a child, so the parent can clean up after it.
$pid = pcntl_fork();
if ($pid === 0) {
    ini_set('open_basedir', $in);
    chdir($in);
    $cases = [
        'local_cert outside' => ['local_cert' => "$out/server.pem"],
        'local_cert through ..' => ['local_cert' => "$in/../out/server.pem"],
        'local_cert through a symlink' => ['local_cert' => "$in/link.pem"],
        'local_pk outside' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$out/key.pem"],
        'local_cert with a NUL byte' => ['local_cert' => "$in/server.pem\0.txt"],
        'local_pk with a NUL byte' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$in/key.pem\0"],
        'SNI file outside' => ['local_cert' => "$in/server.pem", 'SNI_server_certs' => ['localhost' => "$out/server.pem"]],
        'SNI file through a symlink' => ['local_cert' => "$in/server.pem", 'SNI_server_certs' => ['localhost' => "$in/link.pem"]],
        'SNI local_cert outside' => ['SNI_server_certs' => ['localhost' => ['local_cert' => "$out/cert.pem", 'local_pk' => "$in/key.pem"]]],
        'SNI local_pk outside' => ['SNI_server_certs' => ['localhost' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$out/key.pem"]]],
        'SNI file with a NUL byte' => ['SNI_server_certs' => ['localhost' => "$in/server.pem\0"]],
        'SNI local_pk with a NUL byte' => ['SNI_server_certs' => ['localhost' => ['local_cert' => "$in/cert.pem", 'local_pk' => "$in/key.pem\0"]]],
    ];
    foreach ($cases as $what => $ssl) {
        echo "-- $what\n";
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
            STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
        var_dump($server, $errno);
        echo str_replace([$in, $out], ['IN', 'OUT'], $errstr), "\n";
    }

    echo "-- inside, by a relative path: served\n";
    $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => 'cert.pem', 'local_pk' => './key.pem']));
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

    echo "-- STARTTLS with a certificate outside\n";
    $tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(['local_cert' => "$out/server.pem"]));
    $addr = stream_socket_get_name($tcp, false);
    $h = tls_spawn(function () use ($addr) {
        $cl = stream_socket_client("tcp://$addr", $e, $s, 5);
        stream_context_set_option($cl, 'ssl', 'verify_peer', false);
        var_dump(@stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    });
    $conn = stream_socket_accept($tcp, 5);
    var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
    fclose($conn);
    tls_show($h);
    exit(0);
}
pcntl_waitpid($pid, $status);
echo "child exit: ", pcntl_wexitstatus($status), "\n";
?>
--EXPECTF--
-- local_cert outside

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of certificate file `%s/out/server.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of certificate file `OUT/server.pem'
-- local_cert through ..

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of certificate file `%s/in/../out/server.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of certificate file `IN/../out/server.pem'
-- local_cert through a symlink

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of certificate file `%s/in/link.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of certificate file `IN/link.pem'
-- local_pk outside

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/key.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of private key file `%s/out/key.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of private key file `OUT/key.pem'
-- local_cert with a NUL byte

Warning: stream_socket_server(): Path for local_cert in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of certificate file `%s/in/server.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of certificate file `IN/server.pem'
-- local_pk with a NUL byte

Warning: stream_socket_server(): Path for local_pk in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to get real path of private key file `%s/in/key.pem') in %s on line %d
bool(false)
int(0)
Unable to get real path of private key file `IN/key.pem'
-- SNI file outside

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local cert chain file `%s/out/server.pem'; file not found) in %s on line %d
bool(false)
int(0)
Failed setting local cert chain file `OUT/server.pem'; file not found
-- SNI file through a symlink

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local cert chain file `%s/in/link.pem'; file not found) in %s on line %d
bool(false)
int(0)
Failed setting local cert chain file `IN/link.pem'; file not found
-- SNI local_cert outside

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/cert.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local cert chain file `%s/out/cert.pem'; could not open file) in %s on line %d
bool(false)
int(0)
Failed setting local cert chain file `OUT/cert.pem'; could not open file
-- SNI local_pk outside

Warning: stream_socket_server(): open_basedir restriction in effect. File(%s/out/key.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local private key file `%s/out/key.pem';  could not open file) in %s on line %d
bool(false)
int(0)
Failed setting local private key file `OUT/key.pem';  could not open file
-- SNI file with a NUL byte

Warning: stream_socket_server(): Path for SNI_server_certs in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local cert chain file `%s/in/server.pem'; file not found) in %s on line %d
bool(false)
int(0)
Failed setting local cert chain file `IN/server.pem'; file not found
-- SNI local_pk with a NUL byte

Warning: stream_socket_server(): Path for SNI_server_certs local_pk in ssl stream context option must not contain any null bytes in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting local private key file `%s/in/key.pem';  could not open file) in %s on line %d
bool(false)
int(0)
Failed setting local private key file `IN/key.pem';  could not open file
-- inside, by a relative path: served
client: served
-- STARTTLS with a certificate outside

Warning: stream_socket_enable_crypto(): open_basedir restriction in effect. File(%s/out/server.pem) is not within the allowed path(s): (%s/in) in %s on line %d

Warning: stream_socket_enable_crypto(): Unable to get real path of certificate file `%s/out/server.pem' in %s on line %d
bool(false)
client: bool(false)
child exit: 0
