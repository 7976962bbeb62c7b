"""Ingest: any input file (PDF, image, text) to a Document of pages with their readings.

    doc = ingest(Path("scan.pdf"), ocr="auto", page_timeout=180.0, image_dir=Path("out/pages/<id>"))

A file that cannot be read raises IngestError, whose message is one line for the user.

A long PDF can be read in page ranges, each in its own task (pipeline.batch: OCR is the cost, and one
200-page scan would otherwise keep one worker busy while the others idle):

    n = page_count(path)                                    # from the page tree, no page read
    parts = [ingest(path, pages=(1, 4)), ingest(path, pages=(5, n))]
    doc = join(parts)                                       # what ingest(path) gives
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.document import Document
from pipeline.files import display_path, file_id
from pipeline.ingest.errors import IngestError
from pipeline.ingest.images import read_image
from pipeline.ingest.pages import DEFAULT_MAX_PIXELS, OCR_EFFORTS, OCR_POLICIES, PageJob, warn
from pipeline.ingest.pdf import open_pdf, read_pdf
from pipeline.ingest.text import decode_text, language_warning, text_pages
from pipeline.inputs import not_a_file

__all__ = ["DEFAULT_MAX_PIXELS", "IngestError", "ingest", "join", "page_count", "read_text_file", "SUPPORTED"]

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
           image_dir: Path | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
           ocr_effort: str = "auto", pages: tuple[int, int] | None = None) -> Document:
    """Read one file into a Document.

    ocr: "auto" OCRs a page whose text layer is missing or mostly not Vietnamese (images are always
    OCR'd), "always" every page, "never" none. page_timeout: seconds Tesseract may spend on one page;
    a page over it is reported in `doc.warnings` and on stderr, and the document goes on.
    image_dir: where to keep page images (<n>.png) for the review app; None keeps none.
    max_pixels: the largest page image decoded or rendered, checked from the declared size before
    decoding (an image file over it is refused; a PDF page over it is rendered at a lower resolution,
    or has no image when it holds an image over it).
    ocr_effort: "fast" reads a page once as it is (binarised); "auto" diagnoses it, cleans it up, and
    reads a poor page several times and fuses the readings; "best" does that on every page.
    pages: (first, last), 1-based and inclusive: read only those pages of a PDF (the Document then
    holds those pages, and `page_count` is still the file's); `join` puts such parts back together.
    The whole-document language check is left to `join`, which sees all the text.
    """
    if ocr not in OCR_POLICIES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_POLICIES)}, not {ocr!r}")
    if ocr_effort not in OCR_EFFORTS:
        raise ValueError(f"ocr_effort must be one of {', '.join(OCR_EFFORTS)}, not {ocr_effort!r}")
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
    if pages is not None and media_type != "pdf":
        raise ValueError(f"page ranges are read from PDFs only, not {kind} files")
    if media_type == "text" and size > MAX_TEXT_BYTES:
        raise IngestError(f"text file of {size / 1e6:,.0f} MB: over the {MAX_TEXT_BYTES / 1e6:.0f} MB "
                          "a text document may have")
    doc = Document(doc_id=doc_id, source=display_path(path), media_type=media_type)  # type: ignore[arg-type]
    job = PageJob(ocr=ocr, timeout=page_timeout, image_dir=image_dir, max_pixels=max_pixels,
                  effort=ocr_effort)
    if media_type == "text":
        _read_text(path, doc)
    elif media_type == "pdf":
        read_pdf(path, doc, job, pages)
    else:
        read_image(path, doc, job, kind)
    if pages is None:
        _check_language(doc)
    return doc


def _check_language(doc: Document) -> None:
    warning = language_warning(doc.text)
    if warning:
        warn(doc, warning)


def page_count(path: Path) -> int | None:
    """The pages of a PDF, from its page tree: no page is parsed or rendered, so this costs
    milliseconds even for a 300-page scan. None for any other file, and for a PDF that cannot be
    opened (ingest of the whole file then says why, once)."""
    if Path(path).suffix.lower() != ".pdf" or not_a_file(path):
        return None
    try:
        pdf = open_pdf(path)
    except (IngestError, OSError):
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def join(parts: list[Document]) -> Document:
    """One Document from the page ranges of one PDF read apart (`ingest(..., pages=...)`), given in
    page order: the same Document ingest of the whole file gives. Raises ValueError when the parts
    are not every page of one file, each once, in order (a bug in the caller, never the file's)."""
    if not parts:
        raise ValueError("no parts to join")
    first = parts[0]
    pages = [page for part in parts for page in part.pages]
    if any(part.doc_id != first.doc_id for part in parts):
        raise ValueError("parts of different files")
    numbers = [page.number for page in pages]
    if numbers != list(range(1, (first.page_count or 0) + 1)):
        raise ValueError(f"parts hold pages {_ranges(numbers)} of {first.page_count}, not each page once "
                         "in order")
    # Each part opened the file, so a warning about the whole file (an unreadable text layer) is in
    # every part; ingest of the whole file gives it once. Page warnings name their page: never repeated.
    warnings = list(dict.fromkeys(w for part in parts for w in part.warnings))
    doc = dataclasses.replace(first, pages=pages, warnings=warnings)
    _check_language(doc)
    return doc


def _ranges(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "none"


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
