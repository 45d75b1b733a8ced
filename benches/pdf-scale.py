"""PDF input at scale: the scale benchmark's build against `oxigraph load`, on synthetic corpora
with half the documents as PDF files, and the speed of reading PDF (pdftotext and ctockg's
reader) over the PDF fixtures and the synthetic PDFs. Run by `make bench-pdf` (and by
`make bench`), or alone:

    target/bench-venv/bin/python benches/pdf-scale.py

after `cargo build --release`, with the Oxigraph CLI and the `typst` package in the Python that
runs it (`make bench-pdf` installs both in target/bench-venv). It drives the release binary as a
user runs it (`ctockg synth`, `build`, `documents`, `dump`), so it needs no bench build: `cargo
bench` builds RocksDB again (its C++, some 25 minutes on two cores) for the bench profile.

For each size N (`CTOCKG_BENCH_PDF_SIZES`, else 1,000 and 10,000 documents):
- `ctockg synth --docs N --seed 42` writes the corpus twice, and benches/pdf-corpus.py turns
  every second document of one copy into a PDF laid out by Typst (the time is printed);
- `ctockg build` of each copy, `CTOCKG_BENCH_RUNS` times (3 unless told), alternated, from an
  empty store: the median time, the largest peak RSS, the triples, the store's size;
- `ctockg dump` of the PDF copy's store and `oxigraph load` of those quads, the same number of
  times: the ratio of triples/s, as in `cargo bench --bench scale`.

Reading speed: `ctockg documents` (every file read and its facts extracted, no store) over a set
of PDF files and over the same texts as .txt files, alternated, the median of each; the
difference is the cost of reading PDF (pdftotext, then the page rebuilt from its word boxes),
given in pages/s and MB of PDF/s. `pdftotext -bbox-layout` alone over the same files, one
process a file as the reader runs it, gives its share. The sets: the fixtures of
tests/fixtures/pdf that have an expected .txt (11 rounds at least), and the PDFs of the smallest
synthetic corpus (`CTOCKG_BENCH_PDF_SIZES=` empty measures the fixtures alone).

It prints Markdown tables.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / "target/release/ctockg"
ROOT = REPO / "target/bench"


def env_list(name, default):
    return [int(s) for s in os.environ.get(name, default).split(",") if s.strip()]


RUNS = int(os.environ.get("CTOCKG_BENCH_RUNS", "3"))


def oxigraph_cli():
    venv = REPO / "target/bench-venv/bin/oxigraph"
    if venv.exists():
        return str(venv)
    return shutil.which("oxigraph")


def run(args, check=True):
    """Runs a command, its output discarded (its errors kept in a file, read when it fails): the
    wall time in s and the peak RSS in MB."""
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if check and process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"{' '.join(map(str, args))} failed ({process.returncode}):\n{tail}")
    return seconds, usage.ru_maxrss / 1024


def dir_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s*(\d+)", info, re.M).group(1))


def load_average():
    return os.getloadavg()[0]


def build(corpus, store):
    shutil.rmtree(store, ignore_errors=True)
    return run([BINARY, "build", "--data", corpus / "data", "--store", store])


def corpus_size(n):
    """The text corpus and its copy with half the documents as PDF, under target/bench/pdf-nN."""
    dir = ROOT / f"pdf-n{n}"
    shutil.rmtree(dir, ignore_errors=True)
    text, pdf = dir / "text", dir / "pdf"
    run([BINARY, "synth", "--docs", str(n), "--seed", "42", "--data", REPO / "data", "--out", text])
    shutil.copytree(text, pdf)
    started = time.monotonic()
    made = subprocess.run(
        [sys.executable, REPO / "benches/pdf-corpus.py", pdf],
        capture_output=True,
        text=True,
        check=True,
    )
    conversion = json.loads(made.stdout.strip().splitlines()[-1])
    conversion["wall"] = time.monotonic() - started
    return dir, text, pdf, conversion


def scale(n, oxigraph, loads):
    dir, text, pdf, conversion = corpus_size(n)
    figures = {"text": [], "pdf": []}
    for _ in range(RUNS):
        loads.append(load_average())
        for kind, corpus in (("text", text), ("pdf", pdf)):
            figures[kind].append(build(corpus, dir / f"store-{kind}"))
    dump = dir / "dump.nq"
    run([BINARY, "dump", "--data", pdf / "data", "--store", dir / "store-pdf", "--output", dump])
    with open(dump, "rb") as f:
        quads = sum(1 for _ in f)
    text_dump = dir / "dump-text.nq"
    run([BINARY, "dump", "--data", text / "data", "--store", dir / "store-text", "--output", text_dump])
    with open(text_dump, "rb") as f:
        text_quads = sum(1 for _ in f)
    ox_times = []
    if oxigraph:
        for _ in range(RUNS):
            location = dir / "oxigraph-store"
            shutil.rmtree(location, ignore_errors=True)
            loads.append(load_average())
            ox_times.append(run([oxigraph, "load", "--location", location, "--file", dump])[0])
    return {
        "n": n,
        "conversion": conversion,
        "text": (statistics.median(t for t, _ in figures["text"]), max(m for _, m in figures["text"])),
        "pdf": (statistics.median(t for t, _ in figures["pdf"]), max(m for _, m in figures["pdf"])),
        "pdf_times": [t for t, _ in figures["pdf"]],
        "quads": quads,
        "text_quads": text_quads,
        "store": dir_size(dir / "store-pdf"),
        "oxigraph": statistics.median(ox_times) if ox_times else None,
        "oxigraph_times": ox_times,
        "dir": dir,
    }


def reading(label, pdf_data, text_data, pdfs, loads, rounds=RUNS):
    """`ctockg documents` over PDF files and over the same texts, and pdftotext alone, `rounds`
    times each."""
    pdf_times, text_times, tool_times = [], [], []
    for _ in range(rounds):
        loads.append(load_average())
        pdf_times.append(run([BINARY, "documents", "--data", pdf_data, "--store", pdf_data.parent / "unused"], check=False)[0])
        text_times.append(run([BINARY, "documents", "--data", text_data, "--store", text_data.parent / "unused"], check=False)[0])
        started = time.monotonic()
        for file in pdfs:
            subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", file, "-"], stdout=subprocess.DEVNULL, check=True)
        tool_times.append(time.monotonic() - started)
    pdf_time, text_time, tool = map(statistics.median, (pdf_times, text_times, tool_times))
    reading_time = pdf_time - text_time
    n_pages = sum(pages(p) for p in pdfs)
    size = sum(p.stat().st_size for p in pdfs)
    return {
        "label": label,
        "files": len(pdfs),
        "pages": n_pages,
        "mb": size / 1e6,
        "pdf": pdf_time,
        "text": text_time,
        "reading": reading_time,
        "pdftotext": tool,
    }


def fixtures_sets():
    """A data directory of the fixtures that have an expected text, and one of those texts."""
    fixtures = REPO / "tests/fixtures/pdf"
    pdfs = sorted(p for p in fixtures.glob("*.pdf") if p.with_suffix(".txt").exists())
    base = ROOT / "pdf-fixtures"
    shutil.rmtree(base, ignore_errors=True)
    sets = {}
    for kind in ("pdf", "text"):
        data = base / kind / "data"
        (data / "documents").mkdir(parents=True)
        for sub in ("gazetteer", "instruments"):
            shutil.copytree(REPO / "data" / sub, data / sub)
        shutil.copytree(REPO / "ontology", base / kind / "ontology")
        for p in pdfs:
            source = p if kind == "pdf" else p.with_suffix(".txt")
            shutil.copy(source, data / "documents" / source.name)
        sets[kind] = data
    return sets["pdf"], sets["text"], [sets["pdf"] / "documents" / p.name for p in pdfs]


def synthetic_sets(result):
    """The synthetic corpus's PDF copy and its text copy, and the PDFs of the first."""
    pdf_data, text_data = result["dir"] / "pdf/data", result["dir"] / "text/data"
    return pdf_data, text_data, sorted((pdf_data / "documents").glob("*.pdf"))


def main():
    if not BINARY.exists():
        sys.exit("build the release binary first: cargo build --release (make bench does)")
    oxigraph = oxigraph_cli()
    sizes = env_list("CTOCKG_BENCH_PDF_SIZES", "1000,10000")
    loads = []
    results = [scale(n, oxigraph, loads) for n in sizes]
    # the fixtures are read in a tenth of a second: more rounds
    readings = [reading("fixtures with an expected text", *fixtures_sets(), loads, rounds=max(RUNS, 11))]
    if results:
        readings.append(reading(f"synthetic PDFs ({results[0]['n']:,} documents)", *synthetic_sets(results[0]), loads))

    print(f"{RUNS} runs of each (the fixtures' reading {max(RUNS, 11)}), medians; 1-minute load average during the runs "
          f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores.\n")
    print("| documents | PDFs (pages, MB) | Typst, the PDFs | build, all text | build, half PDF | docs/s | triples | triples/s | peak RSS | store | `oxigraph load` | ctockg/oxigraph (triples/s) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        c = r["conversion"]
        pdf_time, pdf_rss = r["pdf"]
        rate = r["quads"] / pdf_time
        if r["oxigraph"]:
            ox, ratio = f"{r['oxigraph']:.2f} s", f"{rate / (r['quads'] / r['oxigraph']):.2f}"
        else:
            ox, ratio = "not installed", "–"
        print(
            f"| {r['n']:,} | {c['pdfs']:,} ({c['pages']:,}, {c['bytes'] / 1e6:.0f}) | {c['seconds']:.0f} s, {c['jobs']} processes "
            f"| {r['text'][0]:.2f} s ({r['text_quads']:,} triples) | {pdf_time:.2f} s | {r['n'] / pdf_time:.0f} "
            f"| {r['quads']:,} | {rate:,.0f} | {pdf_rss:,.0f} MB | {r['store'] / 1e6:,.0f} MB | {ox} | {ratio} |"
        )
    print("\nEach run's build of the half-PDF corpus, and `oxigraph load`:")
    for r in results:
        print(f"- {r['n']:,}: " + " / ".join(f"{t:.2f}" for t in r["pdf_times"]) + " s; "
              + " / ".join(f"{t:.2f}" for t in r["oxigraph_times"]) + " s")
    print("\n| PDF files | files | pages | MB | `ctockg documents`, PDF | the same as text | reading PDF | pages/s | MB/s | of which `pdftotext -bbox-layout` |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in readings:
        print(
            f"| {r['label']} | {r['files']:,} | {r['pages']:,} | {r['mb']:.1f} | {r['pdf']:.2f} s | {r['text']:.2f} s "
            f"| {r['reading']:.2f} s | {r['pages'] / r['reading']:.0f} | {r['mb'] / r['reading']:.1f} | {r['pdftotext']:.2f} s |"
        )


if __name__ == "__main__":
    main()
