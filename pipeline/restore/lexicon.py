"""The syllable lexicon: the syllables (and abbreviations) restoration may choose from, indexed by
their base letters (marks stripped), which is how a printed word finds them (decode.Decoder)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from pipeline.vietnamese import base_key, spelt_without_marks


class Lexicon:
    def __init__(self, syllables: dict[str, int], abbreviations: dict[str, int],
                 case: dict[str, list[int]] | None = None) -> None:
        # A corpus holds clauses written without marks ("V/v huong dan giai quyet"); their words
        # that no Vietnamese syllable is spelt as are no candidates: "huong" had beaten "hướng".
        self.syllables = {s: n for s, n in syllables.items() if not spelt_without_marks(s)}
        syllables = self.syllables
        self.abbreviations = abbreviations
        # Inside sentences of small letters, how often the corpus wrote each syllable capitalised
        # and in small letters ([capitalised, small]; training.train.case_counts), and the shares
        # of all words written each way.
        self.case: dict[str, list[int]] = case or {}
        title = sum(v[0] for v in self.case.values())
        total = sum(v[0] + v[1] for v in self.case.values()) or 1
        self.case_base = (title / total, 1 - title / total)
        self.by_base: dict[str, list[str]] = defaultdict(list)
        for syl in sorted(syllables, key=lambda s: -syllables[s]):
            self.by_base[base_key(syl)].append(syl)
        self.base_keys = sorted(self.by_base)
        self.abbrev_by_base: dict[str, str] = {}
        # Abbreviations with Đ by their base letters with that letter unknown ("t?kt": TĐKT): an
        # engine without Vietnamese prints Đ as any capital ("THKT", "HEND" for HĐND).
        self.abbrev_by_d_gap: dict[str, str] = {}
        for form in sorted(abbreviations, key=lambda s: -abbreviations[s]):
            base = base_key(form)
            self.abbrev_by_base.setdefault(base, form)
            for i, ch in enumerate(form):
                if ch in "Đđ":
                    self.abbrev_by_d_gap.setdefault(base[:i] + "?" + base[i + 1:], form)
        self.abbreviation_letters = AbbreviationLetters(abbreviations)


class AbbreviationLetters:
    """How likely a run of capitals is as an abbreviation, letter by letter: a bigram model over
    the letters of the known abbreviations (each counted by the log of its frequency, so that
    "UBND" does not drown the rest). It tells which letter an abbreviation no one writes has where
    an engine without Vietnamese printed one that may stand for two ("HSTD": the letters after T
    are Đ far more often than D, as in TĐKT, TTĐT, TĐTN)."""

    SMOOTHING = 0.5

    def __init__(self, abbreviations: dict[str, int]) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.contexts: Counter[str] = Counter()
        letters: set[str] = set()
        for form, count in abbreviations.items():
            if not (form.isalpha() and form.isupper()):
                continue
            weight = math.log1p(count)
            seq = "^" + form + "$"
            letters.update(form)
            for a, b in zip(seq, seq[1:], strict=False):
                self.pairs[a, b] += weight
                self.contexts[a] += weight
        self.size = len(letters) + 1  # the letters and the end

    def logp(self, form: str) -> float:
        seq = "^" + form + "$"
        k = self.SMOOTHING
        return sum(math.log((self.pairs[a, b] + k) / (self.contexts[a] + k * self.size))
                   for a, b in zip(seq, seq[1:], strict=False))
