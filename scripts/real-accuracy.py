#!/usr/bin/env python3
"""Per-field accuracy of a gazette binary on the real documents of ../shared/corpus/real.

Usage: scripts/real-accuracy.py [--bin PATH] [--corpus DIR] [--layouts DIR] [--verbose] [--json]

Runs `gazette convert FILE` on every real/pdf/*.pdf and real/text/*.txt that has a
`.expected.json` beside it, and on the hand-made layout variants in fixtures/layouts, and
compares, document by document, the fields title, doc_number, addressees, issuers, date, publication, attachments, start_page
with the expectation, the way tests/golden.rs and tests/real_texts.rs do:
- doc_number: whitespace-insensitive against the printed form (`8 号` = `8号`);
- publication: the note text (`publication`), or `publication_status` with its brackets;
- start_page: PDFs only; fields an expected file lists under `uncertain` are not scored;
- a document the converter did not produce fails every field it should have had.
Prints a table per set (pdf, text, layouts) and, with --verbose, every failure. Exit code 0
always (it measures; the golden tests assert).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

FIELDS = [
    "title",
    "doc_number",
    "addressees",
    "issuers",
    "date",
    "publication",
    "attachments",
    "start_page",
]


def squeeze(s):
    return "".join(s.split()) if isinstance(s, str) else s


def paren(s):
    return s.replace("(", "（").replace(")", "）") if isinstance(s, str) else s


def actual(doc):
    """The scored fields of one converted document, in expected-file shape."""
    number = doc.get("doc_number") or {}
    pages = doc.get("pages") or {}
    publication = doc.get("publication") or {}
    return {
        "title": doc.get("title"),
        "doc_number": (number.get("raw"), number.get("text")),
        "addressees": doc.get("addressees"),
        "issuers": doc.get("issuers"),
        "date": doc.get("date"),
        "publication": publication.get("text"),
        "attachments": [a.get("title") for a in doc.get("attachments") or []],
        "start_page": pages.get("start"),
    }


def expected_value(want, field):
    """(present, value) of a field in one expected document."""
    if field == "publication":
        if "publication" in want:
            return True, want["publication"]
        if "publication_status" in want:
            s = want["publication_status"]
            # `（此件公开发布）` → the note text without its brackets.
            return True, paren(s).strip("（）") if s else None
        return False, None
    if field in want:
        return True, want[field]
    return False, None


def same(field, got, want):
    if field == "doc_number":
        raw, text = got
        if want is None:
            return raw is None
        return squeeze(want) in (squeeze(raw), squeeze(text))
    if field == "publication":
        return paren(got) == paren(want)
    return got == want


def convert(binary, path):
    r = subprocess.run(
        [binary, "convert", str(path)], capture_output=True, timeout=600
    )
    if r.returncode != 0:
        return None, r.stderr.decode("utf-8", "replace").strip()
    return json.loads(r.stdout), None


def score(binary, files, is_pdf):
    tally = {f: [0, 0] for f in FIELDS}
    failures = []
    per_file = []
    for path in files:
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        issue, err = convert(binary, path)
        got_docs = issue["documents"] if issue else []
        want_docs = expected["documents"]
        if err:
            failures.append(f"{path.name}: convert failed: {err}")
        elif len(got_docs) != len(want_docs):
            failures.append(
                f"{path.name}: {len(got_docs)} documents, expected {len(want_docs)}"
            )
        before = sum(p for p, _ in tally.values()), sum(x for _, x in tally.values())
        for i, want in enumerate(want_docs):
            got = actual(got_docs[i]) if i < len(got_docs) else None
            skip = set(want.get("uncertain") or [])
            for field in FIELDS:
                if field in skip or (field == "start_page" and not is_pdf):
                    continue
                present, w = expected_value(want, field)
                if not present:
                    continue
                ok = got is not None and same(field, got[field], w)
                tally[field][0 if ok else 1] += 1
                if not ok:
                    g = None if got is None else got[field]
                    if field == "doc_number" and g is not None:
                        g = g[0]
                    failures.append(
                        f"{path.name} doc {i} {field}: got {json.dumps(g, ensure_ascii=False)}"
                        f" want {json.dumps(w, ensure_ascii=False)}"
                    )
        p = sum(p for p, _ in tally.values()) - before[0]
        x = sum(x for _, x in tally.values()) - before[1]
        per_file.append(f"{path.name}: {p}/{p + x}")
    return tally, failures, per_file


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(root / "target/release/gazette"))
    ap.add_argument("--corpus", default=str(root.parent / "shared/corpus/real"))
    ap.add_argument("--verbose", "-v", action="store_true", help="list every failure")
    ap.add_argument("--json", action="store_true", help="print the tallies as JSON")
    ap.add_argument("--layouts", default=str(root / "fixtures/layouts"),
                    help="hand-made layout variants (*.txt with .expected.json)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"real-accuracy: {corpus} is absent; nothing to measure", file=sys.stderr)
        return 0
    if not os.access(args.bin, os.X_OK):
        print(f"real-accuracy: {args.bin}: no such executable (cargo build --release?)",
              file=sys.stderr)
        return 2
    sets = {}
    layouts = Path(args.layouts)
    for name, base, pattern, is_pdf in (
        ("pdf", corpus, "pdf/*.pdf", True),
        ("text", corpus, "text/*.txt", False),
        ("layouts", layouts, "*.txt", False),
    ):
        files = sorted(
            p for p in base.glob(pattern)
            if p.with_name(p.stem + ".expected.json").exists()
        )
        sets[name] = score(args.bin, files, is_pdf)
    if args.json:
        out = {n: {f: {"pass": p, "fail": x} for f, (p, x) in t.items()}
               for n, (t, _, _) in sets.items()}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for name, (tally, failures, per_file) in sets.items():
        passed = sum(p for p, _ in tally.values())
        total = sum(p + x for p, x in tally.values())
        print(f"{name}: {len(per_file)} files, {passed}/{total} fields right"
              f" ({100 * passed / max(total, 1):.1f}%)")
        for field, (p, x) in tally.items():
            if p + x:
                print(f"  {field:<12} {p:>4}/{p + x:<4} {100 * p / (p + x):6.1f}%")
        if args.verbose:
            for f in per_file:
                print(f"  file {f}")
            for f in failures:
                print(f"  FAIL {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
