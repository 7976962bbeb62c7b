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

DATA = Path(__file__).resolve().parent / "data"

TONE_MARKS = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = "aăâeêioôơuưy"
# A syllable without its tone: onset, one to three vowels, a final consonant.
_SHAPE = re.compile(rf"^(?:{_ONSET})?([{_VOWELS}]{{1,3}})(c|ch|m|n|ng|nh|p|t)?$")
_STOP_FINALS = {"c", "ch", "p", "t"}

_TOKEN = re.compile(r"[^\W\d_]+")


def strip_tone(syllable: str) -> tuple[str, str | None]:
    """(the syllable without its tone mark, the tone's name or None), both NFC."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((TONE_MARKS[c] for c in decomposed if c in TONE_MARKS), None)
    bare = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tone


def remove_diacritics(text: str) -> str:
    """Plain ASCII letters: what an OCR engine without Vietnamese tends to read (đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_syllable_shape(token: str) -> bool:
    """True when a lower-case token is shaped like a Vietnamese syllable: a known onset, a vowel
    nucleus, a known final, and a tone that the final allows (p, t, c, ch take only sắc or nặng)."""
    bare, tone = strip_tone(token)
    match = _SHAPE.match(bare)
    if not match:
        return False
    nucleus, final = match.group(1), match.group(2)
    if len(nucleus) > 1 and len(set(nucleus)) == 1 and nucleus != "oo":
        return False  # "ii", "uu": Roman numerals and typos, not syllables
    if final in _STOP_FINALS and tone not in ("sac", "nang"):
        return False
    return True


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    text = (DATA / "syllables.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line)


@lru_cache(maxsize=1)
def known_bare_syllables() -> frozenset[str]:
    """The known syllables with every diacritic removed ("phát" -> "phat")."""
    return frozenset(remove_diacritics(s) for s in known_syllables())


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
    return sum(1 for w in words if remove_diacritics(w) in known) / len(words)
