"""The syllable lexicon: the syllables (and abbreviations) restoration may choose from, indexed by
their base letters (marks stripped), which is how a printed word finds them (decode.Decoder)."""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline.restore.text import base_key

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_RHYME = "(?:[aeiouy]{1,3})(?:ch|ng|nh|c|m|n|p|t)?"
SYLLABLE_SHAPE = re.compile(f"^{_ONSET}{_RHYME}$")
_TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")


def is_syllable_shaped(word: str) -> bool:
    """A lower-case word that has the shape of a Vietnamese syllable (onset, vowels, coda; one tone)."""
    import unicodedata

    if not word.isalpha() or len(word) > 7:
        return False
    tones = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONE_MARKS)
    base = base_key(word)
    # No Vietnamese rhyme doubles "i": "ii", "iii", "vii" are Roman numerals, not syllables.
    return tones <= 1 and "ii" not in base and bool(SYLLABLE_SHAPE.match(base))


class Lexicon:
    def __init__(self, syllables: dict[str, int], abbreviations: dict[str, int]) -> None:
        self.syllables = syllables
        self.abbreviations = abbreviations
        self.by_base: dict[str, list[str]] = defaultdict(list)
        for syl in sorted(syllables, key=lambda s: -syllables[s]):
            self.by_base[base_key(syl)].append(syl)
        self.base_keys = sorted(self.by_base)
        self.abbrev_by_base: dict[str, str] = {}
        for form in sorted(abbreviations, key=lambda s: -abbreviations[s]):
            self.abbrev_by_base.setdefault(base_key(form), form)
