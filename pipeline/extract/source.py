"""Text of the document's blocks, joined, with the way back from any character to its line.

Extraction rules run over a block's text (its line pieces joined by newlines, so values that wrap
across lines are found); `SourceText.spans` turns a match back into the (page, line, offsets) pieces
it covers, and `SourceText.confidence` into the restoration confidence of the words it covers.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.document import Block, Document, Line, Span, Word
from pipeline.textdoc import line_text
from pipeline.vietnamese import fold


@dataclass
class SourceText:
    text: str = ""
    # (offset of the piece in `text`, the piece's span); pieces in text order.
    pieces: list[tuple[int, Span]] = field(default_factory=list)
    lines: dict[tuple[int, int], Line] = field(default_factory=dict)
    # (start, end, block) of each block's text.
    blocks: list[tuple[int, int, Block]] = field(default_factory=list)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @classmethod
    def of(cls, doc: Document, blocks: list[Block]) -> SourceText:
        """The blocks' pieces in order: a newline between pieces, a blank line between blocks."""
        lines = {(page, index): line for page, index, line in doc.lines()}
        parts: list[str] = []
        pieces: list[tuple[int, Span]] = []
        ranges: list[tuple[int, int, Block]] = []
        pos = 0
        for b, block in enumerate(blocks):
            if b:
                parts.append("\n\n")
                pos += 2
            block_start = pos
            for s, span in enumerate(block.spans):
                if s:
                    parts.append("\n")
                    pos += 1
                line = lines.get((span.page, span.line))
                piece = line_text(line)[span.start:span.end] if line else ""
                pieces.append((pos, span))
                parts.append(piece)
                pos += len(piece)
            ranges.append((block_start, pos, block))
        return cls("".join(parts), pieces, lines, ranges)

    def block_at(self, pos: int) -> Block | None:
        return next((b for s, e, b in self.blocks if s <= pos < e), None)

    def piece_ranges(self) -> list[tuple[int, int]]:
        """(start, end) in `text` of each line piece."""
        return [(pos, pos + span.end - span.start) for pos, span in self.pieces]

    def spans(self, start: int, end: int) -> list[Span]:
        """The line pieces that text[start:end] covers, each cut to the covered characters."""
        out: list[Span] = []
        first = max(bisect.bisect_right([p for p, _ in self.pieces], start) - 1, 0)
        for pos, span in self.pieces[first:]:
            length = span.end - span.start
            if pos >= end:
                break
            a, b = max(start, pos), min(end, pos + length)
            if a < b:
                out.append(Span(span.page, span.line, span.start + a - pos, span.start + b - pos))
        return out

    def _word_values(self, start: int, end: int, attr: str) -> list[float]:
        """`attr` ("confidence", "ocr_conf") of every word under text[start:end] that has it."""
        values: list[float] = []
        for span in self.spans(start, end):
            line = self.lines.get((span.page, span.line))
            if line is None:
                continue
            for word, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True):
                value = getattr(word, attr)
                if a < span.end and b > span.start and value is not None:
                    values.append(value)
        return values

    def confidence(self, start: int, end: int) -> float | None:
        """Mean restoration confidence of the words under text[start:end] (None: none restored)."""
        values = self._word_values(start, end, "confidence")
        return statistics.fmean(values) if values else None

    def least_confidence(self, span: Span, as_read: bool = False,
                         settled: Callable[[Word], bool] | None = None) -> float | None:
        """The lowest restoration confidence of the words under a span (None: none restored); with
        `as_read`, a word restoration kept as an engine knowing Vietnamese read it is as sure as the
        engine was (see _letter_confidences), and so is one `settled` says its letters settle."""
        values = self._letter_confidences(span, as_read, settled)
        return min(values) if values else None

    def least_ocr_confidence(self, start: int, end: int) -> float | None:
        """The lowest OCR engine confidence of the words under text[start:end] (None: not known)."""
        values = self._word_values(start, end, "ocr_conf")
        return min(values) if values else None

    def words(self, start: int, end: int) -> list[Word]:
        """The words under text[start:end], in order."""
        out: list[Word] = []
        for span in self.spans(start, end):
            line = self.lines.get((span.page, span.line))
            if line is None:
                continue
            out += [w for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True)
                    if a < span.end and b > span.start]
        return out

    def joint_confidence(self, span: Span, as_read: bool = False,
                         settled: Callable[[Word], bool] | None = None) -> float | None:
        """The product of the restoration confidences of the words (with letters) under a span: how
        likely restoration is right about all of them at once (None: none restored)."""
        values = self._letter_confidences(span, as_read, settled)
        return math.prod(values) if values else None

    def _letter_confidences(self, span: Span, as_read: bool = False,
                            settled: Callable[[Word], bool] | None = None) -> list[float]:
        """The restoration confidences of the words with letters under a span. With `as_read`, a word
        an OCR engine gave its own confidence for (a Vietnamese engine's reading) that restoration
        kept as read counts the larger of the two: restoration's doubt about a rare word it has no
        sentence for (a name: "Lụa", read at 1.0, kept at 0.08) is no doubt about the reading. So
        does a word restoration changed where `settled` says the letters OCR read settle the form it
        gave (a surname: "Định" read, "Đinh" the one surname of those letters)."""
        line = self.lines.get((span.page, span.line))
        if line is None:
            return []
        out = []
        for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True):
            if a < span.end and b > span.start and w.confidence is not None \
                    and any(c.isalpha() for c in w.best):
                kept = as_read and w.ocr_conf is not None and (
                    w.restored == w.text or (settled is not None and settled(w)))
                out.append(max(w.confidence, w.ocr_conf) if kept and w.ocr_conf is not None else w.confidence)
        return out

    def read_as(self, start: int, end: int) -> str | None:
        """The words under text[start:end] as OCR read them, before restoration; None when the text
        there is not whole words of restored lines."""
        read: list[str] = []
        for span in self.spans(start, end):
            line = self.lines.get((span.page, span.line))
            if line is None:
                return None
            for word, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True):
                if a < span.end and b > span.start:
                    if word.restored is None or a < span.start or b > span.end:
                        return None
                    read.append(word.text)
        return " ".join(read) or None


def squash(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(text.split())
