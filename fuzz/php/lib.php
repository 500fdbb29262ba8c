<?php
// rsock PHP API fuzzer: the generator/executor of one seed, shared by worker.php and the
// reproducer scripts that `run.php --replay` prints. Everything here is deterministic for a
// given seed: mt_srand($seed) and every random draw is independent of run-time results
// (handles live in numbered slots; a failed call still takes its slot), so the same seed
// issues the same calls on native PHP and on rsock as long as the call counts agree.
//
// Loopback only: inet hosts are 127.0.0.0/8, ::1, localhost or strings that cannot resolve
// (invalid characters, a 64-character label); unix/udg paths live under the per-worker
// directory ($FZ->dir) or are abstract names.

declare(strict_types=0);

final class FzStr
{
    public function __construct(public string $s) {}
    public function __toString(): string { return $this->s; }
}

final class FzThrowStr
{
    public function __toString(): string { throw new RuntimeException('FzThrowStr::__toString'); }
}

// __toString with a side effect: closes one fuzzer handle (re-entrancy during argument parsing)
final class FzSideStr
{
    public function __construct(public int $slot, public string $s) {}
    public function __toString(): string
    {
        $r = fz()->r[$this->slot] ?? null;
        if (is_resource($r)) { try { @fclose($r); } catch (Throwable) {} }
        return $this->s;
    }
}

// __destruct with a side effect: runs whenever the engine frees it (e.g. while stream_select
// rewrites the arrays it was given)
final class FzDtor
{
    public function __construct(public int $slot, public int $mode) {}
    public function __destruct()
    {
        $f = fz();
        if (!$f->alive) { return; }
        $r = $f->r[$this->slot] ?? null;
        if (!is_resource($r)) { return; }
        try {
            if ($this->mode === 0) { @fclose($r); }
            elseif ($this->mode === 1) { $a = [$r]; $w = null; $e = null; @stream_select($a, $w, $e, 0); }
            else { @fwrite($r, "dtor"); }
        } catch (Throwable) {}
    }
}

final class Fz
{
    /** @var array<int,mixed> handle slots: $r[N] in reproducers */
    public array $r = [];
    /** @var array<int,string> kind of each slot: srv conn cli ctx file pipe sock */
    public array $kind = [];
    /** @var array<int,string> address a server slot was created with */
    public array $saddr = [];
    public array $pending = [];      // server slot => true once a client connected to it
    public array $kids = [];         // forked client pids
    public bool $alive = true;
    public bool $replay = false;
    public array $code = [];         // reproducer lines (replay mode)
    public ?string $script = null;   // replay: file the reproducer lines are appended to
    public SplObjectStorage $objcode;
    public int $opn = 0;
    public int $chaos = 1;
    public mixed $cctx = null;       // the last client context (exported as $cctx)           // 0 calm (mostly valid arguments) .. 2 chaotic
    public string $dir;              // per-worker scratch directory (cwd of the child)
    public array $env;               // certificate paths etc.

    public function __construct(array $env, bool $replay)
    {
        $this->env = $env;
        $this->dir = $env['wdir'];
        $this->replay = $replay;
        $this->objcode = new SplObjectStorage();
    }
}

function fz(?Fz $set = null): Fz
{
    static $f = null;
    if ($set !== null) { $f = $set; }
    return $f;
}

// ---------------------------------------------------------------- random helpers

// always exactly one draw, so that a list whose length depends on run-time results does not
// shift the rest of the seed's random stream
function rnd(int $n): int { return mt_rand(0, max(0, $n - 1)); }
/** true most of the time in a calm seed, less often in a chaotic one (fz()->chaos 0..2) */
function sane(): bool { return mt_rand(0, 99) < [94, 75, 40][fz()->chaos]; }
function pct(int $p): bool { return mt_rand(0, 99) < $p; }
function pick(array $a): mixed { $i = rnd(count($a)); return $a ? $a[array_keys($a)[$i]] : null; }

/** weighted pick: [[weight, value], ...] */
function wpick(array $a): mixed
{
    $tot = 0;
    foreach ($a as [$w]) { $tot += $w; }
    $x = rnd($tot);
    foreach ($a as [$w, $v]) {
        if ($x < $w) { return $v; }
        $x -= $w;
    }
    return $a[0][1];
}

function rbytes(int $n): string
{
    $s = '';
    for ($i = 0; $i < $n; $i++) { $s .= chr(mt_rand(0, 255)); }
    // no ':' so that random bytes never form "host:port" (a host name would go to DNS)
    return strtr($s, ':', ';');
}

function reg_obj(object $o, string $code): object
{
    $f = fz();
    if ($f->replay) { $f->objcode[$o] = $code; }
    return $o;
}

// ---------------------------------------------------------------- garbage values

function g_str(): string
{
    $f = fz();
    $e = $f->env;
    switch (rnd(24)) {
        case 0: return '';
        case 1: return '0';
        case 2: return '1';
        case 3: return '-1';
        case 4: return 'yes';
        case 5: return "\0";
        case 6: return "abc\0def";
        case 7: return "\xff\xfe\xc3\x28\x80";
        case 8: return str_repeat('A', pick([255, 256, 1024, 4097, 65536]));
        case 9: return pct(10) ? str_repeat("\xff", 1 << 20) : str_repeat('x', 8192);
        case 10: return $e['cert'];
        case 11: return $e['key'];
        case 12: return $e['combined'];
        case 13: return $e['garbage'];
        case 14: return $e['empty'];
        case 15: return $f->dir;
        case 16: return '/nonexistent/zz.pem';
        case 17: return $e['cert'] . "\0x";
        case 18: return '1.5';
        case 19: return ' 12 ';
        case 20: return '0x1F';
        case 21: return '9999999999999999999999';
        case 22: return rbytes(rnd(40));
        default: return 'h2,http/1.1';
    }
}

function g_int(): int
{
    return pick([0, 1, -1, 2, 3, 7, 8, 9, 16, 32, 64, 255, 256, 1024, 4096, 8192, 65535, 65536,
        0x7fffffff, -0x80000000, 0xffffffff, PHP_INT_MAX, PHP_INT_MIN, mt_rand(-100, 100)]);
}

function g_float(): float
{
    return pick([0.0, -0.0, 0.5, 1.5, -1.5, 1e-9, 1e300, -1e300, NAN, INF, -INF, 0.2, 3.0]);
}

function g_res(): mixed
{
    $f = fz();
    if ($f->r && pct(80)) { return $f->r[rnd(count($f->r))]; }
    return pick([STDIN, STDOUT, STDERR]);
}

function g_obj(): object
{
    $f = fz();
    $slot = $f->r ? rnd(count($f->r)) : 0;
    switch (rnd(12)) {
        case 0: return reg_obj(new stdClass(), 'new stdClass()');
        case 1: $s = g_str(); return reg_obj(new FzStr($s), 'new FzStr(' . fx($s) . ')');
        case 2: $s = pick(['127.0.0.1:0', 'tcp://127.0.0.1:0', '0', '', 'TLSv1.2']);
            return reg_obj(new FzStr($s), 'new FzStr(' . fx($s) . ')');
        case 3: return reg_obj(new FzThrowStr(), 'new FzThrowStr()');
        case 4: return reg_obj(new FzSideStr($slot, '127.0.0.1:0'), "new FzSideStr($slot, '127.0.0.1:0')");
        case 5: $m = rnd(3); return reg_obj(new FzDtor($slot, $m), "new FzDtor($slot, $m)");
        case 6: return reg_obj(fn() => null, 'fn() => null');
        case 7: return reg_obj(function () { throw new RuntimeException('closure'); },
            'function () { throw new RuntimeException(\'closure\'); }');
        case 8: return reg_obj(function (...$a) use ($slot) {
            $r = fz()->r[$slot] ?? null;
            if (is_resource($r)) { try { @fclose($r); } catch (Throwable) {} }
            return true;
        }, "function (...\$a) { if (is_resource(\$r[$slot])) { @fclose(\$r[$slot]); } return true; }");
        case 9: return reg_obj(new ArrayObject([1, 2]), 'new ArrayObject([1, 2])');
        case 10: return reg_obj(new DateTime('@0'), "new DateTime('@0')");
        default: $o = (object)['a' => 1, 'local_cert' => $f->env['cert']];
            return reg_obj($o, '(object)' . fx((array)$o));
    }
}

function g_arr(int $depth): array
{
    switch (rnd(8)) {
        case 0: return [];
        case 1: return [gv($depth + 1)];
        case 2: return [gv($depth + 1), gv($depth + 1), gv($depth + 1)];
        case 3: return ['local_cert' => fz()->env['cert'], 'local_pk' => fz()->env['key']];
        case 4: return [g_str() => gv($depth + 1)];
        case 5: return [[[[]]]];
        case 6: return ['a.example.com' => fz()->env['combined'], '*.b.example.com' => gv($depth + 1)];
        default: return [PHP_INT_MAX => 1, -1 => g_str()];
    }
}

/** a value of any PHP type */
function gv(int $depth = 0): mixed
{
    $k = rnd($depth > 2 ? 6 : 10);
    switch ($k) {
        case 0: return null;
        case 1: return (bool)rnd(2);
        case 2: return g_int();
        case 3: return g_float();
        case 4: case 5: return g_str();
        case 6: return g_res();
        case 7: return g_obj();
        default: return g_arr($depth);
    }
}

// ---------------------------------------------------------------- exporter (replay)

function fx(mixed $v, int $d = 0): string
{
    $f = fz();
    if ($d > 6) { return 'null /* too deep */'; }
    if (is_float($v)) {
        if (is_nan($v)) { return 'NAN'; }
        if (is_infinite($v)) { return $v > 0 ? 'INF' : '-INF'; }
        return var_export($v, true);
    }
    if (is_int($v)) { return $v === PHP_INT_MIN ? 'PHP_INT_MIN' : var_export($v, true); }
    if ($v === null || is_bool($v)) { return var_export($v, true); }
    if (is_string($v)) {
        $dir = $f->dir;
        if ($dir !== '' && str_starts_with($v, $dir)) {
            return '$dir . ' . fx(substr($v, strlen($dir)), $d);
        }
        $run = $f->env['dir'];
        if ($run !== '' && str_starts_with($v, $run)) {
            return '$run . ' . fx(substr($v, strlen($run)), $d);
        }
        $n = strlen($v);
        if ($n > 64) {
            for ($k = 1; $k <= 16; $k++) {
                if ($n % $k === 0 && str_repeat(substr($v, 0, $k), intdiv($n, $k)) === $v) {
                    return 'str_repeat(' . fx(substr($v, 0, $k)) . ", " . intdiv($n, $k) . ')';
                }
            }
            return "base64_decode('" . base64_encode($v) . "')";
        }
        if (preg_match('/^[\x20-\x7e]*$/D', $v) && !str_contains($v, '$')) { return var_export($v, true); }
        $o = '"';
        for ($i = 0; $i < $n; $i++) {
            $c = $v[$i];
            $o .= (ord($c) >= 0x20 && ord($c) < 0x7f && !str_contains('"\\$', $c)) ? $c : sprintf('\x%02x', ord($c));
        }
        return $o . '"';
    }
    if (is_array($v)) {
        $parts = [];
        $list = array_is_list($v);
        foreach ($v as $k => $x) { $parts[] = ($list ? '' : fx($k) . ' => ') . fx($x, $d + 1); }
        return '[' . implode(', ', $parts) . ']';
    }
    if (is_resource($v) || gettype($v) === 'resource (closed)') {
        if ($f->cctx !== null && $v === $f->cctx) { return '$cctx'; }
        foreach ($f->r as $i => $x) {
            if ($x === $v) { return "\$r[$i]"; }
        }
        if ($v === STDIN) { return 'STDIN'; }
        if ($v === STDOUT) { return 'STDOUT'; }
        if ($v === STDERR) { return 'STDERR'; }
        return 'null /* unknown resource */';
    }
    if (is_object($v)) {
        foreach ($f->r as $i => $x) {
            if ($x === $v) { return "\$r[$i]"; }
        }
        if ($f->objcode->contains($v)) { return $f->objcode[$v]; }
        return 'null /* ' . get_class($v) . ' */';
    }
    return 'null';
}

// ---------------------------------------------------------------- calls

function flush_code(): void
{
    $f = fz();
    if ($f->script !== null && $f->code) {
        file_put_contents($f->script, implode("\n", $f->code) . "\n", FILE_APPEND);
    }
    $f->code = [];
}

function out(string $s): void { echo $s, "\n"; }

function summ(mixed $v): string
{
    if (is_resource($v)) { return 'resource(' . get_resource_type($v) . ')'; }
    if (is_bool($v)) { return $v ? 'true' : 'false'; }
    if (is_int($v)) { return "int($v)"; }
    if (is_string($v)) { return 'string(' . strlen($v) . ')'; }
    if (is_array($v)) { return 'array(' . count($v) . ')'; }
    if (is_object($v)) { return get_class($v); }
    return get_debug_type($v);
}

/**
 * Call $fn with $args (spread, so by-reference parameters bind to the array elements).
 * $slot: store the result in a new handle slot of that kind (taken even on failure).
 */
function call(string $fn, array $args, ?string $slot = null, bool $named = false): mixed
{
    $f = fz();
    $n = $f->opn++;
    $idx = null;
    if ($slot !== null) {
        $idx = count($f->r);
        $f->r[$idx] = false;
        $f->kind[$idx] = $slot;
    }
    if ($named) {
        try {
            $ps = (new ReflectionFunction($fn))->getParameters();
            $na = [];
            foreach (array_values($args) as $i => $a) {
                $na[isset($ps[$i]) && !pct(10) ? $ps[$i]->getName() : 'bogus' . $i] = $a;
            }
            $args = $na;
        } catch (Throwable) {}
    }
    if ($f->replay) {
        $f->code[] = '$a = ' . fx($args) . ';';
        $f->code[] = 'try { ' . ($idx !== null ? "\$r[$idx] = " : '$ret = ') . "$fn(...\$a); }"
            . ' catch (\Throwable $e) { echo get_class($e), \': \', $e->getMessage(), "\n"; }';
        flush_code();
    }
    echo "#$n $fn ";
    try {
        $ret = $fn(...$args);
    } catch (Throwable $e) {
        out('throws ' . get_class($e) . ': ' . substr($e->getMessage(), 0, 300));
        return null;
    }
    out('-> ' . summ($ret));
    if ($idx !== null) { $f->r[$idx] = $ret; }
    return $ret;
}

/** harness-side setup call (not fuzzed, always the same shape) */
function setup(string $code, callable $fn): void
{
    $f = fz();
    if ($f->replay) { $f->code[] = $code; flush_code(); }
    try { @$fn(); } catch (Throwable) {}
}

function slots_of(string ...$kinds): array
{
    $out = [];
    foreach (fz()->kind as $i => $k) {
        if (in_array($k, $kinds, true)) { $out[] = $i; }
    }
    return $out;
}

/** a stream handle: mostly one of the given kinds, sometimes any slot, sometimes garbage */
function pick_stream(string ...$kinds): mixed
{
    $f = fz();
    $s = slots_of(...$kinds);
    $live = array_values(array_filter($s, fn($i) => is_resource($f->r[$i])));
    $any = count($f->r);
    $calm = sane();
    $x = rnd(100);
    $li = rnd(count($live));
    $si = rnd(count($s));
    $ai = rnd($any);
    if ($live && ($calm || $x < 60)) { return $f->r[$live[$li]]; }
    if ($s && $x < 85) { return $f->r[$s[$si]]; }
    if ($any && $x < 95) { return $f->r[$ai]; }
    return gv();
}

function short_timeout(mixed $h): void
{
    if (!is_resource($h)) { return; }
    $f = fz();
    $i = array_search($h, $f->r, true);
    setup("@stream_set_timeout(\$r[$i], 0, 200000);", fn() => stream_set_timeout($h, 0, 200000));
}

// ---------------------------------------------------------------- addresses and contexts

const SCHEMES = ['tcp', 'tcp', 'tcp', 'udp', 'udp', 'unix', 'unix', 'udg', 'udg', 'ssl', 'tls', 'tls',
    'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3', 'sslv3', 'sslv2', 'TCP', 'Tls', 'file', 'http', 'zz', ''];

function g_host(): string
{
    // only literals and /etc/hosts names: nothing here may reach a DNS server
    return wpick([[30, '127.0.0.1'], [15, '[::1]'], [6, 'localhost'], [2, '127.0.0.2'], [2, '127.1'],
        [2, '[::ffff:127.0.0.1]'], [2, '::1'], [1, '[::1'], [1, '::1]'], [2, ''], [1, '[]'],
        [1, '[127.0.0.1]'], [1, "127.0.0.1\0zz"], [1, '[localhost]'], [1, '2130706433'], [1, '0x7f.1'],
        [1, str_repeat('[', 300)], [1, '127.0.0.1:0'], [1, 'LOCALHOST'], [1, '[::1%lo]'], [1, '[::1]:']]);
}

function g_port(): string
{
    return wpick([[60, '0'], [3, ''], [2, 'abc'], [2, '70000'], [2, '-5'], [1, '65535'], [1, '65536'],
        [1, '4464'], [1, '00'], [1, '0x10'], [1, '+0'], [1, ' 0'], [1, '0 '], [1, '99999999999999999999'],
        [2, '0/path'], [1, '0:0'], [1, "0\0"], [1, '-0']]);
}

function g_path(): string
{
    $d = fz()->dir;
    $n = rnd(4);
    return wpick([[30, "$d/s$n.sock"], [5, "s$n.sock"], [3, "\0fzabs$n"], [2, "$d/" . str_repeat('p', 120)],
        [2, "/nonexistent/dir/s.sock"], [2, fz()->env['cert']], [2, ''], [1, "$d/"], [1, "$d/s\0x"],
        [1, "$d/\xff\xfe.sock"], [1, "$d/nodir/s.sock"]]);
}

function g_addr(): mixed
{
    $calm = sane();
    if (!sane() && pct(15)) { return gv(); }
    $sch = pick(SCHEMES);
    if ($calm) {
        $sch = pick(['tcp', 'tcp', 'udp', 'unix', 'udg', 'ssl', 'tls', 'tls', 'tlsv1.2', 'tlsv1.3']);
        if ($sch === 'unix' || $sch === 'udg') { return "$sch://" . fz()->dir . '/s' . rnd(3) . '.sock'; }
        return "$sch://" . pick(['127.0.0.1', '127.0.0.1', '[::1]', 'localhost']) . ':0';
    }
    $lower = strtolower($sch);
    if (($lower === 'unix' || $lower === 'udg') && !pct(10)) {
        return "$sch://" . g_path();
    }
    $hp = wpick([[85, g_host() . ':' . g_port()], [5, g_host()], [3, ''], [2, ':' . g_port()],
        [2, g_host() . ':' . g_port() . ':' . g_port()], [1, str_repeat('x', 70000)]]);
    $pre = wpick([[85, "$sch://"], [6, ''], [2, "$sch:/"], [2, "$sch:"], [1, "$sch://$sch://"],
        [1, strtoupper($sch) . '://']]);
    $a = $pre . $hp;
    return pct(3) ? reg_obj(new FzStr($a), 'new FzStr(' . fx($a) . ')') : $a;
}

/** [option => value generator] */
function ssl_opts(): array
{
    $e = fz()->env;
    $file = fn() => pick([$e['cert'], $e['key'], $e['combined'], $e['key_enc'], $e['other_key'],
        $e['garbage'], $e['empty'], fz()->dir, '/nonexistent.pem', '']);
    $bool = fn() => pick([true, false, 0, 1, '0', '1', 'false', '']);
    $meth = fn() => pick(crypto_methods());
    $ver = fn() => pick([STREAM_CRYPTO_PROTO_TLSv1_0, STREAM_CRYPTO_PROTO_TLSv1_1, STREAM_CRYPTO_PROTO_TLSv1_2,
        STREAM_CRYPTO_PROTO_TLSv1_3, STREAM_CRYPTO_PROTO_SSLv3, 0, -1, 99]);
    return [
        'local_cert' => $file, 'local_pk' => $file, 'passphrase' => fn() => pick(['secret', 'wrong', '', "\0"]),
        'cafile' => $file, 'capath' => fn() => pick([fz()->dir, '/etc/ssl/certs', '/nonexistent', '']),
        'verify_peer' => $bool, 'verify_peer_name' => $bool, 'allow_self_signed' => $bool,
        'verify_depth' => fn() => pick([0, 1, 9, -1, 100, PHP_INT_MAX]),
        'ciphers' => fn() => pick(['DEFAULT', 'HIGH:!aNULL', 'ECDHE-RSA-AES128-GCM-SHA256', 'garbage!!', '', 'ALL:@SECLEVEL=0', 'NULL']),
        'ciphersuites' => fn() => pick(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384', 'bogus', '']),
        'crypto_method' => $meth, 'security_level' => fn() => pick([0, 1, 2, 5, 6, -1, 100]),
        'honor_cipher_order' => $bool, 'single_dh_use' => $bool, 'disable_compression' => $bool,
        'no_ticket' => $bool, 'SNI_enabled' => $bool, 'min_proto_version' => $ver, 'max_proto_version' => $ver,
        'SNI_server_certs' => fn() => pick([
            ['a.example.com' => $e['combined']],
            ['a.example.com' => ['local_cert' => $e['cert'], 'local_pk' => $e['key']]],
            ['*.example.com' => $e['combined'], 'x' => $e['garbage']],
            ['a.example.com' => ['local_cert' => $e['cert']]],
            ['a.example.com' => []], [], [0 => $e['combined']], ['a.example.com' => 5],
        ]),
        'alpn_protocols' => fn() => pick(['h2,http/1.1', 'http/1.1', '', ',', str_repeat('a', 300), "h2\0x", ',,,,']),
        'capture_peer_cert' => $bool, 'capture_peer_cert_chain' => $bool, 'capture_session_meta' => $bool,
        'dh_param' => $file, 'ecdh_curve' => fn() => pick(['prime256v1', 'secp384r1', 'bogus', '', 'X25519']),
        'reneg_limit' => fn() => pick([0, 1, 2, -1, 100]), 'reneg_window' => fn() => pick([0, 1, 300, -1]),
        'reneg_limit_callback' => fn() => g_obj(),
        'peer_name' => fn() => pick(['a.example.com', 'localhost', '']),
        'peer_fingerprint' => fn() => pick(['00', ['sha256' => 'aa']]),
        'session_meta' => fn() => gv(), 'bogus_option' => fn() => gv(),
    ];
}

function sock_opts(): array
{
    $b = fn() => pick([true, false, 0, 1, '1']);
    return [
        'backlog' => fn() => pick([0, 1, -1, 5, 32, 100000, PHP_INT_MAX, PHP_INT_MIN]),
        'so_reuseport' => $b, 'so_broadcast' => $b, 'ipv6_v6only' => $b, 'tcp_nodelay' => $b,
        'so_keepalive' => $b, 'tcp_keepidle' => fn() => pick([0, 1, -1, 100]),
        'tcp_keepintvl' => fn() => pick([0, 1, -1]), 'tcp_keepcnt' => fn() => pick([0, 1, -1]),
        'bindto' => fn() => pick(['127.0.0.1:0', '[::1]:0', '0', '', '127.0.0.1:zz', 'zz']),
    ];
}

function crypto_methods(): array
{
    return [STREAM_CRYPTO_METHOD_ANY_SERVER, STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_CRYPTO_METHOD_TLSv1_0_SERVER,
        STREAM_CRYPTO_METHOD_TLSv1_1_SERVER, STREAM_CRYPTO_METHOD_TLSv1_2_SERVER, STREAM_CRYPTO_METHOD_TLSv1_3_SERVER,
        STREAM_CRYPTO_METHOD_SSLv2_SERVER, STREAM_CRYPTO_METHOD_SSLv3_SERVER, STREAM_CRYPTO_METHOD_SSLv23_SERVER,
        STREAM_CRYPTO_METHOD_ANY_CLIENT, STREAM_CRYPTO_METHOD_TLS_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT,
        STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT, STREAM_CRYPTO_METHOD_SSLv23_CLIENT, STREAM_CRYPTO_METHOD_SSLv2_CLIENT,
        STREAM_CRYPTO_METHOD_TLS_SERVER | STREAM_CRYPTO_METHOD_TLS_CLIENT, 0, 1, -1, 0x7fffffff, PHP_INT_MAX, 1 << 40];
}

/** value for an option: usually plausible, sometimes any type */
function opt_val(callable $plausible): mixed
{
    return sane() ? $plausible() : gv();
}

function g_ctx_options(): array
{
    $o = [];
    if (pct(60)) {
        $so = sock_opts();
        $keys = array_keys($so);
        $n = rnd(4);
        for ($i = 0; $i < $n; $i++) { $k = pick($keys); $o['socket'][$k] = opt_val($so[$k]); }
    }
    if (pct(75)) {
        $so = ssl_opts();
        $keys = array_keys($so);
        $e = fz()->env;
        if (sane()) {
            $o['ssl']['local_cert'] = pct(50) ? $e['combined'] : $e['cert'];
            if (pct(50)) { $o['ssl']['local_pk'] = $e['key']; }
        }
        $n = rnd([3, 5, 8][fz()->chaos]);
        for ($i = 0; $i < $n; $i++) { $k = pick($keys); $o['ssl'][$k] = opt_val($so[$k]); }
    }
    if (pct(5)) { $o[g_str()] = gv(); }
    if (pct(5)) { $o['ssl'] = gv(); }
    if (pct(3)) { $o['socket'] = gv(); }
    return $o;
}

// ---------------------------------------------------------------- operations

function op_context(): void
{
    $o = g_ctx_options();
    call('stream_context_create', pct(5) ? [gv(), gv()] : [$o], 'ctx');
}

function op_server(): void
{
    $f = fz();
    $addr = g_addr();
    $calm = sane();
    $flags = wpick([[80, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN], [6, STREAM_SERVER_BIND], [3, STREAM_SERVER_LISTEN],
        [3, 0], [2, -1], [1, PHP_INT_MAX], [2, rnd(64)], [3, gv()]]);
    $ctxs = slots_of('ctx');
    $form = rnd(100);
    $live = array_values(array_filter($ctxs, fn($i) => is_resource($f->r[$i])));
    $ci = rnd(count($live));
    $cj = rnd(count($ctxs));
    if ($calm) { $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN; }
    if ($form < 15) { $args = [$addr]; }
    else {
        if ($calm) { $ctx = $live ? $f->r[$live[$ci]] : ($ctxs ? $f->r[$ctxs[$cj]] : null); }
        else { $ctx = $ctxs && pct(85) ? $f->r[$ctxs[$cj]] : gv(); }
        $args = [$addr, null, null, $flags];
        if ($form < 90) { $args[] = $ctx; }
        if ($form >= 98) { $args[] = gv(); }
    }
    $i = count($f->r);
    $ret = call('stream_socket_server', $args, 'srv', pct(3));
    $f->saddr[$i] = is_string($addr) ? $addr : '';
    if (pct(90)) { short_timeout($ret); }
}

/** the loopback name to connect to for server slot $i, or null */
function server_target(int $i): ?string
{
    $f = fz();
    $s = $f->r[$i] ?? null;
    if (!is_resource($s)) { return null; }
    $name = @stream_socket_get_name($s, false);
    if (!is_string($name) || $name === '') { return null; }
    $sch = strtolower(explode('://', $f->saddr[$i] ?? '', 2)[0]);
    $type = @stream_get_meta_data($s)['stream_type'] ?? '';
    if (str_starts_with($type, 'unix') || str_starts_with($type, 'udg')) {
        $abs = $name[0] === "\0";
        if (!$abs && !str_starts_with($name, $f->dir . '/') && $name[0] === '/') { return null; }
        return (str_starts_with($type, 'udg') ? 'udg' : 'unix') . "://$name";
    }
    if (!preg_match('/^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\]):(\d+)$/', $name)) { return null; }
    if (str_starts_with($type, 'udp')) { return "udp://$name"; }
    return "tcp://$name";
}

function op_client(): void
{
    $f = fz();
    $srv = array_values(array_filter(slots_of('srv'), fn($i) => is_resource($f->r[$i])));
    $i = $srv[rnd(count($srv))] ?? -1;
    $tls = pct(40);
    $mode = rnd(100);
    $target = $i >= 0 ? server_target($i) : null;
    if ($target === null) { return; }
    $sa = strtolower($f->saddr[$i] ?? '');
    if (str_starts_with($sa, 'ssl') || str_starts_with($sa, 'tls')) { $tls = pct(85); }
    $f->pending[$i] = true;
    $cctx = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]];
    if (pct(30)) { $cctx['ssl']['peer_name'] = pick(['a.example.com', 'x.example.com', 'localhost']); }
    if (pct(30)) { $cctx['ssl']['alpn_protocols'] = pick(['h2', 'http/1.1', 'h2,http/1.1', 'zz']); }
    if (pct(10)) { $cctx['ssl']['crypto_method'] = pick([STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT]); }
    if ($mode < 25 && !str_starts_with($target, 'ud')) {
        // a forked client: completes a real (TLS) conversation with a blocking server
        $payload = pick(["hello\n", "GET / HTTP/1.0\r\n\r\n", "\x16\x03\x01\x00\x05garbage", str_repeat('z', 70000), '']);
        $ctl = rnd(4);
        op_fork_client($target, $tls, $cctx, $payload, $ctl);
        return;
    }
    $ctxv = stream_context_create($cctx);
    $f->cctx = $ctxv;
    $fl = STREAM_CLIENT_CONNECT | (pct(70) ? STREAM_CLIENT_ASYNC_CONNECT : 0);
    if ($f->replay) { $f->code[] = '$cctx = stream_context_create(' . fx($cctx) . ');'; }
    $c = call('stream_socket_client', [$target, null, null, 0.5, $fl, $ctxv], 'cli');
    if (is_resource($c)) {
        short_timeout($c);
        $ix = count($f->r) - 1;
        setup("@stream_set_blocking(\$r[$ix], false);", fn() => stream_set_blocking($c, false));
        if ($tls) {
            $m = pick([STREAM_CRYPTO_METHOD_TLS_CLIENT, STREAM_CRYPTO_METHOD_ANY_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT]);
            call('stream_socket_enable_crypto', [$c, true, $m]);
        } elseif (pct(50)) {
            call('fwrite', [$c, pick(["ping\n", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", str_repeat('q', 5000)])]);
        }
    }
}

function op_fork_client(string $target, bool $tls, array $cctx, string $payload, int $ctl): void
{
    $f = fz();
    $url = $tls ? preg_replace('#^tcp://#', 'tls://', $target) : $target;
    if ($f->replay) {
        $f->code[] = '$pid = pcntl_fork(); if ($pid === 0) { fz_client(' . fx($url) . ', ' . fx($cctx) . ', ' . fx($payload) . ", $ctl); }";
    }
    $n = $f->opn++;
    echo "#$n fork-client\n";
    $pid = pcntl_fork();
    if ($pid === 0) { fz_client($url, $cctx, $payload, $ctl); }
    if ($pid > 0) { $f->kids[] = $pid; }
}

/** body of a forked client process; never returns */
function fz_client(string $url, array $cctx, string $payload, int $ctl): never
{
    pcntl_alarm(3);
    error_reporting(0);
    $c = @stream_socket_client($url, $e1, $e2, 1.0, STREAM_CLIENT_CONNECT, stream_context_create($cctx));
    if ($c) {
        stream_set_timeout($c, 1);
        if ($payload !== '') { @fwrite($c, $payload); }
        if ($ctl === 1) { @stream_socket_shutdown($c, STREAM_SHUT_WR); }
        if ($ctl !== 2) { @fread($c, 8192); }
        if ($ctl === 3) { usleep(300000); }
    }
    // no PHP shutdown: inherited handles must not be closed (TLS close_notify) by this process
    posix_kill(posix_getpid(), SIGKILL);
    exit(0);
}

function accept_timeout(int $srv): mixed
{
    $pending = isset(fz()->pending[$srv]) && pct(25);
    $calm = sane();
    $t = wpick([[25, 0], [15, 0.05], [10, 0.2], [3, 0.5], [10, null], [3, '0.1'], [2, 0.0001],
        [2, $pending ? -1 : 0], [1, $pending ? PHP_INT_MAX : 0], [1, $pending ? 1e300 : 0.01], [1, NAN],
        [1, $pending ? INF : 0], [2, gv()]]);
    $c = pick([0, 0.05, 0.2, null]);
    return $calm ? $c : $t;
}

function op_accept(): void
{
    $f = fz();
    $srv = slots_of('srv');
    $live = array_values(array_filter($srv, fn($i) => is_resource($f->r[$i])));
    $li = rnd(count($live));
    $si = rnd(count($srv));
    $i = $live && sane() ? $live[$li] : ($srv ? $srv[$si] : -1);
    $s = $i >= 0 && pct(92) ? $f->r[$i] : pick_stream('srv', 'conn', 'cli');
    $to = accept_timeout($i);
    $args = [$s, $to, null];
    if (pct(10)) { array_pop($args); }
    $c = call('stream_socket_accept', $args, 'conn');
    if (is_resource($c) && pct(85)) { short_timeout($c); }
}

function op_select(): void
{
    $f = fz();
    $arr = function () use ($f): mixed {
        $x = rnd(100);
        if ($x < 10) { return null; }
        if ($x < 14) { return []; }
        if ($x < 17) { return gv(); }
        $a = [];
        $n = 1 + rnd(5);
        for ($i = 0; $i < $n; $i++) {
            $v = pct(88) ? pick_stream('srv', 'conn', 'cli', 'pipe', 'file') : gv();
            if (pct(15)) { $a[g_str()] = $v; } else { $a[] = $v; }
        }
        return $a;
    };
    $r = $arr(); $w = $arr(); $e = $arr();
    $writable = is_array($w) && array_filter($w, fn($v) => is_resource($v) && in_array($v, array_map(fn($i) => $f->r[$i], slots_of('cli', 'conn')), true));
    $long = (bool)$writable;
    $sec = wpick([[40, 0], [10, 0], [5, null], [3, -1], [2, '0'], [2, 0.5], [1, PHP_INT_MAX], [1, gv()], [2, $long ? null : 0],
        [1, $long ? 1 : 0]]);
    $usec = wpick([[40, null], [20, 0], [15, 100000], [5, 5000], [3, -1], [2, 1000000], [1, PHP_INT_MAX], [2, gv()]]);
    if ($sec === null && !$long) { $sec = 0; }
    if (!$long && (is_int($sec) || is_float($sec)) && $sec > 0.5) { $sec = 0; }
    if (!$long && (is_int($usec) || is_float($usec)) && $usec > 1000000) { $usec = 100000; }
    if ($sec === PHP_INT_MAX && !$long) { $sec = 0; }
    $alias = rnd(100);
    if ($alias < 5) {
        // the same array for read, write and except
        if ($f->replay) { $f->code[] = '$x = ' . fx($r) . '; try { var_dump(stream_select($x, $x, $x, ' . fx($sec) . ', ' . fx($usec) . ')); } catch (\Throwable $e) { echo $e->getMessage(), "\n"; }'; }
        $n = $f->opn++;
        echo "#$n stream_select-alias ";
        try { $ret = stream_select($r, $r, $r, $sec, $usec); out('-> ' . summ($ret)); }
        catch (Throwable $t) { out('throws ' . get_class($t) . ': ' . $t->getMessage()); }
        return;
    }
    if ($alias < 10 && is_array($r)) {
        // references inside the array
        $x = $r[array_key_first($r)] ?? null;
        $r[] = &$x;
    }
    $args = [$r, $w, $e, $sec];
    if ($usec !== null || pct(50)) { $args[] = $usec; }
    call('stream_select', $args);
}

function op_misc(): void
{
    $f = fz();
    $s = pick_stream('srv', 'conn', 'cli');
    switch (rnd(34)) {
        case 0: call('stream_set_blocking', [$s, pick([true, false, 0, 1, gv()])]); break;
        case 1:
            call('stream_set_timeout', [$s, pick([0, 1, -1, PHP_INT_MAX, PHP_INT_MIN, gv()]), pick([0, 100000, -1, 1000001, PHP_INT_MAX, gv()])]);
            if (pct(85)) { short_timeout($s); }
            break;
        case 2: call('stream_set_read_buffer', [$s, g_int()]); break;
        case 3: call('stream_set_write_buffer', [$s, g_int()]); break;
        case 4: call('stream_set_chunk_size', [$s, pick([0, 1, -1, 8192, 65536, PHP_INT_MAX, gv()])]); break;
        case 5: case 6:
            call('fread', [$s, wpick([[40, 8192], [10, 1], [10, 65536], [3, 0], [3, -1], [1, 1 << 28], [3, gv()]])]); break;
        case 7: case 8:
            call('fwrite', [$s, wpick([[40, "data\n"], [10, ''], [8, str_repeat('w', 70000)], [5, rbytes(20)], [5, gv()]]),
                ...(pct(20) ? [pick([0, 1, -1, 3, PHP_INT_MAX, gv()])] : [])]); break;
        case 9: call('feof', [$s]); break;
        case 10: call('fclose', [$s]); break;
        case 11: call('stream_get_meta_data', [$s]); break;
        case 12: call('stream_socket_get_name', [$s, pick([true, false, gv()])]); break;
        case 13:
            call('stream_socket_recvfrom', [$s, pick([1, 100, 8192, 0, -1, PHP_INT_MAX, gv()]),
                pick([0, STREAM_OOB, STREAM_PEEK, STREAM_OOB | STREAM_PEEK, -1, 0xffff, gv()]), null]); break;
        case 14: {
            $addr = null;
            $srv = slots_of('srv');
            if ($srv && pct(60)) { $addr = server_target($srv[rnd(count($srv))]); $addr = $addr === null ? null : preg_replace('#^[a-z]+://#', '', $addr); }
            elseif (pct(50)) { $addr = pick(['127.0.0.1:1', '[::1]:1', '', 'garbage', "\0", '127.0.0.1', '127.0.0.1:99999', f_dir_path()]); }
            $args = [$s, pick(["dgram", '', str_repeat('d', 70000), rbytes(9)]), pick([0, STREAM_OOB, -1, gv()])];
            if ($addr !== null || pct(30)) { $args[] = $addr; }
            call('stream_socket_sendto', $args);
            break;
        }
        case 15: call('stream_socket_shutdown', [$s, pick([STREAM_SHUT_RD, STREAM_SHUT_WR, STREAM_SHUT_RDWR, -1, 3, PHP_INT_MAX, gv()])]); break;
        case 16: case 17: op_crypto($s); break;
        case 18: {
            $target = pct(70) ? $s : pick_stream('ctx');
            if (pct(70)) {
                $so = pct(60) ? ssl_opts() : sock_opts();
                $k = pick(array_keys($so));
                call('stream_context_set_option', [$target, pct(90) ? (isset($so['backlog']) ? 'socket' : 'ssl') : g_str(), pct(95) ? $k : g_str(), opt_val($so[$k])]);
            } else {
                call('stream_context_set_option', [$target, pct(80) ? g_ctx_options() : gv()]);
            }
            break;
        }
        case 19: call('stream_context_get_options', [$s]); break;
        case 20: call('fgets', [$s, ...(pct(50) ? [pick([1, 2, 100, 0, -1, gv()])] : [])]); break;
        case 21: call('stream_get_contents', [$s, pick([null, 10, 0, -1, 100000, gv()]), pick([-1, 0, 5, gv()])]); break;
        case 22: call('fgetc', [$s]); break;
        case 23: call('fstat', [$s]); break;
        case 24: call('ftell', [$s]); break;
        case 25: call('fseek', [$s, pick([0, 1, -1, gv()]), pick([SEEK_SET, SEEK_CUR, SEEK_END, 99])]); break;
        case 26: call('stream_is_local', [$s]); break;
        case 27: call('socket_import_stream', [$s], 'sock'); break;
        case 28: call('stream_get_line', [$s, pick([0, 10, 8192, -1, gv()]), pick(["\n", '', 'ab', gv()])]); break;
        case 29: call('fflush', [$s]); break;
        case 30: call('stream_context_set_params', [$s, pick([['notification' => g_obj()], ['options' => g_ctx_options()], gv()])]); break;
        case 31: call('flock', [$s, pick([LOCK_SH, LOCK_EX | LOCK_NB, LOCK_UN, 0, gv()])]); break;
        case 32: call('stream_copy_to_stream', [$s, pick_stream('conn', 'cli', 'pipe', 'file'), pick([null, 10, 0, 70000])]); break;
        default: call('stream_supports_lock', [$s]); break;
    }
}

function f_dir_path(): string { return fz()->dir . '/s0.sock'; }

function op_crypto(mixed $s): void
{
    $args = [$s, wpick([[80, true], [10, false], [5, null], [5, gv()]])];
    $x = rnd(100);
    if ($x < 85) { $args[] = wpick([[70, pick(crypto_methods())], [20, null], [10, gv()]]); }
    if ($x < 10) { $args[] = pct(70) ? pick_stream('conn', 'cli') : gv(); }
    call('stream_socket_enable_crypto', $args);
}

/** non-blocking TLS handshake between an in-process client and an accepted connection */
function op_dance(): void
{
    $f = fz();
    $cl = array_values(array_filter(slots_of('cli'), fn($i) => is_resource($f->r[$i])));
    $cn = array_values(array_filter(slots_of('conn'), fn($i) => is_resource($f->r[$i])));
    $ci = rnd(count($cl));
    $ni = rnd(count($cn));
    if (!$cl || !$cn) { return; }
    $c = $f->r[$cl[$ci]];
    $s = $f->r[$cn[$ni]];
    $sm = pct(85) ? pick([STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_CRYPTO_METHOD_ANY_SERVER, STREAM_CRYPTO_METHOD_TLSv1_2_SERVER, STREAM_CRYPTO_METHOD_TLSv1_3_SERVER, null]) : pick(crypto_methods());
    $cm = STREAM_CRYPTO_METHOD_TLS_CLIENT;
    $ctx = slots_of('ctx');
    if ($ctx && pct(60)) {
        $o = g_ctx_options();
        $o['ssl']['local_cert'] = $f->env['combined'];
        call('stream_context_set_option', [$s, $o]);
    }
    if (is_resource($s)) {
        $si = array_search($s, $f->r, true);
        setup("@stream_set_blocking(\$r[$si], false);", fn() => stream_set_blocking($s, false));
    }
    $rounds = 2 + rnd(8);
    for ($i = 0; $i < $rounds; $i++) {
        call('stream_socket_enable_crypto', [$s, true, $sm]);
        call('stream_socket_enable_crypto', [$c, true, $cm]);
        if (pct(10)) { call('fwrite', [pct(50) ? $c : $s, "mid-handshake"]); }
    }
    if (pct(60)) {
        call('fwrite', [$c, "ping over tls\n"]);
        call('fread', [$s, 100]);
        call('fwrite', [$s, "pong\n"]);
        call('fread', [$c, 100]);
    }
    if (pct(20)) { call('stream_socket_enable_crypto', [$s, false]); }
    if (pct(20)) { call('stream_get_meta_data', [$s]); }
}

function op_pipe_or_file(): void
{
    $f = fz();
    switch (rnd(4)) {
        case 0: call('fopen', [$f->env['cert'], 'r'], 'file'); break;
        case 1: call('fopen', ['php://memory', 'w+'], 'file'); break;
        case 2:
            $p = @stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
            if ($f->replay) { $f->code[] = '$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); $r[] = $p[0]; $r[] = $p[1];'; }
            $f->r[] = $p[0]; $f->kind[] = 'pipe';
            $f->r[] = $p[1]; $f->kind[] = 'pipe';
            if (pct(50)) { @fwrite($p[1], 'x'); if ($f->replay) { $f->code[] = 'fwrite(end($r), \'x\');'; } }
            break;
        default:
            $i = count($f->r);
            $f->r[] = STDIN; $f->kind[] = 'pipe';
            if ($f->replay) { $f->code[] = "\$r[$i] = STDIN;"; }
    }
}

function op_closeall_gc(): void
{
    $f = fz();
    if (pct(50)) {
        $i = rnd(max(1, count($f->r)));
        if (isset($f->r[$i])) {
            if ($f->replay) { $f->code[] = "\$r[$i] = null; gc_collect_cycles();"; }
            $f->r[$i] = null;
            echo "#drop $i\n";
        }
    }
    gc_collect_cycles();
}

/** run one seed in the current (child) process */
function fz_run(int $seed, array $env, ?string $script = null): void
{
    $replay = $script !== null;
    $f = new Fz($env, $replay);
    $f->script = $script;
    fz($f);
    mt_srand($seed);
    $f->chaos = pick([0, 0, 1, 2]);
    $n = 3 + rnd(22);
    for ($k = 0; $k < $n; $k++) {
        $op = wpick([[12, 'op_context'], [20, 'op_server'], [12, 'op_client'], [14, 'op_accept'], [10, 'op_select'],
            [30, 'op_misc'], [5, 'op_dance'], [3, 'op_pipe_or_file'], [2, 'op_closeall_gc']]);
        $op();
    }
    // end of the seed: reap forked clients, then let PHP's normal shutdown free everything
    foreach ($f->kids as $pid) { @posix_kill($pid, SIGKILL); pcntl_waitpid($pid, $st); }
    if (pct(50)) {
        foreach ($f->r as $i => $h) {
            if (is_resource($h) && pct(50)) {
                if ($replay) { $f->code[] = "try { @fclose(\$r[$i]); } catch (\\Throwable) {}"; }
                try { @fclose($h); } catch (Throwable) {}
            }
        }
    }
    $f->alive = pct(50);
    if ($replay) { $f->code[] = '$GLOBALS[\'fz_keep\'] = fz(); fz()->alive = ' . var_export($f->alive, true) . '; echo "#end\\n";'; flush_code(); }
    echo "#end\n";
}

// ---------------------------------------------------------------- environment

/** certificates and scratch files for a run, under $dir (created) */
function fz_make_env(string $dir): array
{
    @mkdir($dir, 0700, true);
    $e = ['dir' => $dir];
    foreach (['cert', 'key', 'combined', 'key_enc', 'other_key', 'garbage', 'empty'] as $k) {
        $e[$k] = "$dir/$k.pem";
    }
    if (!is_file($e['combined'])) {
        $cfg = ['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => 'prime256v1'];
        $k = openssl_pkey_new($cfg);
        $csr = openssl_csr_new(['commonName' => 'localhost'], $k, ['digest_alg' => 'sha256']);
        $x = openssl_csr_sign($csr, null, $k, 30, ['digest_alg' => 'sha256'], 1);
        openssl_x509_export($x, $certPem);
        openssl_pkey_export($k, $keyPem);
        openssl_pkey_export($k, $encPem, 'secret');
        openssl_pkey_export(openssl_pkey_new($cfg), $otherPem);
        file_put_contents($e['cert'], $certPem);
        file_put_contents($e['key'], $keyPem);
        file_put_contents($e['combined'], $certPem . $keyPem);
        file_put_contents($e['key_enc'], $encPem);
        file_put_contents($e['other_key'], $otherPem);
        $junk = str_repeat(hash('sha512', 'rsock-fuzz', true), 5);
        file_put_contents($e['garbage'], "-----BEGIN CERTIFICATE-----\n" . base64_encode($junk) . "\n-----END CERTIFICATE-----\n" . substr($junk, 0, 64));
        file_put_contents($e['empty'], '');
    }
    return $e;
}

function fz_rmtree(string $dir): void
{
    if (!is_dir($dir) || is_link($dir)) { @unlink($dir); return; }
    foreach (scandir($dir) as $n) {
        if ($n === '.' || $n === '..') { continue; }
        $p = "$dir/$n";
        if (is_dir($p) && !is_link($p)) { fz_rmtree($p); } else { @unlink($p); }
    }
    @rmdir($dir);
}
