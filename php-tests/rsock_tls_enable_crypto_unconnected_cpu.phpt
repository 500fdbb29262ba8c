--TEST--
rsock: stream_socket_enable_crypto() on a bound-only socket waits out its timeout without spinning (native PHP spins on poll/recv at 100 % CPU until then)
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only: native spins until the timeout');
if (!extension_loaded('openssl')) die('skip openssl required');
?>
--FILE--
<?php
$s = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
stream_set_timeout($s, 1);
$cpu = fn () => (fn ($r) => $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6)(getrusage());
$before = $cpu();
$t = microtime(true);
var_dump(@stream_socket_enable_crypto($s, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
$wall = microtime(true) - $t;
$used = $cpu() - $before;
var_dump($wall >= 0.9, $used < 0.3 * $wall);
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
