"""A Document made from plain text, for text that did not come through ingest (tests, benchmarks)."""

from __future__ import annotations

import hashlib

from pipeline.document import Document, Page, Reading, nfc


def document_from_text(text: str, source: str = "<text>") -> Document:
    """One page per form-feed-separated chunk of `text`, each with one "txt" reading."""
    text = nfc(text.replace("\r\n", "\n"))
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    pages = [Page(number=i + 1, readings=[Reading.from_text("txt", chunk)], primary="txt")
             for i, chunk in enumerate(text.split("\f"))]
    return Document(doc_id=doc_id, source=source, media_type="text", pages=pages, page_count=len(pages))
