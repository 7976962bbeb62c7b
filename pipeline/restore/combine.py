"""Restoring a whole Document: every reading of every page, the garbled text layer helped by the
page's `vie` OCR reading when there is one (two noisy readings of the same words are better
evidence than either)."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.restore.engine import ReadingRestorer, guess_engine
from pipeline.restore.model import RestoreModel


def restore_document(model: RestoreModel, doc: Document) -> None:
    restorers: dict[str, ReadingRestorer] = {}

    def restorer(engine: str) -> ReadingRestorer:
        # One per engine and document: the candidate cache is shared across its pages.
        if engine not in restorers:
            restorers[engine] = ReadingRestorer(model, engine)
        return restorers[engine]

    for page in doc.pages:
        layer = page.reading("pdf_text")
        vie = page.reading("ocr_vie")
        for reading in page.readings:
            engine = "vie" if reading.kind == "ocr_vie" else guess_engine(reading.text)
            partner = None
            if reading is layer and vie is not None and vie.lines and engine == "eng":
                partner = (restorer("vie"), vie.lines)
            restorer(engine).restore_lines(reading.lines, partner=partner)
        if page.primary is None and page.readings:
            # The text layer carries the combined restoration; a page with only OCR uses that.
            page.primary = layer.kind if layer is not None and layer.lines else page.readings[0].kind
