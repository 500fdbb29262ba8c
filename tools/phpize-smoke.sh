#!/usr/bin/env bash
# The phpize install path, as PIE, docker-php-ext-install and packagers run
# it: a copy of the checkout (phpize writes into the source tree), then
#   phpize && ./configure --with-php-config=PHP_CONFIG && make && make install INSTALL_ROOT=...
# and a smoke test of the installed rsock.so: it loads, replaces the
# built-ins, serves a connection, and reports a bind error's errno (native
# PHP always leaves 0).
#
#   tools/phpize-smoke.sh [PHP_CONFIG]        (default: php-config from PATH)
#
# The cargo build goes to target/phpize of this checkout, so a second run is
# quick. Prints `phpize smoke: ok (...)` or fails with the step that failed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
php_config=$(command -v "${1:-php-config}") || { echo "phpize smoke: php-config not found" >&2; exit 1; }
phpize=$(dirname "$php_config")/phpize
[ -x "$phpize" ] || phpize=$(command -v phpize)
php=$("$php_config" --php-binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { echo "== phpize smoke: $*"; }
step "copy of $(git -C "$repo" rev-parse --short HEAD) (tracked files and uncommitted changes)"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard \
    | xargs -0 sh -c 'for f; do [ -e "$f" ] && cp --parents -- "$f" "$0"; done' "$work")
cd "$work"
step "$phpize"
"$phpize" >phpize.log 2>&1 || { cat phpize.log; exit 1; }
step "./configure --with-php-config=$php_config"
./configure --with-php-config="$php_config" >configure.log 2>&1 || { tail -30 configure.log; exit 1; }
step "make (cargo build --release, target $repo/target/phpize)"
make RSOCK_TARGET_DIR="$repo/target/phpize" >make.log 2>&1 || { tail -40 make.log; exit 1; }
step "make install INSTALL_ROOT=$work/root"
make install INSTALL_ROOT="$work/root" RSOCK_TARGET_DIR="$repo/target/phpize" >install.log 2>&1 \
    || { tail -20 install.log; exit 1; }
so="$work/root$("$php_config" --extension-dir)/rsock.so"
[ -f "$so" ] || { echo "phpize smoke: $so was not installed"; cat install.log; exit 1; }

step "$php -n -d extension=$so"
"$php" -n -d extension="$so" -r '
    $fail = function (string $why) { fwrite(STDERR, "phpize smoke: $why\n"); exit(1); };
    extension_loaded("rsock") || $fail("rsock did not load");
    $srv = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
    $srv || $fail("stream_socket_server failed: $errstr");
    $addr = stream_socket_get_name($srv, false);
    $c = stream_socket_client("tcp://$addr", $e, $m, 5);
    $conn = stream_socket_accept($srv, 5);
    $conn || $fail("accept failed");
    fwrite($c, "ping\n");
    fgets($conn) === "ping\n" || $fail("no echo through the accepted stream");
    // Native PHP leaves $errno 0 on a bind failure; rsock reports it.
    $dup = @stream_socket_server("tcp://$addr", $errno2, $errstr2);
    ($dup === false && $errno2 === 98) || $fail("errno of a double bind: $errno2 (want 98: rsock is not serving the built-in)");
    echo "phpize smoke: ok (PHP ", PHP_VERSION, ", ", basename(ini_get("extension_dir")), ", ", PHP_ZTS ? "ZTS" : "NTS", ")\n";
'
