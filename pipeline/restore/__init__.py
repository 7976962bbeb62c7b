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


# The batch's adaptation profile this process restores with (`decree run` sets it in each worker).
_PROFILE: list[str | None] = [None]


def use_profile(path: str | None) -> None:
    """Restore documents of this process with the adaptation profile at `path` (None: the shipped
    models alone)."""
    _PROFILE[0] = path


def _current_model() -> RestoreModel:
    if _PROFILE[0]:
        from pipeline.restore.batch_adapt import profile_model

        return profile_model(_PROFILE[0])
    return get_model()


def restore(doc: Document, model: RestoreModel | None = None) -> Document:
    """`doc` with every word of every reading restored (in place, and returned). model: default the
    shipped models, adapted by the profile of `use_profile` when there is one."""
    from pipeline.restore.combine import restore_document

    restore_document(model or _current_model(), doc)
    doc.stages.append(STAGE)
    return doc


__all__ = ["restore", "restore_text", "use_profile", "STAGE"]
