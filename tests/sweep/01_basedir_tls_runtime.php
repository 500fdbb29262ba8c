<?php
// open_basedir set at runtime; TLS options pointing outside via direct path, symlink, '..'
require __DIR__ . '/common.inc';
$allowed = T() . '/allowed';
mkdir($allowed);
copy(C('server.pem'), "$allowed/server.pem");
copy(C('server.crt'), "$allowed/server.crt");
copy(C('server.key'), "$allowed/server.key");
symlink(C('server.pem'), "$allowed/link.pem");
symlink(C('server.key'), "$allowed/link.key");
symlink(C(), "$allowed/linkdir");
show('ini_set', ini_set('open_basedir', T() . PATH_SEPARATOR . __DIR__) !== false);

function tryit(string $label, array $ssl, string $scheme = 'tls')
{
    h($label);
    $ctx = stream_context_create(['ssl' => $ssl]);
    $s = stream_socket_server("$scheme://127.0.0.1:0", $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    show('server', $s !== false, $en, $es);
    if (!$s) {
        return;
    }
    $h = tls_client(tcp_addr($s), ['peer_name' => 'localhost']);
    $c = acc($s);
    if ($c) fclose($c);
    tls_client_wait($h);
    fclose($s);
}
$out = C();
tryit('inside combined', ['local_cert' => "$allowed/server.pem"]);
tryit('inside split', ['local_cert' => "$allowed/server.crt", 'local_pk' => "$allowed/server.key"]);
tryit('outside direct cert', ['local_cert' => "$out/server.pem"]);
tryit('outside direct pk', ['local_cert' => "$allowed/server.crt", 'local_pk' => "$out/server.key"]);
tryit('outside via symlink cert', ['local_cert' => "$allowed/link.pem"]);
tryit('outside via symlink pk', ['local_cert' => "$allowed/server.crt", 'local_pk' => "$allowed/link.key"]);
tryit('outside via symlinked dir', ['local_cert' => "$allowed/linkdir/server.pem"]);
tryit('outside via ..', ['local_cert' => "$allowed/../../certs/server.pem"]);
tryit('inside via .. back in', ['local_cert' => "$allowed/../allowed/server.pem"]);
tryit('SNI string outside', ['local_cert' => "$allowed/server.pem", 'SNI_server_certs' => ['localhost' => "$out/server.pem"]]);
tryit('SNI array outside cert', ['local_cert' => "$allowed/server.pem", 'SNI_server_certs' => ['localhost' => ['local_cert' => "$out/server.crt", 'local_pk' => "$allowed/server.key"]]]);
tryit('SNI array outside pk', ['local_cert' => "$allowed/server.pem", 'SNI_server_certs' => ['localhost' => ['local_cert' => "$allowed/server.crt", 'local_pk' => "$out/server.key"]]]);
tryit('SNI other host outside', ['local_cert' => "$allowed/server.pem", 'SNI_server_certs' => ['nomatch.test' => "$out/server.pem"]]);
tryit('SNI only, outside', ['SNI_server_certs' => ['localhost' => "$out/server.pem"]]);
tryit('cafile outside', ['local_cert' => "$allowed/server.pem", 'cafile' => "$out/ca.pem", 'verify_peer' => false]);
tryit('capath outside', ['local_cert' => "$allowed/server.pem", 'capath' => $out, 'verify_peer' => false]);
tryit('dh_param outside', ['local_cert' => "$allowed/server.pem", 'dh_param' => "$out/dh.pem"]);
tryit('ssl:// outside', ['local_cert' => "$out/server.pem"], 'ssl');
tryit('tlsv1.3:// outside', ['local_cert' => "$out/server.pem"], 'tlsv1.3');
