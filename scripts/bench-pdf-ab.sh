#!/usr/bin/env bash
# Two gazette builds against each other and pdftotext, interleaved: R rounds (default 5) of
# hyperfine (-N, 3 runs per command), the command order rotated every round so that load on
# a shared machine falls on all three alike; prints the median of the round medians and the
# ratio gazette/pdftotext of each build, by wall time and by CPU time (user + system: far less
# disturbed by other load than wall time).
# usage: scripts/bench-pdf-ab.sh BEFORE_BINARY AFTER_BINARY PDF...
#   e.g. git worktree add ../before <commit> && (cd ../before && cargo build --release)
#        scripts/bench-pdf-ab.sh ../before/target/release/gazette target/release/gazette fixtures/pdf/*.pdf
set -euo pipefail
A=$1; B=$2; R=${R:-5}; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
med() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['results'][0]['median']*1000)" "$1"; }
cpu() { python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][0];print((r['user']+r['system'])*1000)" "$1"; }
printf '%-36s %9s %9s %9s %7s %7s %9s %9s %9s %7s %7s\n' file before_ms after_ms ptt_ms r_before r_after \
  before_cpu after_cpu ptt_cpu c_before c_after
for f in "$@"; do
  declare -A t=([a]="" [b]="" [p]="") c=([a]="" [b]="" [p]="")
  for r in $(seq "$R"); do
    case $((r % 3)) in 0) order="a b p";; 1) order="b p a";; 2) order="p a b";; esac
    for k in $order; do
      case $k in a) cmd="$A convert $f -o $tmp/o";; b) cmd="$B convert $f -o $tmp/o";; p) cmd="pdftotext $f $tmp/o.txt";; esac
      rm -rf "$tmp/o"
      hyperfine -N -w 1 -r 3 --export-json "$tmp/h.json" --prepare "rm -rf $tmp/o" "$cmd" >/dev/null 2>&1
      t[$k]+="$(med "$tmp/h.json") "
      c[$k]+="$(cpu "$tmp/h.json") "
    done
  done
  m() { python3 -c "import statistics,sys;print(round(statistics.median(map(float,sys.argv[1:])),1))" $1; }
  a=$(m "${t[a]}"); b=$(m "${t[b]}"); p=$(m "${t[p]}")
  ca=$(m "${c[a]}"); cb=$(m "${c[b]}"); cp=$(m "${c[p]}")
  r() { python3 -c "import sys;print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$1" "$2"; }
  printf '%-36s %9s %9s %9s %7s %7s %9s %9s %9s %7s %7s\n' "${f##*/}" "$a" "$b" "$p" "$(r "$a" "$p")" "$(r "$b" "$p")" \
    "$ca" "$cb" "$cp" "$(r "$ca" "$cp")" "$(r "$cb" "$cp")"
done
