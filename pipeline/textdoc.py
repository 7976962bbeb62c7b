"""A Document made from plain text, for text that did not come through ingest (tests, benchmarks)."""

from __future__ import annotations

from pipeline.document import Document, Line, Page, Reading
from pipeline.files import bytes_id
from pipeline.vietnamese import nfc

# What OCR reads from rules, stamps and specks, never a word: blanked wherever stages read lines.
NOISE_MARKS = frozenset({"|", "||", "¦", "®", "©", "«", "»", "—|", "|—"})


def document_from_text(text: str, source: str = "<text>") -> Document:
    """One page per form-feed-separated chunk of `text`, each with one "txt" reading."""
    text = nfc(text.replace("\r\n", "\n"))
    doc_id = bytes_id(text.encode("utf-8"))
    pages = [Page(number=i + 1, readings=[Reading.from_text("txt", chunk)], primary="txt")
             for i, chunk in enumerate(text.split("\f"))]
    return Document(doc_id=doc_id, source=source, media_type="text", pages=pages, page_count=len(pages))


def line_text(line: Line) -> str:
    """The line as stages read it: its restored text, with the words OCR made of specks and rules
    ("|", read as "|" however restoration rewrote it) blanked out, so offsets stay those of
    `Line.restored_text`."""
    text = line.restored_text
    if not any(w.text in NOISE_MARKS for w in line.words):
        return text
    chars = list(text)
    for word, (start, end) in zip(line.words, line.word_offsets(restored=True), strict=True):
        if word.text in NOISE_MARKS:
            chars[start:end] = " " * (end - start)
    return "".join(chars)
