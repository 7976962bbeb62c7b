"""PDF files: each page's text layer (pdfplumber, with word boxes) and, by the OCR policy, an OCR
reading of the page rendered at 300 dpi (pypdfium2). Pages are streamed: one page's objects and
image are in memory at a time."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from pipeline.document import Document, Page, Reading, Word, nfc
from pipeline.ingest.errors import IngestError
from pipeline.ingest.layout import group_lines
from pipeline.ingest.pages import PageJob, choose_primary, keep_image, needs_ocr, ocr_into, warn

DPI = 300


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise IngestError("encrypted PDF: it needs a password to open") from None
        raise IngestError("damaged PDF: cannot be read (corrupt or truncated)") from None


def read_pdf(path: Path, doc: Document, job: PageJob) -> None:
    pdf = open_pdf(path)
    try:
        doc.page_count = len(pdf)
        if doc.page_count == 0:
            raise IngestError("empty PDF: it has no pages")
        layer_pdf = _open_layer(path, doc)
        try:
            for index in range(doc.page_count):
                layer = _text_layer(layer_pdf, index, doc) if layer_pdf is not None else None
                doc.pages.append(_read_page(pdf, index, layer, doc, job))
        finally:
            if layer_pdf is not None:
                layer_pdf.close()
    finally:
        pdf.close()


def _open_layer(path: Path, doc: Document) -> pdfplumber.PDF | None:
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer fails in many ways; PDFium read the file
        warn(doc, f"text layer unreadable ({type(exc).__name__}); pages are OCR'd only")
        return None


def _text_layer(pdf: pdfplumber.PDF, index: int, doc: Document) -> Reading | None:
    """The page's text layer as a Reading (boxes in PDF points from the top-left), or None."""
    try:
        page = pdf.pages[index]
        try:
            raw = page.extract_words(keep_blank_chars=False)
        finally:
            page.close()  # drops the page's parsed objects: memory stays flat over long PDFs
    except Exception as exc:  # noqa: BLE001
        warn(doc, f"page {index + 1}: text layer unreadable ({type(exc).__name__})")
        return None
    words = [Word(text=nfc(w["text"]), box=(round(w["x0"], 2), round(w["top"], 2), round(w["x1"], 2),
                                            round(w["bottom"], 2))) for w in raw
             if w["text"].strip()]
    if not words:
        return None
    return Reading(kind="pdf_text", lines=group_lines(words), engine=f"pdfplumber {pdfplumber.__version__}")


def _read_page(pdf: pdfium.PdfDocument, index: int, layer: Reading | None, doc: Document,
               job: PageJob) -> Page:
    page_obj = pdf[index]
    try:
        width, height = page_obj.get_size()
        page = Page(number=index + 1, width=width, height=height)
        if layer is not None:
            page.readings.append(layer)
        ocr = needs_ocr(layer, job.ocr)
        if ocr or job.image_dir is not None:
            bitmap = page_obj.render(scale=DPI / 72, grayscale=True)
            image = bitmap.to_pil()
            page.dpi = DPI
            kept = keep_image(job, page.number, image)
            page.image = str(kept) if kept else None
            if ocr:
                ocr_into(doc, page, kept or image, job)
            bitmap.close()
        elif layer is None:
            warn(doc, f"page {page.number}: no text layer and OCR is off (--ocr never): no text")
    finally:
        page_obj.close()
    choose_primary(page)
    return page
