--TEST--
rsock: Rsock\stream_select() matches stream_select(); with rsock.replace_builtins=0 the built-in keeps its FD_SETSIZE ceiling
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (no FD_SETSIZE ceiling)');
if (!function_exists('posix_setrlimit')) die('skip posix required');
$hard = posix_getrlimit()['hard openfiles'];
if ($hard !== 'unlimited' && (int) $hard < 1200) die("skip hard RLIMIT_NOFILE $hard is below 1200");
?>
--INI--
rsock.replace_builtins=0
--FILE--
<?php
function chain(Throwable $e) {
    $out = [];
    for (; $e; $e = $e->getPrevious()) $out[] = get_class($e) . ': ' . $e->getMessage();
    return implode("\n  previous ", $out);
}
function show(...$v) { echo json_encode($v), "\n"; }

echo "-- reflection\n";
$native = new ReflectionFunction('stream_select');
$ours = new ReflectionFunction('Rsock\stream_select');
var_dump($native->getExtensionName(), $ours->getExtensionName());
foreach ($ours->getParameters() as $i => $p) {
    echo trim((string) $p), (trim((string) $p) === trim((string) $native->getParameters()[$i]) ? " same" : " DIFFERENT"), "\n";
}
var_dump($ours->getNumberOfParameters() === $native->getNumberOfParameters(),
    $ours->getNumberOfRequiredParameters() === $native->getNumberOfRequiredParameters(),
    (string) $ours->getReturnType() === (string) $native->getReturnType(),
    $ours->returnsReference() === $native->returnsReference());

echo "-- errors name the function\n";
$srv = stream_socket_server('tcp://127.0.0.1:0');
foreach ([
    fn() => Rsock\stream_select(),
    function () { $r = 1; $w = $x = null; return Rsock\stream_select($r, $w, $x, 0); },
    function () { $r = []; $w = $x = null; return Rsock\stream_select($r, $w, $x, 0); },
    function () use ($srv) { $r = [1, $srv]; $w = $x = null; return Rsock\stream_select($r, $w, $x, 0); },
    function () use ($srv) { $r = [$srv]; $w = $x = null; return Rsock\stream_select($r, $w, $x, -1); },
    function () use ($srv) { $r = [$srv]; $w = $x = null; return Rsock\stream_select($r, $w, $x, null, 1); },
] as $f) {
    try { var_dump($f()); } catch (Throwable $e) { echo chain($e), "\n"; }
}
$r = [$srv]; $w = $x = null;
var_dump(Rsock\stream_select(read: $r, write: $w, except: $x, seconds: 0, microseconds: 10));

echo "-- descriptors past 1023\n";
$limit = posix_getrlimit();
if ($limit['soft openfiles'] !== 'unlimited' && (int) $limit['soft openfiles'] < 1200) {
    posix_setrlimit(POSIX_RLIMIT_NOFILE, 1200, $limit['hard openfiles'] === 'unlimited' ? -1 : (int) $limit['hard openfiles']);
}
$filler = [];
for ($i = 0; $i < 1030; $i++) $filler[] = fopen('/dev/null', 'r');
$nserver = stream_socket_server('tcp://127.0.0.1:0');        // the built-in (not replaced)
$rserver = Rsock\stream_socket_server('tcp://127.0.0.1:0');  // rsock's
$nclient = stream_socket_client('tcp://' . stream_socket_get_name($nserver, false), $e, $s, 2);
$rclient = stream_socket_client('tcp://' . stream_socket_get_name($rserver, false), $e, $s, 2);
$nconn = stream_socket_accept($nserver, 2);
$rconn = stream_socket_accept($rserver, 2);
fwrite($nclient, "to native");
fwrite($rclient, "to rsock");
$set = ['nconn' => $nconn, 'rconn' => $rconn, 'nclient' => $nclient, 'rclient' => $rclient];

echo "built-in stream_select:\n";
$r = $set; $w = $set; $x = null;
var_dump(stream_select($r, $w, $x, 0), array_keys($r) === array_keys($set), array_keys($w) === array_keys($set));
echo "Rsock\\stream_select:\n";
$r = $set; $w = $set; $x = $set;
$n = Rsock\stream_select($r, $w, $x, 2);
if ($n !== 6) { $r = $set; $w = $set; $x = $set; $n = Rsock\stream_select($r, $w, $x, 2); }
show($n, array_keys($r), array_keys($w), array_keys($x));
var_dump(fread($nconn, 20), fread($rconn, 20));
$r = $set; $w = null; $x = null;
show(Rsock\stream_select($r, $w, $x, 0), $r);
?>
--EXPECTF--
-- reflection
string(8) "standard"
string(5) "rsock"
Parameter #0 [ <required> ?array &$read ] same
Parameter #1 [ <required> ?array &$write ] same
Parameter #2 [ <required> ?array &$except ] same
Parameter #3 [ <required> ?int $seconds ] same
Parameter #4 [ <optional> ?int $microseconds = null ] same
bool(true)
bool(true)
bool(true)
bool(true)
-- errors name the function
ArgumentCountError: Rsock\stream_select() expects at least 4 arguments, 0 given
TypeError: Rsock\stream_select(): Argument #1 ($read) must be of type ?array, int given
ValueError: No stream arrays were passed
TypeError: Rsock\stream_select(): supplied argument is not a valid stream resource
  previous TypeError: Rsock\stream_select(): supplied argument is not a valid stream resource
  previous TypeError: Rsock\stream_select(): supplied argument is not a valid stream resource
ValueError: Rsock\stream_select(): Argument #4 ($seconds) must be greater than or equal to 0
ValueError: Rsock\stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null
int(0)
-- descriptors past 1023
built-in stream_select:

Warning: stream_select(): You MUST recompile PHP with a larger value of FD_SETSIZE.
It is set to 1024, but you have descriptors numbered at least as high as %d.
 --enable-fd-setsize=%d is recommended, but you may want to set it
to equal the maximum number of open files supported by your system,
in order to avoid seeing this error again at a later date. in %s on line %d
bool(false)
bool(true)
bool(true)
Rsock\stream_select:
[6,["nconn","rconn"],["nconn","rconn","nclient","rclient"],[]]
string(9) "to native"
string(8) "to rsock"
[0,[]]
