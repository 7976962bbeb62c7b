"""Restoration: garbled OCR text to correct Vietnamese, word by word, with calibrated confidences.

`restore(doc)` fills every word's restored form, confidence and alternatives in every reading of
every page; `restore_text(text)` does the same for plain text and returns it with its line
structure and every character that is not part of a word kept byte for byte."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.restore.model import RestoreModel, get_model

STAGE = "restore 1"


def restore_text(text: str, engine: str | None = None, model: RestoreModel | None = None) -> str:
    """Plain text restored. engine: "eng" (garbled by an English OCR engine), "vie", or None to guess.
    model: the models to use (an adapted copy, pipeline.restore.adapt); default the shipped ones."""
    from pipeline.restore.engine import restore_plain

    return restore_plain(model or get_model(), text, engine)


def restore(doc: Document, model: RestoreModel | None = None) -> Document:
    """`doc` with every word of every reading restored (in place, and returned)."""
    from pipeline.restore.combine import restore_document

    restore_document(model or get_model(), doc)
    doc.stages.append(STAGE)
    return doc


__all__ = ["restore", "restore_text", "STAGE"]
