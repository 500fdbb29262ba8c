<?php
// fork, proc_open, signals, shutdown functions, destructors
require __DIR__ . '/common.inc';
$s = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($s, false);
h('fork: both processes accept');
$pid = pcntl_fork();
if ($pid === 0) {
    ini_set('display_errors', '0');
    $c = stream_socket_accept($s, 3);
    if ($c) { fwrite($c, "child\n"); fclose($c); }
    posix_kill(posix_getpid(), SIGKILL);
}
$got = [];
for ($i = 0; $i < 2; $i++) {
    $cl = stream_socket_client("tcp://$addr");
    stream_set_timeout($cl, 3);
    if ($i === 1) { $p = stream_socket_accept($s, 3); fwrite($p, "parent\n"); fclose($p); }
    $got[] = trim((string) fgets($cl));
}
sort($got);
show('got', $got);
pcntl_waitpid($pid, $st);
h('proc_open passes server');
$code = '$s = fopen("php://fd/3", "r+"); var_dump(is_resource($s)); $c = stream_socket_accept($s, 3); var_dump(is_resource($c)); fwrite($c, "from child\n");';
$p = proc_open([PHP_BINARY, '-n', '-r', $code], [1 => ['pipe', 'w'], 2 => ['pipe', 'w'], 3 => $s], $pipes);
$cl = stream_socket_client("tcp://$addr");
stream_set_timeout($cl, 3);
show('client read', fgets($cl));
show('child stdout', stream_get_contents($pipes[1]));
show('child stderr', stream_get_contents($pipes[2]));
proc_close($p);
h('proc_open without descriptor: is the listener inherited?');
$p = proc_open([PHP_BINARY, '-n', '-r', 'echo count(glob("/proc/self/fd/*"));'], [1 => ['pipe', 'w']], $pipes);
$n = (int) stream_get_contents($pipes[1]);
proc_close($p);
show('child fd count >= 5', $n >= 5);
h('signal during blocking accept');
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () { echo "ALRM\n"; });
pcntl_alarm(1);
$t = microtime(true);
$r = stream_socket_accept($s, 2);
show('accept', $r, round(microtime(true) - $t) >= 1);
h('signal during blocking read');
$cl = stream_socket_client("tcp://$addr");
$a = stream_socket_accept($s, 1);
stream_set_timeout($a, 2);
pcntl_alarm(1);
$t = microtime(true);
show('read', fread($a, 10), stream_get_meta_data($a)['timed_out']);
h('signal during select');
pcntl_alarm(1);
$rd = [$a]; $wr = null; $ex = null;
$t = microtime(true);
show('select', stream_select($rd, $wr, $ex, 2), count($rd));
h('signal handler throws during select');
pcntl_signal(SIGALRM, function () { throw new RuntimeException('from handler'); });
pcntl_alarm(1);
try { $rd = [$a]; stream_select($rd, $wr, $ex, 2); echo "no exception\n"; } catch (RuntimeException $e) { echo 'caught ', $e->getMessage(), "\n"; }
pcntl_signal(SIGALRM, SIG_DFL);
h('destructor closes socket');
class Holder { public $s; function __destruct() { echo "destruct: "; var_dump(fclose($this->s)); } }
$h = new Holder(); $h->s = stream_socket_server('tcp://127.0.0.1:0');
unset($h);
h('shutdown function uses sockets');
$keep = stream_socket_server('tcp://127.0.0.1:0');
$kc = stream_socket_client('tcp://' . stream_socket_get_name($keep, false));
$ka = stream_socket_accept($keep, 1);
register_shutdown_function(function () use ($keep, $kc, $ka) {
    echo "shutdown: ";
    var_dump(fwrite($kc, "bye"), fread($ka, 3), stream_socket_get_name($keep, false) !== false, is_resource(@stream_socket_accept($keep, 0)));
    $r = [$ka]; $w = $e = null;
    var_dump(stream_select($r, $w, $e, 0));
});
$GLOBALS['leak'] = [stream_socket_server('tcp://127.0.0.1:0'), stream_socket_server('udp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND), stream_socket_server('unix://' . T() . '/leak.sock')];
echo "end of script\n";
