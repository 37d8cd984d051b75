#!/usr/bin/env bash
# The SQLite index at scale: generates DOCS synthetic documents (examples/gen_archive.rs,
# default 1,000,000), builds the index (`gazette index`, wall time and size reported), then
# times `gazette grep -c` over the index and over a scan of the JSON Lines, side by side,
# and checks that both count the same. Targets: 文号 pattern and date range ≤ 50 ms, text
# (FTS) ≤ 200 ms on 1M documents.
#   scripts/bench-index.sh                  # DOCS=1000000 RUNS=5
#   DOCS=100000 REBUILD=1 scripts/bench-index.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${DOCS:-1000000}
RUNS=${RUNS:-5}
DIR=${BENCH_DIR:-/tmp/gazette-bench}
ARCHIVE="$DIR/archive-$DOCS.jsonl"
DB="$DIR/archive-$DOCS.db"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN="$CARGO_TARGET_DIR/release/gazette"
cargo build --release --quiet --bin gazette --example gen_archive
command -v hyperfine >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq hyperfine >/dev/null; }
mkdir -p "$DIR"
[ -s "$ARCHIVE" ] || "$CARGO_TARGET_DIR/release/examples/gen_archive" --docs "$DOCS" --out "$ARCHIVE"
if [ ! -s "$DB" ] || [ -n "${REBUILD:-}" ]; then
    rm -f "$DB"
    start=$(date +%s.%N)
    "$BIN" index "$ARCHIVE" --db "$DB"
    echo "index build: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s," \
        "$(( $(stat -c %s "$DB") / 1000000 )) MB for $(( $(stat -c %s "$ARCHIVE") / 1000000 )) MB of JSON Lines"
fi
echo "$DOCS documents; median of $RUNS runs; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
median_ms() {
    local out; out=$(mktemp)
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out" "$1" >/dev/null 2>&1
    python3 -c "import json;print(round(json.load(open('$out'))['results'][0]['median']*1000,1))"
    rm -f "$out"
}
printf '%-40s %10s %10s %10s %9s\n' query "--db ms" "scan ms" ratio documents
bench() {
    local name=$1; shift
    local q; q=$(printf '%q ' "$@")
    local a b ca cb
    ca=$("$BIN" grep -c --db "$DB" "$@" || true)
    cb=$("$BIN" grep -c "$@" "$ARCHIVE" || true)
    [ "$ca" = "$cb" ] || { echo "$name: --db counts $ca, the scan $cb" >&2; exit 1; }
    a=$(median_ms "$BIN grep -c --db $DB $q")
    b=$(median_ms "$BIN grep -c $q $ARCHIVE")
    printf '%-40s %10s %10s %10s %9s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}')" "$ca"
}
bench "--number 吕政办发〔2019〕*" --number '吕政办发〔2019〕*'
bench "--number 吕政办发[2019]10-20号" --number '吕政办发[2019]10-20号'
bench "--since 2019-04-01 --until 2019-06-30" --since 2019-04-01 --until 2019-06-30
bench "--cites 国办发〔2018〕*" --cites '国办发〔2018〕*'
bench "双公示 (FTS, exact)" 双公示
bench "专项行动 --since 2019 (FTS + date)" -e 专项行动 --since 2019
