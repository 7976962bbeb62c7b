"""Diacritic-free views of Vietnamese text, for matching rules against text that OCR has damaged.

`fold` keeps the length of NFC text (one character in, one character out), so a match found in the
folded text has the same offsets in the original: rules match on the fold and cite the original.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d" if ch == "đ" else "D"
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            folded = base if len(base) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """`text` without tone marks and vowel hats (đ -> d), same length as the NFC input."""
    return text.translate(_FOLD)


def key(text: str) -> str:
    """A comparison key: folded, upper case, punctuation turned to single spaces."""
    out = []
    for ch in fold(text).upper():
        out.append(ch if ch.isalnum() or ch in ".-/" else " ")
    return " ".join("".join(out).split())


def upper_share(text: str) -> float:
    """The share of letters that are capitals (headings and header lines are written in capitals)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)


def best_phrase(text: str, phrases: list[str], minimum: float) -> tuple[str, float, int] | None:
    """The phrase found earliest in `text` (both compared by `key`, fuzzily): (phrase, score, position
    in the key). Among phrases found at about the same place the better, longer one wins."""
    k = key(text)
    found: list[tuple[int, float, int, str]] = []
    for phrase in phrases:
        pk = key(phrase)
        if len(pk) > len(k) + 2:
            score, pos = fuzz.ratio(pk, k), 0
        else:
            res = fuzz.partial_ratio_alignment(pk, k)
            score, pos = res.score, res.dest_start
            # A short phrase must match whole words, not the inside of a longer one.
            if pos > 0 and k[pos - 1] != " ":
                continue
        if score >= minimum:
            found.append((pos // 4, -score, -len(pk), phrase))
    if not found:
        return None
    pos, score, _, phrase = min(found)
    return phrase, -score, pos * 4


def whole_match(text: str, phrases: list[str], minimum: float) -> tuple[str, float] | None:
    """The phrase that the whole of `text` is (by `key`, fuzzily), with its score, if any."""
    k = key(text)
    if not k or not phrases:
        return None
    score, phrase = max((fuzz.ratio(key(p), k), p) for p in phrases)
    return (phrase, score) if score >= minimum else None
