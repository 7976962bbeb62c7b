"""What PDF pages and image files have in common: a page image that is OCR'd (or not) by the
policy, kept for the review app when asked, and reported when OCR gives up."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.document import Document, Page, Reading, ScanDiagnosis
from pipeline.files import atomic_path
from pipeline.ingest.ocr import OcrFailed, OcrTimeout
from pipeline.ingest.passes import EFFORTS, page_pixels, read_page
from pipeline.ingest.syllables import vietnamese_share

OCR_POLICIES = ("auto", "always", "never")
OCR_EFFORTS = EFFORTS
# A text layer under this share of Vietnamese syllables is "mostly not Vietnamese": clean text
# scores about 0.95, the archive's English-model OCR layers about 0.5.
MIN_VIETNAMESE_SHARE = 0.75
MIN_LAYER_WORDS = 3  # fewer words than this is no text layer (a page number, a stray mark)
# The largest page image decoded or rendered (--max-pixels): an A0 poster at 300 dpi is 140 million
# pixels; above the limit a page would take GBs (a grey page costs a byte a pixel, colour four) and is
# refused from the size its header declares, before any pixel is decoded.
DEFAULT_MAX_PIXELS = 200_000_000


@dataclass
class PageJob:
    """How pages are read: the OCR policy, its per-page timeout, and where page images go."""

    ocr: str
    timeout: float
    image_dir: Path | None = None
    max_pixels: int = DEFAULT_MAX_PIXELS
    effort: str = "auto"  # --ocr-effort: fast (one plain pass), auto (more passes on poor pages), best


def over_limit(width: int, height: int, job: PageJob) -> str | None:
    """Why a page image of width x height pixels is not decoded, or None when it may be."""
    if width * height <= job.max_pixels:
        return None
    return (f"{width} x {height} pixels ({width * height / 1e6:,.0f} million), over the limit of "
            f"{job.max_pixels / 1e6:,.0f} million (--max-pixels)")


def needs_ocr(layer: Reading | None, policy: str) -> bool:
    if policy == "always":
        return True
    if policy == "never":
        return False
    if layer is None or sum(len(line.words) for line in layer.lines) < MIN_LAYER_WORDS:
        return True
    return vietnamese_share(layer.text) < MIN_VIETNAMESE_SHARE


def keep_image(job: PageJob, number: int, image: Image.Image) -> Path | None:
    """Write the page image as OUT/pages/<doc_id>/<n>.png when the caller keeps page images."""
    if job.image_dir is None:
        return None
    path = job.image_dir / f"{number}.png"
    with atomic_path(path) as tmp:
        # Fast compression: page images are many and big, and this runs for every page of a batch.
        image.save(tmp, format="PNG", compress_level=1)
    return path


def ocr_into(doc: Document, page: Page, image: Image.Image, job: PageJob) -> None:
    """OCR a page image and add the reading to the page. A page that times out or fails is
    reported (on the document and on stderr) and left without this reading; the document goes on."""
    try:
        reading, report = read_page(page_pixels(image), effort=job.effort, timeout=job.timeout,
                                    page_dpi=sheet_dpi(page, image))
    except (OcrTimeout, OcrFailed) as exc:
        warn(doc, f"page {page.number}: {exc}; the page has no OCR reading")
        return
    page.readings.append(reading)
    turned = next((p for p in report.passes if p.startswith("turned")), None)
    if turned:
        angle = turned.removeprefix("turned ")
        warn(doc, f"page {page.number}: scanned {angle} off upright; read turned upright")
    diag = report.diagnosis
    if diag is not None:
        page.scan = ScanDiagnosis(text_px=diag.text_px, effective_dpi=diag.effective_dpi, skew=diag.skew,
                                  contrast=diag.contrast, noise=diag.noise, seal=diag.seal,
                                  mean_conf=report.confidences[0], poor=report.poor, passes=report.passes)


def sheet_dpi(page: Page, image: Image.Image) -> float | None:
    """Pixels per inch of the page image over the sheet it shows: from a PDF page's size in points,
    else the image file's own resolution, else an A4 sheet (the archive's paper) when the image is
    shaped like one."""
    if page.width and page.width != image.width:  # a PDF page: width in points
        return image.width / (page.width / 72)
    if page.dpi:
        return float(page.dpi)
    short, long = sorted(image.size)
    return short / 8.27 if 1.3 < long / max(short, 1) < 1.5 else None


def choose_primary(page: Page) -> None:
    """The reading later stages work on: the most Vietnamese one; the text layer when equal (its
    characters are exact where OCR guesses)."""
    if not page.readings:
        page.primary = None
        return
    best = max(page.readings, key=lambda r: (vietnamese_share(r.text), r.kind == "pdf_text"))
    page.primary = best.kind


def warn(doc: Document, message: str) -> None:
    doc.warnings.append(message)
    print(f"decree: {doc.source}: {message}", file=sys.stderr, flush=True)
