--TEST--
TLS servers (native): certificate, key and other ssl context errors surface at stream_socket_accept(), not at stream_socket_server()
--SKIPIF--
<?php
if (extension_loaded('rsock')) die('skip rsock reports certificate errors at stream_socket_server() time (README, compatibility)');
if (!extension_loaded('openssl')) die('skip openssl required');
if (!function_exists('pcntl_fork')) die('skip pcntl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
require __DIR__ . '/accept_failed.inc';
$c = tls_certs();

function attempt(string $label, array $ssl): void
{
    echo "-- $label\n";
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr,
        STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
    var_dump(is_resource($server), $errno, $errstr);
    $addr = stream_socket_get_name($server, false);
    $h = tls_spawn(function () use ($addr) {
        $cl = @stream_socket_client("ssl://$addr", $e, $s, 3, STREAM_CLIENT_CONNECT,
            tls_ctx(['verify_peer' => false, 'verify_peer_name' => false, 'peer_name' => 'other.test']));
        var_dump($cl);
    });
    var_dump(stream_socket_accept($server, 3));
    tls_show($h);
}

attempt('no local_cert', []);
attempt('local_cert missing', ['local_cert' => $c['missing']]);
attempt('local_cert not PEM', ['local_cert' => $c['garbage']]);
attempt('local_cert is a directory', ['local_cert' => $c['dir']]);
attempt('local_cert without a key', ['local_cert' => $c['server_cert']]);
attempt('local_pk missing', ['local_cert' => $c['server_cert'], 'local_pk' => $c['missing']]);
attempt('local_pk not PEM', ['local_cert' => $c['server_cert'], 'local_pk' => $c['garbage']]);
attempt('wrong passphrase', ['local_cert' => $c['server_cert'], 'local_pk' => $c['server_key_enc'], 'passphrase' => 'wrong']);
attempt('key does not match the certificate', ['local_cert' => $c['server_cert'], 'local_pk' => $c['wrong_key']]);
attempt('SNI_server_certs not an array', ['local_cert' => $c['server'], 'SNI_server_certs' => 'other.test']);
attempt('SNI_server_certs empty', ['local_cert' => $c['server'], 'SNI_server_certs' => []]);
attempt('SNI_server_certs integer key', ['local_cert' => $c['server'], 'SNI_server_certs' => [$c['other']]]);
attempt('SNI cert missing', ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => $c['missing']]]);
attempt('SNI cert not PEM', ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => $c['garbage']]]);
attempt('SNI array without local_pk', ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => ['local_cert' => $c['other_cert']]]]);
attempt('SNI array without local_cert', ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => ['local_pk' => $c['other_key']]]]);
attempt('SNI key does not match', ['local_cert' => $c['server'], 'SNI_server_certs' => ['other.test' => ['local_cert' => $c['other_cert'], 'local_pk' => $c['wrong_key']]]]);
attempt('dh_param missing', ['local_cert' => $c['server'], 'dh_param' => $c['missing']]);
attempt('dh_param not PEM', ['local_cert' => $c['server'], 'dh_param' => $c['garbage']]);
attempt('invalid cipher list', ['local_cert' => $c['server'], 'ciphers' => 'NO-SUCH-CIPHER']);
?>
--EXPECTF--
-- no local_cert
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server is missing an SSL certificate (local_cert context option) in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_cert missing
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set local cert chain file `%smissing.pem'; Check that your cafile/capath settings include details of your certificate and its issuer in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_cert not PEM
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set local cert chain file `%sgarbage.pem'; Check that your cafile/capath settings include details of your certificate and its issuer in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_cert is a directory
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set local cert chain file `%srsock-tls-%s'; Check that your cafile/capath settings include details of your certificate and its issuer in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_cert without a key
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set private key file `%sserver_cert.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_pk missing
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set private key file `%smissing.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- local_pk not PEM
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set private key file `%sgarbage.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- wrong passphrase
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set private key file `%sserver_key_enc.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- key does not match the certificate
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Unable to set private key file `%swrong_key.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI_server_certs not an array
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): SNI_server_certs requires an array mapping host names to cert paths in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI_server_certs empty
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): SNI_server_certs host cert array must not be empty in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI_server_certs integer key
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): SNI_server_certs array requires string host name keys in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI cert missing
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Failed setting local cert chain file `%smissing.pem'; check that your cafile/capath settings include details of your certificate and its issuer in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI cert not PEM
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Failed setting local cert chain file `%sgarbage.pem'; check that your cafile/capath settings include details of your certificate and its issuer in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI array without local_pk
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): local_pk not present in the array in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI array without local_cert
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): local_cert not present in the array in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- SNI key does not match
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Failed setting private key from file `%swrong_key.pem' in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- dh_param missing
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Invalid dh_param in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- dh_param not PEM
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Failed reading DH params in %s on line %d

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
-- invalid cipher list
bool(true)
int(0)
string(0) ""

Warning: stream_socket_accept(): Failed to enable crypto in %s on line %d

Warning: stream_socket_accept(): Accept failed: <handshake failed> in %s on line %d
bool(false)
client: bool(false)
