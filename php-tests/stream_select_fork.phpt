--TEST--
stream_select(): a forked child selects on inherited streams; the parent's selects stay correct
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl required'); ?>
--FILE--
<?php
function sel(array $r, ?array $w = null, $timeout = 0) {
    $x = null;
    $n = stream_select($r, $w, $x, $timeout);
    return json_encode([$n, array_keys($r), $w === null ? null : array_keys($w)]);
}
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$ca = stream_socket_client($addr, $e, $s, 2); $a = stream_socket_accept($server, 2);
$cb = stream_socket_client($addr, $e, $s, 2); $b = stream_socket_accept($server, 2);
$cc = stream_socket_client($addr, $e, $s, 2); $c = stream_socket_accept($server, 2);
foreach ([$a, $b, $c, $ca, $cb, $cc] as $s) stream_set_timeout($s, 2);

echo "-- parent, before the fork\n";
fwrite($ca, "1");
echo sel(['a' => $a, 'b' => $b, 'c' => $c, 'srv' => $server], null, 2), "\n";
echo sel(['a' => $a, 'b' => $b], ['c' => $c]), "\n";
var_dump(fread($a, 10));
// The parent's last call before the fork; repeated as is after the child.
echo sel(['a' => $a, 'b' => $b, 'c' => $c]), "\n";

[$toParent, $toChild] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    // Child: select on inherited streams (different sets than the parent's),
    // close some of them, report everything to the parent, exit.
    fclose($toChild);
    $out = [];
    // First select of the child: only a native stream (nothing of rsock's).
    $out[] = sel(['pair' => $toParent, 'client' => $ca], null, 0);
    $out[] = sel(['b' => $b], null, 0);
    fwrite($cb, "2");
    $out[] = sel(['b' => $b], null, 2);
    $out[] = sel(['b' => $b, 'c' => $c], ['a' => $a], 0);
    $out[] = fread($b, 10);
    $out[] = sel(['b' => $b], null, 0);
    $out[] = sel(['pair' => $toParent], null, 0);
    fclose($a);
    fclose($c);
    $cd = stream_socket_client($addr, $e, $s, 2);
    $d = stream_socket_accept($server, 2);
    fwrite($cd, "child's own");
    $out[] = sel(['d' => $d, 'b' => $b], null, 2);
    $out[] = fread($d, 20);
    fwrite($toParent, implode("\n", $out) . "\n");
    exit(0);
}
fclose($toParent);
stream_set_timeout($toChild, 5);
echo "-- child\n";
echo stream_get_contents($toChild);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wifexited($status), pcntl_wexitstatus($status));

echo "-- parent, after the child exited\n";
// The very same sets as the parent's last call before the fork.
fwrite($cb, "after");
echo sel(['a' => $a, 'b' => $b, 'c' => $c], null, 2), "\n";
var_dump(fread($b, 10));
// The child's fclose() of a and c did not close them here.
echo sel(['a' => $a, 'b' => $b, 'c' => $c, 'srv' => $server], ['a' => $a, 'c' => $c]), "\n";
fwrite($ca, "x");
echo sel(['a' => $a, 'b' => $b, 'c' => $c], null, 2), "\n";
fwrite($cc, "y");
$r = [$c]; $w = $x = null; stream_select($r, $w, $x, 2);
echo sel(['a' => $a, 'b' => $b, 'c' => $c], null, 2), "\n";
var_dump(fread($a, 10), fread($c, 10));
echo sel(['a' => $a, 'b' => $b, 'c' => $c], null, 0), "\n";
fwrite($cb, "z");
echo sel(['a' => $a, 'b' => $b, 'c' => $c], null, 2), "\n";
var_dump(fread($b, 10));
fwrite($a, "back");
var_dump(fread($ca, 10));
// A fresh connection in the parent.
$ce = stream_socket_client($addr, $e, $s, 2);
echo sel(['srv' => $server], null, 2), "\n";
$ee = stream_socket_accept($server, 2);
echo sel(['e' => $ee, 'a' => $a], null, 0), "\n";
fwrite($ce, "e");
echo sel(['e' => $ee, 'a' => $a], null, 2), "\n";
?>
--EXPECT--
-- parent, before the fork
[1,["a"],null]
[2,["a"],["c"]]
string(1) "1"
[0,[],null]
-- child
[0,[],null]
[0,[],null]
[1,["b"],null]
[2,["b"],["a"]]
2
[0,[],null]
[0,[],null]
[1,["d"],null]
child's own
bool(true)
int(0)
-- parent, after the child exited
[1,["b"],null]
string(5) "after"
[2,[],["a","c"]]
[1,["a"],null]
[2,["a","c"],null]
string(1) "x"
string(1) "y"
[0,[],null]
[1,["b"],null]
string(1) "z"
string(4) "back"
[1,["srv"],null]
[0,[],null]
[1,["e"],null]
