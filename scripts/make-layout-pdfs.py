#!/usr/bin/env python3
"""Typeset the PDF-shaped layout variants of fixtures/layouts/*.txt as GB/T 9704 pages.

Usage: scripts/make-layout-pdfs.py [OUT_DIR]   (default fixtures/layouts/pdf; needs reportlab)

With pdftotext on the PATH it also writes what pdftotext makes of each PDF, plain and with
-layout, to fixtures/layouts/pdftotext/ (NAME.txt, NAME.layout.txt): text users convert.

The text fixtures carry the layouts of real published 公文 (joint headings with a
letter-spaced issuer, signature grids with a wrapped cell, party documents with the date in
brackets under the title, a decree under its issuer line). Here they are drawn as a third
producer would draw them (reportlab, the non-embedded Adobe-GB1 font STSong-Light with
UniGB-UCS2-H, every line placed by coordinates, letter-spacing by character spacing, not by
spaces), so that the PDF reader and the layout stage must find the same fields as the text
path: the tests compare them with the same `.expected.json`.

Placement (A4, 28 mm top / 26 mm left margins, 16 pt body text, 22 pt headings, 28 characters
a line):
- a 文号 first in the file (a print copy for pre-printed letterhead): centred, under an empty
  band where the red masthead would be;
- heading lines up to the addressee line: centred at 22 pt; an issuer line written with
  spaces is letter-spaced to the width of the longest issuer line;
- a date in brackets right under the title: centred;
- body paragraphs: first-line indent of two characters, wrapped at 28 characters;
- the signature block (short lines before the date): right-aligned, or, for lines with a TAB
  (a signature grid), one cell centred in each half of the text width; a line without TAB
  right after a grid row continues the left cell;
- the date: under the last signature, four characters from the right edge;
- 版记 (`…  2018年3月2日印发`): organ at the left margin, date at the right, between rules;
- text after the signature (an enclosed 办法): starts a new page.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CASES = [
    "joint-grid-two",
    "joint-grid-four",
    "joint-grid-date-in-cell",
    "party-bracketed-date",
    "party-joint-offices",
    "decree-issuer-line",
]
FONT = "STSong-Light"
BODY, HEAD = 16.0, 22.0
PAGE_W, PAGE_H = A4
LEFT, TOP, BOTTOM = 26 * mm, 37 * mm, 35 * mm
WIDTH = BODY * 28
LEADING = 28.0
NUMBER = re.compile(r"〔\d{4}〕|第\d+号$")
DATE = re.compile(r"^(\d{4}|[一二三四五六七八九〇○零]{4})年[\d一二三四五六七八九十〇○]+月[\d一二三四五六七八九十〇○]+日$")
PRINTED = re.compile(r"^(.+?)[\s　]+(\d{4}\s*年\s*\d+\s*月\s*\d+\s*日印发)$")


class Page:
    def __init__(self, path):
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.y = PAGE_H - TOP

    def need(self, h):
        if self.y - h < BOTTOM:
            self.new_page()

    def new_page(self):
        self.c.showPage()
        self.y = PAGE_H - TOP

    def text(self, x, s, size=BODY, spacing=0.0):
        t = self.c.beginText(x, self.y)
        t.setFont(FONT, size)
        t.setCharSpace(spacing)
        t.textOut(s)
        self.c.drawText(t)

    def line(self, s, align="left", size=BODY, indent=0.0, spacing=0.0, lead=LEADING):
        self.need(lead)
        self.y -= lead
        w = pdfmetrics.stringWidth(s, FONT, size) + spacing * max(len(s) - 1, 0)
        x = {
            "left": LEFT + indent,
            "centre": LEFT + (WIDTH - w) / 2,
            "right": LEFT + WIDTH - w - indent,
        }[align]
        self.text(x, s, size, spacing)

    def cells(self, left, right):
        self.need(LEADING)
        self.y -= LEADING
        for i, s in enumerate((left, right)):
            if s:
                w = pdfmetrics.stringWidth(s, FONT, BODY)
                self.text(LEFT + WIDTH * (0.25 + 0.5 * i) - w / 2, s)

    def paragraph(self, s, indent=2):
        """Wrapped by width (digits are half as wide), the first line indented."""
        first = True
        while s:
            room = WIDTH - (BODY * indent if first else 0.0)
            n = 1
            while n < len(s) and pdfmetrics.stringWidth(s[: n + 1], FONT, BODY) <= room:
                n += 1
            self.line(s[:n], indent=BODY * indent if first else 0.0)
            s, first = s[n:], False

    def save(self):
        self.c.save()


def letter_spaced(line):
    """`丰 南 区 交 通 运 输 局`: short pieces between spaces, not two names side by side."""
    parts = line.split()
    return len(parts) >= 3 and sum(len(x) <= 4 for x in parts) * 4 >= len(parts) * 3


def tight(s):
    return re.sub(r"[\s　]+", "", s)


def typeset(src, out):
    lines = [l.rstrip("\n") for l in src.read_text(encoding="utf-8").splitlines()]
    lines = [l for l in lines if l.strip()]
    addressee = next((i for i, l in enumerate(lines) if l.endswith("：")), None)
    date_at = next(
        (i for i, l in enumerate(lines) if any(DATE.match(tight(c)) for c in l.split("\t"))), None
    )
    # Signature block: short unpunctuated lines (or grid rows) right above the date.
    sig_from = date_at
    while sig_from is not None and sig_from > 0:
        prev = lines[sig_from - 1]
        if "\t" in prev or (len(tight(prev)) <= 20 and not re.search(r"[。：；，]$", prev)):
            sig_from -= 1
        else:
            break
    p = Page(out)
    i = 0
    if NUMBER.search(lines[0]) and len(lines[0]) < 25:
        p.y -= 60 * mm  # the masthead band of the letterhead paper
        p.line(lines[0], "centre")
        p.y -= LEADING
        i = 1
    if addressee is not None:
        heading_end = addressee
    else:  # a decree or a party document: the heading ends at the first sentence
        heading_end = next((k for k, l in enumerate(lines) if l.endswith("。")), len(lines))
    heads = [l for l in lines[i:heading_end] if not NUMBER.search(l) and "关于" not in l]
    heads = [l for l in heads if len(tight(l)) > 4]
    longest = max((pdfmetrics.stringWidth(tight(l), FONT, HEAD) for l in heads), default=0)
    in_grid = False
    while i < len(lines):
        l = lines[i]
        t = tight(l)
        if i < heading_end:
            if NUMBER.search(l) and len(t) < 25:
                p.line(t, "centre")
            elif t.startswith("（") and t.endswith("）"):
                p.line(t, "centre")
            elif letter_spaced(l):
                w = pdfmetrics.stringWidth(t, FONT, HEAD)
                p.line(t, "centre", HEAD, spacing=(longest - w) / max(len(t) - 1, 1), lead=36)
            else:
                p.line(l.strip(), "centre", HEAD, lead=36)
        elif i == addressee:
            p.y -= 8
            p.line(t)
        elif sig_from is not None and sig_from <= i <= date_at:
            if i == sig_from:
                p.y -= LEADING
            if "\t" in l:
                left, right = (tight(c) for c in l.split("\t", 1))
                p.cells(left, right)
                in_grid = True
            elif i == date_at:
                p.line(t, "right", indent=BODY * 4 if not in_grid else BODY * 2)
            elif in_grid:
                p.cells(t, "")
            else:
                p.line(l.strip(), "right", indent=BODY * 2)  # `市长　王某某` keeps its gap
        elif PRINTED.match(l.strip()):
            organ, when = PRINTED.match(l.strip()).groups()
            p.need(LEADING * 2)
            p.y -= 10
            p.c.line(LEFT, p.y, LEFT + WIDTH, p.y)
            when = tight(when)
            p.line(tight(organ), indent=BODY / 2, size=14)
            p.text(LEFT + WIDTH - pdfmetrics.stringWidth(when, FONT, 14) - BODY / 2, when, 14)
            p.y -= 10
            p.c.line(LEFT, p.y, LEFT + WIDTH, p.y)
        elif date_at is not None and i == date_at + 1 and t.startswith("（") and t.endswith("）"):
            p.line(t, indent=BODY * 2)  # 附注
        elif date_at is not None and i > date_at:
            enclosure_title = "。" not in t and len(t) <= 30
            if enclosure_title and (
                i == date_at + 1 or (i == date_at + 2 and lines[date_at + 1].startswith("（"))
            ):
                p.new_page()
                p.line(t, "centre", HEAD, lead=36)  # the enclosure's title
                p.y -= 12
            else:
                p.paragraph(t)
        else:
            p.paragraph(t, indent=2)
        i += 1
    p.save()


def main():
    root = Path(__file__).resolve().parent.parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "fixtures/layouts/pdf"
    out.mkdir(parents=True, exist_ok=True)
    text_out = root / "fixtures/layouts/pdftotext"
    for case in CASES:
        pdf = out / f"{case}.pdf"
        typeset(root / "fixtures/layouts" / f"{case}.txt", pdf)
        print(pdf)
        if shutil.which("pdftotext") and len(sys.argv) == 1:
            text_out.mkdir(exist_ok=True)
            subprocess.run(["pdftotext", pdf, text_out / f"{case}.txt"], check=True)
            subprocess.run(["pdftotext", "-layout", pdf, text_out / f"{case}.layout.txt"], check=True)


if __name__ == "__main__":
    main()
