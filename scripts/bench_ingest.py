"""Ingest speed and memory.

1. Text-layer pages: a generated PDF of --layer-pages pages (default 300) of clean Vietnamese text,
   ingested with --ocr never in a child process: pages/s, and the child's peak RSS (target < 500 MB:
   pages are streamed, so memory must not grow with the page count; a 30-page PDF is run too).
2. OCR pages: --ocr-pages generated scans (300 dpi), each OCR'd three ways, interleaved so that the
   machine's load falls on all three alike: bare `tesseract page.png stdout -l vie` (the reference),
   ours on the page as a one-page image-only PDF, ours on the page as a PNG. Prints pages/s and the
   ratio ours/bare (target <= 1.15). Tesseract is single-threaded everywhere (OMP_THREAD_LIMIT=1).

    python scripts/bench_ingest.py [--layer-pages 300] [--ocr-pages 4]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
            stored, _dpi = page_image(doc_pdf[0])
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        bench_layer(Path(tmp), args.layer_pages)
        bench_ocr(Path(tmp), args.ocr_pages)


if __name__ == "__main__":
    main()
