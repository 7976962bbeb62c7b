"""From aligned (clean, garbled) lines to (printed word, clean syllable) pairs, the unit the
channel model learns from.

The two lines are aligned letter by letter (clean letters stripped of their marks, so "Đảng" and
"Pang" share "ang"); each clean syllable then owns the garbled characters aligned to it. A pair is
kept only when one clean syllable and one garbled word map onto each other alone (no split or merge).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from pipeline.restore.text import CORE_RE, word_pieces
from pipeline.vietnamese import strip_marks, tone_style


def _spans_of_words(line: str, letterish: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for token in line.split(" "):
        offset = pos
        for text, is_word in word_pieces(token, letterish):
            if is_word:
                spans.append((offset, offset + len(text)))
            offset += len(text)
        pos += len(token) + 1
    return spans


def token_pairs(clean: str, garbled: str, letterish: str) -> list[tuple[str, str]]:
    """(garbled word, clean syllable) pairs of one line, both as written (case kept)."""
    clean = tone_style(clean)
    a = strip_marks(clean).lower()
    b = garbled.lower()
    if len(a) != len(clean) or len(b) != len(garbled) or not a or not b:
        return []
    # Where each clean character lands in the garbled line.
    land = [0] * (len(a) + 1)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b):
        for k in range(i1, i2):
            land[k] = j1 + (k - i1) * (j2 - j1) // max(1, i2 - i1) if tag != "delete" else j1
        land[i2] = j2
    g_spans = _spans_of_words(garbled, letterish)
    owner: dict[int, list[int]] = {}
    c_spans = [(m.start(), m.end()) for m in CORE_RE.finditer(clean)]
    for ci, (s, e) in enumerate(c_spans):
        lo, hi = land[s], land[e]
        for gi, (gs, ge) in enumerate(g_spans):
            if gs < hi and lo < ge:
                owner.setdefault(gi, []).append(ci)
    claimed = Counter(ci for cis in owner.values() for ci in cis)
    out = []
    for gi, cis in owner.items():
        if len(cis) == 1 and claimed[cis[0]] == 1:
            s, e = c_spans[cis[0]]
            gs, ge = g_spans[gi]
            out.append((garbled[gs:ge], clean[s:e]))
    # Clean syllables that got no garbled word at all were dropped by OCR.
    return out


def count_pairs(rows: Iterable[tuple[str, str]], letterish: str) -> Counter[tuple[str, str]]:
    """Counts of (garbled word, clean syllable) over (clean line, garbled line) rows."""
    counts: Counter[tuple[str, str]] = Counter()
    for clean, garbled in rows:
        counts.update(token_pairs(clean, garbled, letterish))
    return counts
