--TEST--
stream_select(): streams with unread data in PHP's read buffer are returned at once, alone
--FILE--
<?php
class BufferedWrapper {
    public $context;
    private $data = "line 1\nline 2\nline 3\n";
    private $pos = 0;
    function stream_open($path, $mode, $options, &$opened) { return true; }
    function stream_read($n) { $r = substr($this->data, $this->pos, $n); $this->pos += strlen($r); return $r; }
    function stream_eof() { return $this->pos >= strlen($this->data); }
    function stream_cast($as) { return false; }
}
stream_wrapper_register('buffered', 'BufferedWrapper');

function show(...$v) { echo json_encode($v), "\n"; }
function wait_readable($s) { $r = [$s]; $w = $x = null; return stream_select($r, $w, $x, 2); }

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$c1 = stream_socket_client($addr, $e, $s, 2);
$a1 = stream_socket_accept($server, 2);
$c2 = stream_socket_client($addr, $e, $s, 2);
$a2 = stream_socket_accept($server, 2);
stream_set_timeout($a1, 2);
stream_set_timeout($a2, 2);

echo "-- one of two lines read: the rest is buffered\n";
fwrite($c1, "line1\nline2\n");
var_dump(wait_readable($a1), fgets($a1));
// a2 has data in the socket (not in PHP's buffer): not reported by the shortcut.
fwrite($c2, "k");
var_dump(wait_readable($a2));
$r = ['x' => $a1, 'y' => $a2]; $w = [$a2, $c1]; $x = [$a1, $a2];
$t = microtime(true);
show(stream_select($r, $w, $x, 5), array_keys($r), $w, $x);
var_dump(microtime(true) - $t < 1);

echo "-- null write/except stay null; null seconds returns at once\n";
$r = [$a2, $a1]; $w = null; $x = null;
show(stream_select($r, $w, $x, null), array_keys($r), $w, $x);

echo "-- the same buffered stream twice counts twice\n";
$r = [1 => $a1, 'again' => $a1, 2 => $a2]; $w = [$a2]; $x = null;
show(stream_select($r, $w, $x, 0), array_keys($r), $w);

echo "-- buffered stream only in write/except: normal select\n";
$r = [$c1]; $w = ['b' => $a1]; $x = ['b' => $a1];
show(stream_select($r, $w, $x, 0), $r, array_keys($w), $x);

echo "-- buffer consumed: no longer ready\n";
var_dump(fgets($a1));
$r = [$a1]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0), $r);
var_dump(fread($a2, 10));

echo "-- partial fread leaves the rest buffered\n";
fwrite($c1, "hello");
var_dump(wait_readable($a1), fread($a1, 2));
$r = [$a1]; $w = null; $x = null;
var_dump(stream_select($r, $w, $x, 0), fread($a1, 3));
$r = [$a1]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0));

echo "-- 200 KB read in small pieces: readable until all is consumed\n";
$block = str_repeat('abcdefghij', 20000);
stream_set_blocking($c1, false);
$sent = 0; $got = ''; $selects = 0; $t = microtime(true);
while (strlen($got) < strlen($block) && microtime(true) - $t < 5) {
    if ($sent < strlen($block)) $sent += (int) fwrite($c1, substr($block, $sent));
    $r = [$a1]; $w = $x = null;
    if (stream_select($r, $w, $x, 2) !== 1) { echo "not readable at ", strlen($got), "\n"; break; }
    $selects++;
    $got .= fread($a1, 1000);
}
var_dump(strlen($got), $got === $block, $selects >= 200);
$r = [$a1]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 0));

echo "-- user-space stream with buffered data next to a socket\n";
$u = fopen('buffered://x', 'r');
var_dump(fgets($u));
$r = ['u' => $u, 's' => $a2]; $w = [$a2]; $x = [$a2];
show(stream_select($r, $w, $x, 0), array_keys($r), $w, $x);
echo "-- user-space stream alone\n";
$r = ['u' => $u]; $w = $x = null;
try { stream_select($r, $w, $x, 0); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
?>
--EXPECTF--
-- one of two lines read: the rest is buffered
int(1)
string(6) "line1
"
int(1)
[1,["x"],[],[]]
bool(true)
-- null write/except stay null; null seconds returns at once
[1,[1],null,null]
-- the same buffered stream twice counts twice
[2,[1,"again"],[]]
-- buffered stream only in write/except: normal select
[1,[],["b"],[]]
-- buffer consumed: no longer ready
string(6) "line2
"
int(0)
array(0) {
}
string(1) "k"
-- partial fread leaves the rest buffered
int(1)
string(2) "he"
int(1)
string(3) "llo"
int(0)
-- 200 KB read in small pieces: readable until all is consumed
int(200000)
bool(true)
bool(true)
int(0)
-- user-space stream with buffered data next to a socket
string(7) "line 1
"

Warning: stream_select(): Cannot represent a stream of type user-space as a select()able descriptor in %s on line %d
[1,["u"],[],[]]
-- user-space stream alone

Warning: stream_select(): Cannot represent a stream of type user-space as a select()able descriptor in %s on line %d
No stream arrays were passed
