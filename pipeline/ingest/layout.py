"""Words with boxes into lines, for readings that come as loose words (a PDF text layer)."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.document import Line, Word

Box = tuple[float, float, float, float]


def box_union(boxes: Iterable[Box | None]) -> Box | None:
    """The smallest box holding every given box."""
    present = [b for b in boxes if b is not None]
    if not present:
        return None
    return (min(b[0] for b in present), min(b[1] for b in present),
            max(b[2] for b in present), max(b[3] for b in present))


def group_lines(words: list[Word]) -> list[Line]:
    """Words (each with a box, in reading order) into lines: a word starts a new line when it does
    not overlap the current line vertically by half its height, or when it goes back to the left.
    Words are joined by one space; a line's last word has none after it."""
    lines: list[Line] = []
    current: list[Word] = []
    top = bottom = right = 0.0
    for word in words:
        assert word.box is not None
        x0, w_top, x1, w_bottom = word.box
        height = max(w_bottom - w_top, 1e-6)
        overlap = min(bottom, w_bottom) - max(top, w_top)
        if current and (overlap < 0.5 * height or x0 < right - height):
            lines.append(_line(current))
            current = []
        if not current:
            top, bottom = w_top, w_bottom
        else:
            top, bottom = min(top, w_top), max(bottom, w_bottom)
        right = x1
        current.append(word)
    if current:
        lines.append(_line(current))
    return lines


def _line(words: list[Word]) -> Line:
    for word in words:
        word.space_after = " "
    words[-1].space_after = ""
    return Line(words=words, box=box_union(w.box for w in words))
