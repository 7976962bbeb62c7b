"""One file to its CampaignRecord JSON, composing the stages (behind `decree extract`).

Ingest and restoration are other stages, looked up when the command runs: without `pipeline.ingest`
a text file is still read (UTF-8), and without `pipeline.restore` extraction works on the text as read.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from pipeline.document import Document


class DocumentError(Exception):
    """A file that cannot be turned into a record (the message names what is wrong)."""


def _optional(module: str, name: str):  # noqa: ANN202 - a stage function or None
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def load_document(path: Path) -> Document:
    if not path.is_file():
        raise DocumentError("no such file")
    ingest = _optional("pipeline.ingest", "ingest")
    if ingest is not None:
        return ingest(path)
    if path.suffix.lower() not in (".txt", ".text", ""):
        raise DocumentError("only text files can be read until the ingest stage is installed")
    from pipeline.textdoc import document_from_text

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from exc
    doc = document_from_text(text, source=str(path))
    # The same id as `decree run` gives the file: the hash of its bytes.
    from pipeline.batch import file_id

    doc.doc_id = file_id(path)
    return doc


def record_of(doc: Document) -> Document:
    """restore (when installed) -> segment -> extract."""
    from pipeline.extract import extract
    from pipeline.segment import segment

    restore = _optional("pipeline.restore", "restore")
    if restore is not None:
        doc = restore(doc)
    return extract(segment(doc))


def extract_file(path: Path) -> str:
    """The record of the file at `path` as JSON. Any failure of a stage on this file becomes a
    DocumentError with a one-line message."""
    try:
        doc = record_of(load_document(path))
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - a stage failing on one file is that file's error
        raise DocumentError(" ".join(str(exc).split()) or type(exc).__name__) from exc
    assert doc.record is not None
    doc.record.source = str(path)
    return json.dumps(doc.record.to_json_dict(), ensure_ascii=False, indent=2)
