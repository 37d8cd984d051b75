#!/usr/bin/env bash
# Runs pdftotext and `gazette extract` on every PDF under a folder and counts the files that
# pdftotext reads (>= 100 letters or digits) but gazette refuses or returns under half of,
# by cause (the category of gazette's error or warning message).
#
# usage: scripts/pdf-corpus-run.sh DIR [GAZETTE_BINARY] [OUT_TSV]
#   env: TIMEOUT (s per file, default 30), MEM_KB (ulimit -v, default 4000000), JOBS (2),
#        PT_CACHE (a folder to keep pdftotext's counts in between runs)
# Prints a summary; OUT_TSV gets one line per file:
#   file  pdftotext_chars  gazette_chars  exit  cause  first-message
set -u
dir=${1:?usage: pdf-corpus-run.sh DIR [GAZETTE] [OUT_TSV]}
bin=$(readlink -f "${2:-target/release/gazette}")
out=${3:-pdf-corpus-run.tsv}
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is needed" >&2; exit 2; }
[ -x "$bin" ] || { echo "no gazette binary at $bin" >&2; exit 2; }
export BIN=$bin TIMEOUT=${TIMEOUT:-30} MEM_KB=${MEM_KB:-4000000}

one() {
  f=$1
  # letters and digits only: dot leaders and punctuation that gazette tidies do not count
  count() { perl -CS -ne '$n += () = /[\p{L}\p{N}]/g; END { print $n + 0 }'; }
  key=${PT_CACHE:+$PT_CACHE/$(printf %s "$f" | md5sum | cut -c1-16)}
  if [ -n "$key" ] && [ -s "$key" ]; then p=$(cat "$key")
  else
    p=$(timeout "$TIMEOUT" pdftotext -q -enc UTF-8 "$f" - 2>/dev/null | count)
    [ -n "$key" ] && echo "$p" >"$key"
  fi
  [ "$p" -ge 100 ] || { printf '%s\t%s\t-\t-\tpdftotext-unread\t\n' "$f" "$p"; return; }
  err=$(mktemp) txt=$(mktemp)
  (ulimit -v "$MEM_KB"; exec timeout -s KILL "$TIMEOUT" "$BIN" extract "$f" >"$txt" 2>"$err")
  rc=$?
  g=$(count <"$txt")
  # the error (last line) when refused, else the warnings; the file name taken out
  if [ "$rc" = 0 ]; then msg=$(grep -v '^\s*$' "$err" | tr '\t\n' '  ')
  else msg=$(grep -v '^\s*$' "$err" | tail -1 | tr '\t' ' '); fi
  msg=${msg//"$f"/FILE}; msg=${msg:0:300}
  [ "$rc" = 137 ] && msg="timeout after ${TIMEOUT}s"
  [ "$rc" = 101 ] && msg="panicked: $msg"
  rm -f "$err" "$txt"
  cause=$(classify "$g" "$p" "$msg")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$p" "$g" "$rc" "$cause" "$msg"
}
classify() {
  g=$1 p=$2 msg=$3
  case "$msg" in
    *panicked*) echo panic; return ;;
    "timeout after"*) echo timeout; return ;;
  esac
  if [ $((g * 2)) -ge "$p" ]; then echo ok; return; fi
  case "$msg" in
    *"encrypted"*) echo encrypted ;;
    *"no Unicode mapping"*) echo no-unicode-mapping ;;
    *"no text layer"*) echo no-text-layer ;;
    *"cannot parse"*|*"no page objects"*) echo damaged-unparsable ;;
    *"no readable pages"*) echo damaged-no-pages ;;
    *"missing or unreadable"*|*"could not be read completely"*) echo damaged-content ;;
    *"pages-lost"*|*"missing from the file"*|*"declares"*) echo pages-lost ;;
    *"characters in fonts without"*) echo partly-unmapped ;;
    *"undecodable"*) echo undecodable ;;
    *"unsupported"*) echo unsupported ;;
    *"furniture"*|*"running"*) echo furniture ;;
    "") if [ "$g" -eq 0 ]; then echo "empty-silent"; else echo "short-silent"; fi ;;
    *) echo "other" ;;
  esac
}
export -f one classify

find "$dir" -type f -iname '*.pdf' -print0 | sort -z |
  nice -n 10 xargs -0 -P "${JOBS:-2}" -I{} bash -c 'one "$1"' _ {} > "$out"

awk -F'\t' '
  { n++ }
  $5 == "pdftotext-unread" { unread++; next }
  { read++ ; c[$5]++ }
  END {
    printf "files %d, pdftotext reads %d (unread %d)\n", n, read, unread
    bad = 0
    for (k in c) if (k != "ok") bad += c[k]
    printf "gazette refuses or returns < half: %d\n", bad
    for (k in c) printf "  %-22s %d\n", k, c[k]
  }' "$out" | sort -k2 -nr -t$'\t'
