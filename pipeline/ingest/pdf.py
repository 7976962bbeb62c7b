"""PDF files: each page's text layer (word boxes) and, by the OCR policy, an OCR reading of the page
image (a scanned page's stored image, else the page rendered at 300 dpi). Pages are streamed: one
page's objects and image are in memory at a time.

PDFium (pypdfium2) parses the page once for both: its characters and their boxes, which
pdfplumber's word extractor groups into words as `page.extract_words` does. pdfminer, under
pdfplumber, took 0.2 s to parse a scanned page's English-OCR layer and 0.2 s more per document for
its font's character map, a quarter of Tesseract's time on the page; PDFium takes 0.01 s and reads
the same words (boxes within half a point)."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import WordExtractor
from PIL import Image

from pipeline.document import Document, Page, Reading, Word
from pipeline.ingest.encodings import decode, font_bytes, legacy_font_encoding
from pipeline.ingest.errors import IngestError
from pipeline.ingest.layout import box_union, group_lines
from pipeline.ingest.pages import (
    DEFAULT_MAX_PIXELS,
    PageJob,
    choose_primary,
    keep_image,
    needs_ocr,
    ocr_into,
    over_limit,
    warn,
)
from pipeline.vietnamese import INVISIBLE, nfc, visible

DPI = 300
# A scan stored at a resolution in this range is OCR'd as it is; others are rendered at DPI.
NATIVE_DPI = (250, 400)
PLAIN_FILTERS = (["DCTDecode"], ["FlateDecode"])


class PageTooLarge(Exception):
    """A page whose image would be over the pixel limit: str() says why, in one line."""


class PageImage(NamedTuple):
    image: Image.Image
    dpi: int
    reduced: bool = False  # rendered under DPI to keep within the pixel limit


def page_image(page: pdfium.PdfPage, max_pixels: int = DEFAULT_MAX_PIXELS, colour: bool = False) -> PageImage:
    """The page as a grayscale image (in colour with `colour`: OCR tells seal ink apart by it) and
    its resolution. A scanned page (one upright image over the
    whole page, near 300 dpi) is its image as stored: taking it costs a tenth of rendering it.
    Anything else is rendered at 300 dpi, or at the resolution that keeps it within `max_pixels`.

    Sizes are checked before anything is decoded: a page holding an image over `max_pixels` raises
    PageTooLarge (PDFium would decode that image whole, whatever the rendering's size)."""
    job = PageJob(ocr="never", timeout=0, max_pixels=max_pixels)
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            try:
                px_width, px_height = obj.get_px_size()
            except Exception:  # noqa: BLE001 - an image PDFium cannot size is not drawn either
                continue
            too_big = over_limit(px_width, px_height, job)
            if too_big:
                raise PageTooLarge(f"it holds an image of {too_big}")
    scan = _the_scan(page, colour)
    if scan is not None:
        return PageImage(*scan)
    width, height = page.get_size()
    scale = DPI / 72
    reduced = width * height * scale * scale > max_pixels
    if reduced:
        scale = math.sqrt(max_pixels / (width * height))
        # The renderer rounds each side up: leave room for a pixel more on both.
        while (width * scale + 1) * (height * scale + 1) > max_pixels and scale > 1e-3:
            scale *= 0.995
    bitmap = page.render(scale=scale, grayscale=not colour)
    try:
        pil = bitmap.to_pil()
        return PageImage(pil if colour else _gray(pil), round(scale * 72), reduced)
    finally:
        bitmap.close()


def _the_scan(page: pdfium.PdfPage, colour: bool = False) -> tuple[Image.Image, int] | None:
    if page.get_rotation() != 0:
        return None
    image = None
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and image is None:
            image = obj
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT and (
                pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE):
            continue  # an OCR layer over the scan: not drawn
        else:
            return None
    if image is None:
        return None
    a, b, c, d, _e, _f = image.get_matrix().get()
    width, height = page.get_size()
    if b or c or a <= 0 or d <= 0 or a < 0.98 * width or d < 0.98 * height:
        return None
    px_width, _px_height = image.get_px_size()
    dpi = round(px_width / (a / 72))
    # Only plain JPEG or Flate pixels are taken as stored: fax-coded bitmaps, masks and decode arrays
    # are left to the renderer, which knows how they are meant to look.
    if not NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1] or image.get_filters() not in PLAIN_FILTERS:
        return None
    try:
        pil = image.get_bitmap(render=False).to_pil()
        return pil if colour else _gray(pil), dpi
    except Exception:  # noqa: BLE001 - an odd pixel format: render the page instead
        return None


def _gray(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("L")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise IngestError("encrypted PDF: it needs a password to open") from None
        raise IngestError("damaged PDF: cannot be read (corrupt or truncated)") from None


def read_pdf(path: Path, doc: Document, job: PageJob, pages: tuple[int, int] | None = None) -> None:
    """Every page of the PDF into `doc`, or pages first..last (1-based, inclusive) when given."""
    pdf = open_pdf(path)
    try:
        doc.page_count = len(pdf)
        if doc.page_count == 0:
            raise IngestError("empty PDF: it has no pages")
        first, last = pages or (1, doc.page_count)
        if not 1 <= first <= last <= doc.page_count:
            # The file changed since its pages were counted, or the caller erred: never a silent part.
            raise IngestError(f"pages {first}-{last} asked of a PDF of {doc.page_count} pages")
        for index in range(first - 1, last):
            doc.pages.append(_read_page(pdf, index, doc, job))
    finally:
        pdf.close()


def _text_layer(page: pdfium.PdfPage, index: int, doc: Document) -> Reading | None:
    """The page's text layer as a Reading (boxes in PDF points from the top-left), or None."""
    try:
        chars = _chars(page)
    except Exception as exc:  # noqa: BLE001 - a broken content stream: the page is still OCR'd
        warn(doc, f"page {index + 1}: text layer unreadable ({type(exc).__name__})")
        return None
    # In the order the characters were written, not sorted by position: an OCR engine writes its
    # layer line by line, and on a skewed scan sorting by height cut each line into pieces that
    # interleave with the next (the layer restored alone read 13 % of a skewed page's syllables).
    extractor = WordExtractor(x_tolerance=3, y_tolerance=3, keep_blank_chars=False, use_text_flow=True)
    raw = extractor.extract_words(chars)
    words = [Word(text=nfc(w["text"]), box=(round(w["x0"], 2), round(w["top"], 2), round(w["x1"], 2),
                                            round(w["bottom"], 2))) for w in raw
             if w["text"].strip()]
    if not words:
        return None
    engine = f"pdfium {pdfium.PDFIUM_INFO.build} + pdfplumber {pdfplumber.__version__}"
    legacy = legacy_font_encoding(" ".join(w.text for w in words))
    if legacy is not None:
        # A document typed in a legacy Vietnamese font (.VnTime, VNI-Times): its layer holds the
        # font's byte codes, decoded here as a text file in that encoding would be.
        words = [Word(text=decode(font_bytes(w.text) or b"", legacy), box=w.box) for w in words]
        engine += f", {legacy.upper()} font encoding decoded"
        message = f"text layer in a legacy Vietnamese font encoding ({legacy.upper()}), decoded"
        if message not in doc.warnings:  # once for the document, not once a page
            warn(doc, message)
    else:
        # A soft hyphen inside a word (TCVN3 writes ư with its code, so only now).
        words = [Word(text=visible(w.text), box=w.box) for w in words if visible(w.text).strip()]
        if not words:
            return None
    lines = group_lines(words)
    rotation = page.get_rotation() % 360
    if rotation:
        # On a page with a /Rotate of its own (a landscape annex) PDFium gives the lines in the order
        # they stand on the turned page (turned 90°: the last line first); the boxes are the page's
        # as written, where its lines run top to bottom. Then the boxes are put where the words
        # stand on the page as shown, as the page's size, its image and its OCR's boxes are.
        lines.sort(key=lambda line: (line.box[1], line.box[0]) if line.box else (0.0, 0.0))
        left, bottom, right, top = page.get_mediabox()
        for line in lines:
            for word in line.words:
                if word.box is not None:
                    word.box = _as_shown(word.box, rotation, right - left, top - bottom)
            boxes = [w.box for w in line.words if w.box]
            line.box = box_union(boxes) if boxes else None
    return Reading(kind="pdf_text", lines=lines, engine=engine)


def _as_shown(box: tuple[float, float, float, float], rotation: int, width: float, height: float
              ) -> tuple[float, float, float, float]:
    """A box on a page as written (`width` x `height` points, from its top-left) where it stands on
    the page shown turned clockwise by `rotation` degrees (its /Rotate)."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        shown = (height - y1, x0, height - y0, x1)
    elif rotation == 180:
        shown = (width - x1, height - y1, width - x0, height - y0)
    elif rotation == 270:
        shown = (y0, width - x1, y1, width - x0)
    else:
        return box
    return tuple(round(v, 2) for v in shown)  # type: ignore[return-value]


# Zero-width and direction characters: dropped before words are made, or a word is cut at them.
# (Not the soft hyphen: a TCVN3 font writes ư with its code; see _text_layer.)
_INVISIBLE = INVISIBLE - {0xAD}


def _chars(page: pdfium.PdfPage) -> list[dict]:
    """The page's characters as pdfplumber's char dicts: text and box (points from the top-left of
    the media box); the spaces and line breaks PDFium makes up between words are left out, as
    pdfplumber has none."""
    left, _bottom, _right, top = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        rect = pdfium_c.FS_RECTF()
        chars: list[dict] = []
        count = textpage.count_chars()
        index = 0
        while index < count:
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            at = index
            index += 1
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, at) == 1 or code == 0 or code in _INVISIBLE:
                continue
            if 0xD800 <= code < 0xDC00 and index < count:  # a character outside the BMP: two units
                low = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    index += 1
            if chars and unicodedata.combining(chr(code)):
                # A mark a decomposed layer writes as a character of its own ("o" then U+0323,
                # U+0302 for "ộ"): with its own box it cut the word ("Cọ ̂ng"); it belongs to the
                # letter before it, and NFC composes them.
                chars[-1]["text"] += chr(code)
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, at, rect):
                continue
            angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, at)
            chars.append({
                "text": chr(code), "x0": rect.left - left, "x1": rect.right - left,
                "top": top - rect.top, "bottom": top - rect.bottom, "doctop": top - rect.top,
                "width": rect.right - rect.left, "height": rect.top - rect.bottom,
                "size": pdfium_c.FPDFText_GetFontSize(textpage.raw, at),
                "upright": angle < 0 or abs(math.sin(angle)) < 0.5,
            })
        return chars
    finally:
        textpage.close()


def _read_page(pdf: pdfium.PdfDocument, index: int, doc: Document, job: PageJob) -> Page:
    try:
        page_obj = pdf[index]
    except pdfium.PdfiumError:
        # The page tree counted it but its page object is broken: the file is damaged there.
        raise IngestError(f"page {index + 1} is damaged: it cannot be read") from None
    try:
        width, height = page_obj.get_size()
        page = Page(number=index + 1, width=width, height=height)
        layer = _text_layer(page_obj, index, doc)
        if layer is not None:
            page.readings.append(layer)
        ocr = needs_ocr(layer, job.ocr)
        if ocr or job.image_dir is not None:
            try:
                image, page.dpi, reduced = page_image(page_obj, job.max_pixels,
                                                      colour=ocr and job.effort != "fast")
            except PageTooLarge as exc:
                warn(doc, f"page {page.number}: {exc}: no page image" + ("; not OCR'd" if ocr else ""))
            else:
                if reduced:
                    warn(doc, f"page {page.number}: {round(width)} x {round(height)} points is over the "
                         f"pixel limit at {DPI} dpi (--max-pixels): rendered at {page.dpi} dpi")
                kept = keep_image(job, page.number, _gray(image))
                page.image = str(kept) if kept else None
                if ocr:
                    ocr_into(doc, page, image, job)
                del image  # one page image in memory at a time
        elif layer is None:
            warn(doc, f"page {page.number}: no text layer and OCR is off (--ocr never): no text")
    finally:
        page_obj.close()
    choose_primary(page)
    return page
