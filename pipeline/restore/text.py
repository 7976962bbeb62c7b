"""Vietnamese text helpers shared by training and restoration: NFC, one tone-placement style,
diacritic stripping, and the tokeniser that splits a line into word cores and everything else."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
# "hoà" -> "hòa", "thuỷ" -> "thủy": the archive's documents put the tone on the first vowel of an open
# oa/oe/uy rhyme; both styles occur, so everything is brought to that one before it is compared or stored.
# The rhyme must end there: not even a combining mark may follow, or "luật" (u, a, dot below, circumflex,
# t in NFD) would lose its tone to the u.
_NEW_TO_OLD = re.compile("(?<![qQ])([oOuU])([aAeEyY])([" + TONES + "])(?![\\w\u0300-\u036f])")
_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})

# Letters and digits: the characters a syllable (or a garbled reading of one) is made of.
CORE_RE = re.compile(r"[^\W_]+")
# Where the language model's context is cut: sentence and clause punctuation.
BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”‘’…«»]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tone_style(text: str) -> str:
    """NFC text with the tone of open oa/oe/uy rhymes on the first vowel ("hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_TO_OLD.sub(lambda m: m.group(1) + m.group(3) + m.group(2),
                                                         decomposed))


@lru_cache(maxsize=200_000)
def strip_marks(text: str) -> str:
    """The base letters: every diacritic removed and đ -> d ("Đảng" -> "Dang")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def base_key(text: str) -> str:
    return strip_marks(text).lower()


def is_letters(text: str) -> bool:
    return bool(text) and all(ch.isalpha() for ch in text)


def case_pattern(text: str) -> str:
    """"upper", "title" or "lower": how a word read from a page is cased."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "lower"
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) >= 2 and upper >= 2 and upper * 3 >= len(letters) * 2:
        return "upper"
    return "title" if letters[0].isupper() else "lower"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


def lm_tokens(text: str) -> list[list[str]]:
    """Clean text as the language model sees it: runs of lower-cased syllables (numbers as <num>)
    between clause punctuation; line breaks do not cut a run (pages wrap mid-sentence)."""
    runs: list[list[str]] = []
    for piece in BREAK_RE.split(tone_style(nfc(text))):
        run = []
        for tok in CORE_RE.findall(piece):
            run.append("<num>" if any(ch.isdigit() for ch in tok) else tok.lower())
        if run:
            runs.append(run)
    return runs


def word_pieces(token: str, letterish: str) -> list[tuple[str, bool]]:
    """Cut one whitespace-free token into (text, is_word) pieces that join back to it exactly.

    A word is a run of letters, digits and the symbols an OCR engine prints for letters
    (`letterish`: "bi¢t" is one word); everything else (punctuation, hyphens, slashes) is kept as
    its own piece, byte for byte."""
    out: list[tuple[str, bool]] = []
    cur = ""
    cur_word = False
    for ch in token:
        is_word = ch.isalnum() or ch in letterish
        if cur and is_word != cur_word:
            out.append((cur, cur_word))
            cur = ""
        cur += ch
        cur_word = is_word
    if cur:
        out.append((cur, cur_word))
    # A letterish symbol standing alone at a word's edge is punctuation ("|" between columns).
    return [(t, w and any(c.isalnum() for c in t) or (w and len(t) == 1 and t == "|")) for t, w in out]
