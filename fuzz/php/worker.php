<?php
// Fork server for the rsock PHP API fuzzer, started by run.php (once per side and job).
// It loads the generator once, then forks one child per seed; the child runs the seed with its
// stdout/stderr redirected to a scratch file and an alarm; the parent waits (SIGCHLD with a
// deadline, SIGKILL past it), classifies the outcome and prints one JSON line per seed.
//
//   php [ini flags] worker.php --run RUNDIR --wdir WDIR --seeds FROM:TO:STEP [--timeout 3]
//   php [ini flags] worker.php --run RUNDIR --wdir WDIR --replay SEED --script FILE [--timeout 3]

declare(strict_types=0);

require __DIR__ . '/lib.php';

$o = getopt('', ['run:', 'wdir:', 'seeds:', 'timeout:', 'replay:', 'script:']);
$run = $o['run'];
$wdir = $o['wdir'];
$timeout = (float)($o['timeout'] ?? 3);
@mkdir($wdir, 0700, true);
$env = fz_make_env($run);
$env['wdir'] = $wdir;
$outFile = "$wdir.out";

const PANIC_RE = '/panicked at|rsock: internal error|RUST_BACKTRACE|^thread \'|stack backtrace:|fatal runtime error/m';

function classify(bool $hang, int $st, string $out): array
{
    if ($hang) { return ['hang', 0, 0]; }
    if (preg_match(PANIC_RE, $out)) {
        return ['panic', pcntl_wifsignaled($st) ? pcntl_wtermsig($st) : 0, pcntl_wifexited($st) ? pcntl_wexitstatus($st) : 0];
    }
    if (pcntl_wifsignaled($st)) {
        $sig = pcntl_wtermsig($st);
        return [$sig === SIGALRM ? 'hang' : 'crash', $sig, 0];
    }
    $code = pcntl_wexitstatus($st);
    if ($code === 0) { return ['ok', 0, 0]; }
    // PHP's hard memory limit (e.g. fread($s, PHP_INT_MAX)) exits 137; its message can get lost
    if ($code === 137) { return ['fatal', 0, 137]; }
    if (preg_match('/Fatal error|Allowed memory size|Hard memory limit|Out of memory/', $out)) { return ['fatal', 0, $code]; }
    return ['exit', 0, $code];
}

function normalize(string $out, string $wdir, string $run): string
{
    $out = str_replace([$wdir, $run], ['WDIR', 'RUN'], $out);
    return preg_replace('/\d+/', 'N', $out);
}

function run_seed(int $seed, array $env, string $wdir, string $outFile, float $timeout, ?string $script): array
{
    // fresh scratch directory: leftover unix socket files must not change the next seed
    fz_rmtree($wdir);
    @mkdir($wdir, 0700);
    file_put_contents($outFile, '');
    $t0 = hrtime(true);
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_sigprocmask(SIG_UNBLOCK, [SIGCHLD]);
        fclose(STDOUT);
        fclose(STDERR);
        $GLOBALS['fz_o1'] = fopen($outFile, 'a'); // fd 1
        $GLOBALS['fz_o2'] = fopen($outFile, 'a'); // fd 2
        pcntl_alarm((int)ceil($timeout));
        chdir($wdir);
        fz_run($seed, $env, $script);
        exit(0);
    }
    if ($pid < 0) { fwrite(STDERR, "fork failed\n"); exit(2); }
    $deadline = $t0 + (int)(($timeout + 1.5) * 1e9);
    $hang = false;
    $st = 0;
    while (true) {
        $r = pcntl_waitpid($pid, $st, WNOHANG);
        if ($r === $pid) { break; }
        $left = $deadline - hrtime(true);
        if ($left <= 0) {
            posix_kill($pid, SIGKILL);
            pcntl_waitpid($pid, $st);
            $hang = true;
            break;
        }
        $left = min($left, 100_000_000);
        pcntl_sigtimedwait([SIGCHLD], $info, intdiv($left, 1_000_000_000), $left % 1_000_000_000);
    }
    $ms = (hrtime(true) - $t0) / 1e6;
    $out = (string)@file_get_contents($outFile);
    [$status, $sig, $code] = classify($hang, $st, $out);
    return ['seed' => $seed, 'st' => $status, 'sig' => $sig, 'code' => $code, 'ms' => round($ms, 1),
        'h' => substr(md5(normalize($out, $wdir, $env['dir'])), 0, 12),
        'tail' => $status === 'ok' || $status === 'fatal' ? '' : substr($out, -1500), 'out' => $out];
}

pcntl_sigprocmask(SIG_BLOCK, [SIGCHLD]);

if (isset($o['replay'])) {
    $seed = (int)$o['replay'];
    $script = $o['script'];
    $lib = __DIR__ . '/lib.php';
    file_put_contents($script, "<?php\n// rsock fuzz reproducer, seed $seed: php [-d extension=librsock.so] THIS_FILE\n"
        . "require " . var_export($lib, true) . ";\n"
        . "\$run = sys_get_temp_dir() . '/rsfz-replay';\n\$E = fz_make_env(\$run);\n"
        . "\$dir = \"\$run/w\"; fz_rmtree(\$dir); @mkdir(\$dir, 0700, true); chdir(\$dir);\n"
        . "ini_set('default_socket_timeout', '1');\n"
        . "fz(new Fz(\$E + ['wdir' => \$dir], false));\n\$r = &fz()->r;\n\$errno = \$errstr = null;\n");
    // the child appends the calls to $script as it makes them (so a crash still leaves them)
    $res = run_seed($seed, $env, $wdir, $outFile, $timeout, $script);
    echo json_encode(array_diff_key($res, ['out' => 1, 'tail' => 1])), "\n";
    echo "----- output -----\n", $res['out'];
    fz_rmtree($wdir);
    @unlink($outFile);
    exit(0);
}

[$from, $to, $step] = array_map('intval', explode(':', $o['seeds']) + [2 => 1]);
for ($s = $from; $s <= $to; $s += max(1, $step)) {
    $res = run_seed($s, $env, $wdir, $outFile, $timeout, null);
    unset($res['out']);
    echo json_encode($res, JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}
fz_rmtree($wdir);
@unlink($outFile);
