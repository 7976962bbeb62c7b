"""Ingest speed and memory.

1. Text-layer pages: a generated PDF of --layer-pages pages (default 300) of clean Vietnamese text,
   ingested with --ocr never in a child process: pages/s, and the child's peak RSS (target < 500 MB:
   pages are streamed, so memory must not grow with the page count; a 30-page PDF is run too).
2. OCR pages: --ocr-pages generated scans (300 dpi), each OCR'd three ways, interleaved so that the
   machine's load falls on all three alike: bare `tesseract page.png stdout -l vie` (the reference),
   ours on the page as a one-page image-only PDF, ours on the page as a PNG. Prints pages/s and the
   ratio ours/bare (target <= 1.15). Tesseract is single-threaded everywhere (OMP_THREAD_LIMIT=1).
3. A scanned PDF of --scanned-pages pages (default 300; A4 scans at 300 dpi, JPEG, no text layer)
   through `decree run` in each --ocr mode (--modes): the peak RSS of the largest process (the CLI or
   its worker, from wait4), and the time. Target < 500 MB in every mode: page images are streamed,
   one in memory at a time. This part takes minutes per OCR mode (one Tesseract per page).

    python scripts/bench_ingest.py [--layer-pages 300] [--ocr-pages 4] [--scanned-pages 300]
        [--modes never,auto,always] [--scanned-lines N] [--replay-ocr] [--skip layer,ocr,scanned]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

import pypdfium2 as pdfium  # noqa: E402

from pipeline.ingest import ingest  # noqa: E402
from pipeline.ingest.pdf import page_image  # noqa: E402
from pipeline.training.synth import find_fonts, render_pages  # noqa: E402
from pipeline.training.textpdf import VIETNAMESE_FONTS, write_text_pdf  # noqa: E402

SEED = next((ROOT / "data" / "raw").glob("003_*.txt"))
LINES_PER_PAGE = 45

_CHILD = """
import json, sys, time
from pathlib import Path
from pipeline.ingest import ingest
started = time.perf_counter()
doc = ingest(Path(sys.argv[1]), ocr="never")
seconds = time.perf_counter() - started
print(json.dumps({"pages": len(doc.pages), "words": sum(len(l.words) for _, _, l in doc.lines()),
                  "seconds": seconds}))
"""


def layer_pdf(path: Path, pages: int) -> Path:
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    # Source lines are paragraphs: cut them to what fits a line of the page.
    short: list[str] = []
    for line in lines:
        words = line.split()
        short.extend(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
    page_lines = [[short[(p * LINES_PER_PAGE + i) % len(short)] for i in range(LINES_PER_PAGE)]
                  for p in range(pages)]
    write_text_pdf(page_lines, path, font_size=10)
    return path


def peak_run(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a command; its result, the peak RSS in MB of its largest process (itself or a waited-for
    descendant, from wait4) and its time in seconds."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(args, os.waitstatus_to_exitcode(status), out.read(), err.read())
    return result, usage.ru_maxrss / 1024, seconds


def scanned_pdf(path: Path, pages: int, lines: int = 0) -> Path:
    """An image-only PDF of `pages` A4 scans at 300 dpi (a few distinct pages, repeated); with
    `lines`, each page holds only that many lines of text (OCR is then several times faster, the page
    images as large)."""
    font = find_fonts(VIETNAMESE_FONTS)[0]
    text = SEED.read_text(encoding="utf-8")
    if lines:
        rows = [ln for ln in text.splitlines() if ln.strip()]
        text = "\f".join("\n".join(rows[i * lines:(i + 1) * lines]) for i in range(6))
    distinct = render_pages(text, "scan", font=font, seed=3)[:6]
    images = [distinct[i % len(distinct)] for i in range(pages)]
    images[0].save(path, format="PDF", resolution=300, save_all=True, append_images=images[1:])
    return path


def replay_tesseract(tmp: Path) -> Path:
    """A folder holding a `tesseract` that reads each distinct image (with its options) once with the
    real one and answers its reading from a cache after that. The scanned PDF repeats a few distinct
    pages, and every clean-up and pass is deterministic, so each page gets its own real reading (its
    words, boxes and confidences, the dropped-text regions found from them) while Tesseract's hours
    over 300 pages are left out. Tesseract's own peak is per page, measured apart."""
    real = shutil.which("tesseract")
    if real is None:
        raise SystemExit("tesseract is not installed")
    folder = tmp / "replay"
    cache = tmp / "replay_cache"
    folder.mkdir(exist_ok=True)
    cache.mkdir(exist_ok=True)
    script = folder / "tesseract"
    script.write_text(f"""#!/bin/sh
case "$1" in --*) exec '{real}' "$@";; esac
img="$1"; out="$2"; shift 2
key=$( (md5sum < "$img"; echo "$@") | md5sum | cut -c1-32)
for ext in tsv txt; do
  if [ -f '{cache}'/$key.$ext ]; then cp '{cache}'/$key.$ext "$out.$ext"; exit 0; fi
done
'{real}' "$img" "$out" "$@" || exit $?
for ext in tsv txt; do
  if [ -f "$out.$ext" ]; then cp "$out.$ext" '{cache}'/$key.$ext; fi
done
""")
    script.chmod(0o755)
    print("  Tesseract replayed: each distinct page image and pass read once for real, then from a cache")
    return folder


def bench_scanned(tmp: Path, pages: int, modes: list[str], lines: int = 0, replay: bool = False) -> None:
    pdf = scanned_pdf(tmp / f"scanned_{pages}.pdf", pages, lines)
    held = f"{lines} lines of text each" if lines else "full pages of text"
    print(f"scanned PDF, {pages} pages at 300 dpi, {held} (file {pdf.stat().st_size / 1e6:.0f} MB), "
          "`decree run`:")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if replay:
        env["PATH"] = f"{replay_tesseract(tmp)}{os.pathsep}{env['PATH']}"
    for mode in modes:
        out = tmp / f"run_{mode}"
        result, rss, seconds = peak_run([sys.executable, "-m", "pipeline", "run", str(pdf), "--out", str(out),
                                         "--workers", "1", "--ocr", mode], env)
        status = "done" if result.returncode == 0 else f"exit {result.returncode}"
        print(f"  --ocr {mode:6}: peak RSS {rss:5.0f} MB, {seconds:6.0f} s "
              f"({pages / seconds:.2f} pages/s), {status}", flush=True)
        if result.returncode:
            print("    " + "\n    ".join(result.stderr.strip().splitlines()[-5:]))


def run_child(pdf: Path) -> tuple[dict[str, float], float]:
    """Ingest in a fresh process; its result and its peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", _CHILD, str(pdf)], capture_output=True, text=True,
                         check=True, env=env, cwd=ROOT).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: report it only when this one set it.
    return json.loads(out), (peak / 1024 if peak > before else float("nan"))


def bench_layer(tmp: Path, pages: int) -> None:
    for n in (30, pages):
        pdf = layer_pdf(tmp / f"layer_{n}.pdf", n)
        result, rss = run_child(pdf)
        print(f"text layer, {n:4d} pages: {result['pages'] / result['seconds']:6.1f} pages/s "
              f"({result['words'] / result['seconds']:.0f} words/s), peak RSS {rss:.0f} MB "
              f"(file {pdf.stat().st_size / 1e6:.1f} MB)")


def bench_ocr(tmp: Path, pages: int) -> None:
    font = find_fonts(VIETNAMESE_FONTS)[0]
    images = render_pages(SEED.read_text(encoding="utf-8") * 2, "scan", font=font, seed=5)[:pages]
    bare = ours_pdf = ours_png = 0.0
    for i, img in enumerate(images):
        pdf = tmp / f"page{i}.pdf"
        img.save(pdf, format="PDF", resolution=300)
        # The PNG holds the very pixels stored in the PDF (JPEG-compressed there), so that all three
        # read the same page.
        with pdfium.PdfDocument(pdf) as doc_pdf:
            stored = page_image(doc_pdf[0]).image
        png = tmp / f"page{i}.png"
        stored.save(png)

        started = time.perf_counter()
        subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--psm", "3"], check=True,
                       capture_output=True)
        bare += time.perf_counter() - started

        started = time.perf_counter()
        doc = ingest(pdf, ocr="auto")
        ours_pdf += time.perf_counter() - started
        assert doc.pages[0].reading("ocr_vie") is not None, doc.warnings

        started = time.perf_counter()
        doc = ingest(png)
        ours_png += time.perf_counter() - started
        assert doc.pages[0].reading("ocr_vie") is not None, doc.warnings
    n = len(images)
    print(f"OCR, {n} pages at 300 dpi: bare tesseract {n / bare:.3f} pages/s ({bare / n:.2f} s/page)")
    print(f"  ours, image-only PDF: {n / ours_pdf:.3f} pages/s, ratio ours/bare {ours_pdf / bare:.3f}")
    print(f"  ours, PNG:            {n / ours_png:.3f} pages/s, ratio ours/bare {ours_png / bare:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layer-pages", type=int, default=300)
    parser.add_argument("--ocr-pages", type=int, default=4)
    parser.add_argument("--scanned-pages", type=int, default=300)
    parser.add_argument("--modes", default="never,auto,always", help="--ocr modes of the scanned-PDF run")
    parser.add_argument("--scanned-lines", type=int, default=0,
                        help="lines of text on each scanned page (default: full pages)")
    parser.add_argument("--replay-ocr", action="store_true",
                        help="scanned PDF: Tesseract reads each distinct page image once for real and "
                        "its reading is replayed when it comes again "
                        "every page (our memory and time without Tesseract's hours)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: layer, ocr, scanned")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        if "layer" not in skip:
            bench_layer(Path(tmp), args.layer_pages)
        if "ocr" not in skip:
            bench_ocr(Path(tmp), args.ocr_pages)
        if "scanned" not in skip:
            bench_scanned(Path(tmp), args.scanned_pages, args.modes.split(","), args.scanned_lines,
                          args.replay_ocr)


if __name__ == "__main__":
    main()
