"""Writes the text, HTML, flat-ODT and OFD forms of a few documents of the seed issue.

Called by make-format-fixtures.sh: argv = fixtures dir, output dir, work dir (for .fodt).
Each document is cut from fixtures/lvliang-2019-01.txt between its heading and the next
document's heading; its expected fields are copied from lvliang-2019-01.expected.json (hand-
checked there) and were checked again by hand against every generated form.
"""

import html
import json
import os
import re
import sys
import zipfile

FIXTURES, OUT, WORK = sys.argv[1:4]

# name, 文号 as printed in the seed text, HTML variant
DOCS = [
    ("lvliang-14", "吕政办发〔2019〕14 号", "govcn"),
    ("lvliang-192", "吕发改办发〔2019〕192号", "trs-utf8"),
    ("lvliang-31", "吕发改财经发〔2019〕31号", "zoom"),
    ("lvliang-7", "吕政办发〔2019〕7号", "trs-table"),
    ("lvliang-22", "吕政办发〔2019〕22号", "fallback-meta-only"),
]
FIELDS = ["title", "doc_number", "addressees", "issuers", "date", "publication", "attachments"]

lines = open(os.path.join(FIXTURES, "lvliang-2019-01.txt"), encoding="utf-8").read().split("\n")
expected = json.load(open(os.path.join(FIXTURES, "lvliang-2019-01.expected.json"), encoding="utf-8"))
number_lines = [i for i, l in enumerate(lines) if re.fullmatch(r"\S+〔2019〕\d+ ?号", l.strip())]


def heading_before(i):
    """Index of the heading line: the non-empty line above the 文号 line."""
    j = i - 1
    while not lines[j].strip():
        j -= 1
    return j


def cut(number):
    i = next(k for k in number_lines if lines[k].strip() == number)
    start = heading_before(i)
    later = [k for k in number_lines if k > i]
    end = heading_before(later[0]) if later else len(lines)
    # The back cover (a slogan) follows its last document: not part of it.
    return [l.rstrip() for l in lines[start:end] if l.strip() and not l.startswith("传达政令")]


def norm(s):
    return re.sub(r"\s+", "", s)


def expected_for(number):
    for d in expected["documents"]:
        if d["doc_number"] == norm(number):
            return {k: d[k] for k in FIELDS}
    raise SystemExit(f"no expected entry for {number}")


def role(line, exp, k):
    """How a line is set: title, number, sign (right-aligned), table row or body."""
    t = norm(line)
    if k == 0:
        return "title"
    if k == 1 and exp["doc_number"] and t == exp["doc_number"]:
        return "number"
    if "\t" in line:
        return "row"
    if t in [norm(x) for x in exp["issuers"]] or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t):
        return "sign"
    return "body"


# ---------------------------------------------------------------- HTML pages
CHROME_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_吕梁市人民政府门户网站</title>
<meta name="SiteName" content="吕梁市人民政府门户网站" />
<meta name="ColumnName" content="政府文件" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="{pub} 09:30" />
<meta name="ContentSource" content="{issuer}" />
<link rel="stylesheet" href="/css/common.css" type="text/css" />
<script type="text/javascript">var _hmt = _hmt || []; document.write("<span>统计</span>");</script>
<style>.nav li{{float:left}} .share a{{margin:0 4px}}</style>
</head>
<body>
<div class="top"><span>欢迎访问吕梁市人民政府门户网站</span> <a href="/wza">无障碍</a> <a href="/en">English</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/zjll">走进吕梁</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/zfwj">政府文件</a> &gt; 正文</div>
"""

META_TABLE = """<table class="xxgk_table" width="100%" border="0" cellspacing="1" cellpadding="0">
<tr><td class="t1">索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>11141100MB0155286X/2019-{idx:05d}</td><td class="t1">主题分类：</td><td>综合政务\\其他</td></tr>
<tr><td class="t1">发文机关：</td><td>{issuer}</td><td class="t1">成文日期：</td><td>{date}</td></tr>
<tr><td class="t1">标&nbsp;&nbsp;&nbsp;&nbsp;题：</td><td colspan="3">{title}</td></tr>
<tr><td class="t1">发文字号：</td><td>{number}</td><td class="t1">发布日期：</td><td>{pub}</td></tr>
</table>
"""

CHROME_TAIL = """<div class="share">分享到：<a href="#" class="wx">微信</a><a href="#" class="wb">微博</a><a href="#" class="qq">QQ空间</a></div>
<div class="ewm"><img src="/images/ewm.png" alt="扫一扫在手机打开当前页" /><p>扫一扫在手机打开当前页</p></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a/1.html">吕梁市人民政府关于做好2019年安全生产工作的通知</a></li><li><a href="/a/2.html">关于印发土地综合执法月专项行动实施方案的通知</a></li></ul></div>
<div class="footer"><p>主办：吕梁市人民政府办公室 承办：吕梁市大数据应用局</p><p>网站标识码：1411000001 晋ICP备05003213号 晋公网安备 14110202000001号</p><p>地址：山西省吕梁市离石区 联系电话：0358-8228888</p></div>
</body>
</html>
"""


def html_paragraphs(doc, exp, with_title=True, with_number=True):
    out, rows = [], []

    def flush():
        if rows:
            out.append('<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">')
            for r in rows:
                out.append("<tr>" + "".join(f"<td><p>{html.escape(c)}</p></td>" for c in r.split("\t")) + "</tr>")
            out.append("</table>")
            rows.clear()

    for k, line in enumerate(doc):
        r = role(line, exp, k)
        if r == "row":
            rows.append(line)
            continue
        flush()
        text = html.escape(line)
        if r == "title":
            if with_title:
                out.append(f'<p style="text-align:center"><strong>{text}</strong></p>')
        elif r == "number":
            if with_number:
                out.append(f'<p align="center">{text}</p>')
        elif r == "sign":
            out.append(f'<p style="text-align: right;">{text}</p>')
        else:
            out.append(f'<p style="text-indent:2em;"><span style="font-family:仿宋_GB2312;font-size:16pt">{text}</span></p>')
    flush()
    return "\n".join(out)


def write_html(name, doc, exp, variant, idx):
    # The metadata table states only what the document states (empty cells otherwise).
    issuer = exp["issuers"][0] if exp["issuers"] else ""
    y, m, d = (exp["date"] or "2019-06-26").split("-")
    pub = f"{y}-{m}-{int(d) + 5:02d}"
    written = f"{y}年{m}月{d}日" if exp["date"] else ""
    charset = "utf-8" if variant == "trs-utf8" else "gb2312"
    head = CHROME_HEAD.format(charset=charset, title=exp["title"], pub=pub, issuer=issuer or "吕梁市人民政府办公室")
    meta = META_TABLE.format(idx=idx, issuer=issuer, date=written, title=exp["title"],
                             number=exp["doc_number"], pub=f"{y}年{m}月{int(d) + 5:02d}日")
    info = f'<div class="info">来源：{issuer or "吕梁市人民政府办公室"}　发布时间：{pub}　字号：【<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】　浏览次数：1024</div>'
    if variant == "govcn":
        # gov.cn style: the title stands in the metadata table and <h1>, not in the content.
        body = (meta + f'<div class="article"><h1>{exp["title"]}</h1>\n{info}\n'
                f'<div class="pages_content" id="UCAP-CONTENT">\n{html_paragraphs(doc, exp, with_title=False)}\n</div></div>\n')
    elif variant == "trs-utf8":
        body = (f'<div class="content"><div class="title">{exp["title"]}</div>\n{info}\n'
                f'<div class="TRS_Editor"><div class="TRS_PreAppend">\n{html_paragraphs(doc, exp)}\n</div></div></div>\n')
    elif variant == "zoom":
        body = (meta + f'<div class="detail"><h2>{exp["title"]}</h2>\n{info}\n'
                f'<div id="zoom">\n{html_paragraphs(doc, exp)}\n</div></div>\n')
    elif variant == "trs-table":
        body = (meta + f'<div class="zw"><h1>{exp["title"]}</h1>\n{info}\n'
                f'<div class="TRS_Editor">\n<style>.TRS_Editor P{{line-height:2;}}</style>\n{html_paragraphs(doc, exp)}\n</div></div>\n')
    else:
        # No known CMS container (readability fallback), and the 文号 only in the metadata table.
        body = (meta + f'<div class="main-box"><div class="wz_title">{exp["title"]}</div>\n{info}\n'
                f'<div class="wz_content">\n{html_paragraphs(doc, exp, with_number=False)}\n</div></div>\n')
    page = head + body + CHROME_TAIL
    enc = "utf-8" if charset == "utf-8" else "gb18030"
    ext = "shtml" if variant == "zoom" else "html"  # SSI pages of some CMSs
    with open(os.path.join(OUT, f"{name}.{ext}"), "wb") as f:
        f.write(page.encode(enc, errors="xmlcharrefreplace"))


# ---------------------------------------------------------------- flat ODT for LibreOffice
FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="WenQuanYi Micro Hei" svg:font-family="'WenQuanYi Micro Hei'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:line-height="28pt"/><style:text-properties style:font-name="WenQuanYi Micro Hei" style:font-name-asian="WenQuanYi Micro Hei" fo:font-size="16pt" style:font-size-asian="16pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
</office:styles>
<office:automatic-styles>
<style:style style:name="PTitle" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="14pt"/><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"/></style:style>
<style:style style:name="PCenter" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="PRight" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:margin-right="32pt"/></style:style>
<style:style style:name="PBody" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
<style:style style:name="PCell" style:family="paragraph"><style:paragraph-properties fo:line-height="18pt"/><style:text-properties fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm" fo:margin-bottom="2.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="PCenter">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
"""
FODT_TAIL = "</office:text></office:body></office:document>\n"


def x(s):
    return html.escape(s, quote=False)


def write_fodt(name, doc, exp):
    out, rows = [], []

    def flush():
        if rows:
            ncol = max(len(r.split("\t")) for r in rows)
            out.append(f'<table:table table:name="T{len(out)}"><table:table-column table:number-columns-repeated="{ncol}"/>')
            for r in rows:
                cells = r.split("\t") + [""] * (ncol - len(r.split("\t")))
                out.append("<table:table-row>" + "".join(
                    f'<table:table-cell office:value-type="string"><text:p text:style-name="PCell">{x(c)}</text:p></table:table-cell>'
                    for c in cells) + "</table:table-row>")
            out.append("</table:table>")
            rows.clear()

    for k, line in enumerate(doc):
        r = role(line, exp, k)
        if r == "row":
            rows.append(line)
            continue
        flush()
        style = {"title": "PTitle", "number": "PCenter", "sign": "PRight"}.get(r, "PBody")
        out.append(f'<text:p text:style-name="{style}">{x(line)}</text:p>')
    flush()
    with open(os.path.join(WORK, name + ".fodt"), "w", encoding="utf-8") as f:
        f.write(FODT_HEAD + "\n".join(out) + FODT_TAIL)


# ---------------------------------------------------------------- OFD (GB/T 33190)
MM_PER_PT = 25.4 / 72
PAGE_W, PAGE_H, LEFT, TOP, WIDTH, BOTTOM = 210.0, 297.0, 28.0, 37.0, 156.0, 270.0
SIZE = 16 * MM_PER_PT  # 三号 = 16 pt
LEADING = 28 * MM_PER_PT


def adv(c, size):
    return size if ord(c) > 0x2E7F or c in "“”‘’" else size * 0.5


def delta_x(text, size, extra=0.0):
    """DeltaX with the 'g N v' run compression that WPS writes; `extra` justifies."""
    vals = [f"{adv(c, size) + extra:.4f}".rstrip("0").rstrip(".") for c in text[:-1]]
    parts, i = [], 0
    while i < len(vals):
        j = i
        while j < len(vals) and vals[j] == vals[i]:
            j += 1
        parts.append(f"g {j - i} {vals[i]}" if j - i > 1 else vals[i])
        i = j
    return " ".join(parts)


def wrap(text, width, size, indent):
    out, cur, w = [], "", indent
    for c in text:
        if w + adv(c, size) > width and cur:
            out.append(cur)
            cur, w = "", 0.0
        cur += c
        w += adv(c, size)
    out.append(cur)
    return out


class OfdWriter:
    def __init__(self):
        self.pages, self.objs, self.y, self.next_id = [], [], TOP, 10

    def text_obj(self, x0, baseline, text, size, font, ctm=False, extra=0.0):
        """One TextObject. With ctm, the object's space is in points (CTM scales to mm)."""
        self.next_id += 1
        w = sum(adv(c, size) for c in text) + extra * (len(text) - 1)
        bx, by, bw, bh = x0, baseline - size * 0.9, w + 0.5, size * 1.2
        if ctm:
            k = 1 / MM_PER_PT
            attrs = f'Boundary="{bx:.4f} {by:.4f} {bw:.4f} {bh:.4f}" Font="{font}" Size="{size * k:.4f}" CTM="{MM_PER_PT:.6f} 0 0 {MM_PER_PT:.6f} 0 0"'
            code = f'X="0" Y="{size * 0.9 * k:.4f}"'
            dx = delta_x(text, size * k, extra * k)
        else:
            attrs = f'Boundary="{bx:.4f} {by:.4f} {bw:.4f} {bh:.4f}" Font="{font}" Size="{size:.4f}"'
            code = f'X="0" Y="{size * 0.9:.4f}"'
            dx = delta_x(text, size, extra)
        if dx:
            code += f' DeltaX="{dx}"'
        self.objs.append(f'<ofd:TextObject ID="{self.next_id}" {attrs}><ofd:TextCode {code}>{x(text)}</ofd:TextCode></ofd:TextObject>')

    def newline(self, lead=LEADING):
        self.y += lead
        if self.y > BOTTOM:
            self.break_page()

    def break_page(self):
        n = len(self.pages) + 1
        label = f"— {n} —"
        w = sum(adv(c, SIZE * 0.8) for c in label)
        self.text_obj((PAGE_W - w) / 2, 285.0, label, SIZE * 0.8, 3)
        self.pages.append(self.objs)
        self.objs, self.y = [], TOP + LEADING

    def paragraph(self, text, role_):
        size = SIZE * 22 / 16 if role_ == "title" else SIZE
        font = 2 if role_ == "title" else 1
        if role_ in ("title", "number"):
            for part in wrap(text, WIDTH, size, 0):
                w = sum(adv(c, size) for c in part)
                self.text_obj(LEFT + (WIDTH - w) / 2, self.y, part, size, font)
                self.newline(size * 1.6 if role_ == "title" else LEADING)
        elif role_ == "sign":
            w = sum(adv(c, size) for c in text)
            # 署名 and 成文日期 stand four characters in from the right (GB/T 9704).
            self.text_obj(LEFT + WIDTH - w - 4 * size, self.y, text, size, font)
            self.newline()
        else:
            indent = 2 * size
            parts = wrap(text, WIDTH, size, indent)
            for k, part in enumerate(parts):
                x0 = LEFT + (indent if k == 0 else 0)
                # Lines that wrap are justified to the right margin, as 公文 are set.
                room = LEFT + WIDTH - x0 - sum(adv(c, size) for c in part)
                extra = room / (len(part) - 1) if k < len(parts) - 1 and len(part) > 1 else 0.0
                # Every other line in point units under a CTM, as some producers write it.
                self.text_obj(x0, self.y, part, size, font, ctm=k % 2 == 1, extra=extra)
                self.newline()

    def row(self, line, ncol):
        size = SIZE * 0.7
        col_w = WIDTH / ncol
        for i, cell in enumerate(line.split("\t")):
            if cell:
                self.text_obj(LEFT + i * col_w + 1, self.y, cell, size, 1)
        self.newline(size * 1.8)

    def save(self, path, title):
        if self.objs:
            self.break_page()
        z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {ns} DocType="OFD" Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>fixture</ofd:DocID><ofd:Title>{x(title)}</ofd:Title><ofd:Creator>make-format-fixtures</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        pages = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(self.pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>{self.next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>')
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="仿宋"/><ofd:Font ID="2" FontName="方正小标宋简体"/><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, objs in enumerate(self.pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {ns}><ofd:Content><ofd:Layer ID="{i + 2}">' + "".join(objs) + "</ofd:Layer></ofd:Content></ofd:Page>")
        z.close()


def write_ofd(name, doc, exp):
    w = OfdWriter()
    for k, line in enumerate(doc):
        r = role(line, exp, k)
        if r == "row":
            w.row(line, max(len(l.split("\t")) for l in doc))
        else:
            w.paragraph(line, r)
    w.save(os.path.join(OUT, name + ".ofd"), exp["title"])


for idx, (name, number, variant) in enumerate(DOCS):
    doc = cut(number)
    exp = expected_for(number)
    with open(os.path.join(OUT, name + ".txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(doc) + "\n")
    write_html(name, doc, exp, variant, 120 + idx)
    if variant != "fallback-meta-only":
        write_fodt(name, doc, exp)
        write_ofd(name, doc, exp)
    note = {
        "govcn": "HTML: gb2312 page, #UCAP-CONTENT without the title (title in <h1> and the metadata table)",
        "trs-utf8": "HTML: UTF-8 page, .TRS_Editor, no metadata table",
        "zoom": "HTML: gb2312 page, #zoom container",
        "trs-table": "HTML: gb2312 page, .TRS_Editor with a table (the attachment)",
        "fallback-meta-only": "HTML only: no known CMS container (readability fallback); the 文号 is only in the page's metadata table",
    }[variant]
    with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump({"source": f"fixtures/lvliang-2019-01.txt, document {exp['doc_number']}",
                   "note": note, "documents": [exp]}, f, ensure_ascii=False, indent=1)
        f.write("\n")
