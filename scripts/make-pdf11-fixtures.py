#!/usr/bin/env python3
"""Small PDFs for the reader's robustness tests (issue 11), written byte by byte so every
damage, font setup and hostile structure is exactly what the test names. Needs only Python;
`qpdf` (for the AES-256 file) and `tesseract` (for the OCR-layer file) are used when present
and their files are otherwise kept as committed.

usage: [ONLY=group,...] scripts/make-pdf11-fixtures.py [OUT_DIR]   (default fixtures/pdf11)
`cjk` reads poppler-data's cidToUnicode tables (apt-get install -y poppler-data)."""
import base64, os, shutil, subprocess, sys, tempfile, zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else "fixtures/pdf11"
HELV = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"


def pdf(objs, root=1, xref=True):
    """objs: bodies of objects 1..n; a (dict, data) tuple is a stream (its /Length added
    unless the dict already says something about it)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i
        if isinstance(o, tuple):
            d, s = o
            if b"/Length" not in d and b"NOLEN" not in d:
                d = d[:-2] + b"/Length %d>>" % len(s)
            out += d.replace(b"NOLEN", b"") + b"\nstream\n" + s + b"\nendstream"
        else:
            out += o
        out += b"\nendobj\n"
    x = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for o in offs:
            out += b"%010d 00000 n \n" % o
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, x)
    return bytes(out)


def doc(contents, font=HELV, extra_page=b"", more=()):
    """Pages with the given content streams ((dict, data) tuples or bytes), font F1."""
    n = len(contents)
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)) + b"]/Count %d>>" % n,
            font]
    for i, c in enumerate(contents):
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R%s>>" % (5 + 2 * i, extra_page))
        objs.append(c if isinstance(c, tuple) else (b"<<>>", c))
    return pdf(objs + list(more))


def text_page(n):
    return b"BT /F1 12 Tf 72 400 Td (Page %d: the quick brown fox jumps over the lazy dog.) Tj 0 -20 Td (Second line of page %d, more words to read.) Tj ET" % (n, n)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def damaged():
    pages = [text_page(i + 1) for i in range(3)]
    fl = zlib.compress
    ahx = lambda s: s.hex().encode() + b">"
    a85 = lambda s: base64.a85encode(s) + b"~>"
    rl = lambda s: b"".join(bytes([len(s[i:i + 128]) - 1]) + s[i:i + 128] for i in range(0, len(s), 128)) + b"\x80"
    write("damaged-no-length.pdf", doc([(b"<<NOLEN>>", s) for s in pages]))
    write("damaged-length-wrong.pdf", doc([(b"<</Length %d>>" % (len(s) // 2), s) for s in pages]))
    write("damaged-length-indirect-missing.pdf", doc([(b"<</Length 99 0 R>>", s) for s in pages]))
    # objects 10, 11: the filters, by reference
    write("damaged-filter-indirect.pdf", doc([(b"<</Filter 10 0 R>>", fl(s)) for s in pages[:2]] + [(b"<</Filter 11 0 R>>", fl(pages[2]))], more=[b"/FlateDecode", b"[/FlateDecode]"]))
    write("damaged-filter-empty-array.pdf", doc([(b"<</Filter[]>>", s) for s in pages]))
    write("damaged-filter-abbreviated.pdf", doc([(b"<</Filter/Fl>>", fl(pages[0])), (b"<</Filter/AHx>>", ahx(pages[1])), (b"<</Filter[/A85/RL]>>", a85(rl(pages[2])))]))
    good = doc(pages)
    write("damaged-xref-shifted.pdf", good[:15] + b"% junk inserted by a mailer\n" * 3 + good[15:])
    g = doc([(b"<</Filter/FlateDecode>>", fl(s)) for s in pages])
    at = g.index(b"5 0 obj") + 3
    write("damaged-one-byte-deleted.pdf", g[:at] + g[at + 1:])


def furniture():
    # One line per page, the same text but for its number (qpdf's test files look like this).
    write("one-line-per-page.pdf", doc([b"BT /F1 24 Tf 72 720 Td (Original page %d) Tj ET" % (i + 1) for i in range(11)]))


def glyphless():
    # Tesseract's GlyphLessFont setup: Identity-H, ToUnicode <0000> <FFFF> <0000>, invisible
    # text (render mode 3) over where a scan would be.
    tu = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
    font = b"<</Type/Font/Subtype/Type0/BaseFont/GlyphLessFont/Encoding/Identity-H/ToUnicode 6 0 R/DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/GlyphLessFont/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/DW 500>>]>>"
    words = ["吕梁市人民政府公报", "2019年第1期", "关于印发吕梁市人民政府工作规则的通知"]
    body = b"BT 3 Tr "
    for k, w in enumerate(words):
        body += b"/F1 20 Tf 1 0 0 1 72 %d Tm <%s> Tj " % (700 - 40 * k, w.encode("utf-16-be").hex().upper().encode())
    body += b"ET"
    write("ocr-glyphless.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
                                    font, (b"<<>>", body), (b"<<>>", tu)]))


def fonts():
    # Type 1 with a built-in encoding (TeX style): no /Encoding, symbolic, codes 1..3 = C a t.
    prog = b"%!PS-AdobeFont-1.0: TestFont\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 1 /C put\ndup 2 /a put\ndup 3 /t put\ndup 4 /space put\ndup 5 /d put\ndup 6 /o put\ndup 7 /g put\nreadonly def\ncurrentfile eexec\n"
    font = b"<</Type/Font/Subtype/Type1/BaseFont/TestFont/FirstChar 1/LastChar 7/Widths[600 500 300 250 500 500 500]/FontDescriptor 6 0 R>>"
    fd = b"<</Type/FontDescriptor/FontName/TestFont/Flags 4/FontBBox[0 0 1000 1000]/ItalicAngle 0/Ascent 800/Descent -200/CapHeight 700/StemV 80/FontFile 7 0 R>>"
    write("font-type1-builtin.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                         b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
                                         font, (b"<<>>", b"BT /F1 20 Tf 72 700 Td <0102030405060701> Tj ET"), fd,
                                         (b"<</Length1 %d/Length2 0/Length3 0>>" % len(prog), prog)]))
    # Type 3 glyphs named by code (a67 = 'C' ...), no ToUnicode.
    procs = b"<</a67 8 0 R/a97 8 0 R/a116 8 0 R>>"
    font = b"<</Type/Font/Subtype/Type3/FontBBox[0 0 1000 1000]/FontMatrix[0.001 0 0 0.001 0 0]/CharProcs 6 0 R/Encoding<</Type/Encoding/Differences[67/a67 97/a97 116/a116]>>/FirstChar 67/LastChar 116/Widths[" + b" ".join(b"600" for _ in range(50)) + b"]/Resources<<>>>>"
    write("font-type3-numbered.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                          b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
                                          font, (b"<<>>", b"BT /F1 20 Tf 72 700 Td (Cat) Tj ET"), procs, b"null",
                                          (b"<<>>", b"600 0 0 0 600 700 d1 0 0 600 700 re f")]))


def rotation():
    lines = [b"Line %d of a landscape table page." % i for i in range(1, 6)]
    def page(fmt, pos):
        return b"BT /F1 12 Tf " + b" ".join(fmt % (pos(k) + (l,)) for k, l in enumerate(lines)) + b" ET"
    p0 = page(b"1 0 0 1 %d %d Tm (%s) Tj", lambda k: (72, 700 - 20 * k))
    p90 = page(b"0 1 -1 0 %d %d Tm (%s) Tj", lambda k: (100 + 20 * k, 100))
    p180 = page(b"-1 0 0 -1 %d %d Tm (%s) Tj", lambda k: (500, 100 + 20 * k))
    p270 = page(b"0 -1 1 0 %d %d Tm (%s) Tj", lambda k: (500 - 20 * k, 700))
    wm = p0 + b" BT /F1 60 Tf 0.7071 0.7071 -0.7071 0.7071 100 200 Tm (CONFIDENTIAL) Tj ET"
    pages = [p0, p90, p180, p270, wm]
    n = len(pages) + 1
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", None, HELV]
    kids = []
    for i, (c, extra) in enumerate([(p, b"") for p in pages] + [(p0, b"/Rotate 90")]):
        kids.append(len(objs) + 1)
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R%s>>" % (len(objs) + 2, extra))
        objs.append((b"<<>>", c))
    objs[1] = b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % k for k in kids) + b"]/Count %d>>" % n
    write("rotated-quarter-turns.pdf", pdf(objs))


def diagnoses():
    # Text only in a form field's appearance stream (a filled-in form), 1 page.
    ap = b"/Tx BMC BT /Helv 12 Tf 2 4 Td (Filled-in field value, read from its appearance) Tj ET EMC"
    write("annotation-widget.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[6 0 R]>>>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Annots[6 0 R]>>",
                                        (b"<<>>", b"0 0 1 rg 50 50 100 100 re f"), HELV,
                                        b"<</Type/Annot/Subtype/Widget/FT/Tx/T(name)/V(value)/Rect[72 700 500 720]/AP<</N 7 0 R>>/P 3 0 R>>",
                                        (b"<</Type/XObject/Subtype/Form/BBox[0 0 428 20]/Resources<</Font<</Helv 5 0 R>>>>>>", ap)]))
    # Drawings but no text and no image (text converted to outlines).
    write("paths-only.pdf", doc([b"0 0 0 RG 72 700 m 500 700 l S 72 650 m 500 650 l S 100 100 200 200 re f"]))
    # A content stream in a filter nobody decodes.
    write("undecodable.pdf", doc([(b"<</Filter/JBIG2Decode>>", b"\x00\x01\x02 not a content stream")]))


def hostile():
    # 1. /Contents repeating one stream 10,000 times
    body = b"\n".join(b"BT /F1 10 Tf 72 %d Td (Line %d of a page that is repeated many times over.) Tj ET" % (800 - 12 * i, i) for i in range(60))
    write("hostile-contents-repeat.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                              b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents[" + b" 4 0 R" * 10000 + b"]>>",
                                              (b"<<>>", body), HELV]))
    # 2. a 40 MB Flate bomb shared by 300 pages
    bomb = zlib.compress(b" " * (40 << 20), 9)
    n = 300
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + b"".join(b"%d 0 R " % (5 + i) for i in range(n)) + b"]/Count %d>>" % n,
            (b"<</Filter/FlateDecode>>", bomb), HELV]
    objs += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 3 0 R>>"] * n
    write("hostile-flate-bomb-shared.pdf", pdf(objs))
    # 3. a font written inline in /Resources with a 64K-entry ToUnicode, Tf 20,000 times
    cmap = [b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for blk in range(0, 0x10000, 100):
        cmap.append(b"100 beginbfchar " + b" ".join(b"<%04X> <%04X>" % (c, 0x4E00 + c % 20000) for c in range(blk, min(blk + 100, 0x10000))) + b" endbfchar")
    cmap.append(b"endcmap")
    tu = zlib.compress(b"\n".join(cmap), 9)
    inline = b"<</Type/Font/Subtype/Type0/BaseFont/X/Encoding/Identity-H/ToUnicode 4 0 R/DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/X/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/DW 1000>>]>>"
    content = b"BT " + b" ".join(b"/F1 12 Tf 72 %d Td <0000> Tj" % (700 - (i % 50)) for i in range(20000)) + b" ET"
    write("hostile-inline-font.pdf", pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                          b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 " + inline + b">>>>/Contents 5 0 R>>",
                                          (b"<</Filter/FlateDecode>>", tu), (b"<</Filter/FlateDecode>>", zlib.compress(content, 9))]))
    # 4. one 200K-code ToUnicode shared by 300 fonts, each on its own page
    cmap = [b"begincmap 1 begincodespacerange <000000> <FFFFFF> endcodespacerange"]
    for blk in range(0, 200000, 100):
        cmap.append(b"100 beginbfchar " + b" ".join(b"<%06X> <%04X>" % (c, 0x4E00 + c % 20000) for c in range(blk, blk + 100)) + b" endbfchar")
    cmap.append(b"endcmap")
    nf = 300
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + b"".join(b"%d 0 R " % (5 + nf + i) for i in range(nf)) + b"]/Count %d>>" % nf,
            (b"<</Filter/FlateDecode>>", zlib.compress(b"\n".join(cmap), 9)),
            (b"<<>>", b"BT /F1 12 Tf 72 700 Td <000001000002> Tj ET")]
    objs += [b"<</Type/Font/Subtype/Type0/BaseFont/F%d/Encoding 3 0 R/ToUnicode 3 0 R/DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/F/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>>>]>>" % i for i in range(nf)]
    objs += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R>>>>/Contents 4 0 R>>" % (5 + i) for i in range(nf)]
    write("hostile-tounicode-shared.pdf", pdf(objs))
    # 5. a 4M-item TJ array
    content = b"BT /F1 12 Tf 72 700 Td [" + b"(a) -10 " * (2 << 20) + b"] TJ ET"
    write("hostile-tj-array.pdf", doc([(b"<</Filter/FlateDecode>>", zlib.compress(content, 9))]))


def aes256():
    if not shutil.which("qpdf"):
        return
    with tempfile.TemporaryDirectory() as t:
        plain = os.path.join(t, "p.pdf")
        with open(plain, "wb") as f:
            f.write(doc([text_page(1)]))
        subprocess.run(["qpdf", "--static-id", "--encrypt", "", "owner", "256", "--", plain,
                        os.path.join(OUT, "encrypted-aes256-r6-empty-user.pdf")], check=True)


def cjk():
    """CID fonts without ToUnicode in every Adobe CJK collection, one page per CMap kind:
    Identity-H CIDs (looked up in poppler-data's cidToUnicode tables), the Unicode CMaps
    (UTF-8/16/32) and the legacy charset ones (Big5, Shift_JIS, EUC-JP, UHC, GBK)."""
    tables = "/usr/share/poppler/cidToUnicode"
    if not os.path.isdir(tables):
        return

    def cids(coll, s):
        rev = {}
        for cid, line in enumerate(open(f"{tables}/Adobe-{coll}", encoding="ascii")):
            line = line.strip()
            if line:
                rev.setdefault(int(line.split(",")[0].split()[0], 16), cid)
        return b"".join(rev[ord(c)].to_bytes(2, "big") for c in s)

    pages = [  # (ordering, base font, CMap, text, its bytes)
        ("CNS1", "MSung-Light", "Identity-H", "澳門特別行政區公報", None),
        ("CNS1", "MSung-Light", "ETen-B5-H", "香港特別行政區政府憲報", "big5"),
        ("CNS1", "MSung-Light", "UniCNS-UTF16-H", "臺灣省政府公報第一號", "utf-16-be"),
        ("CNS1", "MSung-Light", "UniCNS-UCS2-H", "行政長官批示", "utf-16-be"),
        ("GB1", "STSong-Light", "UniGB-UTF8-H", "国务院公报二〇一九年", "utf-8"),
        ("GB1", "STSong-Light", "UniGB-UTF32-H", "关于印发通知的通知", "utf-32-be"),
        ("GB1", "STSong-Light", "GBK-EUC-H", "吕梁市人民政府公报", "gbk"),
        ("Japan1", "HeiseiMin-W3", "Identity-H", "官報第一号", None),
        ("Japan1", "HeiseiMin-W3", "90ms-RKSJ-H", "内閣府令", "shift_jis"),
        ("Japan1", "HeiseiMin-W3", "EUC-H", "法律第一号", "euc_jp"),
        ("Korea1", "HYSMyeongJo-Medium", "Identity-H", "대한민국관보", None),
        ("Korea1", "HYSMyeongJo-Medium", "KSCms-UHC-H", "행정안전부고시", "cp949"),
    ]
    n = len(pages)
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(n)) + b"]/Count %d>>" % n]
    for i, (coll, base, cmap, text, enc) in enumerate(pages):
        data = cids(coll, text) if enc is None else text.encode(enc)
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 %d 0 R>>>>/Contents %d 0 R>>" % (4 + 3 * i, 5 + 3 * i))
        objs.append(b"<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/%s/DescendantFonts[<</Type/Font/Subtype/CIDFontType0/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)/Ordering(%s)/Supplement 0>>/FontDescriptor<</Type/FontDescriptor/FontName/%s/Flags 6/FontBBox[0 -200 1000 900]/ItalicAngle 0/Ascent 880/Descent -120/CapHeight 700/StemV 80>>>>]>>" % (base.encode(), cmap.encode(), base.encode(), coll.encode(), base.encode()))
        objs.append((b"<<>>", b"BT /F1 16 Tf 72 700 Td <" + data.hex().encode() + b"> Tj ET"))
    write("cjk-predefined-cmaps.pdf", pdf(objs))


def tesseract():
    """A real Tesseract `pdf` output (chi_sim): the top of page 2 of fixtures/pdf/gazette_single.pdf
    rendered to a 1-bit image (pdftoppm) and recognised. Needs poppler-utils and
    tesseract-ocr-chi-sim; the text layer is whatever this Tesseract read (kept as committed)."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["pdftoppm", "-r", "150", "-f", "2", "-l", "2", "-mono", "-x", "0", "-y", "150",
                        "-W", "1240", "-H", "500", "fixtures/pdf/gazette_single.pdf", os.path.join(t, "p")], check=True)
        img = [f for f in os.listdir(t) if f.endswith(".pbm")][0]
        subprocess.run(["tesseract", os.path.join(t, img), os.path.join(t, "ocr"), "-l", "chi_sim", "pdf"],
                       check=True, capture_output=True)
        shutil.copy(os.path.join(t, "ocr.pdf"), os.path.join(OUT, "ocr-tesseract-chi-sim.pdf"))

def diagonal():
    """Diagonal text: what looks like a watermark is left out (with a warning naming the
    pages), other angled text is read as a line of its own after the page's body.
    Page 1: "SPECIMEN" 48 pt (large), page 2: "Internal use only" in light grey (rg 0.8),
    page 3: "Copy 7 of 20" at 30 % opacity (ExtGState /ca), pages 1-4: "DRAFT" at -45 deg in
    body size and black (repeated); page 4: "Approved by the office", 10 pt black at 20 deg,
    once: kept."""
    r45, r30, r20, rm45 = (b"0.7071 0.7071 -0.7071 0.7071", b"0.866 0.5 -0.5 0.866",
                           b"0.9397 0.342 -0.342 0.9397", b"0.7071 -0.7071 0.7071 0.7071")
    draft = b" BT /F1 12 Tf " + rm45 + b" 450 780 Tm (DRAFT) Tj ET"
    marks = [b" q 0 g BT /F1 48 Tf " + r45 + b" 150 250 Tm (SPECIMEN) Tj ET Q",
             b" q 0.8 0.8 0.8 rg BT /F1 12 Tf " + r30 + b" 100 600 Tm (Internal use only) Tj ET Q",
             b" q /GS1 gs BT /F1 12 Tf " + r30 + b" 100 600 Tm (Copy 7 of 20) Tj ET Q",
             b" BT /F1 10 Tf " + r20 + b" 300 150 Tm (Approved by the office) Tj ET"]
    n = len(marks)
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(n)) + b"]/Count %d>>" % n,
            HELV, b"<</Type/ExtGState/ca 0.3/CA 0.3>>"]
    for i, m in enumerate(marks):
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>/ExtGState<</GS1 4 0 R>>>>/Contents %d 0 R>>" % (6 + 2 * i))
        objs.append((b"<<>>", text_page(i + 1) + m + draft))
    write("diagonal-watermarks.pdf", pdf(objs))


os.makedirs(OUT, exist_ok=True)
only = os.environ.get("ONLY")  # e.g. ONLY=cjk: just that group (the others stay as committed)
for f in (damaged, furniture, glyphless, fonts, rotation, diagnoses, hostile, aes256, cjk, tesseract,
          diagonal):
    if not only or f.__name__ in only.split(","):
        f()
