--TEST--
rsock: a TLS server's certificate, key and option errors are reported by stream_socket_server() (documented difference)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented difference: native fails at every accept instead)');
if (!extension_loaded('openssl')) die('skip openssl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
$cases = [
    'missing certificate' => ['local_cert' => $c['missing']],
    'not a certificate' => ['local_cert' => $c['garbage']],
    'missing key' => ['local_cert' => $c['server_cert'], 'local_pk' => $c['missing']],
    'certificate without its key' => ['local_cert' => $c['server_cert']],
    'wrong passphrase' => ['local_cert' => $c['server_cert'], 'local_pk' => $c['server_key_enc'], 'passphrase' => 'nope'],
    'key of another certificate' => ['local_cert' => $c['server_cert'], 'local_pk' => $c['wrong_key']],
    'unknown cipher' => ['local_cert' => $c['server'], 'ciphers' => 'NOPE-CIPHER'],
    'unknown curve' => ['local_cert' => $c['server'], 'ecdh_curve' => 'nonsense'],
    'SNI certificates not an array' => ['local_cert' => $c['server'], 'SNI_server_certs' => 'x'],
    'SNI certificate missing' => ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => $c['missing']]],
    'certificate is a directory' => ['local_cert' => $c['dir']],
    'SNI certificates empty' => ['local_cert' => $c['server'], 'SNI_server_certs' => []],
    'SNI integer key' => ['local_cert' => $c['server'], 'SNI_server_certs' => [$c['other']]],
    'SNI array without local_pk' => ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => ['local_cert' => $c['other_cert']]]],
    'SNI integer value (native PHP crashes)' => ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => 42]],
    'dh_param missing' => ['local_cert' => $c['server'], 'dh_param' => $c['missing']],
    'dh_param not PEM' => ['local_cert' => $c['server'], 'dh_param' => $c['garbage']],
];
foreach ($cases as $what => $ssl) {
    echo "-- $what\n";
    $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
    var_dump($server, $errno);
    echo str_replace($c['dir'], 'DIR', $errstr), "\n";
}

echo "-- the right passphrase works\n";
$ok = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['server_cert'], 'local_pk' => $c['server_key_enc'], 'passphrase' => $c['passphrase']]));
var_dump(is_resource($ok));

echo "-- STARTTLS on a tcp server with a bad certificate fails at enable time\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    tls_ctx(['local_cert' => $c['missing']]));
$client = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$conn = stream_socket_accept($tcp, 2);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
echo "-- the connection is still plain tcp\n";
fwrite($client, "plain\n");
var_dump(fgets($conn));
?>
--EXPECTF--
-- missing certificate

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read certificate file `%s/missing.pem': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read certificate file `DIR/missing.pem': No such file or directory
-- not a certificate

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to set local cert chain file `%s': no certificate found) in %s on line %d
bool(false)
int(0)
Unable to set local cert chain file `DIR/%s': no certificate found
-- missing key

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read private key file `%s/missing.pem': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read private key file `DIR/missing.pem': No such file or directory
-- certificate without its key

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to set private key file `%s': %s) in %s on line %d
bool(false)
int(0)
Unable to set private key file `DIR/%s': %s
-- wrong passphrase

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to set private key file `%s': %s (wrong passphrase?)) in %s on line %d
bool(false)
int(0)
Unable to set private key file `DIR/%s': %s (wrong passphrase?)
-- key of another certificate

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Private key `%s' does not match certificate `%s') in %s on line %d
bool(false)
int(0)
Private key `DIR/%s' does not match certificate `DIR/%s'
-- unknown cipher

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting cipher list `NOPE-CIPHER') in %s on line %d
bool(false)
int(0)
Failed setting cipher list `NOPE-CIPHER'
-- unknown curve

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Invalid ecdh_curve specified) in %s on line %d
bool(false)
int(0)
Invalid ecdh_curve specified
-- SNI certificates not an array

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (SNI_server_certs requires an array mapping host names to cert paths) in %s on line %d
bool(false)
int(0)
SNI_server_certs requires an array mapping host names to cert paths
-- SNI certificate missing

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read certificate file `%s/missing.pem': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read certificate file `DIR/missing.pem': No such file or directory
-- certificate is a directory

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read certificate file `%s': Is a directory) in %s on line %d
bool(false)
int(0)
Unable to read certificate file `DIR': Is a directory
-- SNI certificates empty

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (SNI_server_certs host cert array must not be empty) in %s on line %d
bool(false)
int(0)
SNI_server_certs host cert array must not be empty
-- SNI integer key

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (SNI_server_certs array requires string host name keys) in %s on line %d
bool(false)
int(0)
SNI_server_certs array requires string host name keys
-- SNI array without local_pk

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (local_pk not present in the array) in %s on line %d
bool(false)
int(0)
local_pk not present in the array
-- SNI integer value (native PHP crashes)

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read certificate file `%s/42': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read certificate file `%s/42': No such file or directory
-- dh_param missing

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read DH parameters file `%s/missing.pem': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read DH parameters file `DIR/missing.pem': No such file or directory
-- dh_param not PEM

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Invalid dh_param `%s/garbage.pem': %s) in %s on line %d
bool(false)
int(0)
Invalid dh_param `DIR/garbage.pem': %s
-- the right passphrase works
bool(true)
-- STARTTLS on a tcp server with a bad certificate fails at enable time

Warning: stream_socket_enable_crypto(): Unable to read certificate file `%s/missing.pem': No such file or directory in %s on line %d
bool(false)
-- the connection is still plain tcp
string(6) "plain
"
