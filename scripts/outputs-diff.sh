#!/usr/bin/env bash
# Byte-for-byte comparison of two gazette binaries on every fixture (and the shared real
# corpus when present): `convert`, `extract` and `extract --raw`, stdout, stderr and exit
# status. Used to prove a refactor changes no output.
#   scripts/outputs-diff.sh OLD_BINARY NEW_BINARY
set -uo pipefail
old=${1:?old binary}; new=${2:?new binary}
cd "$(dirname "$0")/.."
inputs=(fixtures/*.txt fixtures/pdf/*.pdf fixtures/pdftotext/*.txt fixtures/robust/*)
shared=${GAZETTE_SHARED:-../shared}/corpus/real
if [ -d "$shared" ]; then
  inputs+=("$shared"/pdf/*.pdf "$shared"/text/*.txt "$shared"/govcn-2019-02-crawl/*.txt "$shared"/ofd/*)
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0; diffs=0
for f in "${inputs[@]}"; do
  for cmd in "convert" "extract" "extract --raw"; do
    for b in old new; do
      bin=${!b}
      # shellcheck disable=SC2086
      "$bin" $cmd "$f" >"$tmp/$b.out" 2>"$tmp/$b.err"; echo "exit $?" >>"$tmp/$b.err"
    done
    n=$((n+1))
    if ! cmp -s "$tmp/old.out" "$tmp/new.out" || ! cmp -s "$tmp/old.err" "$tmp/new.err"; then
      diffs=$((diffs+1)); echo "DIFFERS: $cmd $f"
      diff <(head -c 2000 "$tmp/old.err") <(head -c 2000 "$tmp/new.err") | head -5
    fi
  done
done
echo "$n runs compared, $diffs differ"
[ "$diffs" -eq 0 ]
