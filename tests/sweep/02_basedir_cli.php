<?php
// ARGS: -d open_basedir=@TMP@:@DIR@
// open_basedir from the command line; unix/udg paths outside; enable_crypto on accepted tcp
require __DIR__ . '/common.inc';
show('open_basedir set', ini_get('open_basedir') !== '');
$out = C();
$outsock = dirname(T()) . '/' . basename(T()) . '-outside.sock';
@unlink($outsock);

h('unix outside');
$s = stream_socket_server("unix://$outsock", $en, $es);
show('server', $s !== false, $en, $es);
if ($s) { fclose($s); }
show('exists', @file_exists($outsock));
shell_exec('rm -f ' . escapeshellarg($outsock));

h('udg outside');
$s = stream_socket_server("udg://$outsock", $en, $es, STREAM_SERVER_BIND);
show('server', $s !== false, $en, $es);
if ($s) { fclose($s); }
shell_exec('rm -f ' . escapeshellarg($outsock));

h('unix inside');
$s = stream_socket_server('unix://' . T() . '/in.sock', $en, $es);
show('server', $s !== false, $en, $es);
if ($s) { fclose($s); }

function starttls(string $label, array $ssl)
{
    h("enable_crypto: $label");
    $ctx = stream_context_create(['ssl' => $ssl]);
    $s = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    $h = tls_client('tls://' . tcp_addr($s), [], "hi\n");
    $c = stream_socket_accept($s, 3);
    show('accepted', is_resource($c));
    stream_set_timeout($c, 3);
    $r = stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
    show('enable_crypto', $r);
    $rd = fread($c, 100);
    show('read after', $r === true ? $rd : (is_string($rd) ? 'len ' . strlen($rd) . ' ' . bin2hex(substr($rd, 0, 3)) : $rd));
    if ($r === true) { fwrite($c, "ok\n"); }
    fclose($c);
    tls_client_wait($h);
    fclose($s);
}
$in = T() . '/server.pem';
shell_exec('cp ' . escapeshellarg(C('server.pem')) . ' ' . escapeshellarg($in));
starttls('inside', ['local_cert' => $in]);
starttls('outside cert', ['local_cert' => "$out/server.pem"]);
starttls('outside pk', ['local_cert' => $in, 'local_pk' => "$out/server.key"]);
starttls('outside SNI', ['local_cert' => $in, 'SNI_server_certs' => ['localhost' => "$out/server.pem"]]);
starttls('outside cafile', ['local_cert' => $in, 'cafile' => "$out/ca.pem", 'verify_peer' => false]);
h('ssl server outside cert');
$ctx = stream_context_create(['ssl' => ['local_cert' => "$out/server.pem"]]);
$s = stream_socket_server('ssl://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
show('server', $s !== false, $en, $es);
if ($s) {
    $h = tls_client(tcp_addr($s));
    acc($s);
    tls_client_wait($h);
}
