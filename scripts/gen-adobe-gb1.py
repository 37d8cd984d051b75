#!/usr/bin/env python3
"""Convert poppler-data's cidToUnicode/Adobe-GB1 (one hex code point per line, line N = CID N)
into src/extract/pdf/data/adobe-gb1.bin: little-endian u32 per CID, 0 = unmapped.
Run: apt-get install -y poppler-data && python3 scripts/gen-adobe-gb1.py"""
import struct, sys
src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cidToUnicode/Adobe-GB1"
out = "src/extract/pdf/data/adobe-gb1.bin"
vals = []
for line in open(src, encoding="ascii"):
    line = line.strip()
    vals.append(int(line, 16) if line else 0)
with open(out, "wb") as f:
    f.write(b"".join(struct.pack("<I", v) for v in vals))
print(f"{len(vals)} CIDs -> {out}")
