"""Decoding: candidates for each printed word from the channel and the lexicon, the best sequence
by beam Viterbi with the trigram language model, and per-word posteriors for confidence and
alternatives."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.restore.channel import GenericChannel, align_cost
from pipeline.restore.model import EngineModel, RestoreModel, syllable_totals
from pipeline.restore.text import apply_case, case_pattern
from pipeline.vietnamese import base_key

BOS, EOS, NUM = 1, 2, 3
_VOWELS = set("aeiouy")


@dataclass(slots=True)
class Cand:
    form: str  # lower-case syllable, or a form to print as it is (abbreviation, kept word)
    lm_id: int
    cost: float  # -ln P(printed | this)
    cased: bool = True  # take the printed word's capitalisation
    # Proposed (or priced) only by the generic channel: a confusion the trained channel has never
    # seen, so a guess the confidence must not vouch for as it would for the channel's own.
    fallback: bool = False


@dataclass(slots=True)
class Slot:
    """One word to restore (or a fixed token the language model should see as context)."""

    printed: str
    cands: list[Cand]
    fixed: bool = False
    # Its place in a person's name ("surname", "middle", "given") on a line that is a name alone
    # (ReadingRestorer._name_line): decoded with the name model, not the language model.
    name_part: str | None = None
    # A word of such a line that an engine knowing Vietnamese read confidently: kept as printed,
    # or as the surname whose tone it misread (`kept_form`, lower case).
    kept_name: bool = False
    kept_form: str | None = None
    # Printed in capitals on a line that is not (ReadingRestorer._plan): see `render`.
    capitals_in_text: bool = False
    # A word of the national name or the motto (ReadingRestorer._set_line): fixed, and as sure as
    # the line's match.
    set_line: bool = False
    # Two syllables the word may be, printed as one ("hoidong": ReadingRestorer._merged): the
    # decoder weighs the run with them against the run with the word (ReadingRestorer._decode).
    split: tuple[Slot, Slot] | None = None
    split_taken: bool = False
    # How to case a syllable restored from a word with no letters ("86:" for "Số:" opening its
    # line, "80" for "SỞ" before "Y TẾ"), or with one capital alone ("S6" before "Y TE"): from
    # the line around it (ReadingRestorer.word_slots).
    case_without_letters: str = "lower"
    # The most confidence the word can have from this piece (a fixed form that is a guess).
    sure: float = 1.0
    # Its candidates' costs are two readings' (engine.ReadingRestorer.add_evidence): each sums a
    # cost of this reading and one of the other, so they spread over twice the range.
    two_readings: bool = False
    # Results:
    choice: int = 0
    posterior: list[float] = field(default_factory=list)

    def render(self, index: int | None = None) -> str:
        if self.fixed:
            return self.cands[0].form
        cand = self.cands[self.choice if index is None else index]
        if not cand.cased:
            return cand.form
        pattern = _printed_case(self.printed)
        if pattern == "title" and self.printed[:1] == "I" and cand.form[:1] == "l":
            pattern = "lower"  # a sans-serif small l printed as a capital I opening the word
        if pattern is None or pattern == "title" and self.case_without_letters == "upper":
            pattern = self.case_without_letters
        if pattern == "upper" and self.capitals_in_text and not cand.form[1:].isascii():
            # An engine without Vietnamese prints a small marked vowel as a capital ("BO Lao
            # động" for "Bộ Lao động", "SO NOI vu" for "Sở Nội vụ"): on a line in small letters a
            # word whose capitals after the first were marked vowels is a capitalised word.
            pattern = "title"
        return apply_case(cand.form, pattern)


# Nats: a context candidate the channel prices above this is not offered (a letters' reading costs
# at most the keep cost, 8, and the lattice keeps candidates within 10 of the best).
_CONTEXT_BOUND = 16.0


def _by_cost(c: Cand) -> float:
    return c.cost


def _prune(slots: list[Slot], margin: float, unigram: np.ndarray, evidence_margin: float = 0.0) -> None:
    """Drop the candidates no context can make the choice: those whose channel cost, less their
    unigram ln p, is more than `margin` above the word's best. The trigram lattice grows with the
    cube of the candidates, and a reading's 16 candidates were mostly such. (The unigram lets a
    common word far from the letters stay: "Nhà" for a "Nha" that lost its mark.) A word whose costs
    are two readings' (`Slot.two_readings`) gets `evidence_margin` more: pruned at the same margin,
    the held-out pages read with both lost 7 words in 16,700."""
    for slot in slots:
        if slot.fixed or len(slot.cands) < 2:
            continue
        score = [c.cost - unigram[c.lm_id] for c in slot.cands]
        bound = min(score) + margin + (evidence_margin if slot.two_readings else 0.0)
        if max(score) > bound:
            slot.cands = [c for c, x in zip(slot.cands, score, strict=True) if x <= bound]


def _small_l_for_capital_i(printed: str, rule: dict | None) -> str | None:
    """The word with each capital I read as a small l, where the rest of its letters are small
    ("Iéi", "thIên"), else None: a capital I inside a word in small letters is a sans-serif l
    (rules.json capital_i_for_small_l)."""
    if not rule or "I" not in printed or not printed.isalpha():
        return None
    rest = printed.replace("I", "")
    if len(rest) < rule.get("min_small_letters", 1) or not rest.islower():
        return None
    return printed.replace("I", "l")


@functools.lru_cache(maxsize=65536)
def _printed_case(printed: str) -> str | None:
    """How a printed word is cased (text.case_pattern), None for one with no letters; asked for
    every candidate rendered, so remembered."""
    return case_pattern(printed) if any(ch.isalpha() for ch in printed) else None


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def confidence_features(slot: Slot, words: dict[str, dict[str, float]], log_freq: np.ndarray
                        ) -> list[float]:
    """[slot id, posterior, then the logistic features]: bias, posterior log-odds, how often the
    pairs showed this printed word as the chosen form, cost margin to the runner-up, whether the
    word was left as printed, whether it is kept as a non-syllable, how common the chosen word
    is, how many candidates there were."""
    post = slot.posterior[slot.choice] if slot.posterior else 1.0
    cand = slot.cands[slot.choice]
    table = words.get(slot.printed.lower())
    if table:
        share = (table.get(cand.form.lower(), 0.0) + 0.5) / (sum(table.values()) + 1.0)
        seen = 1.0
    else:
        share, seen = 0.5, 0.0
    costs = [c.cost for c in slot.cands]
    if len(costs) > 1:
        costs[slot.choice] = math.inf  # the runner-up's cost: the least of the others'
        margin = max(-10.0, min(10.0, min(costs) - cand.cost))
    else:
        margin = 10.0
    return [0.0, post, 1.0, _logit(post), seen * _logit(share), seen, margin / 5.0,
            float(cand.form.lower() == slot.printed.lower()), float(not cand.cased),
            float(log_freq[cand.lm_id]) / 10.0, len(slot.cands) / 10.0]


class Decoder:
    def __init__(self, model: RestoreModel, engine: str) -> None:
        self.model = model
        self.engine: EngineModel = model.engines[engine]
        self.params = model.params
        self.lm = model.lm
        # Letters engines print for a word's first Đ (rules.json initial_d_misprints), in small letters.
        self.d_misprints = frozenset(model.rules.get("initial_d_misprints", {}).get("letters", "").lower())
        # Candidates depend only on the printed word: shared by every document of the process.
        self._cache: dict[str, list[Cand]] = self.engine.cache
        # Text from an engine the channel does not know (engine.ReadingRestorer.plan decides, per
        # reading): the generic channel's candidates are added (_fallback), in a cache of their own.
        self.fallback = False
        # ... and, far from the trained engine's ways, without its whole-word table (_word_tables).
        self.own_words = False
        self._fb_cache: dict[tuple[str, bool], list[Cand]] = self.engine.fallback_cache
        # Text typed or stripped without its marks (engine.ReadingRestorer.plan decides, per
        # reading): its letters are exact, so only the syllables spelt with them are candidates.
        self.marks_only = False
        self._marks_cache: dict[str, list[Cand]] = {}

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
        if self.marks_only:
            found = self._marks_cache.get(printed)
            if found is None:
                found = self._marks_cache[printed] = self._spelt_alike(printed)
            return found
        base = self._cache.get(printed)
        if base is None:
            shipped = self.engine.shipped.get(printed)
            if shipped is not None:
                base = [Cand(form, self.lm.id(form.lower()), cost, bool(cased))
                        for form, cost, cased in shipped[: self.params["max_candidates"]]]
            else:
                base = self._candidates(printed)
            if len(self._cache) > 300_000:
                self._cache.clear()
            self._cache[printed] = base
        if not self.fallback:
            return base
        key = (printed, self.own_words)
        found = self._fb_cache.get(key)
        if found is None:
            found = self._fallback(printed, self._candidates(printed) if self.own_words else base)
            if len(self._fb_cache) > 300_000:
                self._fb_cache.clear()
            self._fb_cache[key] = found
        return found

    def _spelt_alike(self, printed: str) -> list[Cand]:
        """For text without its marks: every syllable (or abbreviation, for a word in capitals) with
        the printed word's letters, the language model's best known first, at no channel cost (but
        the unknown word's), so that the language model alone chooses the marks; a number, or a word
        no syllable is spelt as (a foreign word, a code), as printed."""
        lower = printed.lower()
        if not printed.isalpha():
            return [Cand(printed, NUM if printed.isdigit() else self.lm.id(lower), 0.0, cased=False)]
        lex = self.model.lexicon
        key = base_key(lower)
        unigram = self.lm.log_freq
        spelt = sorted(((self.lm.id(syl), syl) for syl in lex.by_base.get(key, [])),
                       key=lambda pair: -unigram[pair[0]])[: self.params["max_candidates"]]
        unk = self.params["unk_penalty"]
        out = [Cand(syl, lm_id, unk if lm_id == 0 else 0.0) for lm_id, syl in spelt]
        form = lex.abbrev_by_base.get(key) if sum(ch.isupper() for ch in printed) >= 2 else None
        if form is not None:
            out.append(Cand(form, self.lm.id(form.lower()), 0.0, cased=False))
        return out or [Cand(printed, self.lm.id(lower), 0.0, cased=False)]

    def _word_tables(self) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
        """Printed word -> syllable counts, and their totals per syllable, for the word channel.
        For text far from the trained engine's (own_words, set by engine.ReadingRestorer.plan) the
        trained engine's table says nothing: only the batch's own (an adapted profile's) is used."""
        if not (self.fallback and self.own_words):
            return self.engine.words, self.engine.word_totals
        own = self.engine.batch_words
        if own is None:
            return {}, {}
        if self.engine.batch_word_totals is None:
            self.engine.batch_word_totals = syllable_totals(own)
        return own, self.engine.batch_word_totals

    def _generic(self) -> GenericChannel | None:
        """The model's generic channel (rules.json "generic_channel"), built once per model."""
        found = getattr(self.model, "_generic_channel", False)
        if found is False:
            conf = self.model.rules.get("generic_channel") or {}
            found = None
            if conf.get("weight"):
                found = GenericChannel(self.model.rules["visual_confusions"], conf)
            self.model._generic_channel = found  # type: ignore[attr-defined]
        return found

    def _fallback(self, printed: str, cands: list[Cand], number_kept: bool = False) -> list[Cand]:
        """Candidates the trained channel misses, from the generic channel mixed in with weight w:
        P(printed | s) = max(P_trained, w * P_generic). Text from an engine the channel was never
        trained on is full of confusions its chunks do not explain ("sơn" printed "san"), and a
        syllable that is not a candidate can never be restored, whatever the context says.
        Syllables within a small edit distance of the printed letters (marks aside) are priced by
        the generic channel; at most `max_new` new ones join the list, marked `fallback`."""
        generic = self._generic()
        lower = printed.lower()
        if generic is None or not any(ch.isalnum() for ch in lower):
            return cands
        conf = self.model.rules["generic_channel"]
        if not conf.get("weight"):
            return cands
        log_w = math.log(conf["weight"])
        params = self.params
        lex = self.model.lexicon
        if len(base_key(lower)) < conf.get("min_length", 1):
            return cands
        # The word as printed, and read with a sans-serif capital I as the small l it may be.
        forms = [(lower, 0.0)]
        small_l = self._small_l(printed)
        if small_l is not None:
            forms.append(small_l)
        best = min((c.cost for c in cands), default=params["keep_cost"])
        bound = best + params["lattice_margin"] + log_w  # a generic cost above it cannot be kept
        unigram = self.lm.log_freq
        have = {c.form: n for n, c in enumerate(cands) if c.cased}
        out = list(cands)
        if lower.isdigit() and conf.get("number_keep_cost") and not number_kept:
            # Such an engine prints letters as digits ("56" for "số", "66" for "đề"): a short
            # number is no surer than the syllables its digits look like.
            out = [Cand(c.form, c.lm_id, max(c.cost, conf["number_keep_cost"]), c.cased, c.fallback)
                   if c.lm_id == NUM else c for c in out]
        fresh: dict[str, Cand] = {}
        for form, form_cost in forms:
            key = base_key(form)
            cutoff = 1 if len(key) <= 2 else conf.get("max_edits", 2)
            near: dict[str, int] = {}
            variants = generic.keys(key) + [
                v for blob in generic.blob_keys(key) for v in generic.keys(blob, 4)]
            for variant in variants:
                for k, dist, _ in process.extract(variant, lex.base_keys, scorer=Levenshtein.distance,
                                                  score_cutoff=cutoff, limit=conf.get("keys", 40)):
                    near[k] = min(dist, near.get(k, dist))
            pool: list[tuple[int, float, str]] = []
            for k, dist in near.items():
                for syl in lex.by_base[k][: conf.get("per_key", 8)]:
                    pool.append((dist, -float(unigram[self.lm.id(syl)]), syl))
            pool.sort()
            for _, _, syl in pool[: conf.get("shortlist", 40)]:
                g = generic.cost(syl, form, bound - form_cost)
                if g == math.inf:
                    continue
                cost = g - log_w + form_cost
                n = have.get(syl)
                if n is not None:
                    if cost < out[n].cost:  # the generic channel explains it better: a fallback reading
                        old = out[n]
                        out[n] = Cand(old.form, old.lm_id, cost, old.cased, fallback=True)
                    continue
                lm_id = self.lm.id(syl)
                cost += params["unk_penalty"] if lm_id == 0 else 0.0
                if syl not in fresh or cost < fresh[syl].cost:
                    fresh[syl] = Cand(syl, lm_id, cost, fallback=True)
        new = list(fresh.values())
        new.sort(key=lambda c: c.cost - params["lm_weight"] * unigram[c.lm_id])
        return out + new[: conf.get("max_new", 4)]

    def _small_l(self, printed: str) -> tuple[str, float] | None:
        """The word read with its sans-serif capital I as a small l, and what that reading costs
        (rules.json capital_i_for_small_l), or None."""
        rule = self.model.rules.get("capital_i_for_small_l")
        form = _small_l_for_capital_i(printed, rule)
        return None if form is None or rule is None else (form, float(rule["cost"]))

    def number_or_word(self, printed: str) -> list[Cand]:
        """A short number a trained engine may have printed for a syllable ("16" for "lệ", "14" for
        "là"): its candidates, and the syllables its digits look like, priced by the generic
        channel, which knows what digits an engine prints for which letters (rules.json
        generic_channel.lookalikes) where the trained channel saw too few ("ệ" as "6")."""
        return self._fallback(printed, self.candidates(printed), number_kept=True)

    def _word_channel(self, lower: str, scored: list[Cand]) -> list[Cand]:
        """Whole-word evidence from the pairs: how often each syllable was printed as this very word,
        P(printed | syllable), interpolated with the letter-level channel. The letter channel alone
        is too lenient about whole words ("tinh" is almost never "trình", though only an r apart)."""
        k = self.params.get("word_channel_k")
        # A printed word of one or two letters is what is left of many words, and which ones depends
        # on the face and the scan more than anything the pairs can show: the letters decide there.
        if not k or len(lower) < self.params.get("word_channel_min_length", 3):
            return scored
        words, totals = self._word_tables()
        seen = words.get(lower, {})
        out = []
        for cand in scored:
            total = totals.get(cand.form, 0.0)
            if total:
                weight = total / (total + k)
                p = weight * seen.get(cand.form, 0.0) / total + (1 - weight) * math.exp(-cand.cost)
                cand = Cand(cand.form, cand.lm_id, -math.log(max(p, 1e-12)), cand.cased)
            out.append(cand)
        return out

    def _candidates(self, printed: str) -> list[Cand]:
        lex = self.model.lexicon
        lower = printed.lower()
        channel = self.engine.channel
        params = self.params
        # Cheap first pass: base-letter keys the word may stand for, ranked by how far they are.
        seen = self._word_tables()[0].get(lower, {})
        rough: dict[str, float] = {syl: 0.0 for syl in seen if syl in lex.syllables}
        variants = self.variants(lower)
        for rank, (key, vcost) in enumerate(variants[:6]):
            if rank >= 3:  # lesser readings: only an exact lexicon key
                found = [(key, 0)] if key in lex.by_base else []
            else:
                cutoff = 1 if len(key) <= 2 else 2
                found = [(k, d) for k, d, _ in process.extract(
                    key, lex.base_keys, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=50)]
            for k, dist in found:
                pre = vcost + dist * params["edit_cost"]
                for syl in lex.by_base[k][: 20 if dist == 0 else 10]:
                    if pre < rough.get(syl, math.inf):
                        rough[syl] = pre
        unigram = self.lm.log_freq
        ids = {syl: self.lm.id(syl) for syl in rough}
        shortlist = sorted(rough, key=lambda s: rough[s] - 0.2 * unigram[ids[s]])[: params["shortlist"]]
        unk = params["unk_penalty"]
        scored: list[Cand] = []
        bound = math.inf
        capital = self.engine.capitals and printed[:1].isupper()
        for syl in shortlist:
            cost = channel.cost(syl, lower, bound)
            if capital:  # the batch's own rates for a capital first letter (pipeline.restore.adapt)
                cost = min(cost, channel.cost("^" + syl, "^" + lower, bound))
            if cost < math.inf:
                bound = min(bound, cost + params["cost_margin"])
                scored.append(Cand(syl, ids[syl], cost + (unk if ids[syl] == 0 else 0.0)))
        scored = self._word_channel(lower, scored)
        # Abbreviations only for words printed with two or more capitals (UBND, HDND, TTg).
        capitals = sum(ch.isupper() for ch in printed)
        if capitals >= 2:
            for key, _ in variants[:4]:
                form = lex.abbrev_by_base.get(key)
                if form is not None:
                    cost = channel.cost(form.lower(), lower)
                    if cost < math.inf:
                        scored.append(Cand(form, self.lm.id(form.lower()), cost, cased=False))
            if capitals >= 3 and printed.isalpha() and not any(c.form.isupper() for c in scored):
                # Its Đ printed as another capital ("THKT" for TĐKT): the letters but one are exact.
                for i in range(len(lower)):
                    form = lex.abbrev_by_d_gap.get(base_key(lower[:i]) + "?" + base_key(lower[i + 1:]))
                    if form is not None:
                        cost = params.get("abbrev_d_misread_cost", 6.0)
                        scored.append(Cand(form, self.lm.id(form.lower()), cost, cased=False))
                        break
        # A short number may be a misread syllable ("6" for "ở"): it stays a number unless the
        # context wants the syllable.
        if printed.isdigit():
            scored.append(Cand(printed, NUM, params["number_keep_cost"], cased=False))
        # Capitals with no vowel ("HDKC") are no syllable however misread: an abbreviation the
        # lexicon lacks, kept as printed.
        elif (capitals >= 3 and printed.isupper() and printed.isalpha()
              and not set(base_key(lower)) & _VOWELS and not any(not c.cased for c in scored)):
            scored.append(Cand(printed, self.lm.id(lower), params.get("abbrev_keep_cost", 1.0), cased=False))
        # The word as printed, when it may be a name or a foreign word rather than a syllable.
        elif printed.isalpha() and lower not in lex.syllables:
            lm_id = self.lm.id(lower)
            scored.append(Cand(printed, lm_id, params["keep_cost"] + (unk if lm_id == 0 else 0.0),
                               cased=False))
        # Archivists' corrections of this printed word (`decree train --corrections`) are verified
        # readings: each one makes its form cheaper than the synthetic pairs alone would.
        for form, count in self.engine.corrected.get(lower, {}).items():
            same = [c.cost for c in scored if c.form == form]
            cost = same[0] if same else channel.cost(form, lower)
            if cost == math.inf:
                cost = params["keep_cost"]
            scored = [c for c in scored if c.form != form]
            discount = params.get("correction_weight", 2.0) * math.log1p(count)
            scored.append(Cand(form, self.lm.id(form), max(0.0, cost - discount)))
        read_with_l = self._small_l(printed)
        if read_with_l is not None:
            # Sans-serif faces draw a small l and a capital I alike, and an engine reading a word in
            # small letters may print either: the word as if printed with an l competes too.
            small_l, extra = read_with_l
            have = {c.form: n for n, c in enumerate(scored)}
            for cand in self._candidates(small_l):
                if not cand.cased:
                    continue
                cost = cand.cost + extra
                n = have.get(cand.form)
                if n is None:
                    have[cand.form] = len(scored)
                    scored.append(Cand(cand.form, cand.lm_id, cost))
                elif cost < scored[n].cost:
                    scored[n] = Cand(cand.form, cand.lm_id, cost, scored[n].cased, scored[n].fallback)
        if not scored:
            return [Cand(printed, 0, 0.0, cased=False)]
        scored.sort(key=lambda c: c.cost - params["lm_weight"] * unigram[c.lm_id])
        # Candidates far behind the best on the channel alone cannot win in any context seen in
        # practice; dropping them keeps the lattice (candidates cubed per word) small.
        best = min(c.cost for c in scored)
        kept = [c for c in scored if c.cost <= best + params["lattice_margin"]]
        return kept[: params["max_candidates"]]

    def _neighbour_words(self) -> tuple[list[list[tuple[int, float]]], list[list[tuple[int, float]]],
                                        list[str]]:
        """For each syllable id, the words that follow it and the words it follows (bigram ln p >=
        params context_min_logp), each with that ln p, and each id's base letters; built once per
        model."""
        found = getattr(self.lm, "_neighbours", None)
        if found is None:
            floor = self.params.get("context_min_logp", -4.0)
            size = self.lm.size
            strong = self.lm.p2 >= floor
            keys = self.lm.k2[strong]
            after: list[list[tuple[int, float]]] = [[] for _ in range(size)]
            before: list[list[tuple[int, float]]] = [[] for _ in range(size)]
            for v, w, lp in zip((keys // size).tolist(), (keys % size).tolist(), self.lm.p2[strong].tolist(),
                                strict=True):
                if v > 3 and w > 3:  # not <unk>, <s>, </s>, <num>
                    after[v].append((w, lp))
                    before[w].append((v, lp))
            found = (after, before, [base_key(w) for w in self.lm.vocab])
            self.lm._neighbours = found  # type: ignore[attr-defined]
        return found

    def add_context_candidates(self, slots: list[Slot], only: set[int] | None = None) -> bool:
        """Syllables the neighbours' likely readings often go with, spelt within an edit or two of
        the printed letters, join a word's candidates at the channel's price and a little more: the
        candidate search goes by the letters alone and misses a reading the channel explains only
        at some cost ("Chua tich" for "Chủ tịch": the hook read as an "a"), which the context then
        wins. (Not for text without its marks: its letters are exact.) `only`: the slots to look
        at (all by default); returns whether any slot got a new candidate."""
        margin = self.params["lattice_margin"]
        extra = self.params.get("context_extra_cost", 3.0)
        top = int(self.params.get("context_neighbours", 3))
        most = int(self.params.get("context_max_new", 4))
        reach = self.params.get("context_reach", 3.0)
        added = False
        for i, slot in enumerate(slots):
            if only is not None and i not in only:
                continue
            lower = slot.printed.lower()
            if slot.fixed or not slot.cands or len(lower) < 2 or not lower.isalpha():
                continue
            # A person's name is no phrase: "Điểu Văn" is no "điếu văn" (a eulogy).
            if slot.kept_name or slot.name_part is not None or not any(c.cased for c in slot.cands):
                continue
            found: dict[int, float] = {}
            worth: dict[int, float] = {}  # the channel's cost less the pair's ln p: the best first
            for side, j in ((0, i - 1), (1, i + 1)):
                if not 0 <= j < len(slots) or not slots[j].cands:
                    continue
                near = slots[j].cands if slots[j].fixed else sorted(slots[j].cands, key=_by_cost)[:top]
                # Only readings of the neighbour its letters explain nearly as well as its best:
                # the others' companions cost the time and were seldom the word (open sets).
                floor = near[0].cost + reach
                for c in near[:top]:
                    if c.cost > floor:
                        break
                    for w, cost, lp in self._context_words(lower, side, c.lm_id):
                        found[w] = cost
                        worth[w] = min(worth.get(w, math.inf), cost - lp)
            if not found:
                continue
            best = min(c.cost for c in slot.cands)
            for c in slot.cands:
                found.pop(c.lm_id, None)
            # The few the letters and the context together explain best: a word the context explains
            # is rarely far from the letters, and among many a weak pair's cheap word ("của chưa")
            # would crowd out a strong pair's dearer one ("chủ tịch").
            kept = sorted((worth[w], cost, w) for w, cost in found.items() if cost <= best + margin)[:most]
            new = [Cand(self.lm.vocab[w], w, cost + extra) for _, cost, w in kept]
            if new:
                slot.cands = slot.cands + new  # a new list: the decoder's cached lists are shared
                added = True
        return added

    def _context_words(self, lower: str, side: int, neighbour: int) -> list[tuple[int, float, float]]:
        """The syllables that follow (side 0) or precede (side 1) `neighbour`, spelt near `lower`,
        with the channel's cost of printing them so and the pair's bigram ln p."""
        cache = self.engine.context_cache
        key = (lower, side, neighbour)
        found = cache.get(key)
        if found is None:
            after, before, bases = self._neighbour_words()
            letters = base_key(lower)
            cutoff = 1 if len(letters) <= 3 else 2
            # A word's Đ printed as a letter engines print for it (a B for the Đ of "Đối", rules.json
            # initial_d_misprints): that first letter is no edit; the channel prices it.
            misprinted_d = letters[:1] in self.d_misprints
            found = []
            for w, lp in (after if side == 0 else before)[neighbour]:
                base = bases[w]
                if abs(len(base) - len(letters)) > cutoff:
                    continue
                if Levenshtein.distance(base, letters, score_cutoff=cutoff) > cutoff and not (
                        misprinted_d and base[:1] == "d" and lower[:1] != "d" and Levenshtein.distance(
                            base[1:], letters[1:], score_cutoff=cutoff) <= cutoff):
                    continue
                # Many neighbours share a word: each (word, printed) priced once. Not through
                # Channel.cost: its cache would change what later words' candidate searches find
                # (a cached cost is returned above their bound).
                priced = (w, lower)
                cost = cache.get(priced)
                if cost is None:
                    cost = cache[priced] = align_cost(self.engine.channel, self.lm.vocab[w], lower,
                                                      _CONTEXT_BOUND)
                if cost < math.inf:
                    found.append((w, cost, lp))
            if len(cache) > 300_000:
                cache.clear()
            cache[key] = found
        return found

    # ------------------------------------------------------------------ search

    def decode_name(self, slots: list[Slot]) -> None:
        """A person's name standing alone: each word by its channel cost and how likely the word is
        at its place in a name (RestoreModel.names), the given name also by the word before it (a
        middle name tells a gender). A name's words follow no grammar the trigram model knows, and
        its choice of the common word ("Văn Hóa", culture) is the wrong one. Only the last two
        words depend on each other, so the posteriors are exact sums over their pairs."""
        names = self.model.names
        assert names is not None
        weight = self.params.get("name_weight", self.params["lm_weight"])
        temp = self.params.get("temperature", 1.0)
        smoothing = (self.params.get("name_place_smoothing", 20.0),
                     self.params.get("name_any_smoothing", 200.0))
        freq = self.lm.log_freq

        unk = self.params["unk_penalty"]

        def place_log_prob(slot: Slot, k: int, place: str) -> float:
            c = slot.cands[k]
            return names.log_prob(c.form.lower(), place, math.exp(freq[c.lm_id]), smoothing)

        def channel_cost(c: Cand, place: str) -> float:
            # The language model's price for a word it does not know is no price in a name the
            # name model knows ("Quàng", "Păn"), nor for a syllable where names are an open class
            # ("Páo"): the name model weighs names' words itself.
            form = c.form.lower()
            known = c.lm_id == 0 and (names.anywhere.get(form) or form in names.surnames
                                      or names.is_open(form, place) or names.is_foreign(form, place))
            return c.cost - unk if known else c.cost

        def place_score(slot: Slot) -> np.ndarray:
            assert slot.name_part is not None
            place = slot.name_part
            return np.array([(-channel_cost(c, place) + weight * place_log_prob(slot, k, place)) / temp
                             for k, c in enumerate(slot.cands)])

        def settle(slot: Slot, post: np.ndarray) -> None:
            post = post / post.sum()
            slot.choice = int(post.argmax())
            slot.posterior = post.tolist()

        words = [s for s in slots if not s.fixed]
        for slot in words[:-2]:
            score = place_score(slot)
            settle(slot, np.exp(score - score.max()))
        if len(words) < 2:
            for slot in words:
                score = place_score(slot)
                settle(slot, np.exp(score - score.max()))
            return
        before, given = words[-2], words[-1]
        given_place = [place_log_prob(given, k, "given") for k in range(len(given.cands))]
        # A middle name that tells a gender further back ("Hà Thị Kim Dung"): the word right before
        # the given name is weighed below; this one weighs the given name's own prior.
        settled = [s.cands[s.choice].form.lower() for s in words[:-2]]
        cue = next((w for w in settled if w in names.cued), None)
        if cue is not None:
            given_place = [names.given_with_cue(cue, c.form.lower(), lp)
                           for c, lp in zip(given.cands, given_place, strict=True)]
        joint = place_score(before)[:, None] + np.array([
            [(-channel_cost(c, "given")
              + weight * names.given_after(b.form.lower(), c.form.lower(), lp)) / temp
             for c, lp in zip(given.cands, given_place, strict=True)]
            for b in before.cands])
        joint = np.exp(joint - joint.max())
        settle(before, joint.sum(axis=1))
        settle(given, joint.sum(axis=0))

    def decode(self, slots: list[Slot]) -> float:
        """Exact trigram Viterbi over one run (a clause) and forward-backward posteriors; returns
        the best path's score (the language model's log-probability less the channel costs).

        The lattice is small (at most max_candidates per word), so every trigram the run can use
        is looked up in one vectorised call, and the state is the pair (previous word, word)."""
        if not slots:
            return 0.0
        margin = self.params.get("decode_margin")
        # Not on an engine the channel does not know: its costs say less (a digit read for a
        # letter costs much, and is often the word).
        if margin is not None and not self.fallback:
            _prune(slots, margin, self.lm.log_freq, self.params.get("evidence_prune_margin", 0.0))
        if self.params.get("context_extra_cost") is None or self.marks_only:
            return self._viterbi(slots)
        below = self.params.get("context_below")
        if below is None:
            self.add_context_candidates(slots)
            return self._viterbi(slots)
        # The neighbours' candidates only where the letters' candidates left the decoder in doubt,
        # decoded again: a run it is sure of keeps its reading (the open sets read the same, one
        # word in 24,000 aside, in three quarters of the time).
        score = self._viterbi(slots)
        doubt = {i for i, s in enumerate(slots)
                 if not s.fixed and s.posterior and max(s.posterior) < below}
        if not doubt or not self.add_context_candidates(slots, doubt):
            return score
        return self._viterbi(slots)

    def _viterbi(self, slots: list[Slot]) -> float:
        weight = self.params["lm_weight"]
        temp = self.params.get("temperature", 1.0)
        ids = [np.array([BOS]), np.array([BOS])] + [
            np.array([c.lm_id for c in s.cands], dtype=np.int64) for s in slots] + [np.array([EOS])]
        costs = [np.zeros(1), np.zeros(1)] + [np.array([c.cost for c in s.cands]) for s in slots] + [
            np.zeros(1)]
        # One batched look-up: for step t, every (u, v, w) in cands[t-2] x cands[t-1] x cands[t].
        flat, steps = self.lm.lattice_buffer(ids, self.params.get("adapt_weight", 1.0))
        # Each step's scores, (weight * ln p - cost) / temp, in place in the lattice's one buffer.
        if weight != 1.0:
            flat *= weight
        for t, step in enumerate(steps, start=2):
            step -= costs[t][None, None, :]
        if temp != 1.0:
            flat /= temp
        # Viterbi over states (v, w), and the forward pass in the probability domain: each step's
        # scores are exponentiated once (shifted by their maximum) and the sums are products.
        sizes = np.array([step.size for step in steps])
        ends = np.cumsum(sizes)
        shifted = np.exp(flat - np.repeat(np.maximum.reduceat(flat, ends - sizes), sizes))
        factors = [shifted[e - n:e].reshape(step.shape)
                   for step, e, n in zip(steps, ends.tolist(), sizes.tolist(), strict=True)]
        best = np.zeros((1, 1))
        backs = []
        alphas = [np.ones((1, 1))]
        for step, factor in zip(steps, factors, strict=True):
            cand = best[:, :, None] + step
            backs.append(cand.argmax(axis=0))
            best = cand.max(axis=0)
            alpha = np.einsum("ab,abc->bc", alphas[-1], factor)
            alphas.append(alpha / max(alpha.sum(), 1e-300))
        # Back-trace: the last step is </s>.
        b, c = np.unravel_index(int(best.argmax()), best.shape)
        path = [int(c), int(b)]
        for t in range(len(backs) - 1, -1, -1):
            a = int(backs[t][path[-1], path[-2]])
            path.append(a)
        path.reverse()  # indices for BOS, BOS, slots..., EOS
        for i, slot in enumerate(slots):
            slot.choice = path[i + 2]
        # Backward pass and marginals.
        beta = np.ones_like(alphas[-1])
        for t in range(len(steps) - 1, -1, -1):
            # alphas[t + 1] and beta are over the states (position t+1, position t+2) of `ids`;
            # position t+2 is slot t.
            if t < len(slots):
                post = (alphas[t + 1] * beta).sum(axis=0)
                total = post.sum()
                if total > 0:
                    slots[t].posterior = (post / total).tolist()
                else:  # every path underflowed: the Viterbi choice alone
                    slots[t].posterior = [float(k == slots[t].choice) for k in range(len(post))]
            beta = np.einsum("abc,bc->ab", factors[t], beta)
            beta = beta / max(beta.sum(), 1e-300)
        return float(best.max())
