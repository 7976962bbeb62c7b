"""Restoring a whole Document: every reading of every page, the garbled text layer helped by the
page's `vie` OCR reading when there is one (two noisy readings of the same words are better
evidence than either)."""

from __future__ import annotations

from pipeline.document import Document, Reading
from pipeline.restore.engine import ReadingRestorer, guess_engine
from pipeline.restore.model import RestoreModel


def restore_document(model: RestoreModel, doc: Document) -> None:
    restorers: dict[str, ReadingRestorer] = {}

    def restorer(engine: str) -> ReadingRestorer:
        # One per engine and document: the candidate cache is shared across its pages.
        if engine not in restorers:
            restorers[engine] = ReadingRestorer(model, engine, one_document=True)
        return restorers[engine]

    for page in doc.pages:
        layer = page.reading("pdf_text")
        vie = page.reading("ocr_vie")
        engines = {id(r): "vie" if r.kind == "ocr_vie" else guess_engine(r.text) for r in page.readings}
        garbled_layer = layer is not None and layer.lines and engines[id(layer)] == "eng"
        both = garbled_layer and vie is not None and vie.lines
        if both:
            assert layer is not None and vie is not None
            # The garbled layer gains from the Vietnamese reading; the reverse was measured to
            # hurt (the garbled words mostly add noise to an already good reading). The Vietnamese
            # reading is planned once: the layer reads its plan as evidence, then it is restored.
            vie_plan = restorer("vie").plan(vie.lines)
            restorer("eng").restore_lines(layer.lines, partner=(restorer("vie"), vie.lines),
                                          partner_planned=vie_plan)
            restorer("vie").restore_lines(vie.lines, planned=vie_plan)
        for reading in page.readings:
            if not (both and (reading is layer or reading is vie)):
                restorer(engines[id(reading)]).restore_lines(reading.lines)
        if page.primary is None and page.readings:
            # With two readings, each restored with the other's help, the one restored with more
            # confidence carries the page (confidences are calibrated, so comparable).
            if both:
                page.primary = max((layer, vie), key=mean_confidence).kind  # type: ignore[union-attr]
            elif layer is not None and layer.lines:
                page.primary = "pdf_text"
            elif vie is not None and vie.lines:
                page.primary = "ocr_vie"
            else:
                page.primary = page.readings[0].kind


def mean_confidence(reading: Reading) -> float:
    confs = [w.confidence for line in reading.lines for w in line.words if w.confidence is not None]
    return sum(confs) / len(confs) if confs else 0.0
