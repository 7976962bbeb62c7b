"""The channel (error) model: how an OCR engine prints a clean syllable, learned from aligned
(garbled, clean) pairs.

A clean syllable is cut into chunks of 0-2 letters and each chunk is printed as 0-3 characters
("ư" -> "ir", "ộ" -> "", "" -> "i", "fi" -> "ﬁ"). P(chunk printed | chunk) comes from counts over the
pairs (hard EM: align with the current costs, count, re-estimate), smoothed towards a prior that
knows the visual confusions in rules.json and that diacritics are often just dropped, so confusions
the pairs never showed are still possible. Counts stay in the model file, so corrections made by
archivists can be folded in later (`fold`).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable

from pipeline.vietnamese import base_key, strip_marks, strip_tone

MAX_CLEAN, MAX_GARBLED = 2, 3
# The prior's share of every probability, and what it gives a listed visual confusion: the archive's
# scans differ from the synthetic ones (its "Đ" often comes out "P", rare in the pairs), so a
# confusion known to happen keeps a probability of about FLOOR * VISUAL_PRIOR whatever the counts.
FLOOR = 0.05
VISUAL_PRIOR = 0.3
_OPS = [(a, b) for a in range(MAX_CLEAN + 1) for b in range(MAX_GARBLED + 1) if (a, b) != (0, 0)
        and not (a == 2 and b == 0)]


def _is_marks_dropped(clean: str, printed: str) -> bool:
    """`printed` is `clean` with some of its diacritics lost ("ế" -> "é", "ê" or "e")."""
    if len(clean) != 1 or len(printed) != 1 or clean == printed:
        return False
    if strip_marks(clean) != strip_marks(printed):
        return False
    import unicodedata

    marks_c = set(unicodedata.normalize("NFD", clean)[1:])
    marks_p = set(unicodedata.normalize("NFD", printed)[1:])
    return marks_p <= marks_c


class Channel:
    """P(printed | clean) for syllables, from chunk counts plus a prior."""

    def __init__(self, counts: dict[str, dict[str, float]], visual: dict[str, list[str]],
                 strength: float = 2.0, shares: dict[str, float] | None = None) -> None:
        self.counts = counts  # clean chunk -> printed chunk -> count
        # Of a two-letter clean chunk's occurrences, the share the alignments printed as one chunk
        # (chunk_shares); the rest were printed letter by letter. Its row's rates are rates within
        # that share: alone, a rare row ("dâ" printed "a" 5 times, never anything else) says the
        # chunk is printed so always, and "an" could be "dân" at no cost.
        self.shares = shares or {}
        self.visual = {c: set(v) for c, v in visual.items() if not c.startswith("_")}
        self.strength = strength
        self.totals = {c: sum(v.values()) for c, v in counts.items()}
        self.floor = FLOOR
        self.visual_prior = VISUAL_PRIOR
        self._costs: dict[tuple[str, str], float] = {}
        self._words: dict[tuple[str, str], float] = {}
        self.multi = {c for c in counts if len(c) > 1} | {c for c in self.visual if len(c) > 1}
        self.printed_multi = {p for v in counts.values() for p in v if len(p) > 1} | {
            p for v in self.visual.values() for p in v if len(p) > 1}
        # The steps that are not one letter for one letter: printed chunks longer than one
        # character, and anything a two-letter clean chunk may produce.
        self.long_options: dict[str, list[str]] = {}
        for c, v in list(counts.items()) + [(c, sorted(v)) for c, v in self.visual.items()]:
            if not c:
                continue
            opts = self.long_options.setdefault(c, [])
            opts += [p for p in v if p and (len(p) > 1 or len(c) > 1) and p not in opts]
        # The same steps by their printed chunk's first character: a printed word is searched only
        # for the chunks that can start in it (_long_steps).
        self.long_by_first: dict[str, list[tuple[str, str]]] = {}
        for c, opts in self.long_options.items():
            for p in opts:
                self.long_by_first.setdefault(p[0], []).append((c, p))
        self._steps: dict[str, _Printed] = {}  # by printed word, for align_cost

    def to_json(self) -> dict:
        return {"counts": self.counts, "strength": self.strength}

    def prior(self, clean: str, printed: str) -> float:
        if clean == printed:
            return 0.9
        if clean == "":
            return 0.002
        if printed == "":
            return 0.01 if len(clean) == 1 else 0.0
        if _is_marks_dropped(clean, printed):
            return 0.25
        if len(clean) == 1 and len(printed) == 1 and strip_marks(clean) == strip_marks(printed):
            return 0.05  # the right letter with other marks ("ả" read "ă")
        if printed in self.visual.get(clean, ()) or printed in self.visual.get(strip_marks(clean), ()):
            return self.visual_prior
        # A horn printed as a mark after its letter ("u’" for ư) carries the tone too (ứ, ự).
        if not printed[-1].isalnum() and printed in self.visual.get(strip_tone(clean)[0], ()):
            return self.visual_prior
        if len(clean) == 1 and len(printed) == 1:
            return 2e-4
        return 0.0

    def _cost(self, clean: str, printed: str) -> float:
        """-ln P(printed | clean), inf when impossible: the learned rate, with a floor from the prior
        so that a confusion the pairs never showed stays possible."""
        key = (clean, printed)
        found = self._costs.get(key)
        if found is not None:
            return found
        seen = self.counts.get(clean, {}).get(printed, 0.0)
        total = self.totals.get(clean, 0.0)
        learned = seen / total * self.shares.get(clean, 1.0) if total else 0.0
        p = (1 - self.floor) * learned + self.floor * self.prior(clean, printed) if total else \
            self.prior(clean, printed)
        cost = -math.log(p) if p > 0 else math.inf
        self._costs[key] = cost
        return cost

    def cost(self, clean: str, printed: str, bound: float = math.inf) -> float:
        """-ln P(printed | clean) for whole (lower-cased) syllables: best chunk alignment.
        Above `bound` the answer is only known to be above it (inf is returned, not cached)."""
        key = (clean, printed)
        found = self._words.get(key)
        if found is None:
            found = align_cost(self, clean, printed, bound)
            if found < math.inf:
                self._words[key] = found
        # A cost cached by an earlier, looser search is above this one's bound as a fresh search
        # would find it: the same answer whatever was restored before (a batch's order, a worker).
        return found if found <= bound else math.inf

    def fold(self, chunk_pairs: Iterable[tuple[str, str]], weight: float = 1.0) -> None:
        """Add aligned (clean chunk, printed chunk) observations, e.g. from archivists' corrections."""
        for clean, printed in chunk_pairs:
            self.counts.setdefault(clean, {})
            self.counts[clean][printed] = self.counts[clean].get(printed, 0.0) + weight
        self.__init__(self.counts, {c: sorted(v) for c, v in self.visual.items()}, self.strength, self.shares)


_VOWEL_BASES = frozenset("aeiouy")
_MARKED_VOWELS = tuple(sorted({ch for base in "aăâeêioôơuưy" for ch in unicodedata.normalize(
    "NFC", "".join(base + tone for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")))}))


class GenericChannel(Channel):
    """An engine-independent channel for confusions no trained channel has seen: no counts, only
    the prior, plus the generic confusions of rules.json ("generic_channel"). An engine trained on
    nothing like the batch's still prints a marked vowel as some vowel shape ("ơ" as "a", "â" as
    "i"), which the trained channels, peaked on their own engines, price as almost impossible."""

    def __init__(self, visual: dict[str, list[str]], generic: dict) -> None:
        super().__init__({}, visual)
        self.vowel_rate = float(generic.get("vowel_for_vowel", 0.0))
        self.letter_rate = float(generic.get("letter_for_letter", 2e-4))
        self.marks = str(generic.get("marks_printed_apart", ""))
        self.mark_rate = float(generic.get("mark_rate", 0.0))
        self.lookalikes: dict[str, str] = {k: v for k, v in generic.get("lookalikes", {}).items()
                                           if not k.startswith("_")}
        self.blob_chars = frozenset(str(generic.get("blob_chars", "")))
        self.blob_rate = float(generic.get("blob_rate", 0.0))

    def is_blob(self, printed: str) -> bool:
        """Two or three digits and marks, not digits alone, that may stand for one vowel with its
        marks ("1’1" for ủ, "1;" for ụ): an engine without Vietnamese cuts such a vowel into pieces."""
        # At least one mark: digits alone are read as the letters they look like (`lookalikes`), and
        # as one vowel they made "66" or "00" any vowel of a word printed with stacked marks as 6s.
        return (2 <= len(printed) <= 3 and self.blob_rate > 0 and all(ch in self.blob_chars for ch in printed)
                and not printed.isdigit())

    def extra_steps(self, printed: str, found: dict[tuple[str, int], list[tuple[int, float]]]) -> None:
        """The blobs of `printed` as steps from any vowel (see `is_blob`)."""
        if not self.blob_rate:
            return
        cost = -math.log(self.blob_rate)
        for start in range(len(printed) - 1):
            for length in (2, 3):
                if start + length <= len(printed) and self.is_blob(printed[start:start + length]):
                    for vowel in _MARKED_VOWELS:
                        found.setdefault((vowel, start), []).append((length, cost))

    def blob_keys(self, key: str) -> list[str]:
        """`key` with each run of two or three blob characters dropped: what is left of the
        syllable's letters once its vowel printed as a blob is taken out ("c1’1a" -> "ca")."""
        if not self.blob_rate:
            return []
        out, run = [], ""
        for ch in key + "\n":
            if ch in self.blob_chars:
                run += ch
                continue
            out.append("" if self.is_blob(run) else run)
            run = ""
            out.append(ch)
        dropped = "".join(out).rstrip("\n")
        return [dropped] if dropped != key and dropped else []

    def keys(self, key: str, limit: int = 16) -> list[str]:
        """A printed word's base letters, and those with its digits and symbols read as the letters
        they look like ("56" -> "so", "66" -> "de"), at most `limit`."""
        keys = [""]
        for ch in key:
            options = ch + self.lookalikes.get(ch, "")
            keys = [k + o for k in keys for o in options][:limit]
        return keys

    def prior(self, clean: str, printed: str) -> float:
        if len(clean) == 1 and base_key(clean) in _VOWEL_BASES and self.is_blob(printed):
            return max(super().prior(clean, printed), self.blob_rate)
        if clean == "" and printed and all(ch in self.marks for ch in printed):
            return max(super().prior(clean, printed), self.mark_rate)
        if len(printed) == 1 and len(clean) == 1 and base_key(clean) in self.lookalikes.get(printed, ""):
            # A digit or symbol for the letter it looks like: as likely as a vowel for a vowel.
            return max(super().prior(clean, printed), self.vowel_rate)
        p = super().prior(clean, printed)
        if len(clean) == 1 and len(printed) == 1 and p <= self.letter_rate:
            cb, pb = strip_marks(clean).lower(), strip_marks(printed).lower()
            if cb in _VOWEL_BASES and pb in _VOWEL_BASES:
                return max(p, self.vowel_rate)
            return max(p, self.letter_rate)
        return p


def _long_steps(channel: Channel, printed: str) -> dict[tuple[str, int], list[tuple[int, float]]]:
    """For one printed word: (clean chunk, position) -> [(length, cost)] of every printed chunk
    longer than one character, or from a two-letter clean chunk, found at that position."""
    found: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for first in dict.fromkeys(printed):
        for c, p in channel.long_by_first.get(first, ()):
            start = printed.find(p)
            while start >= 0:
                found.setdefault((c, start), []).append((len(p), channel._cost(c, p)))
                start = printed.find(p, start + 1)
    if isinstance(channel, GenericChannel):
        channel.extra_steps(printed, found)
    return found


class _Printed:
    """What aligning any syllable to one printed word needs, worked out once for the word: the cost
    of inserting each printed character, the long steps by clean chunk then position, and (filled
    as clean letters come) each clean letter's cost against each printed character."""

    __slots__ = ("insert", "long", "subs")

    def __init__(self, channel: Channel, printed: str) -> None:
        self.insert = [channel._cost("", ch) for ch in printed]
        self.long: dict[str, dict[int, list[tuple[int, float]]]] = {}
        for (c, j), options in _long_steps(channel, printed).items():
            self.long.setdefault(c, {})[j] = options
        self.subs: dict[str, list[float]] = {}


def _printed(channel: Channel, printed: str) -> _Printed:
    found = channel._steps.get(printed)
    if found is None:
        if len(channel._steps) > 200_000:
            channel._steps.clear()
        found = channel._steps[printed] = _Printed(channel, printed)
    return found


def align_cost(channel: Channel, clean: str, printed: str, bound: float = math.inf) -> float:
    """The cost of `align`, faster: the printed word's steps worked out once (`_Printed`), rows of
    the table abandoned once every cell is above `bound`."""
    n, m = len(clean), len(printed)
    inf = math.inf
    cost = channel._cost
    word = _printed(channel, printed)
    insert, long, subs = word.insert, word.long, word.subs
    multi = channel.multi
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row = best[i]
        if min(row) > bound:
            return inf
        if i == n:
            for j in range(m):
                if row[j] + insert[j] < row[j + 1]:
                    row[j + 1] = row[j] + insert[j]
            break
        nxt = best[i + 1]
        c1 = clean[i]
        sub = subs.get(c1)
        if sub is None:
            sub = subs[c1] = [cost(c1, ch) for ch in printed]
        long1 = long.get(c1)
        long2 = long.get(clean[i:i + 2]) if i + 1 < n and clean[i:i + 2] in multi else None
        row2 = best[i + 2] if long2 else None
        delete = cost(c1, "")
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            if j < m:
                step = here + insert[j]
                if step < row[j + 1]:
                    row[j + 1] = step
                step = here + sub[j]
                if step < nxt[j + 1]:
                    nxt[j + 1] = step
            step = here + delete
            if step < nxt[j]:
                nxt[j] = step
            if long1:
                for length, c in long1.get(j, ()):
                    step = here + c
                    if step < nxt[j + length]:
                        nxt[j + length] = step
            if long2:
                for length, c in long2.get(j, ()):
                    step = here + c
                    if step < row2[j + length]:
                        row2[j + length] = step
    return best[n][m]


def align(channel: Channel, clean: str, printed: str) -> tuple[float, list[tuple[str, str]]]:
    """Cheapest chunking of `clean` into printed chunks: (cost, [(clean chunk, printed chunk)])."""
    n, m = len(clean), len(printed)
    inf = math.inf
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    cost = channel._cost
    multi, pmulti = channel.multi, channel.printed_multi
    for i in range(n + 1):
        row = best[i]
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            for a, b in _OPS:
                if i + a > n or j + b > m:
                    continue
                c = clean[i:i + a]
                p = printed[j:j + b]
                if (a > 1 and c not in multi) or (b > 1 and p not in pmulti and a != 2):
                    continue
                if a == 2 and b > 0 and c not in multi:
                    continue
                step = cost(c, p)
                if here + step < best[i + a][j + b]:
                    best[i + a][j + b] = here + step
                    back[i + a][j + b] = (a, b)
    if best[n][m] == inf:
        return inf, []
    chunks = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]  # type: ignore[misc]
        chunks.append((clean[i - a:i], printed[j - b:j]))
        i, j = i - a, j - b
    chunks.reverse()
    return best[n][m], chunks


def chunk_shares(counts: dict[str, dict[str, float]], syllables: dict[str, float]) -> dict[str, float]:
    """For each clean chunk of two letters, the share of its occurrences in the clean syllables
    (`syllables`: syllable -> times seen, the same pairs the counts come from) that its row counts:
    P(printed | chunk) is a rate over every time the chunk occurs, not only over the times the
    alignment took it whole."""
    shares = {}
    for clean, row in counts.items():
        if len(clean) < 2 or not clean.isalpha():
            continue
        seen = sum(n * syllable.count(clean) for syllable, n in syllables.items())
        if seen > 0:
            shares[clean] = min(1.0, sum(row.values()) / seen)
    return shares


def learn(pairs: Counter[tuple[str, str]], visual: dict[str, list[str]], rounds: int = 3,
          min_multi: int = 3) -> Channel:
    """Hard-EM chunk counts from (printed, clean) syllable pairs with their frequencies."""
    channel = Channel({}, visual)
    # Seed the multi-character chunks with every 1-2 -> 1-3 block the pairs could contain, so the
    # first alignment can use them; later rounds keep those that keep being used.
    for _ in range(rounds):
        counts: dict[str, Counter] = {}
        for (printed, clean), freq in pairs.items():
            total, chunks = align(channel, clean, printed)
            if total == math.inf:
                continue
            for c, p in chunks:
                counts.setdefault(c, Counter())[p] += freq
            # Insertions are counted per position: every chunk boundary could have taken one.
            slots = len(chunks) + 1 - sum(1 for c, _ in chunks if not c)
            counts.setdefault("", Counter())[""] += freq * slots
        kept = {c: {p: float(k) for p, k in v.items() if len(c) < 2 and len(p) < 2 or k >= min_multi}
                for c, v in counts.items()}
        channel = Channel({c: v for c, v in kept.items() if v}, visual)
        # Let the next round try multi-letter chunks the single-letter alignment suggests.
        _propose_multi(channel, pairs)
    return channel


def _propose_multi(channel: Channel, pairs: Counter[tuple[str, str]]) -> None:
    """Add, with count zero, 1->2 / 2->1 / 1->3 chunks made of adjacent single-letter steps, so
    that the next alignment may pick them when the counts support it."""
    found: Counter = Counter()
    for (printed, clean), freq in pairs.items():
        _, chunks = align(channel, clean, printed)
        for (c1, p1), (c2, p2) in zip(chunks, chunks[1:], strict=False):
            c, p = c1 + c2, p1 + p2
            if 1 <= len(c) <= MAX_CLEAN and 1 <= len(p) <= MAX_GARBLED and (c1 == "" or p1 == ""
                                                                              or c2 == "" or p2 == ""):
                found[(c, p)] += freq
    for (c, p), k in found.items():
        if k >= 3 and (len(c) > 1 or len(p) > 1):
            # Half the evidence: enough for the next alignment to try the chunk, which then
            # earns its own count or loses it.
            channel.counts.setdefault(c, {}).setdefault(p, k / 2)
    channel.__init__(channel.counts, {c: sorted(v) for c, v in channel.visual.items()}, channel.strength)
