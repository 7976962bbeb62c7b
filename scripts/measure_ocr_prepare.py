"""Does preparing a page image (deskewing, binarising) before Tesseract help? Prints the character
error rate of OCR on generated scans of the clean seed document, as they are and prepared.

Ingest binarises every page before OCR because this showed it helps on faded photocopies (and
changes nothing on good scans); it does not deskew, which made things worse.

    python scripts/measure_ocr_prepare.py [--styles scan photocopy small]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

from pipeline.ingest.ocr import binarise, ocr_page  # noqa: E402
from pipeline.training.synth import STYLES, find_fonts, render_pages  # noqa: E402
from pipeline.training.textpdf import VIETNAMESE_FONTS  # noqa: E402

SEED = next((ROOT / "data" / "raw").glob("003_*.txt"))


def skew_angle(img: Image.Image, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation that makes text lines most horizontal: the angle whose row-ink profile has the
    largest variance (sharp peaks on lines, troughs between them), on a reduced copy."""
    small = binarise(img.reduce(4))
    ink = Image.fromarray(255 - np.asarray(small))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rows = np.asarray(ink.rotate(float(angle), resample=Image.Resampling.NEAREST)).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def deskew(img: Image.Image) -> Image.Image:
    return img.rotate(skew_angle(img), resample=Image.Resampling.BICUBIC, fillcolor=255)


def cer(expected: str, got: str) -> float:
    a, b = " ".join(expected.split()), " ".join(got.split())
    return Levenshtein.distance(a, b) / max(len(a), 1)


def ocr_text(img: Image.Image, tmp: Path) -> tuple[str, float]:
    path = tmp / "page.png"
    img.save(path)
    started = time.perf_counter()
    text = ocr_page(path, timeout=600).text
    return text, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--styles", nargs="+", default=["scan", "photocopy", "small"])
    parser.add_argument("--seeds", type=int, default=3, help="pages per style")
    args = parser.parse_args()
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    text = "\n\n".join(paragraphs[:3])  # one page
    font = find_fonts(VIETNAMESE_FONTS)[0]
    prepare = {"as scanned": lambda im: im, "deskewed": deskew, "binarised": binarise,
               "deskewed+binarised": lambda im: binarise(deskew(im))}
    print(f"{'style':<10} {'preparation':<20} {'mean CER':>8} {'OCR s':>6}   CER per page")
    with tempfile.TemporaryDirectory() as tmp:
        for style in args.styles:
            pages = [render_pages(text, style, font=font, seed=seed)[0] for seed in range(args.seeds)]
            angles = ", ".join(f"{skew_angle(p):+.1f}" for p in pages)
            print(f"{style:<10} skew found: {angles} (made: {-STYLES[style].rotation:+.1f})")
            for name, step in prepare.items():
                cers, seconds = [], 0.0
                for page in pages:
                    got, took = ocr_text(step(page), Path(tmp))
                    cers.append(cer(text, got))
                    seconds += took
                print(f"{style:<10} {name:<20} {sum(cers) / len(cers):8.3f} {seconds / len(pages):6.1f}   "
                      + " ".join(f"{c:.3f}" for c in cers), flush=True)


if __name__ == "__main__":
    main()
