#!/usr/bin/env python3
"""Make image-only "scanned" PDFs from text PDFs, for testing `gazette --ocr`.

Each page is rendered with pdftoppm (poppler-utils), made to look scanned — grey and
uneven paper, 0.5–1.5° skew, blur, speckle, JPEG compression — and wrapped back into a PDF
with one image per page, as a scanner writes it. The noise is seeded by --seed and the page
number, so the same command gives byte-identical files.

    scripts/make-scans.py IN.pdf OUT.pdf [--dpi 300] [--pages 1-3,7] [--codec dct|g4|flate]
    scripts/make-scans.py --noise OUT.pdf        # one page of noise only (no text at all)

Needs python3 with Pillow and numpy (pip install Pillow numpy) and pdftoppm.
"""

import argparse
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
from PIL import Image, ImageFilter

A4 = (595.276, 841.89)


def parse_pages(spec, count):
    if not spec:
        return list(range(1, count + 1))
    pages = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        pages.extend(range(int(a), int(b or a) + 1))
    return [p for p in pages if 1 <= p <= count]


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit(f"{pdf}: no page count")


def page_size(pdf, page):
    out = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), pdf],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith(f"Page") and "size:" in line:
            f = line.split("size:")[1].split()
            return float(f[0]), float(f[2])
    return A4


def render(pdf, page, dpi, tmp):
    stem = os.path.join(tmp, f"p{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile",
                    "-f", str(page), "-l", str(page), pdf, stem], check=True)
    return Image.open(stem + ".png").convert("L")


def paper(rng, w, h):
    """Grey, uneven paper: a base tone plus a smooth low-frequency shade."""
    base = rng.uniform(200, 232)
    small = rng.normal(0, 6, (8, 6)).astype(np.float32)
    shade = np.asarray(Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC))
    return np.clip(base + shade, 150, 250)


def scan(img, rng, level):
    """Degrade a clean grey render like a flatbed scan of a printed page."""
    w, h = img.size
    ink = 1.0 - np.asarray(img, dtype=np.float32) / 255.0  # 1 = black ink
    bg = paper(rng, w, h)
    # ink is never pure black after scanning: 20–45 grey levels
    dark = rng.uniform(20, 45)
    px = bg * (1 - ink) + dark * ink
    out = Image.fromarray(np.clip(px, 0, 255).astype(np.uint8), mode="L")
    angle = rng.uniform(0.5, 1.5) * rng.choice([-1, 1])
    out = out.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=int(bg.mean()))
    out = out.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.5, 1.0) * level))
    a = np.asarray(out, dtype=np.float32)
    a = a + rng.normal(0, 5 * level, a.shape)  # sensor noise
    # speckle: dark dust and light drop-outs
    n = int(w * h * 0.0004 * level)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    a[ys, xs] = rng.uniform(0, 80, n)
    ys, xs = rng.integers(0, h, n // 2), rng.integers(0, w, n // 2)
    a[ys, xs] = rng.uniform(200, 255, n // 2)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L"), angle


def noise_page(rng, w, h):
    bg = paper(rng, w, h) + rng.normal(0, 12, (h, w))
    n = int(w * h * 0.003)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    bg[ys, xs] = rng.uniform(0, 90, n)
    img = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8), mode="L")
    return img.filter(ImageFilter.GaussianBlur(radius=0.8))


def g4_strip(img):
    """CCITT G4 bytes of a bilevel image: Pillow writes a one-strip TIFF; take the strip."""
    buf = io.BytesIO()
    img.convert("1").save(buf, format="TIFF", compression="group4", tiffinfo={278: img.size[1]})
    t = buf.getvalue()
    end = "<" if t[:2] == b"II" else ">"
    (ifd,) = struct.unpack(end + "I", t[4:8])
    (n,) = struct.unpack(end + "H", t[ifd:ifd + 2])
    tags = {}
    for i in range(n):
        e = t[ifd + 2 + 12 * i: ifd + 14 + 12 * i]
        tag, typ, cnt = struct.unpack(end + "HHI", e[:8])
        val = struct.unpack(end + ("H" if typ == 3 else "I"), e[8:10] if typ == 3 else e[8:12])[0]
        tags[tag] = (cnt, val)
    if tags[273][0] != 1:
        raise SystemExit("multi-strip TIFF from Pillow; cannot extract G4")
    off, size = tags[273][1], tags[279][1]
    return t[off:off + size]


def encode(img, codec, quality):
    """→ (filter, decode parms, colour space, bits, data)."""
    w, h = img.size
    if codec == "dct":
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality, optimize=False)
        return "/DCTDecode", "", "/DeviceGray", 8, buf.getvalue()
    if codec == "g4":
        # Pillow writes 1-bit TIFF as MinIsBlack, so CCITT "white" runs would be ink: invert
        bw = img.point(lambda v: 0 if v > 140 else 255)
        data = g4_strip(bw)
        parms = f"/DecodeParms << /K -1 /Columns {w} /Rows {h} /BlackIs1 false >>"
        return "/CCITTFaxDecode", parms, "/DeviceGray", 1, data
    if codec == "flate":
        return "/FlateDecode", "", "/DeviceGray", 8, zlib.compress(img.tobytes(), 9)
    raise SystemExit(f"unknown codec {codec}")


def write_pdf(path, pages):
    """pages: [(width_pt, height_pt, img_w, img_h, filter, parms, cs, bits, data)]."""
    objs = []  # bytes of objects 1..n

    def add(b):
        objs.append(b)
        return len(objs)

    catalog = add(b"")  # filled below
    pages_id = add(b"")
    kids = []
    for (pw, ph, iw, ih, flt, parms, cs, bits, data) in pages:
        img = add(f"<< /Type /XObject /Subtype /Image /Width {iw} /Height {ih} /ColorSpace {cs} "
                  f"/BitsPerComponent {bits} /Filter {flt} {parms} /Length {len(data)} >>\nstream\n"
                  .encode() + data + b"\nendstream")
        content = f"q {pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q".encode()
        cid = add(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {pw:.3f} {ph:.3f}] "
                        f"/Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {cid} 0 R >>"
                        .encode()))
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objs[pages_id - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                          + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    with open(path, "wb") as f:
        f.write(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", help="text PDF to scan (omit with --noise)")
    ap.add_argument("output")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--pages", help="e.g. 1-3,7 (default: all)")
    ap.add_argument("--codec", default="dct", choices=["dct", "g4", "flate"])
    ap.add_argument("--quality", type=int, default=70, help="JPEG quality")
    ap.add_argument("--level", type=float, default=1.0, help="noise strength (0 = clean)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--noise", action="store_true", help="one page of noise only")
    a = ap.parse_args()
    pages = []
    if a.noise:
        rng = np.random.default_rng(a.seed)
        w, h = round(A4[0] / 72 * a.dpi), round(A4[1] / 72 * a.dpi)
        img = noise_page(rng, w, h)
        pages.append((*A4, w, h, *encode(img, a.codec, a.quality)))
    else:
        if not a.input:
            ap.error("an input PDF is needed (or --noise)")
        with tempfile.TemporaryDirectory() as tmp:
            for p in parse_pages(a.pages, page_count(a.input)):
                rng = np.random.default_rng([a.seed, p])
                img = render(a.input, p, a.dpi, tmp)
                if a.level > 0:
                    img, _ = scan(img, rng, a.level)
                pages.append((*page_size(a.input, p), *img.size, *encode(img, a.codec, a.quality)))
                print(f"\r{a.input}: page {p}", end="", file=sys.stderr)
        print(file=sys.stderr)
    write_pdf(a.output, pages)
    print(f"{a.output}: {len(pages)} pages, {os.path.getsize(a.output)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
