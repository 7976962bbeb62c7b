"""Make the sample scans of the archive in data/raw/ from the clean seed document 003.

    sample_scan_english_layer.pdf  page images with an invisible text layer of Tesseract's ENGLISH
                                   OCR, the way the archive's PDFs come (garbled Vietnamese)
    sample_image_only.pdf          page images and no text layer
    sample_page.png                one page image
    sample_pages.tiff              a multi-page TIFF

Pages are rendered by pipeline.training.synth (seeded: the same pixels every time), in grayscale at 200 dpi,
JPEG-compressed, to keep the samples small.

    python scripts/make_samples.py [--out data/raw]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

import pytesseract
from PIL import Image
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.training.synth import STYLES, ScanStyle, find_fonts, render_pages  # noqa: E402

SEED_DOC = next((ROOT / "data" / "raw").glob("003_*.txt"))
# Faces that hold every Vietnamese letter (Debian's fonts-liberation 1.x does not: its pages
# would show empty boxes for ặ, ệ, ừ...).
VIETNAMESE_FONTS = ("NotoSerif-Regular.ttf", "DejaVuSerif.ttf")
DPI = 200
JPEG_QUALITY = 55


def pages(style: str, seed: int) -> list[Image.Image]:
    base = STYLES[style]
    fields = {k: getattr(base, k) for k in base.__dataclass_fields__}
    fields["dpi"] = DPI
    if fields["scan_dpi"]:
        fields["scan_dpi"] = min(fields["scan_dpi"], DPI)
    return render_pages(SEED_DOC.read_text(encoding="utf-8"), ScanStyle(**fields),
                        font=find_fonts(VIETNAMESE_FONTS)[0], seed=seed)


def jpeg_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("L").save(buf, format="JPEG", quality=JPEG_QUALITY, dpi=(DPI, DPI))
    return buf.getvalue()


def english_layer_pdf(images: list[Image.Image], out: Path) -> None:
    """Each page through `tesseract -l eng ... pdf`: the JPEG as the page, an invisible layer of
    what the English model read on top."""
    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, img in enumerate(images):
            page_jpeg = Path(tmp) / f"{i}.jpg"
            page_jpeg.write_bytes(jpeg_bytes(img))
            pdf = pytesseract.image_to_pdf_or_hocr(str(page_jpeg), lang="eng", extension="pdf")
            writer.append(io.BytesIO(pdf))
    _write(out, writer)


def image_only_pdf(images: list[Image.Image], out: Path) -> None:
    jpegs = [Image.open(io.BytesIO(jpeg_bytes(img))) for img in images]
    buf = io.BytesIO()
    jpegs[0].save(buf, format="PDF", save_all=True, append_images=jpegs[1:], resolution=DPI)
    out.write_bytes(buf.getvalue())


def _write(out: Path, writer: PdfWriter) -> None:
    buf = io.BytesIO()
    writer.write(buf)
    out.write_bytes(buf.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    scanned = pages("scan", seed=3)
    english_layer_pdf(scanned[:2], out / "sample_scan_english_layer.pdf")
    image_only_pdf(scanned[2:4], out / "sample_image_only.pdf")

    clean = pages("clean", seed=3)
    clean[0].save(out / "sample_page.png", format="PNG", optimize=True, dpi=(DPI, DPI))

    copied = pages("small", seed=3)[:2]
    copied[0].save(out / "sample_pages.tiff", format="TIFF", save_all=True, append_images=copied[1:],
                   compression="jpeg", quality=JPEG_QUALITY, dpi=(DPI, DPI))

    for name in ("sample_scan_english_layer.pdf", "sample_image_only.pdf", "sample_page.png",
                 "sample_pages.tiff"):
        print(f"{name}: {(out / name).stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
