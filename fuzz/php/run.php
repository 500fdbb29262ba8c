<?php
// rsock PHP API fuzzer driver: runs seeds FROM..TO on native PHP and with rsock loaded
// (same seeds, same generator), in parallel fork-server workers, and compares the outcomes.
// See README.md. Exit status: 0 clean, 1 rsock crash/panic or rsock-only hang, 2 usage/setup error.

declare(strict_types=1);

const USAGE = <<<'TXT'
usage: php fuzz/php/run.php [options]
  --seeds A..B     seed range (default 1..1000); or --from A --to B
  --quick          fixed quick run: seeds 1..300 (for make test)
  --jobs N         worker processes in total, split between the sides (default 8; they mostly
                   sleep in socket timeouts, so more than the cores is fine)
  --ext PATH       rsock extension (default target/release/librsock.so of this repo)
  --php PATH       PHP binary (default: the one running this script)
  --timeout S      per-seed alarm in seconds; past it (+1.5 s) the child is SIGKILLed: a hang (default 3)
  --side S         both (default), native or rsock
  --log FILE       write every seed's result as a JSON line
  --diff           also list seeds whose (number-normalised) output differs between the sides
  --replay SEED    run one seed (on --side, default both) and print a reproducer script + its output
  --keep           keep the temporary directory
TXT;

$opt = getopt('', ['seeds:', 'from:', 'to:', 'quick', 'jobs:', 'ext:', 'php:', 'timeout:', 'side:', 'log:',
    'diff', 'replay:', 'keep', 'help']);
if (isset($opt['help'])) { echo USAGE, "\n"; exit(0); }

$root = dirname(__DIR__, 2);
$php = $opt['php'] ?? PHP_BINARY;
$ext = $opt['ext'] ?? "$root/target/release/librsock.so";
$timeout = (float)($opt['timeout'] ?? 3);
$jobs = max(1, (int)($opt['jobs'] ?? 8));
$side = $opt['side'] ?? 'both';
[$from, $to] = [1, 1000];
if (isset($opt['quick'])) { [$from, $to] = [1, 300]; }
if (isset($opt['seeds'])) {
    if (!preg_match('/^(\d+)(?:\.\.|-|:)(\d+)$/', $opt['seeds'], $m)) { fwrite(STDERR, USAGE . "\n"); exit(2); }
    [$from, $to] = [(int)$m[1], (int)$m[2]];
}
if (isset($opt['from'])) { $from = (int)$opt['from']; }
if (isset($opt['to'])) { $to = (int)$opt['to']; }
$sides = $side === 'both' ? ['native', 'rsock'] : [$side];
foreach ($sides as $s) {
    if (!in_array($s, ['native', 'rsock'], true)) { fwrite(STDERR, "bad --side $s\n"); exit(2); }
}
if (in_array('rsock', $sides, true) && !is_file($ext)) { fwrite(STDERR, "rsock extension not found: $ext (--ext)\n"); exit(2); }

/** the PHP command line of a side: no php.ini, only the extensions the fuzzer needs */
function php_cmd(string $php, string $side, string $ext): array
{
    $c = [$php, '-n'];
    // openssl and pcntl are built in on Debian; sockets and posix are shared modules
    foreach (['sockets', 'posix', 'pcntl', 'openssl'] as $m) {
        if (!extension_loaded_in($php, $m)) { array_push($c, '-d', "extension=$m"); }
    }
    foreach (['display_errors=1', 'display_startup_errors=1', 'error_reporting=-1', 'html_errors=0', 'log_errors=0',
        'memory_limit=512M', 'default_socket_timeout=1', 'zend.assertions=1'] as $d) {
        array_push($c, '-d', $d);
    }
    if ($side === 'rsock') { array_push($c, '-d', "extension=$ext"); }
    return $c;
}

function extension_loaded_in(string $php, string $m): bool
{
    static $cache = [];
    if (!isset($cache[$php])) {
        $cache[$php] = array_map('strtolower', explode("\n", (string)shell_exec(escapeshellarg($php) . ' -n -m 2>/dev/null')));
    }
    return in_array($m, $cache[$php], true);
}

$run = sys_get_temp_dir() . '/rsfz.' . getmypid() . '.' . bin2hex(random_bytes(3));
mkdir($run, 0700);
$cleanup = function () use ($run, $opt) {
    if (!isset($opt['keep'])) { require_once __DIR__ . '/lib.php'; fz_rmtree($run); }
    else { fwrite(STDERR, "kept $run\n"); }
};

// ---------------------------------------------------------------- replay
if (isset($opt['replay'])) {
    $seed = (int)$opt['replay'];
    foreach ($sides as $s) {
        $script = "$run/seed$seed-$s.php";
        $cmd = array_merge(php_cmd($php, $s, $ext), [__DIR__ . '/worker.php', '--run', $run, '--wdir', "$run/{$s[0]}0",
            '--replay', (string)$seed, '--script', $script, '--timeout', (string)$timeout]);
        $res = shell_exec(implode(' ', array_map('escapeshellarg', $cmd)) . ' </dev/null 2>&1');
        echo "===== seed $seed on $s: ", implode(' ', array_map('escapeshellarg', php_cmd($php, $s, $ext))), " SCRIPT\n";
        echo "----- reproducer -----\n", @file_get_contents($script), "\n";
        echo "----- result -----\n", $res, "\n";
    }
    $cleanup();
    exit(0);
}

// ---------------------------------------------------------------- workers
// the certificates are made once per run, before any worker reads them
require_once __DIR__ . '/lib.php';
fz_make_env($run);
$per = count($sides) === 2 ? max(1, intdiv($jobs, 2)) : $jobs;
$workers = [];
foreach ($sides as $s) {
    for ($k = 0; $k < $per; $k++) {
        if ($from + $k > $to) { break; }
        $cmd = array_merge(php_cmd($php, $s, $ext), [__DIR__ . '/worker.php', '--run', $run, '--wdir', "$run/{$s[0]}$k",
            '--seeds', ($from + $k) . ":$to:$per", '--timeout', (string)$timeout]);
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if (!$p) { fwrite(STDERR, "cannot start worker\n"); exit(2); }
        stream_set_blocking($pipes[1], false);
        stream_set_blocking($pipes[2], false);
        $workers[] = ['side' => $s, 'p' => $p, 'out' => $pipes[1], 'err' => $pipes[2], 'buf' => '', 'errbuf' => ''];
    }
}

$total = ($to - $from + 1);
$res = ['native' => [], 'rsock' => []];
$log = isset($opt['log']) ? fopen($opt['log'], 'w') : null;
$t0 = microtime(true);
$lastProgress = $t0;
fwrite(STDERR, sprintf("rsock fuzz: seeds %d..%d, %d worker(s) per side, timeout %.1fs, sides %s, tmp %s\n",
    $from, $to, $per, $timeout, implode('+', $sides), $run));

$open = count($workers);
while ($open > 0) {
    $rd = [];
    foreach ($workers as $w) {
        if ($w['out']) { $rd[] = $w['out']; }
        if ($w['err']) { $rd[] = $w['err']; }
    }
    $wr = $ex = null;
    @stream_select($rd, $wr, $ex, 1);
    foreach ($workers as &$w) {
        foreach (['out' => 'buf', 'err' => 'errbuf'] as $pk => $bk) {
            if (!$w[$pk]) { continue; }
            $chunk = fread($w[$pk], 1 << 16);
            if ($chunk !== false && $chunk !== '') { $w[$bk] .= $chunk; }
            if (feof($w[$pk])) { fclose($w[$pk]); $w[$pk] = null; if ($pk === 'out') { $open--; } }
        }
        while (($nl = strpos($w['buf'], "\n")) !== false) {
            $line = substr($w['buf'], 0, $nl);
            $w['buf'] = substr($w['buf'], $nl + 1);
            $j = json_decode($line, true);
            if (!is_array($j)) { fwrite(STDERR, "[{$w['side']}] $line\n"); continue; }
            $res[$w['side']][$j['seed']] = $j;
            if ($log) { fwrite($log, json_encode(['side' => $w['side']] + $j) . "\n"); }
            if (in_array($j['st'], ['crash', 'panic'], true) || ($j['st'] === 'hang' && $w['side'] === 'rsock')) {
                fwrite(STDERR, "[{$w['side']}] seed {$j['seed']}: {$j['st']}" . ($j['sig'] ? " (signal {$j['sig']})" : '') . "\n");
            }
        }
    }
    unset($w);
    if (microtime(true) - $lastProgress >= 15) {
        $lastProgress = microtime(true);
        $el = $lastProgress - $t0;
        $msg = [];
        foreach ($sides as $s) { $msg[] = sprintf('%s %d/%d (%.1f/s)', $s, count($res[$s]), $total, count($res[$s]) / $el); }
        fwrite(STDERR, sprintf("  %4.0fs  %s\n", $el, implode('  ', $msg)));
    }
}
foreach ($workers as $w) {
    $rc = proc_close($w['p']);
    if ($rc !== 0 || trim($w['errbuf']) !== '') {
        fwrite(STDERR, "[{$w['side']}] worker exit $rc: " . substr($w['errbuf'], -2000) . "\n");
    }
}
$elapsed = microtime(true) - $t0;
$cleanup();

// ---------------------------------------------------------------- summary
$bad = false;
echo "\n== rsock PHP API fuzz: seeds $from..$to, " . round($elapsed, 1) . " s wall\n";
foreach ($sides as $s) {
    $c = ['ok' => 0, 'fatal' => 0, 'exit' => 0, 'crash' => 0, 'panic' => 0, 'hang' => 0];
    $ms = 0.0;
    foreach ($res[$s] as $j) { $c[$j['st']] = ($c[$j['st']] ?? 0) + 1; $ms += $j['ms']; }
    $n = count($res[$s]);
    printf("%-6s  %6d seeds  %6.1f seeds/s (%d workers)  mean %.0f ms  ok %d  php-fatal %d  other-exit %d  crash %d  panic %d  hang %d\n",
        $s, $n, $n / max($elapsed, 1e-9), $per, $n ? $ms / $n : 0, $c['ok'], $c['fatal'], $c['exit'], $c['crash'], $c['panic'], $c['hang']);
    if ($n !== $total) { echo "  WARNING: $s ran $n of $total seeds\n"; $bad = true; }
}

$show = function (string $title, array $list) {
    if (!$list) { return; }
    echo "$title (" . count($list) . "):\n";
    foreach (array_slice($list, 0, 60) as $line) { echo "  $line\n"; }
    if (count($list) > 60) { echo "  ...\n"; }
};
// an rsock-only hang may be a sum of legitimate timeouts just past the alarm: run it again on
// both sides with 4x the time; if rsock then finishes it is reported as slow, not as a hang
$recheck = function (string $s, int $seed) use ($php, $ext, $run, $timeout): array {
    $cmd = array_merge(php_cmd($php, $s, $ext), [__DIR__ . '/worker.php', '--run', $run, '--wdir', "$run/x{$s[0]}",
        '--seeds', "$seed:$seed:1", '--timeout', (string)($timeout * 4)]);
    $j = json_decode((string)shell_exec(implode(' ', array_map('escapeshellarg', $cmd)) . ' </dev/null 2>/dev/null'), true);
    return is_array($j) ? $j : ['st' => '?', 'ms' => 0];
};
// The calls a side made on a seed, in order (`#N name`), from a replay of it.
$ops = function (string $s, int $seed) use ($php, $ext, $run, $timeout): array {
    $script = "$run/ops-$s-$seed.php";
    $cmd = array_merge(php_cmd($php, $s, $ext), [__DIR__ . '/worker.php', '--run', $run, '--wdir', "$run/o{$s[0]}",
        '--replay', (string)$seed, '--script', $script, '--timeout', (string)$timeout]);
    $out = (string)shell_exec(implode(' ', array_map('escapeshellarg', $cmd)) . ' </dev/null 2>/dev/null');
    @unlink($script);
    // One entry per call: its name and what it gave (`-> false`, `-> resource(stream)`,
    // `throws TypeError`), digits dropped: a call that gave something else on the other
    // side sends the generator down another path.
    $calls = preg_split('/^#(?=\d+ )/m', (string)strstr($out, '----- output -----'));
    array_shift($calls);
    return array_map(function (string $c): string {
        preg_match('/^\d+ (\S+)/', $c, $name);
        preg_match_all('/(?:-> |throws )(\S+)/', $c, $got);
        return ($name[1] ?? '?') . ' ' . preg_replace('/\d+/', '', (string)end($got[1]));
    }, $calls);
};
$slow = [];
$diverged = [];
if (count($sides) === 2) {
    @mkdir($run, 0700);
    fz_make_env($run);
    foreach ($res['rsock'] as $seed => $j) {
        if ($j['st'] !== 'hang' || ($res['native'][$seed]['st'] ?? '') === 'hang') { continue; }
        $r2 = $recheck('rsock', $seed);
        $n2 = $recheck('native', $seed);
        if ($r2['st'] !== 'hang') {
            $slow[] = "seed $seed: rsock {$r2['st']} in {$r2['ms']} ms with a " . ($timeout * 4) . " s alarm; native {$n2['st']} in {$n2['ms']} ms";
            $res['rsock'][$seed]['st'] = 'slow';
            continue;
        }
        // The generator follows results: after a documented difference (e.g. a TLS server
        // refused at creation) the two sides make different calls. A hang in a call native
        // never made is not an rsock-only hang of that call.
        $ro = $ops('rsock', $seed);
        $no = $ops('native', $seed);
        // The last call is the one that hangs: compare the ones before it, then its name.
        $hung = count($ro) - 1;
        $name = fn (?string $c) => $c === null ? null : strtok($c, ' ');
        for ($i = 0; $i < $hung && ($no[$i] ?? null) === $ro[$i]; $i++);
        if ($i === $hung && $name($no[$i] ?? null) === $name($ro[$i] ?? null)) {
            $i++;
        }
        if ($hung >= 0 && $i <= $hung) {
            $diverged[] = "seed $seed: call #$i differs (rsock " . ($ro[$i] ?? '-') . ', native ' . ($no[$i] ?? '-')
                . "), so rsock then hangs in call #$hung ({$ro[$hung]}) on another path";
            $res['rsock'][$seed]['st'] = 'diverged';
        }
    }
    $cleanup();
}
if (in_array('rsock', $sides, true)) {
    $only = [];
    $both = [];
    foreach ($res['rsock'] as $seed => $j) {
        if (!in_array($j['st'], ['crash', 'panic', 'hang'], true)) { continue; }
        $nat = $res['native'][$seed]['st'] ?? '-';
        $line = "seed $seed: rsock {$j['st']}" . ($j['sig'] ? " (signal {$j['sig']})" : '') . ", native $nat";
        if ($j['st'] === 'hang' && $nat === 'hang') { $both[] = $line; continue; }
        if ($j['st'] !== 'hang' || $nat !== 'hang') { $bad = true; }
        $only[] = $line;
        if ($j['st'] !== 'hang') {
            $tail = trim(substr($j['tail'], -600));
            $line .= "\n      " . str_replace("\n", "\n      ", $tail);
        }
    }
    $show('rsock crash/panic/hang (not matched by native)', $only);
    $show('hang on both sides (generator-made hangs)', $both);
    $show('rsock-only hang at the alarm that finishes with more time (slow, not a failure)', $slow);
    $show('rsock-only hang after the sides took different calls (not a failure; replay to check)', $diverged);
}
if (in_array('native', $sides, true)) {
    $nl = [];
    foreach ($res['native'] as $seed => $j) {
        if (in_array($j['st'], ['crash', 'panic', 'hang'], true) && isset($res['rsock'][$seed]) && $res['rsock'][$seed]['st'] !== $j['st']) {
            $nl[] = "seed $seed: native {$j['st']}, rsock " . ($res['rsock'][$seed]['st'] ?? '-');
        }
    }
    $show('native-only crash/hang (PHP itself; for information)', $nl);
}
if (count($sides) === 2) {
    $st = [];
    $out = [];
    foreach ($res['rsock'] as $seed => $j) {
        $n = $res['native'][$seed] ?? null;
        if (!$n) { continue; }
        if ($n['st'] !== $j['st'] && !in_array($j['st'], ['crash', 'panic', 'hang', 'slow', 'diverged'], true) && !in_array($n['st'], ['hang'], true)) {
            $st[] = "seed $seed: native {$n['st']}, rsock {$j['st']}";
        }
        if ($n['h'] !== $j['h']) { $out[] = $seed; }
    }
    $show('other status differences', $st);
    echo 'output differs (number-normalised) on ' . count($out) . " seed(s)\n";
    if (isset($opt['diff']) && $out) { echo '  ' . implode(' ', array_slice($out, 0, 300)) . "\n"; }
}
echo $bad ? "RESULT: FAIL\n" : "RESULT: ok\n";
exit($bad ? 1 : 0);
