"""Does preparing a page image (deskewing, binarising) before Tesseract help? Prints the character
error rate of OCR on generated scans of the clean seed document, as they are and prepared.

Ingest does no preparation unless this shows it helps (it did not: see README, "Input files").

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

from pipeline.ingest.ocr import ocr_page  # noqa: E402
from pipeline.ingest.textpdf import VIETNAMESE_FONTS  # noqa: E402
from pipeline.synth import find_fonts, render_pages  # noqa: E402

SEED = next((ROOT / "data" / "raw").glob("003_*.txt"))


def otsu(img: Image.Image) -> Image.Image:
    """Black and white at the threshold that best separates ink from paper (Otsu's method)."""
    arr = np.asarray(img.convert("L"))
    hist = np.bincount(arr.ravel(), minlength=256).astype(float)
    total = arr.size
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight) + 1e-9)
    threshold = int(np.argmax(between))
    return Image.fromarray(np.where(arr > threshold, 255, 0).astype(np.uint8))


def skew_angle(img: Image.Image, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation that makes text lines most horizontal: the angle whose row-ink profile has the
    largest variance (sharp peaks on lines, troughs between them), on a reduced copy."""
    small = otsu(img.reduce(4))
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
    args = parser.parse_args()
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    text = "\n\n".join(paragraphs[:3])  # one page
    font = find_fonts(VIETNAMESE_FONTS)[0]
    prepare = {"as scanned": lambda im: im, "deskewed": deskew, "binarised": otsu,
               "deskewed+binarised": lambda im: otsu(deskew(im))}
    print(f"{'style':<10} {'preparation':<20} {'CER':>6} {'OCR s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for style in args.styles:
            page = render_pages(text, style, font=font, seed=11)[0]
            for name, step in prepare.items():
                got, seconds = ocr_text(step(page), Path(tmp))
                print(f"{style:<10} {name:<20} {cer(text, got):6.3f} {seconds:6.1f}", flush=True)


if __name__ == "__main__":
    main()
