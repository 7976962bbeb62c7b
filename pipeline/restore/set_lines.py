"""Lines every Vietnamese administrative document prints word for word (the national name and the
motto under it, rules.json "set_lines"). On a poor reading the language model cannot restore them
("D60 lap - T1: (10 - Hanh phu’g", "Dﬁclép-Tudo-Hanhphﬁc": merged words, digits for vowels), yet
the line as a whole is unmistakable: a line whose letters match a set line closely enough is that
line, its words spread over the printed words by a character alignment."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.vietnamese import base_key


@dataclass
class SetLines:
    phrases: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    lookalikes: dict[str, str]
    min_score: float
    confidence: float
    # A phrase printed with dashes between its parts (the motto) is taken at this score when the
    # printed window has the same dashes: running text seldom has them ("Độc lập và tự do").
    dashed_min_score: float
    dashed_min_part: float  # ... and each part between the dashes at least this close to its own
    # A phrase's first word run into the line before (`glued_head`): the end of that line's last
    # word at least this close to it (the rest of the phrase opens the next line).
    min_head_score: float = 60.0
    _keys: dict[str, str] = field(default_factory=dict)  # a word's key, by the word

    @classmethod
    def from_rules(cls, data: dict | None, lookalikes: dict[str, str]) -> SetLines | None:
        """`lookalikes`: rules.json generic_channel.lookalikes (printed digit or symbol -> the base
        letters it may stand for); a set line's key reads each as the first of them."""
        if not data or not data.get("phrases"):
            return None
        first = {ch: letters[0] for ch, letters in lookalikes.items() if not ch.startswith("_") and letters}
        phrases = tuple(tuple(p.split()) for p in data["phrases"])
        keys = tuple(_key(" ".join(p), first) for p in phrases)
        min_score = float(data.get("min_score", 80))
        return cls(phrases, keys, first, min_score, float(data.get("confidence", 0.97)),
                   float(data.get("dashed_min_score", min_score)), float(data.get("dashed_min_part", 0)),
                   float(data.get("min_head_score", 60)))

    def glued_head(self, last_word: str, words: list[str]) -> tuple[int, str, list[str]] | None:
        """A set line begun at the end of the line before, its first word run into that line's last
        word (a two-column header: "TRUNG UOB6c" over "lap - Tw do - Hanh phic", "LAO BONCONG" over
        "HOA XA HOI CHU NGHIA VIET NAM"): `words`, the next line's printed words, open with the rest
        of the phrase, and `last_word` ends with letters like its first word. Returns (where in
        `last_word` the first word starts, the first word, the parts of the rest spread over the
        first printed words of the next line), or None."""
        keys = [self._word_key(w) for w in words]
        tail = self._word_key(last_word)
        best: tuple[float, int, int] | None = None
        for n, phrase in enumerate(self.phrases):
            if len(phrase) < 3 or not keys or not keys[0]:
                continue
            head, rest = self._word_key(phrase[0]), _key(" ".join(phrase[1:]), self.lookalikes)
            if len(tail) < len(head) or fuzz.ratio(tail[-len(head):], head) < self.min_head_score:
                continue
            for end in range(len(words)):
                span = "".join(keys[:end + 1])
                if len(span) > 1.3 * len(rest):
                    break
                if len(span) < 0.85 * len(rest) or not keys[end]:
                    continue
                score = self._score(span, rest)
                if score is not None and (best is None or score > best[0]):
                    best = (score, n, end)
        if best is None:
            return None
        _, n, end = best
        tokens = self.phrases[n]
        letters = [ch for w in words[:end + 1] for ch in w if ch.isalpha()]
        if sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
            tokens = tuple(t.upper() for t in tokens)
        elif all(t.upper() == t for t in tokens):
            return None  # the national name in small letters is a mention
        # Where the first word's letters start in the printed word (its marks and digits read as
        # letters, as the keys are).
        cut, need = len(last_word), len(self._word_key(tokens[0]))
        while cut > 0 and need > 0:
            cut -= 1
            need -= len(_key(last_word[cut], self.lookalikes))
        parts = _spread(keys[:end + 1], tokens[1:], [self._word_key(t) for t in tokens[1:]])
        return cut, tokens[0], parts

    def match(self, words: list[str]) -> tuple[int, list[str]] | None:
        """Where a set line stands among a line's printed words (two-column headers print it beside
        another column's words) and each of its words' part of it ("" for a word that is only a
        piece of another): (first word, parts), or None."""
        keys = [self._word_key(w) for w in words]
        total = sum(len(k) for k in keys)
        line_key = "".join(keys)
        # The other column of a header stands before or after a set line, never on both sides:
        # a window from the line's start, or to its end (a phrase inside running text is the
        # text's own wording).
        windows = [(0, end) for end in range(len(words))] + [(start, len(words) - 1)
                                                             for start in range(1, len(words))]
        best: tuple[float, int, int, int] | None = None
        for n, key in enumerate(self.keys):
            # Most lines are far from every set line: one partial match over the line says so.
            least = self.dashed_min_score if "-" in key else self.min_score
            if total < 0.85 * len(key) or fuzz.partial_ratio(key, line_key) < least - 15:
                continue
            head = self._word_key(self.phrases[n][0])
            for start, end in windows:
                if not keys[start] or not keys[end]:
                    continue
                if start and "-" not in key and fuzz.ratio(keys[start], head) < self.min_head_score:
                    # A window after the other column's words opens on the national name's first
                    # word: the last word of a header's left column (a made-up "... MIỀN NAM" before
                    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", its "VIỆT NAM" wrapped below) is none of it.
                    continue
                span = "".join(keys[start:end + 1])
                if not 0.85 * len(key) <= len(span) <= 1.3 * len(key):
                    continue
                score = self._score(span, key)
                if score is not None and (best is None or score > best[0]):
                    best = (score, n, start, end)
        if best is None:
            return self._cut_short(words, keys)
        _, n, start, end = best
        tokens = self.phrases[n]
        window = words[start:end + 1]
        letters = [ch for w in window for ch in w if ch.isalpha()]
        if sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
            tokens = tuple(t.upper() for t in tokens)
        elif all(t.upper() == t for t in tokens):
            # The national name is printed in capitals; in small letters it is a mention.
            return None
        return start, _spread(keys[start:end + 1], tokens, [self._word_key(t) for t in tokens])

    def _cut_short(self, words: list[str], keys: list[str]) -> tuple[int, list[str]] | None:
        """The motto with its last part cut short at the line's end ("6c lap - Ty do - Ha r": a
        two-column header cropped, a seal over it): every part before the last dash like its own
        part, the last one a stub that opens as the phrase's last part does. After "Độc lập - Tự
        do -" nothing else is printed, so the stub stands for the whole last part."""
        for n, key in enumerate(self.keys):
            parts = key.split("-")
            if len(parts) < 3:
                continue
            for start in range(len(words)):
                span = "".join(keys[start:])
                printed = span.split("-")
                if len(printed) != len(parts) or not printed[0]:
                    continue
                stub, whole = printed[-1], parts[-1]
                if not 0 < len(stub) <= len(whole) // 2 or stub[0] != whole[0]:
                    continue
                if min(fuzz.ratio(a, b) for a, b in zip(printed[:-1], parts[:-1], strict=False)) < 60 or \
                        fuzz.ratio("-".join(printed[:-1]), "-".join(parts[:-1])) < self.min_score:
                    continue
                tokens = self.phrases[n]
                letters = [ch for w in words[start:] for ch in w if ch.isalpha()]
                if sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
                    tokens = tuple(t.upper() for t in tokens)
                spread = _spread(keys[start:], tokens, [self._word_key(t) for t in tokens])
                placed = sum(len(p.split()) for p in spread)
                # The last part's words the stub's letters did not reach are its last word's
                # ("Ha r": "Hạnh", "phúc"), and the stub's last word is never left as nothing.
                spread[-1] = " ".join([*spread[-1].split(), *tokens[placed:]])
                before = spread[-2].split() if len(spread) > 1 else []
                if not spread[-1] and len(before) > 1:
                    spread[-2], spread[-1] = " ".join(before[:-1]), before[-1]
                return start, spread
        return None

    def _score(self, span: str, key: str) -> float | None:
        """How like the phrase's `key` a printed `span` is, when like enough to be it."""
        score = fuzz.ratio(span, key)
        if "-" in key and span.count("-") == key.count("-"):
            # Printed with the phrase's dashes: each part must be like its own part, however well
            # the whole scores ("Độc lập - Tự chủ - Sáng tạo" is a slogan).
            parts = min(fuzz.ratio(a, b) for a, b in zip(span.split("-"), key.split("-"), strict=True))
            taken = score >= self.dashed_min_score and parts >= self.dashed_min_part
        else:
            taken = score >= self.min_score
        return score if taken else None

    def _word_key(self, word: str) -> str:
        found = self._keys.get(word)
        if found is None:
            if len(self._keys) > 100_000:
                self._keys.clear()
            found = self._keys[word] = _key(word, self.lookalikes)
        return found


def _key(text: str, lookalikes: dict[str, str]) -> str:
    """Letters (marks aside, lookalikes read as letters) and dashes: what a poor reading keeps."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):  # "ﬁ" is f, i
        ch = "-" if ch in "–—" else lookalikes.get(ch, ch)
        if ch.isalpha() or ch == "-":
            out.append(base_key(ch))
    return "".join(out)


def _spread(keys: list[str], tokens: tuple[str, ...], token_keys: list[str]) -> list[str]:
    """Give each token to the printed word most of its aligned letters came from, in order."""
    owner = [i for i, k in enumerate(keys) for _ in k]
    token_of = [m for m, k in enumerate(token_keys) for _ in k]
    votes: list[dict[int, int]] = [{} for _ in tokens]
    for tag, s1, e1, s2, e2 in Levenshtein.opcodes("".join(keys), "".join(token_keys)):
        if tag in ("equal", "replace"):
            for a, b in zip(range(s1, e1), range(s2, e2), strict=False):
                votes[token_of[b]][owner[a]] = votes[token_of[b]].get(owner[a], 0) + 1
    # A token at either end with none of its letters printed here was printed elsewhere (the line
    # before, beside another column's words): not this line's.
    first = next((m for m in range(len(tokens)) if votes[m]), len(tokens))
    last = max((m for m in range(len(tokens)) if votes[m]), default=-1)
    placed: list[int] = []
    for m in range(first, last + 1):
        here = max(votes[m], key=lambda i: votes[m][i]) if votes[m] else (placed[-1] if placed else 0)
        placed.append(max(here, placed[-1]) if placed else here)
    parts: list[list[str]] = [[] for _ in keys]
    for m, i in zip(range(first, last + 1), placed, strict=True):
        parts[i].append(tokens[m])
    return [" ".join(p) for p in parts]
