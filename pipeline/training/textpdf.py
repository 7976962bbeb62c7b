"""Write PDFs with a real (visible, extractable) Vietnamese text layer, through PDFium.

The product only reads PDFs; this exists so that tests and benchmarks can make text-layer PDFs of
any size from clean text, with a font that holds every Vietnamese letter.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.training.synth import find_fonts

A4_POINTS = (595.0, 842.0)
VIETNAMESE_FONTS = ("NotoSerif-Regular.ttf", "DejaVuSerif.ttf")


def write_text_pdf(pages: list[list[str]], path: Path, *, font_size: float = 11.0,
                   font: Path | None = None) -> None:
    """One A4 page per item of `pages`, each string a line of text from the top-left margin down."""
    font_path = font or find_fonts(VIETNAMESE_FONTS)[0]
    data = font_path.read_bytes()
    pdf = pdfium.PdfDocument.new()
    # PDFium reads the font from this buffer when saving: it must live until then.
    font_buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    handle = pdfium_c.FPDFText_LoadFont(pdf, font_buf, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
    if not handle:
        raise ValueError(f"PDFium cannot load the font {font_path}")
    try:
        width, height = A4_POINTS
        for lines in pages:
            page = pdf.new_page(width, height)
            y = height - 72
            for line in lines:
                if line.strip():
                    obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf, handle, font_size)
                    text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
                    pdfium_c.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
                    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, y)
                    pdfium_c.FPDFPage_InsertObject(page, obj)
                y -= font_size * 1.5
            page.gen_content()
            page.close()
        pdf.save(str(path))
    finally:
        pdfium_c.FPDFFont_Close(handle)
        pdf.close()
