--TEST--
PROXY protocol: HAProxy send-proxy (v1) in front of an unchanged stream_select server; on native PHP the same script runs (the header arrives as data)
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl required');
if (!is_executable('/usr/sbin/haproxy')) die('skip haproxy not installed');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['rsock' => ['proxy_protocol' => true, 'proxy_from' => ['127.0.0.1']]]));
$backend = stream_socket_get_name($server, false);
$front = '127.0.0.1:' . proxy_haproxy('127.0.0.1', $backend, 'send-proxy');
$rsock = extension_loaded('rsock');

$h = tls_spawn(function () use ($front, $rsock) {
    foreach (['127.0.0.2:0', '127.0.0.3:0'] as $from) {
        [$r, $me] = proxy_ask($front, $from);
        [$ip, $port] = explode(':', $me);
        if ($rsock) {
            // The client's own address, from the header; the proxy's in the meta data.
            $seen = $r['peer'] === $me && $r['name'] === $me && $r['line'] === 'hello'
                && $r['proxy']['version'] === 1 && $r['proxy']['command'] === 'PROXY'
                && $r['proxy']['source'] === $me && $r['proxy']['destination'] === $front
                && str_starts_with($r['proxy']['proxy'], '127.0.0.1:');
        } else {
            // Natively the header is the first line the script reads.
            [$fip, $fport] = explode(':', $front);
            $seen = $r['line'] === "PROXY TCP4 $ip $fip $port $fport"
                && str_starts_with($r['peer'], '127.0.0.1:') && !isset($r['proxy']);
        }
        echo "from $ip: client address seen: ", $seen ? 'yes' : 'NO ' . json_encode($r), "\n";
    }
});
proxy_serve($server, 2);
tls_show($h);
?>
--EXPECT--
client: from 127.0.0.2: client address seen: yes
client: from 127.0.0.3: client address seen: yes
