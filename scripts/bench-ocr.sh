#!/usr/bin/env bash
# OCR benchmark (not a timed test): scans of fixtures/pdf/gazette_single.pdf (81 pages) and
# gazette_two.pdf (41 pages) at 300 dpi with noise (scripts/make-scans.py, cached in
# target/ocr-scans/), then the whole pipeline with --ocr on them: seconds per page at -j1 and
# -j2, the time for the 81-page issue, per-field accuracy against .expected.json and the
# character error rate against .ref.txt. Usage: scripts/bench-ocr.sh [quick|speed]
# (quick: -j2 only, no -j1 run; speed: only the hyperfine timings of `gazette convert --ocr`
# below). Takes 10–20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need pdftoppm poppler-utils
need tesseract tesseract-ocr
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || apt-get install -y -qq tesseract-ocr-chi-sim >/dev/null
python3 -c 'import PIL, numpy' 2>/dev/null || pip install -q Pillow numpy
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
scans=$CARGO_TARGET_DIR/ocr-scans
mkdir -p "$scans"
for f in gazette_single gazette_two; do
  [ -s "$scans/$f.pdf" ] || python3 scripts/make-scans.py "fixtures/pdf/$f.pdf" "$scans/$f.pdf"
done
cargo build --release -q --example ocr_accuracy --bin gazette
bench=$CARGO_TARGET_DIR/release/examples/ocr_accuracy
gazette=$CARGO_TARGET_DIR/release/gazette
# Wall time of the CLI itself, one run each (a run takes minutes): seconds per page at -j1
# and -j2 on the 41-page scan, and the 81-page scanned issue (gazette_single) at -j2.
speed() {
  need hyperfine hyperfine
  hyperfine -r 1 -N --export-markdown "$scans/speed.md" \
    -n "gazette_two (41 p.) -j1" "$gazette convert --ocr --timeout 0 -j 1 $scans/gazette_two.pdf" \
    -n "gazette_two (41 p.) -j2" "$gazette convert --ocr --timeout 0 -j 2 $scans/gazette_two.pdf" \
    -n "gazette_single (81 p.) -j2" "$gazette convert --ocr --timeout 0 -j 2 $scans/gazette_single.pdf"
  cat "$scans/speed.md"
}
if [ "${1:-}" = speed ]; then speed; exit; fi
echo "== -j2: both scans (accuracy, and the 81-page issue's time)"
"$bench" -j 2 "$scans/gazette_single.pdf" fixtures/pdf/gazette_single "$scans/gazette_two.pdf" fixtures/pdf/gazette_two 2>"$scans/mismatches-j2.txt"
if [ "${1:-}" != quick ]; then
  echo "== -j1: gazette_two (speed)"
  "$bench" -j 1 "$scans/gazette_two.pdf" fixtures/pdf/gazette_two 2>/dev/null
fi
echo "(field mismatches: $scans/mismatches-j2.txt)"
