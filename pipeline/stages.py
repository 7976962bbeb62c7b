"""The pipeline's one stage order, composed here and nowhere else (docs/architecture.md):

    ingest -> restore -> segment -> extract

`decree run` (pipeline.batch, in worker processes) and `decree extract` both call `process`. Each stage
is a function from the document model to the document model; this module only calls them in order.
A long PDF in `decree run` is read in page ranges by several tasks (`read_pages`), and the later stages
run once over the parts joined (`process_parts`): restoration and extraction need the whole document.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

from pipeline import __version__
from pipeline.document import Document
from pipeline.errors import DecreeError, InputFileError, one_line
from pipeline.extract import extract
from pipeline.files import display_path
from pipeline.ingest import DEFAULT_MAX_PIXELS, ingest, join
from pipeline.restore import restore
from pipeline.segment import segment

STAGES: tuple[tuple[str, Callable[[Document], Document]], ...] = (
    ("restore", restore),
    ("segment", segment),
    ("extract", extract),
)


def run_stages(doc: Document) -> Document:
    """Every stage after ingest over one document, each recorded in `doc.stages`."""
    for name, stage in STAGES:
        doc = stage(doc)
        doc.stages.append(f"{name} {__version__}")
    return doc


def process(path: Path, *, ocr: str = "auto", page_timeout: float = 180.0,
            image_dir: Path | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
            ocr_effort: str = "auto") -> Document:
    """One file through every stage. Raises IngestError (one line) when the file cannot be read."""
    doc = ingest(path, ocr=ocr, page_timeout=page_timeout, image_dir=image_dir, max_pixels=max_pixels,
                 ocr_effort=ocr_effort)
    doc.stages.append(f"ingest {__version__}")
    return run_stages(doc)


def read_pages(path: Path, pages: tuple[int, int], *, ocr: str = "auto", page_timeout: float = 180.0,
               image_dir: Path | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
               ocr_effort: str = "auto") -> Document:
    """Ingest of pages first..last of a PDF only: one part of a long document (see `process_parts`)."""
    return ingest(path, ocr=ocr, page_timeout=page_timeout, image_dir=image_dir, max_pixels=max_pixels,
                  ocr_effort=ocr_effort, pages=pages)


def process_parts(parts: list[Document]) -> Document:
    """The parts `read_pages` gave for every page of one PDF, in page order, joined into the Document
    ingest of the whole file gives, then every later stage over it: what `process` gives that file."""
    doc = join(parts)
    doc.stages.append(f"ingest {__version__}")
    return run_stages(doc)


def record_json(path: Path) -> str:
    """The CampaignRecord of the file at `path` as JSON (`decree extract`). Any failure on this file
    is an InputFileError naming it."""
    if not path.is_file():
        raise InputFileError(f"{display_path(path)}: no such file")
    try:
        doc = process(path)
    except DecreeError as exc:
        if isinstance(exc, InputFileError):
            raise InputFileError(f"{display_path(path)}: {exc}") from None
        raise
    except Exception as exc:  # noqa: BLE001 - a stage failing on one file is that file's error
        raise InputFileError(f"{display_path(path)}: {one_line(exc)}") from exc
    assert doc.record is not None
    return json.dumps(doc.record.to_json_dict(), ensure_ascii=False, indent=2)


# Fields read again after an archivist corrected words (DESIGN.md, review app): the document with its
# corrected words is segmented and extracted afresh, and of the fresh record only the fields read from
# a corrected line (by their spans, before or after) replace the record's, so a field no corrected word
# touches keeps its value. The store applies field corrections after this: a field set by hand stays.
def reread_fields(doc: Document, lines: set[tuple[int, int]]) -> Document:
    """`doc` with the fields read from `lines` ((page number, line index) of its main readings, where
    words were corrected) extracted again from the corrected text. Returns `doc`, changed in place."""
    if doc.record is None or not lines:
        return doc
    fresh = extract(segment(copy.deepcopy(doc)))
    new = fresh.record
    assert new is not None
    old = doc.record
    names = set(old.spans) | set(new.spans)
    for name in sorted(names):
        spans = old.spans.get(name, []) + new.spans.get(name, [])
        if not any((s.page, s.line) in lines for s in spans):
            continue
        setattr(old, name, getattr(new, name))
        if name in new.spans:
            old.spans[name] = new.spans[name]
            old.confidence[name] = new.confidence[name]
        else:
            old.spans.pop(name, None)
            old.confidence.pop(name, None)
    doc.blocks = fresh.blocks
    return doc
