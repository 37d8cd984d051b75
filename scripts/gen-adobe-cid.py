#!/usr/bin/env python3
"""Convert poppler-data's cidToUnicode tables (one hex code point per line, line N = CID N)
of the four CJK character collections into src/extract/pdf/data/adobe-<name>.bin:
little-endian u32 per CID, 0 = unmapped.
Run: apt-get install -y poppler-data && python3 scripts/gen-adobe-cid.py"""
import struct, sys
src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cidToUnicode"
for name in ["GB1", "CNS1", "Japan1", "Korea1"]:
    out = f"src/extract/pdf/data/adobe-{name.lower()}.bin"
    vals = []
    for line in open(f"{src}/Adobe-{name}", encoding="ascii"):
        line = line.strip()
        # a few lines list several code points (ligatures): keep the first
        vals.append(int(line.split(",")[0].split()[0], 16) if line else 0)
    with open(out, "wb") as f:
        f.write(b"".join(struct.pack("<I", v) for v in vals))
    print(f"{len(vals)} CIDs -> {out}")
