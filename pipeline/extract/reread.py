"""Fields read again after an archivist corrected words (DESIGN.md, review app: "fields read from
corrected words are read again").

The document with its corrected words is segmented and extracted afresh; of the fresh record only the
fields read from a corrected line (by their spans, before or after) replace the record's, so a field
that no corrected word touches keeps its value. Hand corrections of fields are applied after this by
the store, so a field an archivist set stays as set.
"""

from __future__ import annotations

import copy

from pipeline.document import Document
from pipeline.extract import extract
from pipeline.segment import segment


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
