#!/usr/bin/env bash
# Makes fixtures/formats/: documents of the seed issue (fixtures/lvliang-2019-01.txt) as text,
# government-style HTML pages, DOCX, DOC (MS Word 97), a .wps copy of the DOC, PDF and OFD,
# each with a hand-checked .expected.json. Run by hand when fixtures are (re)made, not by tests:
#   scripts/make-format-fixtures.sh            (needs python3 and LibreOffice: soffice)
# DOCX/DOC/PDF are written by LibreOffice headless from a flat ODT made here; the OFD
# (GB/T 33190) is typeset here, since LibreOffice writes no OFD.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fixtures/formats"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
command -v soffice >/dev/null || { echo "needs LibreOffice (apt-get install libreoffice-writer-nogui)" >&2; exit 1; }

python3 "$root/scripts/make_format_fixtures.py" "$root/fixtures" "$out" "$work"

for fodt in "$work"/*.fodt; do
  name="$(basename "$fodt" .fodt)"
  for conv in "docx:MS Word 2007 XML" "doc:MS Word 97" "pdf:writer_pdf_Export"; do
    ext="${conv%%:*}"
    soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
      --convert-to "$conv" --outdir "$work/out" "$fodt" >/dev/null 2>&1
    cp "$work/out/$name.$ext" "$out/$name.$ext"
  done
  # WPS Office's .wps is the Word 97 binary format: the same bytes under its own extension.
  cp "$out/$name.doc" "$out/$name.wps"
done
ls -la "$out"
