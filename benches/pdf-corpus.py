"""Turns half the documents of a synthetic corpus (`ctockg synth`) into PDF files laid out by
Typst, a real PDF writer, for the PDF mode of the scale benchmark (`cargo bench --bench scale`
with `CTOCKG_BENCH_PDF=1`).

    python benches/pdf-corpus.py CORPUS [--limit N] [--jobs J]

CORPUS is the directory given to `ctockg synth --out`. Every second document of
CORPUS/data/manifest.toml (the 2nd, 4th, ...; at most N with --limit) is laid out as a UN-like
A4 page: the symbol top right over a rule, the text one paragraph per paragraph of the text
file, the symbol as a running header from page 2, page numbers in the footer, Noto Sans CJK SC
for Chinese. The PDF replaces the .txt and the manifest's `file` entry is changed to it. J
processes (the cores unless told) compile the PDFs; it prints how many it wrote, their pages and
bytes, and the time, as one JSON line.

The text files are in the normaliser's form (one paragraph a line, or a paragraph wrapped into
printed lines, as `synth` writes half of them): a line continues the paragraph before it when that
one ends without a full stop and the line opens no numbered paragraph, item or heading. As in the
PDF fixtures (tests/fixtures/pdf/make.py), a space next to a Chinese character is a no-break
space, since a PDF does not record a space at which a line was broken, and a space on the blank
half of a full-width mark is dropped.
"""

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import typst

SENTENCE_END = tuple("。！？.!?”\"）)；：」》")
NEW_BLOCK = re.compile(r"^(\d{1,3}\. |\([a-z]+\) |（[a-z]+）|[一二三四五六七八九十]+[.、．] ?|[A-Z]\. )")
FULL_WIDTH_SPACE = re.compile(r"(?<=[，。、：；！？”’）》」』]) +| +(?=[“‘（《「『])")

PREAMBLE = r"""
#set document(title: SYMBOL, date: none)
#set page(
  paper: "a4",
  margin: (top: 2.4cm, bottom: 2.6cm, left: 2.4cm, right: 2.4cm),
  header: context {
    let p = here().page()
    if p > 1 {
      set text(size: 8pt, weight: "bold")
      if calc.odd(p) { align(right, SYMBOL) } else { align(left, SYMBOL) }
      v(-0.5em)
      line(length: 100%, stroke: 0.4pt)
    }
  },
  footer: context {
    let p = here().page()
    set text(size: 8pt, weight: "bold")
    if calc.odd(p) { align(right, str(p)) } else { align(left, str(p)) }
  },
)
#set text(font: FONTS, size: 10pt, lang: LANGCODE, hyphenate: false, cjk-latin-spacing: none)
#set par(justify: true, leading: 0.55em, spacing: 1.1em)
#align(right, text(size: 14pt, weight: "bold", SYMBOL))
#v(-0.6em)
#line(length: 100%, stroke: 1.2pt)
"""


def is_cjk(c):
    o = ord(c)
    return 0x3000 <= o <= 0x303F or 0x3400 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or c in "“”‘’、—…"


def no_break_next_to_cjk(s):
    return "".join(
        "\u00a0" if c == " " and ((i > 0 and is_cjk(s[i - 1])) or (i + 1 < len(s) and is_cjk(s[i + 1]))) else c
        for i, c in enumerate(s)
    )


def paragraphs(text, chinese):
    """The text's paragraphs: the front lines (before the first numbered paragraph) one each,
    then a line continues an unfinished paragraph unless it opens a block of its own."""
    out, in_front = [], True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if chinese:
            line = FULL_WIDTH_SPACE.sub("", line)
        if line.startswith("1. "):
            in_front = False
        if out and not in_front and not out[-1].endswith(SENTENCE_END) and not NEW_BLOCK.match(line):
            joint = " " if out[-1][-1:].isascii() and line[:1].isascii() and out[-1][-1:].isalnum() else ""
            out[-1] += joint + line
        else:
            out.append(line)
    return out


def source(symbol, language, text):
    chinese = language == "zh"
    preamble = (
        PREAMBLE.replace("SYMBOL", json.dumps(symbol))
        .replace("LANGCODE", json.dumps(language))
        .replace("FONTS", '("Noto Sans CJK SC",)' if chinese else '("Libertinus Serif", "Noto Sans CJK SC")')
    )
    body = [
        "#par[#" + json.dumps(no_break_next_to_cjk(p) if chinese else p, ensure_ascii=False) + "]"
        for p in paragraphs(text, chinese)
    ]
    return preamble + "\n" + "\n\n".join(body) + "\n"


COMPILER = None


def convert(job):
    """Lays out one text file as a PDF next to it and removes the text; gives the PDF's pages
    and bytes."""
    global COMPILER
    if COMPILER is None:
        # one compiler per process: the system's fonts are looked up once
        COMPILER = typst.Compiler()
    txt, pdf, symbol, language = job
    with tempfile.TemporaryDirectory() as tmp:
        typ = Path(tmp) / "doc.typ"
        typ.write_text(source(symbol, language, Path(txt).read_text(encoding="utf-8")), encoding="utf-8")
        COMPILER.compile(input=str(typ), output=pdf, root=tmp, pdf_tags=False, timestamp=0)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s*(\d+)", info, re.M).group(1))
    os.remove(txt)
    return pages, os.path.getsize(pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="at most this many PDFs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    data = args.corpus / "data"
    manifest_path = data / "manifest.toml"
    manifest = manifest_path.read_text(encoding="utf-8")
    documents = tomllib.loads(manifest).get("document", [])
    chosen = [d for d in documents[1::2] if d["file"].endswith(".txt")][: args.limit]
    jobs = [
        (str(data / d["file"]), str(data / d["file"][: -len(".txt")]) + ".pdf", d.get("symbol", ""), d.get("language", "zh"))
        for d in chosen
    ]
    started = time.monotonic()
    with multiprocessing.Pool(max(1, args.jobs)) as pool:
        results = pool.map(convert, jobs, chunksize=4)
    seconds = time.monotonic() - started
    for d in chosen:
        old = f'file = {json.dumps(d["file"])}\n'
        if manifest.count(old) != 1:
            sys.exit(f"{manifest_path}: no single entry {old.strip()}")
        manifest = manifest.replace(old, f'file = {json.dumps(d["file"][: -len(".txt")] + ".pdf")}\n')
    manifest_path.write_text(manifest, encoding="utf-8")
    print(
        json.dumps(
            {
                "pdfs": len(results),
                "pages": sum(p for p, _ in results),
                "bytes": sum(b for _, b in results),
                "seconds": round(seconds, 3),
                "jobs": args.jobs,
            }
        )
    )


if __name__ == "__main__":
    main()
