"""Ingest: any input file (PDF, image, text) to a Document of pages with their readings.

    doc = ingest(Path("scan.pdf"), ocr="auto", page_timeout=180.0, image_dir=Path("out/pages/<id>"))

A file that cannot be read raises IngestError, whose message is one line for the user.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.document import Document
from pipeline.files import display_path, file_id
from pipeline.ingest.errors import IngestError
from pipeline.ingest.images import read_image
from pipeline.ingest.pages import DEFAULT_MAX_PIXELS, OCR_POLICIES, PageJob, warn
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import decode_text, language_warning, text_pages
from pipeline.inputs import not_a_file

__all__ = ["DEFAULT_MAX_PIXELS", "IngestError", "ingest", "read_text_file", "SUPPORTED"]

# Extension -> (media type, what the user calls it)
SUPPORTED = {
    ".pdf": ("pdf", "PDF"),
    ".png": ("image", "PNG"),
    ".jpg": ("image", "JPEG"),
    ".jpeg": ("image", "JPEG"),
    ".tif": ("image", "TIFF"),
    ".tiff": ("image", "TIFF"),
    ".txt": ("text", "text"),
}


# A text document larger than this is refused: decoding tries several encodings over the whole
# file, and the longest decree in the archive is well under 1 MB.
MAX_TEXT_BYTES = 64 * 1024 * 1024


def ingest(path: Path, *, ocr: str = "auto", page_timeout: float = 180.0,
           image_dir: Path | None = None, max_pixels: int = DEFAULT_MAX_PIXELS) -> Document:
    """Read one file into a Document.

    ocr: "auto" OCRs a page whose text layer is missing or mostly not Vietnamese (images are always
    OCR'd), "always" every page, "never" none. page_timeout: seconds Tesseract may spend on one page;
    a page over it is reported in `doc.warnings` and on stderr, and the document goes on.
    image_dir: where to keep page images (<n>.png) for the review app; None keeps none.
    max_pixels: the largest page image decoded or rendered, checked from the declared size before
    decoding (an image file over it is refused; a PDF page over it is rendered at a lower resolution,
    or has no image when it holds an image over it).
    """
    if ocr not in OCR_POLICIES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_POLICIES)}, not {ocr!r}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        shown = suffix or "no extension"
        raise IngestError(f"unsupported file type ({shown}); expected one of "
                          f"{', '.join(sorted(SUPPORTED))}")
    special = not_a_file(path)
    if special:
        raise IngestError(f"{special}: skipped")
    try:
        size = path.stat().st_size
        doc_id = file_id(path)
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    media_type, kind = SUPPORTED[suffix]
    if media_type == "text" and size > MAX_TEXT_BYTES:
        raise IngestError(f"text file of {size / 1e6:,.0f} MB: over the {MAX_TEXT_BYTES / 1e6:.0f} MB "
                          "a text document may have")
    doc = Document(doc_id=doc_id, source=display_path(path), media_type=media_type)  # type: ignore[arg-type]
    job = PageJob(ocr=ocr, timeout=page_timeout, image_dir=image_dir, max_pixels=max_pixels)
    if media_type == "text":
        _read_text(path, doc)
    elif media_type == "pdf":
        read_pdf(path, doc, job)
    else:
        read_image(path, doc, job, kind)
    warning = language_warning(doc.text)
    if warning:
        warn(doc, warning)
    return doc


def read_text_file(path: Path) -> str:
    """The text of a text file, whatever its encoding (UTF-8/16, Windows-1258, TCVN3, VNI), NFC, with
    "\n" line ends: the project's one text reader. IngestError (naming the file) when it cannot be."""
    special = not_a_file(path)
    if special:
        raise IngestError(f"{display_path(path)}: {special}")
    try:
        return decode_text(path.read_bytes()).text
    except OSError as exc:
        raise IngestError(f"{display_path(path)}: cannot read ({exc.strerror or exc})") from None
    except IngestError as exc:
        raise IngestError(f"{display_path(path)}: {exc}") from None


def _read_text(path: Path, doc: Document) -> None:
    decoded = decode_text(path.read_bytes())
    doc.encoding = decoded.encoding
    doc.pages = text_pages(decoded.text)
    doc.page_count = len(doc.pages)
