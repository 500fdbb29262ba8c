#!/bin/bash
# Differential sweep: every tests/sweep/*.php runs on native PHP and with rsock;
# the normalised outputs are diffed.
#   tests/sweep/run.sh [script-name-or-glob ...]
#   EXT=/path/librsock.so  (default: /tmp/sweep-rsock.so, a snapshot of target/release/librsock.so)
#   PHP=php  KEEP=1 (keep the temp dir)  QUIET=1 (no diffs, just SAME/DIFF)
# A script may carry a line `// ARGS: -d foo=bar ...` (extra php args, both sides; the word
# @TMP@ is replaced with the script's temp dir, @DIR@ with this directory).
set -u
cd "$(dirname "$0")"
PHP=${PHP:-php}
EXT=${EXT:-/tmp/sweep-rsock.so}
if [ ! -f "$EXT" ]; then cp ../../target/release/librsock.so "$EXT" || exit 2; fi
TMPROOT=$(mktemp -d /tmp/sweep.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMPROOT"' EXIT

# certificates, made once (outside any per-script dir)
C=$TMPROOT/certs; mkdir -p "$C"
(
  cd "$C"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
    -days 2 -subj /CN=sweepca >/dev/null 2>&1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
    -subj /CN=localhost >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > ext.cnf
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf \
    -out server.crt >/dev/null 2>&1
  cat server.crt server.key > server.pem
  openssl dhparam -dsaparam -out dh.pem 1024 >/dev/null 2>&1 || true
) || exit 2

norm() {
  # $1 = per-script temp dir
  sed -E \
    -e "s#$1#@TMP@#g" \
    -e "s#$TMPROOT#@ROOT@#g" -e "s#sweep\.[A-Za-z0-9]{6}#sweep.XXXXXX#g" \
    -e 's#:(3[2-9][0-9]{3}|[45][0-9]{4}|60[0-9]{3})\b#:EPH#g' \
    -e 's#PORT=[0-9]+#PORT=EPH#g'
}

same=0; differ=0; difflist=()
if [ $# -gt 0 ]; then scripts=("$@"); else scripts=(*.php); fi
for s in "${scripts[@]}"; do
  s=${s##*/}; [ -f "$s" ] || s="$s.php"
  name=${s%.php}
  out=$TMPROOT/out; mkdir -p "$out"
  args=$(sed -n 's#^// ARGS: ##p' "$s" | head -1)
  for side in native rsock; do
    d=$TMPROOT/$name-${side:0:1}; rm -rf "$d"; mkdir -p "$d"
    a=${args//@TMP@/$d}; a=${a//@DIR@/$PWD}
    if [ $side = native ]; then extarg=(); else extarg=(-d "extension=$EXT"); fi
    # shellcheck disable=SC2086
    SWEEP_TMP=$d SWEEP_CERTS=$C timeout 30 "$PHP" \
      -d display_errors=stdout -d error_reporting=-1 -d html_errors=0 -d log_errors=0 \
      "${extarg[@]}" $a "$s" </dev/null >"$out/$name.$side.raw" 2>&1
    rc=$?
    echo "[exit $rc]" >>"$out/$name.$side.raw"
    norm "$d" <"$out/$name.$side.raw" >"$out/$name.$side"
  done
  if diff -q -a "$out/$name.native" "$out/$name.rsock" >/dev/null; then
    echo "SAME  $name"; same=$((same+1))
  else
    echo "DIFF  $name"; differ=$((differ+1)); difflist+=("$name")
    [ -n "${QUIET:-}" ] || diff -a -u --label "native/$name" --label "rsock/$name" "$out/$name.native" "$out/$name.rsock" | sed 's/^/    /'
  fi
done
[ -n "${KEEP:-}" ] && echo "outputs kept in $TMPROOT/out"
echo "$same same, $differ differ${difflist:+ (${difflist[*]})}"
