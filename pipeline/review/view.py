"""What the document view shows of the text, computed from a Document: each page's lines and words,
with their restored forms, doubt, alternatives and boxes over the page image."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Document, Page, Reading

# How many alternatives a reviewer can pick with the digit keys.
MAX_ALTERNATIVES = 5


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

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """The line's box on the page image (percent, like the words'): the words' boxes together."""
        boxes = [w.box for w in self.words if w.box is not None]
        if not boxes:
            return None
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        return (left, top, round(right - left, 3), round(bottom - top, 3))


@dataclass
class PageView:
    number: int
    has_image: bool
    lines: list[LineView] = field(default_factory=list)
    image_size: tuple[int, int] | None = None


@dataclass
class PageSummary:
    """A page in the page strip: how many doubtful words it has left, and its status."""

    number: int
    words: int
    doubtful: int
    status: str  # new | in_progress | done


def page_summaries(doc: Document, threshold: float, verified: dict[str, str], touched: set[int],
                   done: set[int]) -> list[PageSummary]:
    """Every page's figures, without building the views of their words (a long document's strip)."""
    out = []
    for page in doc.pages:
        reading = page.main
        words = doubtful = 0
        for li, line in enumerate(reading.lines if reading is not None else []):
            for wi, w in enumerate(line.words):
                words += 1
                if is_doubtful(w.confidence, threshold) and \
                        verified.get(word_target(page.number, reading, li, wi)) != w.best:  # type: ignore[arg-type]
                    doubtful += 1
        status = "done" if page.number in done else "in_progress" if page.number in touched else "new"
        out.append(PageSummary(page.number, words, doubtful, status))
    return out


def is_doubtful(confidence: float | None, threshold: float) -> bool:
    return confidence is not None and confidence < threshold


def word_target(page: int, reading: Reading, line: int, index: int) -> str:
    """A word's address, as the store names correction targets."""
    return f"p{page}/{reading.kind}/l{line}/w{index}"


def page_views(doc: Document, threshold: float, image_sizes: dict[int, tuple[int, int] | None],
               only: int | None = None, verified: dict[str, str] | None = None) -> list[PageView]:
    """The views of the pages (of page `only` alone when given); a word accepted as it is
    (`verified`: target -> form) is not doubtful."""
    verified = verified or {}
    views = []
    for page in doc.pages:
        if only is not None and page.number != only:
            continue
        reading = page.main
        size = image_sizes.get(page.number)
        view = PageView(page.number, size is not None, image_size=size)
        if reading is not None:
            extent = _box_extent(page, reading, size)
            for li, line in enumerate(reading.lines):
                offsets = line.word_offsets(restored=True)
                words = [
                    WordView(
                        key=word_target(page.number, reading, li, wi), page=page.number, line=li, index=wi,
                        text=w.text, best=w.best, space_after=w.space_after, confidence=w.confidence,
                        alternatives=_alternatives(w.best, [a.text for a in w.alternatives]),
                        doubtful=is_doubtful(w.confidence, threshold)
                        and verified.get(word_target(page.number, reading, li, wi)) != w.best,
                        start=start, end=end,
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
