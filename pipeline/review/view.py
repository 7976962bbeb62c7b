"""What the review pages show, computed from a Document: words with their boxes and doubt, the
record's fields with their source spans, and the per-document figures of the list page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pipeline.document import DOC_TYPES, CampaignRecord, Document, Page, Reading, Span, to_dict

# How many alternatives a reviewer can pick with the digit keys.
MAX_ALTERNATIVES = 5

# The record's fields a reviewer edits, as (path, label). A path is a field of CampaignRecord, or
# "part.field" inside its period / signer; `recipients` is edited one name per line.
RECORD_FIELDS: tuple[tuple[str, str], ...] = (
    ("doc_type", "Document type"),
    ("number", "Number"),
    ("symbol", "Symbol"),
    ("issuer", "Issuer"),
    ("place", "Place"),
    ("issued_on", "Issued on (YYYY-MM-DD)"),
    ("title", "Title (trích yếu)"),
    ("theme", "Theme (chủ đề)"),
    ("period.start", "Period start"),
    ("period.end", "Period end"),
    ("period.text", "Period as written"),
    ("signer.name", "Signer"),
    ("signer.title", "Signer's title"),
    ("signer.capacity", "Signing capacity (TM. / KT.)"),
    ("recipients", "Recipients (one per line)"),
)
FIELD_PATHS = frozenset(path for path, _ in RECORD_FIELDS)


@dataclass
class WordView:
    key: str  # the word's address, "p1/ocr_vie/l3/w2"
    page: int
    line: int
    index: int
    text: str  # as read
    best: str  # restored form (as read when not restored)
    space_after: str
    confidence: float | None
    alternatives: list[str]
    doubtful: bool
    start: int  # offsets in the line's restored text
    end: int
    box: tuple[float, float, float, float] | None  # percent of the page image (left, top, width, height)


@dataclass
class LineView:
    page: int
    index: int
    leading: str
    words: list[WordView]
    original: str


@dataclass
class PageView:
    number: int
    has_image: bool
    lines: list[LineView] = field(default_factory=list)


@dataclass
class FieldView:
    path: str
    label: str
    value: str
    before_json: str  # the value as stored, so a save can tell whether someone changed it meanwhile
    confidence: float | None
    sources: list[str]  # the text of each source span
    spans_json: str  # [[page, line, start, end], ...] for the page script
    choices: tuple[str, ...] = ()


def is_doubtful(confidence: float | None, threshold: float) -> bool:
    return confidence is not None and confidence < threshold


def word_target(page: int, reading: Reading, line: int, index: int) -> str:
    """A word's address, as the store names correction targets."""
    return f"p{page}/{reading.kind}/l{line}/w{index}"


def page_views(doc: Document, threshold: float,
               image_sizes: dict[int, tuple[int, int] | None]) -> list[PageView]:
    views = []
    for page in doc.pages:
        reading = page.main
        size = image_sizes.get(page.number)
        view = PageView(page.number, size is not None)
        if reading is not None:
            extent = _box_extent(page, reading, size)
            for li, line in enumerate(reading.lines):
                offsets = line.word_offsets(restored=True)
                words = [
                    WordView(
                        key=word_target(page.number, reading, li, wi), page=page.number, line=li, index=wi,
                        text=w.text, best=w.best, space_after=w.space_after, confidence=w.confidence,
                        alternatives=_alternatives(w.best, [a.text for a in w.alternatives]),
                        doubtful=is_doubtful(w.confidence, threshold), start=start, end=end,
                        box=_percent_box(w.box, extent) if size is not None else None,
                    )
                    for wi, (w, (start, end)) in enumerate(zip(line.words, offsets, strict=True))
                ]
                view.lines.append(LineView(page.number, li, line.leading, words, line.text))
        views.append(view)
    return views


def _alternatives(best: str, candidates: list[str]) -> list[str]:
    seen = {best}
    out = []
    for text in candidates:
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out[:MAX_ALTERNATIVES]


def _box_extent(page: Page, reading: Reading,
                image_size: tuple[int, int] | None) -> tuple[float, float] | None:
    """The width and height that the reading's word boxes are measured against: image pixels for
    OCR, the page's own size (PDF points) for a text layer."""
    if reading.kind == "ocr_vie" and image_size is not None:
        return float(image_size[0]), float(image_size[1])
    if page.width and page.height:
        return float(page.width), float(page.height)
    if image_size is not None:
        return float(image_size[0]), float(image_size[1])
    return None


def _percent_box(box: tuple[float, float, float, float] | None,
                 extent: tuple[float, float] | None) -> tuple[float, float, float, float] | None:
    if box is None or extent is None or extent[0] <= 0 or extent[1] <= 0:
        return None
    x0, top, x1, bottom = box
    w, h = extent
    return (round(100 * x0 / w, 3), round(100 * top / h, 3),
            round(100 * (x1 - x0) / w, 3), round(100 * (bottom - top) / h, 3))


# --------------------------------------------------------------------------- record fields


def stored_value(record: dict[str, Any] | None, path: str) -> Any:
    """The value at a field path of a record (as `to_dict` gives it); None when absent."""
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def form_text(value: Any) -> str:
    """A field value as the text of its form input ('' when absent, one list item per line)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def form_value_to_field(path: str, text: str) -> Any:
    """A submitted form value as the record holds it: None for blank, a list for recipients."""
    text = text.replace("\r\n", "\n").strip()
    if path == "recipients":
        return [line.strip() for line in text.split("\n") if line.strip()]
    return text or None


def field_views(doc: Document) -> list[FieldView]:
    record = doc.record
    stored = to_dict(record) if record is not None else None
    lines = {(p, i): line for p, i, line in doc.lines()}
    views = []
    for path, label in RECORD_FIELDS:
        spans = _spans_for(record, path)
        sources = []
        for span in spans:
            line = lines.get((span.page, span.line))
            if line is not None:
                sources.append(line.restored_text[span.start:span.end])
        confidence = None
        if record is not None:
            confidence = record.confidence.get(path, record.confidence.get(path.partition(".")[0]))
        value = stored_value(stored, path)
        views.append(FieldView(
            path=path, label=label, value=form_text(value),
            before_json=json.dumps(value, ensure_ascii=False), confidence=confidence,
            sources=sources, spans_json=json.dumps([[s.page, s.line, s.start, s.end] for s in spans]),
            choices=DOC_TYPES if path == "doc_type" else (),
        ))
    return views


def _spans_for(record: CampaignRecord | None, path: str) -> list[Span]:
    if record is None:
        return []
    spans = record.spans.get(path)
    if spans is None:
        spans = record.spans.get(path.partition(".")[0], [])
    return spans
