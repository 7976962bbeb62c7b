"""The document model: the one contract between the pipeline's stages.

ingest -> restore -> segment -> extract each take a `Document` and return it with more filled in.
Everything here is plain data (dataclasses of str/int/float/list/dict) so that a Document
serialises to JSON and back without loss (`to_dict` / `from_dict`), which is what the store keeps.

Text conventions: every string is NFC. A `Line` is rebuilt byte for byte from its parts
(`leading` + each word's `text` + `space_after`), so stages can work word by word and still give
back the exact line structure, punctuation and spacing of the source.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import sys
import types
import typing
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pipeline.vietnamese import nfc

ReadingKind = Literal["pdf_text", "ocr_vie", "txt"]
MediaType = Literal["pdf", "image", "text"]

DOC_TYPES = ("phat_dong", "ke_hoach", "bao_cao", "quyet_dinh", "huong_dan", "cong_van", "other")
SECTION_KINDS = (
    "header", "muc_dich", "yeu_cau", "noi_dung", "thoi_gian", "chu_de", "khen_thuong",
    "to_chuc_thuc_hien", "giai_phap", "ket_qua", "danh_gia", "phuong_huong", "closing",
    "signature", "recipients", "other",
)


# --------------------------------------------------------------------------- readings


@dataclass(slots=True)
class Alternative:
    """A candidate restored form of a word, with its score (a probability, 0..1)."""

    text: str
    score: float

    def __post_init__(self) -> None:
        # A long document holds hundreds of thousands of alternatives, drawn from a few thousand
        # forms and scores: each distinct one is kept once (a 300-page scan's worker stays small).
        self.text = sys.intern(self.text)
        self.score = _SCORES.setdefault(self.score, self.score)


# The distinct scores seen (rounded to 4 places where made, so at most about 10,000 of them).
_SCORES: dict[float, float] = {}


@dataclass(slots=True)
class Word:
    """One whitespace-delimited token as read, plus what restoration made of it.

    `box` is (x0, top, x1, bottom) in the page's own units (PDF points for a text layer, pixels
    of `Page.image` for OCR). `ocr_conf` is the OCR engine's confidence, 0..1, when known.
    """

    text: str
    space_after: str = " "
    box: tuple[float, float, float, float] | None = None
    ocr_conf: float | None = None
    # Filled by restore:
    restored: str | None = None
    confidence: float | None = None
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def best(self) -> str:
        """The restored form when there is one, else the text as read."""
        return self.restored if self.restored is not None else self.text


@dataclass(slots=True)
class Line:
    words: list[Word] = field(default_factory=list)
    leading: str = ""
    box: tuple[float, float, float, float] | None = None

    @property
    def text(self) -> str:
        """The line exactly as read."""
        return self.leading + "".join(w.text + w.space_after for w in self.words)

    @property
    def restored_text(self) -> str:
        """The line with every word in its restored form (as read where not restored). A word
        restored as nothing (the second half of a word the engine cut in two, joined to the first)
        leaves no space behind either."""
        return self.leading + "".join(w.best + w.space_after for w in self.words if w.best or not w.text)

    def word_offsets(self, restored: bool = True) -> list[tuple[int, int]]:
        """Character (start, end) of each word in `restored_text` (or `text`)."""
        offsets = []
        pos = len(self.leading)
        for w in self.words:
            form = w.best if restored else w.text
            offsets.append((pos, pos + len(form)))
            if form or not w.text or not restored:
                pos += len(form) + len(w.space_after)
        return offsets

    @classmethod
    def from_text(cls, text: str) -> Line:
        """Split a line of plain text into words, keeping every whitespace character."""
        text = nfc(text)
        stripped = text.lstrip()
        leading = text[: len(text) - len(stripped)]
        words: list[Word] = []
        i = 0
        while i < len(stripped):
            j = i
            while j < len(stripped) and not stripped[j].isspace():
                j += 1
            k = j
            while k < len(stripped) and stripped[k].isspace():
                k += 1
            words.append(Word(text=stripped[i:j], space_after=stripped[j:k]))
            i = k
        return cls(words=words, leading=leading)


@dataclass
class Reading:
    """One reading of a page: its text layer, an OCR pass, or a text file's content."""

    kind: ReadingKind
    lines: list[Line] = field(default_factory=list)
    engine: str | None = None  # e.g. "tesseract 5.3.0 vie psm3"
    mean_conf: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def restored_text(self) -> str:
        return "\n".join(line.restored_text for line in self.lines)

    @classmethod
    def from_text(cls, kind: ReadingKind, text: str, engine: str | None = None) -> Reading:
        return cls(kind=kind, lines=[Line.from_text(t) for t in text.split("\n")], engine=engine)


@dataclass
class ScanDiagnosis:
    """What ingest found wrong with a page image before OCR and what it did about it
    (pipeline/ingest/diagnose.py and passes.py)."""

    text_px: float | None = None  # typical letter height, pixels
    effective_dpi: int | None = None  # the resolution the text is drawn at
    skew: float | None = None  # degrees counter-clockwise, as scanned
    contrast: int | None = None  # paper minus ink grey level, 0..255
    noise: float | None = None  # specks per letter
    seal: float | None = None  # share of the page in red seal ink
    mean_conf: float | None = None  # Tesseract's mean word confidence on the first pass, 0..1
    poor: bool = False  # read with several passes and fused
    passes: list[str] = field(default_factory=list)


@dataclass
class Page:
    number: int  # 1-based
    width: float | None = None
    height: float | None = None
    image: str | None = None  # path of the page image (rendered or given), when there is one
    dpi: int | None = None
    readings: list[Reading] = field(default_factory=list)
    # Which reading's words carry the restoration (set by restore); later stages read that one.
    primary: ReadingKind | None = None
    scan: ScanDiagnosis | None = None  # set when the page image was diagnosed before OCR

    def reading(self, kind: ReadingKind) -> Reading | None:
        return next((r for r in self.readings if r.kind == kind), None)

    @property
    def main(self) -> Reading | None:
        """The reading later stages work on: `primary` if set, else the first one."""
        if self.primary is not None:
            found = self.reading(self.primary)
            if found is not None:
                return found
        return self.readings[0] if self.readings else None


# --------------------------------------------------------------------------- segments & record


@dataclass(slots=True)
class Span:
    """Where a value came from: page number, line index in that page's main reading, and the
    character offsets [start, end) in that line's restored text."""

    page: int
    line: int
    start: int
    end: int


@dataclass
class Block:
    """A run of lines of one part of the document (heading included), as found by segment."""

    kind: str  # one of SECTION_KINDS
    heading: str | None
    start: Span  # first character of the block
    end: Span  # last line / end offset of the block
    items: list[str] = field(default_factory=list)
    text: str = ""
    # What the block is within its kind (header parts: "issuer", "number", "place_date", "doc_type",
    # "title", ...; "preamble", "section", "annex", and "chapter", of a rule book issued with a
    # decision) and the line pieces it is made of, in reading order: a two-column line gives one
    # piece to each column's block.
    role: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Period:
    start: str | None = None  # ISO date
    end: str | None = None
    text: str | None = None


@dataclass
class Commemoration:
    event: str
    start: str | None = None
    end: str | None = None
    years: int | None = None


@dataclass
class Section:
    kind: str
    heading: str | None
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Reward:
    form: str
    authority: str | None = None
    recipients: str | None = None
    criteria: str | None = None


@dataclass
class Awarded:
    form: str
    authority: str | None = None
    collectives: int | None = None
    individuals: int | None = None
    households: int | None = None
    others: int | None = None


@dataclass
class Reference:
    kind: str  # "Chỉ thị", "Kế hoạch", "Nghị quyết", ...
    number: str | None = None  # "26/CT-TTg"
    date: str | None = None  # ISO
    issuer: str | None = None


@dataclass
class Signer:
    name: str | None = None
    title: str | None = None
    capacity: str | None = None  # "TM." | "KT." | None


@dataclass
class CampaignRecord:
    """The structured record of one document (its tables: docs/datasets.md). A field the document
    lacks is None or an empty list, never a guess. `confidence` and `spans` are keyed by field name."""

    doc_id: str
    source: str
    doc_type: str = "other"
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None  # canonical short form ("UBND tỉnh Lạng Sơn")
    issuer_header: str | None = None  # the header as printed
    issuer_level: str | None = None  # tinh | huyen | xa | so | ban | other
    place: str | None = None
    issued_on: str | None = None
    title: str | None = None
    theme: str | None = None
    period: Period | None = None
    commemorations: list[Commemoration] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    rewards: list[Reward] = field(default_factory=list)
    awarded: list[Awarded] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    confidence: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[Span]] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The record as published in `records/<doc_id>.json`."""
        return to_dict(self)


# --------------------------------------------------------------------------- document


@dataclass
class Document:
    doc_id: str  # sha256 of the source bytes (hex, first 16 chars)
    source: str  # input path as given
    media_type: MediaType
    encoding: str | None = None  # detected encoding of a text file
    pages: list[Page] = field(default_factory=list)
    page_count: int | None = None  # pages in the source (pages may be streamed and dropped)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # filled by segment
    record: CampaignRecord | None = None  # filled by extract
    stages: list[str] = field(default_factory=list)  # stages run, in order, with their versions

    def lines(self) -> typing.Iterator[tuple[int, int, Line]]:
        """(page number, line index, line) over every page's main reading."""
        for page in self.pages:
            reading = page.main
            if reading is None:
                continue
            for i, line in enumerate(reading.lines):
                yield page.number, i, line

    @property
    def text(self) -> str:
        """The text as read (main readings), pages separated by form feeds."""
        return "\f".join(p.main.text if p.main else "" for p in self.pages)

    @property
    def restored_text(self) -> str:
        return "\f".join(p.main.restored_text if p.main else "" for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return from_dict(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))

    def json_chunks(self) -> Iterator[str]:
        """`to_json()` in pieces, a page at a time: a 300-page scan is about 100 MB of JSON, and its
        dict of plain values several times that, which are then never held whole."""
        yield "{"
        for i, name in enumerate(_field_names(Document) or ()):
            key = ("" if i == 0 else ", ") + json.dumps(name) + ": "
            if name == "pages":
                yield key + "["
                for j, page in enumerate(self.pages):
                    yield ("" if j == 0 else ", ") + json.dumps(to_dict(page), ensure_ascii=False)
                yield "]"
            else:
                yield key + json.dumps(to_dict(getattr(self, name)), ensure_ascii=False)
        yield "}"

    def pack(self) -> PackedDocument:
        return PackedDocument.of(self)


@dataclass
class PackedDocument:
    """A Document as the store keeps it (its JSON, zlib-compressed), with the few things the batch and
    the store need beside it. What a worker sends back: a 300-page scan is ~6 MB packed, where the
    Document's JSON is ~100 MB and its objects several times that."""

    doc_id: str
    source: str
    media_type: MediaType
    pages: int
    record: CampaignRecord | None
    restored_text: str
    payload: bytes  # zlib-compressed JSON of the whole Document

    @classmethod
    def of(cls, doc: Document) -> PackedDocument:
        return cls(doc_id=doc.doc_id, source=doc.source, media_type=doc.media_type, pages=len(doc.pages),
                   record=doc.record, restored_text=doc.restored_text, payload=pack(doc))

    def unpack(self) -> Document:
        return unpack(self.payload)


def pack(doc: Document) -> bytes:
    """The Document's JSON, zlib-compressed, made a page at a time (`unpack` reads it back)."""
    packer = zlib.compressobj(3)
    parts = [packer.compress(chunk.encode("utf-8")) for chunk in doc.json_chunks()]
    parts.append(packer.flush())
    return b"".join(parts)


def unpack(payload: bytes) -> Document:
    """The Document in zlib-compressed JSON (a PackedDocument's payload, the store's `document_z`),
    read a page at a time."""
    return read_document(inflated(payload))


def inflated(payload: bytes, size: int = 1 << 16) -> Iterator[str]:
    """The text of zlib-compressed UTF-8 JSON, in pieces of about `size` bytes."""
    inflater = zlib.decompressobj()
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(payload), size):
        piece = inflater.decompress(payload[start:start + size])
        if piece:
            yield decoder.decode(piece)
    yield decoder.decode(inflater.flush(), final=True)


_PAGES_KEY = '"pages": ['


def read_document(pieces: Iterable[str]) -> Document:
    """`Document.from_json` over JSON text that comes in pieces (as `Document.json_chunks` writes it),
    building the pages one at a time: the whole text of a 300-page scan (200 MB as a str) and its
    dict of plain values are then never held, only the Document itself. Text of another shape is
    read whole."""
    it = iter(pieces)
    buffer = ""
    for piece in it:
        buffer += piece
        if _PAGES_KEY in buffer:
            break
    at = buffer.find(_PAGES_KEY)
    if at < 0:
        return Document.from_json(buffer)
    # Before the pages: the document's own plain fields (no string can hold an unescaped quote, so
    # the key found is the document's).
    head = json.loads(buffer[:at].rstrip().rstrip(",") + "}")
    buffer = buffer[at + len(_PAGES_KEY):]
    decoder = json.JSONDecoder()
    build = _builder(Page)
    pages: list[Page] = []
    while True:
        stripped = buffer.lstrip(" \n\r\t,")
        if stripped.startswith("]"):
            buffer = stripped[1:]
            break
        try:
            if not stripped:
                raise ValueError("more text needed")
            value, end = decoder.raw_decode(stripped)
        except ValueError:  # the page is not all there yet (JSONDecodeError is a ValueError)
            piece = next(it, None)
            if piece is None:
                raise
            buffer = stripped + piece
            continue
        pages.append(build(value))
        buffer = stripped[end:]
    rest = buffer + "".join(it)
    tail = json.loads("{" + rest.lstrip().lstrip(",")) if rest.strip() != "}" else {}
    doc = Document.from_dict({**head, **tail})
    doc.pages = pages
    return doc


# --------------------------------------------------------------------------- (de)serialisation

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """Dataclasses to plain JSON-ready values (tuples become lists)."""
    if obj is None or isinstance(obj, (str, int, float)):
        return obj
    names = _field_names(type(obj))
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


@functools.cache
def _field_names(tp: type) -> tuple[str, ...] | None:
    """A dataclass's field names (worked out once per class), None for any other type."""
    return tuple(f.name for f in dataclasses.fields(tp)) if dataclasses.is_dataclass(tp) else None


def from_dict(cls: type[T], data: Any) -> T:
    """Inverse of `to_dict`, driven by the dataclasses' type hints."""
    return _builder(cls)(data)


def _build(tp: Any, value: Any) -> Any:
    return _builder(tp)(value)


def _same(value: Any) -> Any:
    return value


@functools.cache
def _builder(tp: Any) -> typing.Callable[[Any], Any]:
    """A function building values of type `tp` from plain data. Worked out once per type, because
    reading type hints costs far more than building the values (a page holds thousands of words)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) != 1:
            return _same
        inner = _builder(non_none[0])
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _builder(args[0])
        if item is _same:
            return lambda v: None if v is None else list(v)
        return lambda v: None if v is None else [item(x) for x in v]
    if origin is tuple:
        return lambda v: None if v is None else tuple(v)
    if origin is dict:
        member = _builder(args[1])
        return lambda v: None if v is None else {k: member(x) for k, x in v.items()}
    if origin is Literal or tp is Any or not dataclasses.is_dataclass(tp):
        return _same
    hints = typing.get_type_hints(tp)
    names = frozenset(f.name for f in dataclasses.fields(tp))
    # Only the fields holding nested values need converting; plain ones are passed as they are.
    nested = [(f.name, _builder(hints[f.name])) for f in dataclasses.fields(tp)
              if _builder(hints[f.name]) is not _same]

    def build(value: Any) -> Any:
        if value is None:
            return None
        kwargs = dict(value) if value.keys() <= names else {k: v for k, v in value.items() if k in names}
        for name, convert in nested:
            if name in kwargs:
                kwargs[name] = convert(kwargs[name])
        return tp(**kwargs)

    return build
