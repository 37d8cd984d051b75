#!/usr/bin/env bash
# Benchmark `gazette grep` on a large synthetic JSON Lines archive, side by side with rg
# running the equivalent regex over the same file. Not a timed test: it prints medians
# (ms, wall clock) and the ratio gazette / rg.
#
#   scripts/bench-grep.sh                 # 100,000 documents, 7 runs per command
#   DOCS=300000 RUNS=11 scripts/bench-grep.sh
#   REGEN=1 scripts/bench-grep.sh         # regenerate the archive
set -euo pipefail

cd "$(dirname "$0")/.."
DOCS=${DOCS:-100000}
RUNS=${RUNS:-7}
DIR=${BENCH_DIR:-/tmp/gazette-bench}
ARCHIVE="$DIR/archive-$DOCS.jsonl"
JSONDIR="$DIR/json-$DOCS"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN="$CARGO_TARGET_DIR/release/gazette"

cargo build --release --quiet --bin gazette --example gen_archive

apt_install() {
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$1" >&2; else sudo apt-get install -y -qq "$1" >&2; fi
}
command -v rg >/dev/null || { echo "installing ripgrep…" >&2; apt_install ripgrep; }
# hyperfine is optional: without it, a plain loop takes the median.
command -v hyperfine >/dev/null || apt_install hyperfine || true

mkdir -p "$DIR"
if [ ! -s "$ARCHIVE" ] || [ ! -d "$JSONDIR" ] || [ -n "${REGEN:-}" ]; then
    rm -rf "$JSONDIR"
    "$CARGO_TARGET_DIR/release/examples/gen_archive" --docs "$DOCS" --out "$ARCHIVE" \
        --json-dir "$JSONDIR"
fi
size_mb=$(( $(stat -c %s "$ARCHIVE") / 1000000 ))
echo "archive: $ARCHIVE ($DOCS documents, ${size_mb} MB); median of $RUNS runs" \
    "($(command -v hyperfine >/dev/null && echo hyperfine || echo shell loop)), page cache warm;" \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Median wall time in ms of a command (output discarded), after one warm-up run.
median_ms() {
    if command -v hyperfine >/dev/null && command -v jq >/dev/null; then
        local cmd out
        cmd=$(printf '%q ' "$@")
        out=$(mktemp)
        hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out" "$cmd" >/dev/null 2>&1
        jq -r '.results[0].median * 1000 | . * 10 | round / 10' "$out"
        rm -f "$out"
        return
    fi
    local times=() i t0 t1
    "$@" >/dev/null 2>&1 || true
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

# name | rg regex (same documents, counted) | gazette args…   (on $TARGET)
TARGET=$ARCHIVE
RGOPT=()
bench() {
    local name=$1 rgre=$2 ARCHIVE=$TARGET
    shift 2
    local g r gc rc
    gc=$("$BIN" grep -c "$@" "$ARCHIVE" || true)
    # rg -c prints one count per file for a folder: sum them.
    rc=$(rg "${RGOPT[@]}" -c --no-filename "$rgre" "$ARCHIVE" | awk '{s += $1} END {print s + 0}')
    g=$(median_ms "$BIN" grep -c "$@" "$ARCHIVE")
    r=$(median_ms rg "${RGOPT[@]}" -c "$rgre" "$ARCHIVE")
    local gl
    gl=$(median_ms "$BIN" grep "$@" "$ARCHIVE")
    printf '%-34s %8s ms %8s ms %8s ms %7s  (%s / %s documents)\n' "$name" "$g" "$gl" "$r" \
        "$(awk -v a="$g" -v b="$r" 'BEGIN {printf "%.2fx", a / b}')" "$gc" "$rc"
}

printf '%-34s %11s %11s %11s %7s\n' query "gazette -c" "gazette" "rg -c" ratio
bench "--number 吕政办发〔2019〕*" '"doc_number":\{"text":"吕政办发〔2019〕[0-9]+号"' \
    --number '吕政办发〔2019〕*'
bench "--number 吕政办发[2019]10-20号" '"doc_number":\{"text":"吕政办发〔2019〕(1[0-9]|20)号"' \
    --number '吕政办发[2019]10-20号'
bench "--since 2019-04-01 --until 2019-06-30" '"date":"2019-0[456]-[0-9]{2}"' \
    --since 2019-04-01 --until 2019-06-30
bench "--cites 国办发〔2018〕*" '"references":\[[^\]]*"text":"国办发〔2018〕' \
    --cites '国办发〔2018〕*'
bench "双公示 (text PATTERN)" '双公示' '双公示'
bench "双.示 (text regex)" '双.示' '双.示'
echo
TARGET=$JSONDIR
RGOPT=(-U) # pretty JSON: the doc_number object spans lines
echo "folder of $(find "$JSONDIR" -name '*.json' | wc -l) pretty issue JSON files ($(du -sm "$JSONDIR" | cut -f1) MB), as convert -o writes them:"
bench "--number 吕政办发〔2019〕*" '"doc_number": \{\s*"text": "吕政办发〔2019〕[0-9]+号"' \
    --number '吕政办发〔2019〕*'
bench "--since 2019-04-01 --until 2019-06-30" '"date": "2019-0[456]-[0-9]{2}"' \
    --since 2019-04-01 --until 2019-06-30
echo "ratio = gazette -c / rg -c (lower is better); 'gazette' = the default text output to /dev/null"
