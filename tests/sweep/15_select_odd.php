<?php
// stream_select with odd arrays
require __DIR__ . '/common.inc';
$s = stream_socket_server('tcp://127.0.0.1:0');
$c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$a = stream_socket_accept($s, 1);
fwrite($c, 'x');
usleep(50000);
function sel(string $label, $r, $w = null, $e = null, $sec = 0, $us = 0)
{
    echo "-- $label: ";
    try {
        $n = stream_select($r, $w, $e, $sec, $us);
        var_dump($n);
        echo '   r='; var_dump(is_array($r) ? array_map(fn ($x) => is_resource($x) ? get_resource_type($x) : gettype($x), $r) : $r);
        echo '   w='; var_dump(is_array($w) ? array_keys($w) : $w);
    } catch (Throwable $t) {
        echo get_class($t), ': ', $t->getMessage(), "\n";
    }
}
sel('plain', [$a]);
$x = $a;
$ref = [&$x];
sel('reference elements', $ref);
sel('nested array', [[$a]]);
sel('duplicated', ['k1' => $a, 'k2' => $a, 5 => $a]);
sel('huge keys', [PHP_INT_MAX => $a, PHP_INT_MIN => $a, '99999999999999999999' => $a]);
sel('object', [new stdClass()]);
sel('string', ['abc']);
sel('int', [1, 2]);
sel('null elem', [null, $a]);
$ctx = stream_context_create();
sel('context resource', [$ctx]);
$fc = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$fa = stream_socket_accept($s, 1);
fclose($fc);
sel('closed peer (eof)', [$fa]);
$closed = stream_socket_server('tcp://127.0.0.1:0');
fclose($closed);
sel('closed stream', [$closed]);
sel('closed + live', [$closed, $a]);
sel('empty arrays', [], [], []);
sel('all null', null, null, null);
sel('negative sec', [$a], null, null, -1);
sel('negative usec', [$a], null, null, 0, -1);
sel('null sec with usec', [$a], null, null, null, 5);
sel('huge usec', [$a], null, null, 0, 5000000);
sel('float sec', [$a], null, null, 0.5);
sel('string sec', [$a], null, null, '1');
sel('write array', [], [$a, $c]);
sel('except oob', [], [], [$a]);
sel('server listening', [$s]);
sel('memory stream', [fopen('php://memory', 'r+')]);
sel('temp file', [tmpfile()]);
sel('user wrapper', [fopen('php://temp', 'r')]);
class W {
    public $context;
    static $inner;
    function stream_open($p, $m, $o, &$op) { return true; }
    function stream_cast($as) { $r = self::$inner; fclose($GLOBALS['victim']); return $r; }
    function stream_read($n) { return ''; }
    function stream_eof() { return true; }
}
stream_wrapper_register('sweepw', 'W');
W::$inner = $a;
$victim = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$vs = stream_socket_accept($s, 1);
$uw = fopen('sweepw://x', 'r');
sel('user wrapper closes another stream in cast', [$uw, $victim, $a]);
W::$inner = null;
$uw2 = fopen('sweepw://y', 'r');
$victim = $c;
sel('user wrapper cast returns null, closes client', [$uw2, $a]);
sel('after', [$a]);
