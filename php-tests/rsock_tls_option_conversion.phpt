--TEST--
rsock: ssl options that PHP's string conversion refuses or turns into "Array" fail stream_socket_server() with the right option named (native: the same warnings at stream_socket_accept())
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native reports these at stream_socket_accept() (README, compatibility)');
if (!extension_loaded('openssl')) die('skip openssl required');
?>
--FILE--
<?php
require __DIR__ . '/tls_certs.inc';
require __DIR__ . '/tls_pair.inc';
$c = tls_certs();
chdir($c['dir']);
$cases = [
    'ciphers as an array' => ['local_cert' => $c['server'], 'ciphers' => ['HIGH']],
    'local_pk as an array' => ['local_cert' => $c['server_cert'], 'local_pk' => ['x']],
    'local_cert as an object without __toString' => ['local_cert' => new stdClass],
    'cafile as an object without __toString' => ['local_cert' => $c['server'], 'cafile' => new stdClass],
    'security_level out of range' => ['local_cert' => $c['server'], 'security_level' => -3],
];
foreach ($cases as $what => $ssl) {
    echo "-- $what\n";
    try {
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr,
            STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx($ssl));
        var_dump(is_resource($server), $errno);
        echo str_replace($c['dir'], 'DIR', $errstr), "\n";
    } catch (Error $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
-- ciphers as an array

Warning: Array to string conversion in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Failed setting cipher list `Array') in %s on line %d
bool(false)
int(0)
Failed setting cipher list `Array'
-- local_pk as an array

Warning: Array to string conversion in %s on line %d

Warning: stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to read private key file `%s/Array': No such file or directory) in %s on line %d
bool(false)
int(0)
Unable to read private key file `DIR/Array': No such file or directory
-- local_cert as an object without __toString
Error: Object of class stdClass could not be converted to string
-- cafile as an object without __toString
Error: Object of class stdClass could not be converted to string
-- security_level out of range

Warning: stream_socket_server(): Security level must be between 0 and 5 in %s on line %d
bool(true)
int(0)

