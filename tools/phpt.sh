#!/usr/bin/env bash
# The phpt side of `make test`, out of the Makefile so it can be tested
# (tools/phpt.test.sh).
#
#   tools/phpt.sh ini-dir PHP INI_DIR EXT_MIRROR
#       A hermetic ini scan dir for PHP: the system's conf.d minus any ini
#       that loads rsock, plus an extension_dir that mirrors the system one
#       without rsock.so (run-tests.php loads an --EXTENSIONS-- entry from
#       extension_dir by itself). So a system-wide `make install` never leaks
#       into the tests, `make run` or the native run. Use it as
#       PHP_INI_SCAN_DIR=INI_DIR.
#
#   tools/phpt.sh suite PHP RUN_TESTS EXT_SO LOG_DIR -- RUN_TESTS_ARGS... TESTS...
#       Runs run-tests.php twice, with rsock (-d extension=EXT_SO) and native,
#       logs each run to LOG_DIR/{rsock,native}.{log,rc}, then `summary`.
#
#   tools/phpt.sh summary LOG_DIR [TESTS]
#       One line per run (`phpt (rsock): N passed, N failed, N skipped`) and
#       a total (`N passed, N failed`); exits 1 if either run failed: a
#       failed, borked or leaked test, a non-zero exit code, or no summary.
set -euo pipefail

die() { echo "error: $*" >&2; exit 1; }

ini_dir() {
    local php=$1 ini_dir=$2 mirror=$3 extdir scandir f
    rm -rf "$ini_dir" "$mirror"
    mkdir -p "$ini_dir" "$mirror"
    extdir=$("$php" -r 'echo ini_get("extension_dir");')
    for f in "$extdir"/*; do
        [ -e "$f" ] || continue
        case "$(basename "$f")" in *rsock*.so) continue ;; esac
        ln -s "$f" "$mirror"/
    done
    echo "extension_dir=$mirror" > "$ini_dir/00-extension-dir.ini"
    scandir=$("$php" -n -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')
    if [ -n "$scandir" ] && [ -d "$scandir" ]; then
        for f in "$scandir"/*.ini; do
            [ -e "$f" ] || continue
            case "$(basename "$f")" in *rsock*) continue ;; esac
            grep -Eqi '^[[:space:]]*(zend_)?extension[[:space:]]*=.*rsock' "$f" && continue
            cp -L "$f" "$ini_dir"/
        done
    fi
    if PHP_INI_SCAN_DIR=$ini_dir "$php" -r 'exit(extension_loaded("rsock") ? 0 : 1);'; then
        die "rsock is loaded even without conf.d (php.ini? $("$php" -r 'echo php_ini_loaded_file();'))"
    fi
}

# The last `Tests <what>: N` count of a run-tests.php log, or nothing.
count() {
    sed -n "s/^Tests $1 *: *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n1
}

summary() {
    local logs=$1 tests=${2:-the tests} name log rc p f s b l why
    local total_p=0 total_f=0 status=0
    for name in rsock native; do
        log=$logs/$name.log
        rc=$(cat "$logs/$name.rc" 2>/dev/null || echo missing)
        p=$(count passed "$log" 2>/dev/null || true)
        f=$(count failed "$log" 2>/dev/null || true)
        s=$(count skipped "$log" 2>/dev/null || true)
        b=$(count borked "$log" 2>/dev/null || true)
        l=$(count leaked "$log" 2>/dev/null || true)
        if [ -z "$p" ]; then
            why="printed no summary (exit code $rc)"
            grep -qs '^No tests found' "$log" && why="found no tests in $tests"
            echo "error: the $name run of run-tests.php $why; counted as 1 failure"
            p=0 f=1 s=0 status=1
        else
            f=$(( ${f:-0} + ${b:-0} + ${l:-0} ))
            if [ "$rc" != 0 ] || [ "$f" != 0 ]; then status=1; fi
        fi
        echo "phpt ($name): $p passed, $f failed, ${s:-0} skipped"
        total_p=$(( total_p + p )); total_f=$(( total_f + f ))
    done
    echo "$total_p passed, $total_f failed"
    return $status
}

suite() {
    local php=$1 run_tests=$2 ext=$3 logs=$4
    shift 4
    [ "${1:-}" = -- ] && shift
    [ -f "$run_tests" ] || die "run-tests.php not found at $run_tests"
    [ -f "$ext" ] || die "$ext missing; run make build"
    "$php" -d extension="$ext" -r 'exit(extension_loaded("rsock") ? 0 : 1);' \
        || die "$ext does not load (see the warning above)"
    rm -rf "$logs" && mkdir -p "$logs"
    run() {
        local name=$1; shift
        echo; echo "=== phpt suite: $name ==="
        set +e
        REPORT_EXIT_STATUS=1 NO_INTERACTION=1 \
            "$php" "$run_tests" -P -q --show-diff --no-color --no-progress "$@" \
            </dev/null 2>&1 | tee "$logs/$name.log"
        echo "${PIPESTATUS[0]}" > "$logs/$name.rc"
        set -e
    }
    run rsock -d extension="$ext" "$@"
    run native "$@"
    echo
    summary "$logs" "${*: -1}"
}

cmd=${1:-}; shift || true
case "$cmd" in
    ini-dir) [ $# = 3 ] || die "usage: $0 ini-dir PHP INI_DIR EXT_MIRROR"; ini_dir "$@" ;;
    suite) [ $# -ge 4 ] || die "usage: $0 suite PHP RUN_TESTS EXT_SO LOG_DIR -- ARGS... TESTS..."; suite "$@" ;;
    summary) [ $# -ge 1 ] || die "usage: $0 summary LOG_DIR [TESTS]"; summary "$@" ;;
    *) die "usage: $0 ini-dir|suite|summary ... (see the top of $0)" ;;
esac
