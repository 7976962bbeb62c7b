"""Vietnamese syllables: their shape, and how much of a text is made of them.

Used to tell which decoding of a text file is the right one and whether a page's text layer is
Vietnamese at all. The committed list (data/syllables.txt) holds the syllables seen in the training
corpus that have a valid Vietnamese shape; `scripts/build_syllables.py` makes it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.vietnamese import strip_marks

DATA = Path(__file__).resolve().parent / "data"

_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    text = (DATA / "syllables.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line)


@lru_cache(maxsize=1)
def known_bare_syllables() -> frozenset[str]:
    """The known syllables with every diacritic removed ("phát" -> "phat")."""
    return frozenset(strip_marks(s) for s in known_syllables())


def words_of(text: str) -> list[str]:
    """The letter-only tokens of a text, lower-cased (numbers and punctuation left out)."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def vietnamese_share(text: str) -> float:
    """Share of the text's words that are known Vietnamese syllables, accents included (0..1).

    Clean Vietnamese scores about 0.9; the same text read by an OCR engine without Vietnamese, or
    decoded with the wrong encoding, scores far lower since its words lose or garble their accents.
    """
    words = words_of(text)
    if not words:
        return 0.0
    known = known_syllables()
    return sum(1 for w in words if w in known) / len(words)


def bare_vietnamese_share(text: str) -> float:
    """Share of words that are Vietnamese syllables once accents are ignored: still high for
    Vietnamese that lost its accents, low for English."""
    words = words_of(text)
    if not words:
        return 0.0
    known = known_bare_syllables()
    return sum(1 for w in words if strip_marks(w) in known) / len(words)
