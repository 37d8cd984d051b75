#!/usr/bin/env bash
# Compare the PDF reader with poppler's pdftotext on the same files: median of N runs
# each, the ratio, pages per second, and peak RSS. Usage: scripts/bench-pdf.sh [N] [PDF…]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(fixtures/pdf/gazette_single.pdf fixtures/pdf/gazette_two.pdf fixtures/pdf/gazette_lo.pdf
         fixtures/real/pdf/guowuyuan-2019-compiled.pdf fixtures/real/pdf/guowuyuan-2019-unigb.pdf)
fi
if ! command -v pdftotext >/dev/null; then
  apt-get install -y poppler-utils >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y poppler-utils >/dev/null; }
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --example pdf_extract -q
ours="$CARGO_TARGET_DIR/release/examples/pdf_extract"
# TODO: switch to `gazette convert` once the CLI exists.

median_ms() { # command… → median wall time in ms over $runs runs
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%-44s %6s %9s %9s %7s %9s %9s %9s\n' file pages ours_ms poppler_ms ratio pages/s ours_KB poppler_KB
for f in "${files[@]}"; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  a=$(median_ms "$ours" "$f")
  b=$(median_ms pdftotext "$f" -)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2fx", (a > 0 ? b / a : 0)}')
  pps=$(awk -v p="${pages:-0}" -v a="$a" 'BEGIN {printf "%.0f", (a > 0 ? p * 1000 / a : 0)}')
  printf '%-44s %6s %9s %9s %7s %9s %9s %9s\n' "$f" "${pages:-?}" "$a" "$b" "$ratio" "$pps" \
    "$(peak_kb "$ours" "$f")" "$(peak_kb pdftotext "$f" -)"
done
echo "ratio = pdftotext time / ours (higher is better; goal ≥ 2x)"
