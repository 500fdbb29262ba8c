--TEST--
rsock: 300 stream_select() calls over 2,000 idle connections with churn in between report exactly the active ones
--SKIPIF--
<?php
if (!extension_loaded('rsock')) die('skip rsock-only behaviour (no FD_SETSIZE ceiling)');
if (!function_exists('posix_setrlimit')) die('skip posix required');
$hard = posix_getrlimit()['hard openfiles'];
if ($hard !== 'unlimited' && (int) $hard < 4400) die("skip hard RLIMIT_NOFILE $hard is below 4400");
?>
--FILE--
<?php
$limit = posix_getrlimit();
if ($limit['soft openfiles'] !== 'unlimited' && (int) $limit['soft openfiles'] < 4400) {
    posix_setrlimit(POSIX_RLIMIT_NOFILE, 4400, $limit['hard openfiles'] === 'unlimited' ? -1 : (int) $limit['hard openfiles']);
}
mt_srand(20240601);
$ctx = stream_context_create(['socket' => ['backlog' => 2048]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = 'tcp://' . stream_socket_get_name($server, false);

$conns = [];    // key => accepted (rsock) stream
$clients = [];  // key => its peer
$next = 0;
function open_pair() {
    global $server, $addr, $conns, $clients, $next;
    $c = stream_socket_client($addr, $e, $s, 5);
    $a = stream_socket_accept($server, 5);
    if (!$c || !$a) { echo "connection $next failed\n"; return null; }
    stream_set_timeout($a, 2);
    $key = 'k' . $next++;
    $clients[$key] = $c;
    $conns[$key] = $a;
    return $key;
}
for ($i = 0; $i < 2000; $i++) open_pair();
// A few connections stay in every call and are always writable.
$always = array_slice(array_keys($conns), 0, 3);

$errors = [];
$churned = 0;
$maxKey = 0;
$t = microtime(true);
for ($call = 0; $call < 300; $call++) {
    // Churn: close a few connections (some with unread data, some with
    // fclose, some by dropping the last reference) and open new ones.
    if ($call % 3 === 0) {
        $candidates = array_diff(array_keys($conns), $always);
        foreach (array_rand(array_flip($candidates), 3) as $j => $key) {
            if ($j === 0) fwrite($clients[$key], "unread");
            if ($j === 1) { fclose($conns[$key]); }
            unset($conns[$key]);
            fclose($clients[$key]);
            unset($clients[$key]);
            $churned++;
        }
        for ($j = 0; $j < 3; $j++) $last = open_pair();
    }
    // Pick the active ones: random old ones plus, often, the newest.
    $keys = array_keys($conns);
    $active = [];
    foreach ((array) array_rand($keys, mt_rand(1, 6)) as $i) $active[$keys[$i]] = true;
    if ($call % 2 === 0) $active[$last] = true;
    foreach ($active as $key => $_) fwrite($clients[$key], "x");
    ksort($active);
    $expected = array_keys($active);

    // The same large arrays every time; the result must be exactly the active ones.
    $failed = false;
    for ($try = 0; $try < 5; $try++) {
        $r = $conns; $w = array_intersect_key($conns, array_flip($always)); $x = $conns;
        $n = stream_select($r, $w, $x, 2);
        $got = array_keys($r);
        sort($got);
        if (array_diff($got, $expected) || array_keys($w) !== $always || $x !== [] || $n !== count($r) + count($w)) {
            $errors[] = "call $call: n=$n read=" . implode(',', $got) . " expected=" . implode(',', $expected)
                . " write=" . implode(',', array_keys($w)) . " except=" . count($x);
            $failed = true;
            break;
        }
        // Fewer than expected only if called before the data arrived: ask again.
        if ($got === $expected || $n === 0) break;
    }
    if ($got !== $expected && !$failed) $errors[] = "call $call: only " . implode(',', $got) . " of " . implode(',', $expected);
    foreach ($active as $key => $_) {
        if (fread($conns[$key], 10) !== "x") $errors[] = "call $call: read on $key";
    }
    if (count($errors) >= 3) break;
}
var_dump(count($conns), $churned, $next, $errors);
var_dump(microtime(true) - $t < 20);
// The highest descriptors are well past FD_SETSIZE.
var_dump(max(array_map('intval', scandir('/proc/self/fd'))) > 3000);
?>
--EXPECT--
int(2000)
int(300)
int(2300)
array(0) {
}
bool(true)
bool(true)
