#!/usr/bin/env bash
# An N-fold repetition of a PDF (qpdf --empty --pages), for the memory and throughput
# benchmarks at 810 and 4,050 pages. Usage: scripts/make-big-pdf.sh IN.pdf TIMES OUT.pdf
set -euo pipefail
in=${1:?input pdf}; times=${2:?repetitions}; out=${3:?output pdf}
command -v qpdf >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq qpdf >/dev/null; }
pages=()
for _ in $(seq "$times"); do pages+=("$in" 1-z); done
qpdf --empty --pages "${pages[@]}" -- "$out"
