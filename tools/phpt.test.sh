#!/usr/bin/env bash
# Tests tools/phpt.sh's `summary` on run-tests.php logs of every shape it
# must count (passed, failed, borked, leaked, no summary, no tests, a bad
# exit code), and `ini-dir` on a PHP whose conf.d loads rsock. Run by
# `make test`; prints `tools/phpt.test.sh: N passed` or the first mismatch.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

# A run-tests.php log with the given counts (empty: no summary at all).
log() { # name passed failed skipped [borked] [leaked]
    local f=$tmp/logs/$1.log
    if [ -z "$2" ]; then : > "$f"; return; fi
    {
        echo "====================================================================="
        echo "Tests skipped    : ${4}"
        echo "Tests warned     :    0"
        echo "Tests failed     :    ${3}"
        [ -n "${5:-}" ] && echo "Tests borked     :    $5"
        [ -n "${6:-}" ] && echo "Tests leaked     :    $6"
        echo "Tests passed     :  ${2}"
        echo "---------------------------------------------------------------------"
    } > "$f"
}

# expect STATUS OUTPUT: `summary` of the logs in $tmp/logs.
expect() {
    local want_status=$1 want=$2 got status=0
    got=$("$here/phpt.sh" summary "$tmp/logs" php-tests) || status=$?
    if [ "$got" != "$want" ] || [ "$status" != "$want_status" ]; then
        echo "tools/phpt.test.sh: case $((passed + 1)) failed"
        echo "--- want (exit $want_status)"; echo "$want"
        echo "--- got (exit $status)"; echo "$got"
        exit 1
    fi
    passed=$((passed + 1))
}

case_() { rm -rf "$tmp/logs"; mkdir -p "$tmp/logs"; echo "$1" > "$tmp/logs/rsock.rc"; echo "$2" > "$tmp/logs/native.rc"; }

# Both clean.
case_ 0 0; log rsock 126 0 4; log native 103 0 27
expect 0 "phpt (rsock): 126 passed, 0 failed, 4 skipped
phpt (native): 103 passed, 0 failed, 27 skipped
229 passed, 0 failed"

# A failure on one side fails the whole.
case_ 1 0; log rsock 125 1 4; log native 103 0 27
expect 1 "phpt (rsock): 125 passed, 1 failed, 4 skipped
phpt (native): 103 passed, 0 failed, 27 skipped
228 passed, 1 failed"

# Borked and leaked tests count as failures.
case_ 1 1; log rsock 120 0 4 2; log native 100 1 27 "" 3
expect 1 "phpt (rsock): 120 passed, 2 failed, 4 skipped
phpt (native): 100 passed, 4 failed, 27 skipped
220 passed, 6 failed"

# A crash of run-tests.php itself: no summary.
case_ 139 0; log rsock ""; log native 103 0 27
expect 1 "error: the rsock run of run-tests.php printed no summary (exit code 139); counted as 1 failure
phpt (rsock): 0 passed, 1 failed, 0 skipped
phpt (native): 103 passed, 0 failed, 27 skipped
103 passed, 1 failed"

# No tests found.
case_ 1 1; log rsock ""; echo "No tests found" > "$tmp/logs/rsock.log"; cp "$tmp/logs/rsock.log" "$tmp/logs/native.log"
expect 1 "error: the rsock run of run-tests.php found no tests in php-tests; counted as 1 failure
phpt (rsock): 0 passed, 1 failed, 0 skipped
error: the native run of run-tests.php found no tests in php-tests; counted as 1 failure
phpt (native): 0 passed, 1 failed, 0 skipped
0 passed, 2 failed"

# Counts fine but a non-zero exit code (e.g. a fatal error after the summary).
case_ 0 255; log rsock 126 0 4; log native 103 0 27
expect 1 "phpt (rsock): 126 passed, 0 failed, 4 skipped
phpt (native): 103 passed, 0 failed, 27 skipped
229 passed, 0 failed"

# ini-dir: a PHP whose conf.d loads rsock (under either name) gets an ini dir
# without it and an extension_dir mirror without rsock.so.
php=${PHP:-php}
if command -v "$php" >/dev/null 2>&1; then
    fake=$tmp/fakephp
    mkdir -p "$tmp/conf.d" "$tmp/ext"
    printf 'extension=rsock.so\n' > "$tmp/conf.d/30-rsock.ini"
    printf 'extension = /x/librsock.so\n' > "$tmp/conf.d/40-other.ini"
    printf 'memory_limit=64M\n' > "$tmp/conf.d/20-keep.ini"
    touch "$tmp/ext/rsock.so" "$tmp/ext/sockets.so"
    # PHP with its scan dir and extension dir pointed at the fakes.
    cat > "$fake" <<SH
#!/bin/sh
if [ "\$1" = -n ] && [ "\$3" = 'echo PHP_CONFIG_FILE_SCAN_DIR;' ]; then echo "$tmp/conf.d"; exit 0; fi
if [ "\$2" = 'echo ini_get("extension_dir");' ]; then echo "$tmp/ext"; exit 0; fi
exec "$php" "\$@"
SH
    chmod +x "$fake"
    "$here/phpt.sh" ini-dir "$fake" "$tmp/ini" "$tmp/mirror"
    got=$(cd "$tmp/ini" && ls | tr '\n' ' '; echo "| $(cd "$tmp/mirror" && ls | tr '\n' ' ')")
    want="00-extension-dir.ini 20-keep.ini | sockets.so "
    if [ "$got" != "$want" ]; then
        echo "tools/phpt.test.sh: ini-dir gave '$got', want '$want'"; exit 1
    fi
    passed=$((passed + 1))
fi

echo "tools/phpt.test.sh: $passed passed"
