#!/usr/bin/env bash
# Full pipeline vs poppler's pdftotext on the same PDFs, timed in one interleaved run
# (scripts/interleave.py: N rounds, each command once per round, order rotated): median wall
# time of each, the ratio gazette/pdftotext (<= 1.0 required, goal 0.5), pages/s, CPU time and
# peak RSS. Usage: scripts/bench-pdf.sh [N] [PDF...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(fixtures/pdf/gazette_single.pdf fixtures/pdf/gazette_two.pdf fixtures/pdf/gazette_lo.pdf
         ../shared/corpus/real/pdf/guowuyuan-2019-compiled.pdf ../shared/corpus/real/pdf/guowuyuan-2019-unigb.pdf)
  # The real PDFs are read in place from ../shared when it is there.
  present=(); for f in "${files[@]}"; do [ -e "$f" ] && present+=("$f"); done; files=("${present[@]}")
fi
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need pdftotext poppler-utils
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null; apt-get install -y -qq time >/dev/null; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q
gazette="$CARGO_TARGET_DIR/release/gazette"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%-46s %5s %11s %13s %6s %8s %10s %10s %12s\n' file pages gazette_ms pdftotext_ms ratio pages/s cpu_ratio gazette_KB pdftotext_KB
for f in "${files[@]}"; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  # Two warm-up rounds, then N interleaved rounds: "median min cpu" per command.
  read -r -d '' times < <(python3 scripts/interleave.py "$runs" 2 "$gazette convert $f" "pdftotext $f $tmp/out.txt") || true
  a=$(sed -n 1p <<<"$times" | cut -d' ' -f1); ca=$(sed -n 1p <<<"$times" | cut -d' ' -f3)
  b=$(sed -n 2p <<<"$times" | cut -d' ' -f1); cb=$(sed -n 2p <<<"$times" | cut -d' ' -f3)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  cratio=$(awk -v a="$ca" -v b="$cb" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  pps=$(awk -v p="${pages:-0}" -v a="$a" 'BEGIN {printf "%.0f", (a > 0 ? p * 1000 / a : 0)}')
  printf '%-46s %5s %11s %13s %6s %8s %10s %10s %12s\n' "$f" "${pages:-?}" "$a" "$b" "$ratio" "$pps" "$cratio" \
    "$(peak_kb "$gazette" convert "$f")" "$(peak_kb pdftotext "$f" "$tmp/out.txt")"
done
echo "ratio = gazette convert (full pipeline, JSON out) / pdftotext (text only), median wall time; cpu_ratio the same by user + system time; lower is better"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
