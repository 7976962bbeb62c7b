"""Decoding: candidates for each printed word from the channel and the lexicon, the best sequence
by beam Viterbi with the trigram language model, and per-word posteriors for confidence and
alternatives."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from pipeline.restore.model import EngineModel, RestoreModel
from pipeline.restore.text import apply_case, base_key, case_pattern

BOS, EOS, NUM = 1, 2, 3


@dataclass
class Cand:
    form: str  # lower-case syllable, or a form to print as it is (abbreviation, kept word)
    lm_id: int
    cost: float  # -ln P(printed | this)
    cased: bool = True  # take the printed word's capitalisation


@dataclass
class Slot:
    """One word to restore (or a fixed token the language model should see as context)."""

    printed: str
    cands: list[Cand]
    fixed: bool = False
    # Results:
    choice: int = 0
    posterior: list[float] = field(default_factory=list)

    def render(self, index: int | None = None) -> str:
        if self.fixed:
            return self.cands[0].form
        cand = self.cands[self.choice if index is None else index]
        if not cand.cased:
            return cand.form
        return apply_case(cand.form, case_pattern(self.printed))


class Decoder:
    def __init__(self, model: RestoreModel, engine: str) -> None:
        self.model = model
        self.engine: EngineModel = model.engines[engine]
        self.params = model.params
        self.lm = model.lm
        self._cache: dict[str, list[Cand]] = {}

    # ------------------------------------------------------------------ candidates

    def variants(self, printed: str, limit: int = 8) -> list[tuple[str, float]]:
        """Base-letter spellings `printed` most likely stands for, with -ln P, best first."""
        rev = self.engine.reverse
        beams: list[list[tuple[str, float]]] = [[] for _ in range(len(printed) + 1)]
        beams[0] = [("", 0.0)]
        for i in range(len(printed)):
            if not beams[i]:
                continue
            for size in (1, 2, 3):
                chunk = printed[i:i + size]
                if len(chunk) < size:
                    break
                options = rev.get(chunk)
                if options is None:
                    if size > 1:
                        continue
                    options = [(base_key(chunk) if chunk.isalpha() else "", 3.0)]
                for prefix, cost in beams[i]:
                    for base, step in options:
                        beams[i + size].append((prefix + base, cost + step))
            nxt = i + 1
            for j in range(nxt, min(nxt + 3, len(printed) + 1)):
                if len(beams[j]) > limit:
                    merged: dict[str, float] = {}
                    for s, c in beams[j]:
                        merged[s] = min(c, merged.get(s, math.inf))
                    beams[j] = sorted(merged.items(), key=lambda kv: kv[1])[:limit]
        merged = {}
        for s, c in beams[len(printed)]:
            merged[s] = min(c, merged.get(s, math.inf))
        return sorted(merged.items(), key=lambda kv: kv[1])[:limit]

    def candidates(self, printed: str) -> list[Cand]:
        cached = self._cache.get(printed)
        if cached is not None:
            return cached
        cands = self._candidates(printed)
        self._cache[printed] = cands
        return cands

    def _candidates(self, printed: str) -> list[Cand]:
        lex = self.model.lexicon
        lower = printed.lower()
        channel = self.engine.channel
        params = self.params
        # Cheap first pass: base-letter keys the word may stand for, ranked by how far they are.
        rough: dict[str, float] = {syl: 0.0 for syl in self.engine.words.get(lower, {})}
        variants = self.variants(lower)
        for rank, (key, vcost) in enumerate(variants):
            near = lex.near(key) if rank < 4 else ({key} if key in lex.by_base else set())
            for found in near:
                pre = vcost + (0.0 if found == key else params["edit_cost"])
                for syl in lex.by_base[found][:12]:
                    if pre < rough.get(syl, math.inf):
                        rough[syl] = pre
        unigram = self.lm.p1
        ids = {syl: self.lm.id(syl) for syl in rough}
        shortlist = sorted(rough, key=lambda s: rough[s] - 0.5 * unigram[ids[s]])[: params["shortlist"]]
        unk = params["unk_penalty"]
        scored: list[Cand] = []
        for syl in shortlist:
            cost = channel.cost(syl, lower)
            if cost < math.inf:
                scored.append(Cand(syl, ids[syl], cost + (unk if ids[syl] == 0 else 0.0)))
        # Abbreviations only for words printed with two or more capitals (UBND, HDND, TTg).
        if sum(ch.isupper() for ch in printed) >= 2:
            for key, _ in variants[:4]:
                form = lex.abbrev_by_base.get(key)
                if form is not None:
                    cost = channel.cost(form.lower(), lower)
                    if cost < math.inf:
                        scored.append(Cand(form, self.lm.id(form.lower()), cost, cased=False))
        # The word as printed, when it may be a name or a foreign word rather than a syllable.
        if printed.isalpha() and lower not in lex.syllables:
            lm_id = self.lm.id(lower)
            scored.append(Cand(printed, lm_id, params["keep_cost"] + (unk if lm_id == 0 else 0.0),
                               cased=False))
        if not scored:
            return [Cand(printed, 0, 0.0, cased=False)]
        scored.sort(key=lambda c: c.cost - params["lm_weight"] * unigram[c.lm_id])
        return scored[: params["max_candidates"]]

    # ------------------------------------------------------------------ search

    def decode(self, slots: list[Slot]) -> None:
        """Choose a candidate for every slot of one run (a clause) and fill posteriors."""
        if not slots:
            return
        weight = self.params["lm_weight"]
        beam = self.params["beam"]
        lm = self.lm
        # States: (prev-prev id, prev id, prev cand index, score); back pointers per step.
        u = np.array([BOS])
        v = np.array([BOS])
        score = np.array([0.0])
        history: list[tuple[np.ndarray, np.ndarray]] = []  # (parent state, cand index) per step
        for slot in slots:
            ids = np.array([c.lm_id for c in slot.cands])
            costs = np.array([c.cost for c in slot.cands])
            n_s, n_c = len(score), len(ids)
            su = np.repeat(u, n_c)
            sv = np.repeat(v, n_c)
            w = np.tile(ids, n_s)
            total = np.repeat(score, n_c) + weight * lm.trigram(su, sv, w) - np.tile(costs, n_s)
            parent = np.repeat(np.arange(n_s), n_c)
            cand = np.tile(np.arange(n_c), n_s)
            # Recombine states that agree on the last two words; keep the best `beam`.
            prev_cand = history[-1][1][parent] if history else np.zeros_like(parent)
            key = prev_cand * 1000 + cand
            order = np.lexsort((-total, key))
            first = np.ones(len(order), dtype=bool)
            first[1:] = key[order][1:] != key[order][:-1]
            kept = order[first]
            kept = kept[np.argsort(-total[kept])][:beam]
            history.append((parent[kept], cand[kept]))
            u, v, score = sv[kept], w[kept], total[kept]
        final = score + weight * lm.trigram(u, v, np.full(len(v), EOS))
        best = int(np.argmax(final))
        for step in range(len(slots) - 1, -1, -1):
            parents, cands = history[step]
            slots[step].choice = int(cands[best])
            best = int(parents[best])
        self._posteriors(slots)

    def _posteriors(self, slots: list[Slot]) -> None:
        """P(candidate | printed, decoded neighbours): each candidate in the decoded context,
        scored by its channel cost and the three trigrams it takes part in."""
        weight = self.params["lm_weight"]
        temp = self.params.get("temperature", 1.0)
        chosen = [BOS, BOS] + [s.cands[s.choice].lm_id for s in slots] + [EOS, EOS]
        rows_u, rows_v, rows_w, owner = [], [], [], []
        for i, slot in enumerate(slots):
            k = i + 2
            for c in slot.cands:
                x = c.lm_id
                rows_u += [chosen[k - 2], chosen[k - 1], x]
                rows_v += [chosen[k - 1], x, chosen[k + 1]]
                rows_w += [x, chosen[k + 1], chosen[k + 2]]
                owner.append(i)
        lp = self.lm.trigram(np.array(rows_u), np.array(rows_v), np.array(rows_w)).reshape(-1, 3)
        # The last trigram only exists when there is a word after the next one.
        n = len(slots)
        pos = 0
        for i, slot in enumerate(slots):
            m = len(slot.cands)
            block = lp[pos:pos + m]
            terms = block[:, 0] + block[:, 1] + (block[:, 2] if i + 1 < n else 0.0)
            s = (weight * terms - np.array([c.cost for c in slot.cands])) / temp
            s = np.exp(s - s.max())
            slot.posterior = (s / s.sum()).tolist()
            pos += m
