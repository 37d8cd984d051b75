#!/usr/bin/env bash
# Benchmark of batch conversion (`gazette convert DIR -o OUT`): -j1 against -j2 on an
# archive of copies of the fixtures. Prints the median and best wall time of each, the speed-up,
# throughput (pages/s, documents/s) and peak RSS.
#
#   scripts/bench-archive.sh              # COPIES=4 RUNS=5 by default
#   COPIES=10 RUNS=3 scripts/bench-archive.sh
#
# Inputs: the text fixtures (fixtures/lvliang-2019-01.txt, ../shared/corpus/real/text/*.txt,
# and the full-issue text renderings fixtures/pdf/*.ref.txt), plus every fixture PDF
# that `gazette extract` can read (none until the PDF reader has landed).
# Uses hyperfine when installed, else a loop timed with `date +%s.%N`. The archive and
# outputs go to a mktemp folder: TMPDIR=/dev/shm takes the disk (one fsync per output
# file) out of the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."

COPIES=${COPIES:-4}
RUNS=${RUNS:-5}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

echo "building release…" >&2
cargo build --release --quiet
BIN=$CARGO_TARGET_DIR/release/gazette

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ARC=$WORK/archive

# The inputs of one copy.
texts=(fixtures/lvliang-2019-01.txt ../shared/corpus/real/text/*.txt fixtures/pdf/*.ref.txt)
pdfs=()
for p in fixtures/pdf/*.pdf ../shared/corpus/real/pdf/*.pdf; do
    [ -e "$p" ] || continue
    if "$BIN" extract "$p" >/dev/null 2>&1; then pdfs+=("$p"); fi
done
for c in $(seq 1 "$COPIES"); do
    d=$ARC/copy-$c
    mkdir -p "$d/text" "$d/pdf"
    for t in "${texts[@]}"; do
        [ -e "$t" ] || continue
        name=$(basename "$t"); cp "$t" "$d/text/${name%.ref.txt}.txt"
    done
    for p in "${pdfs[@]+"${pdfs[@]}"}"; do cp "$p" "$d/pdf/"; done
done
n_inputs=$(find "$ARC" -type f | wc -l)
echo "archive: $n_inputs inputs ($(( ${#texts[@]} * COPIES )) text, $(( ${#pdfs[@]} * COPIES )) PDF), $(du -sh "$ARC" | cut -f1)" >&2
if [ "$n_inputs" -lt 20 ]; then echo "need at least 20 inputs; raise COPIES" >&2; exit 2; fi

# One conversion of the whole archive (fresh output, --force: no incremental skip).
convert() { # $1 = -j value
    rm -rf "$WORK/out"
    "$BIN" convert "$ARC" -o "$WORK/out" -j "$1" --force -q || [ $? -eq 2 ]
}

# Pages and documents, from the summary line of one run.
summary=$("$BIN" convert "$ARC" -o "$WORK/out" -j 2 --force 2>&1 >/dev/null | tail -1 || true)
pages=$(sed -n 's/.* \([0-9]*\) pages in .*/\1/p' <<<"$summary")
docs=$(sed -n 's/.*; \([0-9]*\) documents.*/\1/p' <<<"$summary")
echo "one run: $summary" >&2

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# On a shared machine the load of others comes and goes: -j1 and -j2 runs are
# interleaved so that both see the same conditions, and the minimum (the run least
# disturbed) is shown beside the median.
declare -A T TMIN
if command -v hyperfine >/dev/null; then
    for j in 1 2; do
        hyperfine --runs "$RUNS" --warmup 1 --export-json "$WORK/h$j.json" \
            --prepare "rm -rf $WORK/out" \
            "$BIN convert $ARC -o $WORK/out -j $j --force -q || [ \$? -eq 2 ]" >&2
        T[$j]=$(python3 -c "import json,statistics;print(statistics.median(json.load(open('$WORK/h$j.json'))['results'][0]['times']))")
        TMIN[$j]=$(python3 -c "import json;print(min(json.load(open('$WORK/h$j.json'))['results'][0]['times']))")
    done
else
    convert 1; convert 2 # warm-up
    : >"$WORK/t1"; : >"$WORK/t2"
    for _ in $(seq 1 "$RUNS"); do
        for j in 1 2; do
            s=$(date +%s.%N); convert "$j"; e=$(date +%s.%N)
            echo "$e - $s" | bc -l >>"$WORK/t$j"
        done
    done
    for j in 1 2; do
        T[$j]=$(median <"$WORK/t$j")
        TMIN[$j]=$(sort -g "$WORK/t$j" | head -1)
    done
fi

# An incremental re-run where nothing changed: every input is hashed, none converted.
rm -rf "$WORK/out"
"$BIN" convert "$ARC" -o "$WORK/out" -j 2 -q || [ $? -eq 2 ]
s=$(date +%s.%N)
"$BIN" convert "$ARC" -o "$WORK/out" -j 2 -q || [ $? -eq 2 ]
e=$(date +%s.%N)
t_incr=$(echo "$e - $s" | bc -l)

# Peak RSS (MiB) and CPU time (user + system, s) of one run: CPU time does not depend
# on the load of others, so -j2 spending no more of it than -j1 shows the parallel
# overhead is nil even when the wall-clock speed-up is eaten by a busy machine.
usage() {
    rm -rf "$WORK/out"
    /usr/bin/time -v "$BIN" convert "$ARC" -o "$WORK/out" -j "$1" --force -q 2>&1 >/dev/null \
        | awk '/Maximum resident set size/ {rss=$NF/1024} /User time|System time/ {cpu+=$NF}
               END {printf "%.1f %.3f", rss, cpu}'
}
declare -A RSS CPU
for j in 1 2; do
    if [ -x /usr/bin/time ]; then read -r RSS[$j] CPU[$j] <<<"$(usage "$j")"; else RSS[$j]=n/a; CPU[$j]=n/a; fi
done

printf '\n%-6s %10s %10s %10s %10s %10s %12s\n' "" "median s" "min s" "CPU s" "pages/s" "docs/s" "peak RSS MiB"
for j in 1 2; do
    t=${T[$j]}
    printf '%-6s %10.3f %10.3f %10s %10.0f %10.0f %12s\n' "-j$j" "$t" "${TMIN[$j]}" "${CPU[$j]}" \
        "$(echo "$pages / $t" | bc -l)" "$(echo "$docs / $t" | bc -l)" "${RSS[$j]}"
done
printf 'incremental re-run, nothing changed (-j2): %.3f s\n' "$t_incr"
printf 'speed-up -j2 vs -j1: %.2fx median, %.2fx best  (%s inputs, %s pages, %s documents, %s runs each, %s cores, load %s)\n' \
    "$(echo "${T[1]} / ${T[2]}" | bc -l)" "$(echo "${TMIN[1]} / ${TMIN[2]}" | bc -l)" "$n_inputs" "$pages" "$docs" "$RUNS" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
