#!/usr/bin/env bash
# tools/matrix.sh — builds and tests rsock on more PHPs than the system's one.
#
#   tools/matrix.sh                 all default cells: 8.2-debug 8.2-zts 8.4
#   tools/matrix.sh 8.2-zts 8.4     only these cells
#   tools/matrix.sh system          also available: the system PHP (what `make test` uses)
#   PHPT_TESTS=php-tests/x.phpt tools/matrix.sh 8.4   phpt on some tests only
#
# Cells:
#   8.2-debug  PHP 8.2 debug NTS, built from Debian bookworm's php8.2 source package
#   8.2-zts    PHP 8.2 release ZTS, built from the same source
#   8.4        PHP 8.4 release NTS: Debian trixie's binary packages in a debootstrap root,
#              rsock built and tested inside it with chroot (repo and Rust toolchain
#              bind-mounted in a private mount namespace, so no mount outlives the script)
#
# Everything fetched or built for the PHPs is cached under $RSOCK_CACHE
# (default ~/.cache/rsock): the source package (via a private apt directory,
# /etc/apt is never touched), one install prefix per source-built PHP and the
# trixie root. A second run only rebuilds rsock (cargo, incremental) and runs the
# tests. Per cell: `cargo build --release` against that PHP (CARGO_TARGET_DIR
# target/matrix/<cell>), `cargo test --no-default-features`, and `make phpt`
# (with rsock and on native PHP) with that PHP. Logs: target/matrix/<cell>/.
#
# Needs root (apt-get, debootstrap, chroot, mounts). Exits non-zero when a build
# or a test of any cell failed; the summary table says which.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${RSOCK_CACHE:-$HOME/.cache/rsock}
OUT=$ROOT/target/matrix
JOBS=${JOBS:-$(nproc)}
PHP82_SRC_PKG=php8.2
TRIXIE_PACKAGES=php8.4-cli,php8.4-dev,clang,libclang-dev,libssl-dev,pkg-config,gcc,libc6-dev,make,openssl,curl,iproute2,ca-certificates
HOST_PACKAGES="dpkg-dev debootstrap build-essential autoconf pkg-config libssl-dev clang libclang-dev"
CONFIGURE_COMMON=(--disable-all --enable-ctype --with-openssl --enable-sockets --enable-pcntl --enable-posix --disable-cgi --disable-phpdbg)

if [ $# -gt 0 ]; then CELLS=("$@"); else CELLS=(8.2-debug 8.2-zts 8.4); fi

[ "$(id -u)" = 0 ] || { echo "matrix: needs root (apt-get, debootstrap, chroot, mount)" >&2; exit 1; }
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH=$HOME/.cargo/bin:$PATH
fi
command -v cargo >/dev/null || { echo "matrix: cargo not found" >&2; exit 1; }

log() { printf '[matrix] %s\n' "$*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

mkdir -p "$OUT" "$CACHE"
TIMES=$OUT/times.txt
: > "$TIMES"

# step NAME FUNCTION ARGS...: runs FUNCTION in a subshell with `set -e` in force,
# prints and records its time; returns its exit code.
step() {
    local name=$1 t0 rc=0 dt
    shift
    t0=$(now)
    log "$name ..."
    set +e
    (set -e; "$@")
    rc=$?
    set -e
    dt=$(secs "$t0" "$(now)")
    if [ $rc = 0 ]; then log "$name: ${dt}s"; else log "$name: FAILED (exit $rc) after ${dt}s"; fi
    printf '%s\t%s\t%s\n' "$name" "$dt" "$rc" >> "$TIMES"
    return $rc
}

# ------------------------------------------------------------------ host side

host_deps() {
    local missing="" p
    for p in $HOST_PACKAGES; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    log "installing:$missing"
    apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
}

# The Debian archive URL the machine's own apt sources use for SUITE.
mirror_for() {
    local suite=$1 f
    {
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -e "$f" ] || continue
            awk -v want="$suite" '
                function flush() { if (deb && uris != "") { n = split(suites, s, " "); for (i = 1; i <= n; i++) if (s[i] == want) { split(uris, u, " "); print u[1] } }
                                   deb = 0; uris = ""; suites = "" }
                /^[[:space:]]*$/ { flush(); next }
                /^#/ { next }
                tolower($1) == "types:"  { deb = ($0 ~ /[[:space:]]deb([[:space:]]|$)/) }
                tolower($1) == "uris:"   { sub(/^[^:]*:[[:space:]]*/, ""); uris = $0 }
                tolower($1) == "suites:" { sub(/^[^:]*:[[:space:]]*/, ""); suites = $0 }
                END { flush() }' "$f"
        done
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -e "$f" ] || continue
            sed -E -n 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\2 \3/p' "$f" |
                awk -v want="$suite" '$2 == want { print $1 }'
        done
    } | head -n1
}

CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
MIRROR=$(mirror_for "$CODENAME")
MIRROR=${MIRROR:-http://deb.debian.org/debian}
MIRROR=${MIRROR%/}
SECURITY_MIRROR=$(mirror_for "$CODENAME-security")
SECURITY_MIRROR=${SECURITY_MIRROR%/}

APT_DIR=$CACHE/apt
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
          -o APT::Sandbox::User=root)
SRC_DIR=$CACHE/src

# Fetches and unpacks (Debian's patches applied) the php8.2 source package into
# $SRC_DIR/php8.2, then regenerates configure as debian/rules does.
fetch_source() {
    if [ -f "$SRC_DIR/php8.2/.rsock-ready" ]; then
        log "source: cached ($(cat "$SRC_DIR/php8.2/.rsock-ready"))"
        return 0
    fi
    mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$SRC_DIR"
    {
        echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $CODENAME main"
        [ -z "$SECURITY_MIRROR" ] ||
            echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $SECURITY_MIRROR $CODENAME-security main"
    } > "$APT_DIR/sources.list"
    local flog=$SRC_DIR/fetch.log
    : > "$flog"
    apt-get "${APT_OPTS[@]}" -q update >> "$flog" 2>&1 || { tail -n 20 "$flog"; return 1; }
    local dl=$SRC_DIR/download v got=""
    rm -rf "$dl" && mkdir -p "$dl"
    # Newest first; a version whose files the mirror does not serve (seen: the
    # security archive's) falls back to the next.
    for v in $(apt-cache "${APT_OPTS[@]}" showsrc "$PHP82_SRC_PKG" | sed -n 's/^Version: //p' | sort -r -V); do
        if (cd "$dl" && apt-get "${APT_OPTS[@]}" -q source --download-only "$PHP82_SRC_PKG=$v") >> "$flog" 2>&1; then
            got=$v; break
        fi
        log "source: $PHP82_SRC_PKG $v not downloadable, trying an older one"
        rm -f "$dl"/*
    done
    [ -n "$got" ] || { tail -n 20 "$flog"; log "source: no version of $PHP82_SRC_PKG could be downloaded"; return 1; }
    rm -rf "$SRC_DIR/php8.2"
    # dpkg-source applies debian/patches; configure is then regenerated as debian/rules does.
    dpkg-source -x "$dl"/*.dsc "$SRC_DIR/php8.2" >> "$flog" 2>&1 || { tail -n 20 "$flog"; return 1; }
    (cd "$SRC_DIR/php8.2" && ./buildconf --force) >> "$flog" 2>&1 || { tail -n 20 "$flog"; return 1; }
    echo "$PHP82_SRC_PKG $got" > "$SRC_DIR/php8.2/.rsock-ready"
    log "source: $PHP82_SRC_PKG $got ($(grep -c '^dpkg-source: info: applying' "$flog") Debian patches applied)"
}

# build_php VARIANT EXTRA_CONFIGURE_ARGS...: configure, make, make install into
# $CACHE/php-8.2-VARIANT (skipped when that prefix was built from the same
# source with the same arguments).
build_php() {
    local variant=$1
    shift
    local prefix=$CACHE/php-8.2-$variant build=$CACHE/build/php-8.2-$variant
    local args=(--prefix="$prefix" "${CONFIGURE_COMMON[@]}" "$@")
    local stamp
    stamp="$(cat "$SRC_DIR/php8.2/.rsock-ready") ${args[*]}"
    if [ -x "$prefix/bin/php" ] && [ "$(cat "$prefix/.rsock-stamp" 2>/dev/null)" = "$stamp" ]; then
        log "php-8.2-$variant: cached ($("$prefix/bin/php" -n -v | head -n1))"
        return 0
    fi
    rm -rf "$build" "$prefix"
    mkdir -p "$CACHE/build"
    cp -a "$SRC_DIR/php8.2" "$build"
    cd "$build"
    ./configure "${args[@]}" > "$build/configure.log" 2>&1 || { tail -n 30 "$build/configure.log"; return 1; }
    make -j"$JOBS" > "$build/make.log" 2>&1 || { grep -E 'error|Error' "$build/make.log" | tail -n 30; return 1; }
    make install > "$build/install.log" 2>&1 || { tail -n 30 "$build/install.log"; return 1; }
    echo "$stamp" > "$prefix/.rsock-stamp"
    "$prefix/bin/php" -n -v | head -n1
    cd / && rm -rf "$build"
}

# ------------------------------------------------------------------ trixie root

TRIXIE=$CACHE/trixie

# Refuses to go on if anything is mounted under the trixie root (an rm -rf there
# would then reach the host's repo or toolchain).
trixie_unmounted() {
    if awk -v t="$TRIXIE" 'index($2, t) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        log "something is mounted under $TRIXIE; refusing to touch it:"
        grep -F " $TRIXIE" /proc/mounts >&2
        return 1
    fi
}

# What debootstrap's minbase root lacks for the tests: /etc/hosts (without it
# "localhost" does not resolve).
trixie_fixups() {
    [ -e "$TRIXIE/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$TRIXIE/etc/hosts"
}

make_trixie() {
    if [ "$(cat "$TRIXIE/.rsock-ready" 2>/dev/null)" = "$TRIXIE_PACKAGES" ]; then
        trixie_fixups
        log "trixie root: cached ($(chroot "$TRIXIE" php -n -v | head -n1))"
        return 0
    fi
    trixie_unmounted
    if [ -f "$TRIXIE/.rsock-ready" ]; then
        # Made before with another package list: add the packages.
        cp -L /etc/resolv.conf "$TRIXIE/etc/resolv.conf"
        chroot "$TRIXIE" apt-get update -q
        chroot "$TRIXIE" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${TRIXIE_PACKAGES//,/ }
    else
        rm -rf "$TRIXIE" "$TRIXIE.tmp"
        debootstrap --variant=minbase --include="$TRIXIE_PACKAGES" trixie "$TRIXIE.tmp" "$MIRROR" \
            > "$CACHE/debootstrap.log" 2>&1 || { tail -n 30 "$CACHE/debootstrap.log"; return 1; }
        mv "$TRIXIE.tmp" "$TRIXIE"
    fi
    trixie_fixups
    echo "$TRIXIE_PACKAGES" > "$TRIXIE/.rsock-ready"
    chroot "$TRIXIE" php -n -v | head -n1
}

# in_trixie COMMAND: runs the bash COMMAND in the trixie root, in the repo's
# directory, with the repo, ~/.cargo and ~/.rustup bind-mounted at the same
# paths. The mounts live in a private mount namespace (unshare), so they vanish
# with it even if this script is killed; the trap unmounts them on a normal exit.
in_trixie() {
    unshare --mount --propagation private -- bash -euo pipefail -c '
        T=$1 ROOT=$2 H=$3 CMD=$4
        mounted=()
        cleanup() { local i; for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done; }
        trap cleanup EXIT
        mnt() { mount "$@"; mounted+=("${@: -1}"); }
        mnt -t proc proc "$T/proc"
        mnt --bind /dev "$T/dev"
        mnt -t sysfs sysfs "$T/sys" 2>/dev/null || true
        for d in "$ROOT" "$H/.cargo" "$H/.rustup"; do
            mkdir -p "$T$d"
            mnt --bind "$d" "$T$d"
        done
        chroot "$T" /usr/bin/env -i HOME="$H" USER=root LANG=C.UTF-8 TERM=dumb \
            PATH="$H/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            CARGO_HOME="$H/.cargo" RUSTUP_HOME="$H/.rustup" \
            bash -euo pipefail -c "cd \"$ROOT\" && $CMD"
    ' in_trixie "$TRIXIE" "$ROOT" "$HOME" "$1"
}

# ------------------------------------------------------------------ cells

# cell_env CELL: prints the shell assignments for CELL (PREFIX PHP PHP_CONFIG
# RUN_TESTS CHROOT).
cell_env() {
    case $1 in
        8.2-debug|8.2-zts)
            # Debian's patches install the build files under lib/php/<API>/build.
            local p=$CACHE/php-${1} rt
            rt=$(ls "$p"/lib/php/*/build/run-tests.php 2>/dev/null | head -n1)
            echo "CHROOT=0 BIN=$p/bin PHP=$p/bin/php PHP_CONFIG=$p/bin/php-config RUN_TESTS=${rt:-$SRC_DIR/php8.2/run-tests.php}" ;;
        8.4)
            echo "CHROOT=1 BIN=/usr/bin PHP=/usr/bin/php8.4 PHP_CONFIG=/usr/bin/php-config8.4 RUN_TESTS=" ;;
        system)
            echo "CHROOT=0 BIN=$(dirname "$(command -v php)") PHP=$(command -v php) PHP_CONFIG=$(command -v php-config) RUN_TESTS=" ;;
        *) echo "matrix: unknown cell '$1' (cells: 8.2-debug 8.2-zts 8.4 system)" >&2; return 1 ;;
    esac
}

# run_cell_cmd CELL COMMAND: COMMAND in the cell's environment (host or chroot),
# with that PHP first on PATH and PHP/PHP_CONFIG exported (ext-php-rs reads them).
run_cell_cmd() {
    local cell=$1 cmd=$2 CHROOT BIN PHP PHP_CONFIG RUN_TESTS
    eval "$(cell_env "$cell")"
    local envs="PATH=$BIN:\$PATH PHP=$PHP PHP_CONFIG=$PHP_CONFIG"
    if [ "$CHROOT" = 1 ]; then
        in_trixie "export $envs; $cmd"
    else
        (cd "$ROOT" && eval "export $envs" && bash -euo pipefail -c "$cmd")
    fi
}

rsock_build() {
    local cell=$1 dir=$OUT/$1
    mkdir -p "$dir"
    rm -f "$dir/build.ok"
    if run_cell_cmd "$cell" "CARGO_TARGET_DIR=$dir/target cargo build --release --offline --color never" \
        > "$dir/build.log" 2>&1; then
        touch "$dir/build.ok"
    else
        # The compiler's errors, each with its location line.
        awk '/^error/ { print; e = 1; next } e && /^ *--> / { print; e = 0 }' "$dir/build.log" | head -n 40
        grep -q '^error' "$dir/build.log" || tail -n 20 "$dir/build.log"
        return 1
    fi
}

cargo_tests() {
    local cell=$1 dir=$OUT/$1 rc=0
    # The core's tests do not depend on PHP: the bookworm cells share one target dir.
    local tdir=$OUT/cargo-test-host
    [ "$cell" = 8.4 ] && tdir=$dir/target-test
    run_cell_cmd "$cell" "CARGO_TARGET_DIR=$tdir cargo test --no-default-features --offline --color never" \
        > "$dir/cargo-test.log" 2>&1 || rc=$?
    awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d ignored\n", p, f, i }' \
        "$dir/cargo-test.log" | tee "$dir/cargo-test.txt"
    return $rc
}

phpt() {
    local cell=$1 dir=$OUT/$1 CHROOT BIN PHP PHP_CONFIG RUN_TESTS
    eval "$(cell_env "$cell")"
    [ -f "$dir/build.ok" ] || { log "$cell: no rsock build, phpt skipped"; return 1; }
    local args="PHP=$PHP PHP_CONFIG=$PHP_CONFIG EXT_SO=$dir/target/release/librsock.so"
    args+=" INI_DIR=$dir/php-ini.d EXT_MIRROR=$dir/php-ext.d PHPT_LOGS=$dir/phpt"
    args+=" PHPT_TESTS='${PHPT_TESTS:-php-tests}'"
    [ -z "$RUN_TESTS" ] || args+=" RUN_TESTS=$RUN_TESTS"
    run_cell_cmd "$cell" "make --no-print-directory phpt $args" > "$dir/phpt.log" 2>&1
}

# phpt_counts LOG: "passed failed skipped" of one run-tests.php log.
phpt_counts() {
    local log=$1 p f s b l
    [ -f "$log" ] || { echo "- - -"; return; }
    num() { sed -n "s/^Tests $1 *: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -n1; }
    p=$(num passed); f=$(num failed); s=$(num skipped); b=$(num borked); l=$(num leaked)
    echo "${p:-0} $(( ${f:-0} + ${b:-0} + ${l:-0} )) ${s:-0}"
}

# The failed tests of one run-tests.php log (from its FAILED TEST SUMMARY).
phpt_failed() {
    [ -f "$1" ] || return 0
    awk '/^FAILED TEST SUMMARY/ { on = 1; next } on && /^=+$/ { if (seen) exit; next }
         on { seen = 1; if (match($0, /\[[^]]+\]/)) print substr($0, RSTART + 1, RLENGTH - 2) }' "$1"
}

# ------------------------------------------------------------------ main

declare -A CELL_TIME
overall=0
step "host packages" host_deps || exit 1
log "mirror: $MIRROR (security: ${SECURITY_MIRROR:-none})"
# Crates once on the host, so the builds (chroot included) run --offline.
step "cargo fetch" bash -c "cd '$ROOT' && cargo fetch --locked -q" || exit 1

need_src=0 need_trixie=0
for cell in "${CELLS[@]}"; do
    cell_env "$cell" > /dev/null || exit 1
    case $cell in 8.2-*) need_src=1 ;; 8.4) need_trixie=1 ;; esac
done
[ $need_src = 0 ] || step "source fetch ($PHP82_SRC_PKG)" fetch_source || exit 1

for cell in "${CELLS[@]}"; do
    t0=$(now)
    mkdir -p "$OUT/$cell"
    rm -f "$OUT/$cell"/{build.ok,cargo-test.txt,phpt.log} && rm -rf "$OUT/$cell/phpt"
    ok=1
    case $cell in
        8.2-debug) step "php build 8.2-debug" build_php debug --enable-debug || ok=0 ;;
        8.2-zts) step "php build 8.2-zts" build_php zts --enable-zts || ok=0 ;;
        8.4) step "debootstrap trixie" make_trixie || ok=0 ;;
    esac
    if [ $ok = 1 ]; then
        step "rsock build $cell" rsock_build "$cell" || ok=0
        step "cargo test $cell" cargo_tests "$cell" || overall=1
        if [ $ok = 1 ]; then step "phpt $cell" phpt "$cell" || overall=1; fi
    fi
    [ $ok = 1 ] || overall=1
    CELL_TIME[$cell]=$(secs "$t0" "$(now)")
done

echo
printf '%-10s %-6s %-30s %-22s %-22s %-6s %s\n' cell build "cargo test" "phpt rsock p/f/s" "phpt native p/f/s" leaks time
for cell in "${CELLS[@]}"; do
    d=$OUT/$cell
    b=FAIL; [ -f "$d/build.ok" ] && b=ok
    ct=$(cat "$d/cargo-test.txt" 2>/dev/null || echo -)
    read -r rp rf rs < <(phpt_counts "$d/phpt/rsock.log")
    read -r np nf ns < <(phpt_counts "$d/phpt/native.log")
    leaks=0
    [ -f "$d/phpt/rsock.log" ] && leaks=$(grep -cE 'memory leaks detected|Freeing 0x' "$d/phpt/rsock.log" || true)
    printf '%-10s %-6s %-30s %-22s %-22s %-6s %ss\n' "$cell" "$b" "$ct" "$rp/$rf/$rs" "$np/$nf/$ns" "$leaks" "${CELL_TIME[$cell]}"
done
for cell in "${CELLS[@]}"; do
    for side in rsock native; do
        failed=$(phpt_failed "$OUT/$cell/phpt/$side.log")
        [ -z "$failed" ] || { echo; echo "$cell, $side: failed"; sed 's/^/  /' <<< "$failed"; }
    done
    [ -f "$OUT/$cell/build.ok" ] || { echo; echo "$cell: rsock build failed, see $OUT/$cell/build.log"; }
done
echo
echo "step timings (s):"
column -t -s $'\t' "$TIMES" | sed 's/^/  /'
exit $overall
