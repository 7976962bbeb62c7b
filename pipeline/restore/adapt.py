"""Learning a batch's own OCR engine, with no gold text (issue 14, item 2).

Archives were garbled by many engines, each with its own confusions (one reads "Đ" as "P" half the
time, another as "D"); the trained channel is only a prior. Adaptation is self-training (hard EM
with soft counts): restore the batch with the current channel, align every restored word with what
was printed, count the chunk confusions weighted by the word's posterior, re-estimate the channel as
the batch's counts plus the prior's rates worth `prior_strength` observations per clean chunk, and
repeat. Printed words the batch repeats also get their own word-level evidence (which syllables they
were restored to), as the trained pairs give for the words they saw.

The result is a Profile: only the batch's counts (small, JSON), applied on top of the shipped models
by `adapted_model`. `decree adapt` writes one, `decree restore --profile` uses one, and `decree run`
makes one for a batch with enough garbled text and keeps it in the store with the batch.
"""

from __future__ import annotations

import copy
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.document import Reading
from pipeline.restore.channel import Channel, align
from pipeline.restore.lm import SyllableLM
from pipeline.restore.model import EngineModel, RestoreModel, reverse_map

PROFILE_VERSION = 1
CAPITAL = "^"  # marks a word's first chunk printed as a capital (Channel costs "^đ" -> "^p")
CAPITAL_STRENGTH = 20.0  # observations the small letter's rates are worth in a capital's row


@dataclass
class Profile:
    engine: str  # the channel it adapts: "eng" (text layers of an engine without Vietnamese)
    chunks: dict[str, dict[str, float]] = field(default_factory=dict)  # clean -> printed -> weight
    words: dict[str, dict[str, float]] = field(default_factory=dict)  # printed word -> syllable -> weight
    # Syllable bigrams the batch restored with confidence ("v w" -> weight): its own phrasing.
    bigrams: dict[str, float] = field(default_factory=dict)
    prior_strength: float = 200.0
    word_weight: float = 1.0
    rounds: int = 0
    syllables: int = 0  # restored words the counts come from (per round)
    # Most of the batch came from an engine the trained channel does not know (its readings were
    # restored with the generic channel's help): so are the readings the profile is used for.
    unfamiliar: bool = False

    def to_json(self) -> dict:
        return {"version": PROFILE_VERSION, "engine": self.engine, "prior_strength": self.prior_strength,
                "word_weight": self.word_weight, "rounds": self.rounds, "syllables": self.syllables,
                "chunks": {c: {p: round(w, 3) for p, w in v.items()} for c, v in sorted(self.chunks.items())},
                "words": {k: {s: round(w, 3) for s, w in v.items()} for k, v in sorted(self.words.items())},
                "bigrams": {k: round(w, 3) for k, w in sorted(self.bigrams.items())},
                "unfamiliar": self.unfamiliar}

    @classmethod
    def from_json(cls, data: dict) -> Profile:
        if data.get("version") != PROFILE_VERSION or "chunks" not in data:
            raise ValueError("not an adaptation profile (decree adapt writes them)")
        return cls(data["engine"], data["chunks"], data.get("words", {}), data.get("bigrams", {}),
                   data.get("prior_strength", 200.0), data.get("word_weight", 1.0), data.get("rounds", 0),
                   data.get("syllables", 0), bool(data.get("unfamiliar", False)))

    def save(self, path: Path) -> None:
        from pipeline.files import write_atomic

        write_atomic(path, json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> Profile:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def blend(prior: dict[str, dict[str, float]], batch: dict[str, dict[str, float]], strength: float
          ) -> dict[str, dict[str, float]]:
    """Counts whose rates are the batch's, pulled towards the prior's rates by `strength`
    observations per clean chunk (a Dirichlet prior): a chunk the batch rarely shows keeps the
    trained rates, one it shows often takes the batch's own."""
    out: dict[str, dict[str, float]] = {}
    for clean in set(prior) | set(batch):
        if clean.startswith(CAPITAL):
            continue
        p_counts = prior.get(clean, {})
        p_total = sum(p_counts.values())
        row = dict(batch.get(clean, {}))
        if p_total:
            for printed, n in p_counts.items():
                row[printed] = row.get(printed, 0.0) + strength * n / p_total
        if row:
            out[clean] = row
    # A capital's row is pulled towards the same letter's small-letter rates (the batch's own,
    # blended above): capitals are few, and a letter the batch shows once as a capital says little.
    for clean, row in batch.items():
        if not clean.startswith(CAPITAL):
            continue
        small = out.get(clean[len(CAPITAL):], {})
        total = sum(small.values())
        merged = dict(row)
        for printed, n in small.items():
            if total:
                merged[CAPITAL + printed] = merged.get(CAPITAL + printed, 0.0) + CAPITAL_STRENGTH * n / total
        out[clean] = merged
    return out


def adapted_model(model: RestoreModel, profile: Profile) -> RestoreModel:
    """A copy of `model` whose `profile.engine` channel is adapted (the rest is shared)."""
    if profile.engine not in model.engines:
        raise ValueError(f"the models have no {profile.engine!r} channel")
    base = model.engines[profile.engine]
    counts = blend(base.channel.counts, profile.chunks, profile.prior_strength)
    channel = Channel(counts, {c: sorted(v) for c, v in base.channel.visual.items()}, base.channel.strength,
                      base.channel.shares)
    words = {k: dict(v) for k, v in base.words.items()}
    for printed, found in profile.words.items():
        row = words.setdefault(printed, {})
        for syl, w in found.items():
            row[syl] = row.get(syl, 0.0) + profile.word_weight * w
    # The reverse map (which clean chunks a printed one may come from) needs joint counts, not
    # the per-chunk rates: the prior's counts plus the batch's, scaled to the same total.
    prior_total = sum(sum(v.values()) for v in base.channel.counts.values())
    batch_total = sum(sum(v.values()) for v in profile.chunks.values())
    scale = prior_total / batch_total if batch_total else 0.0
    joint = {c: dict(v) for c, v in base.channel.counts.items()}
    for clean, row in profile.chunks.items():
        target = joint.setdefault(clean, {})
        for printed, n in row.items():
            target[printed] = target.get(printed, 0.0) + scale * n
    reverse = reverse_map(Channel(joint, {c: sorted(v) for c, v in base.channel.visual.items()}))
    # No shipped candidates: they were computed with the trained channel.
    engine = EngineModel(channel, words, reverse, base.calibration)
    engine.corrected = base.corrected
    engine.capitals = any(c.startswith(CAPITAL) for c in counts)
    engine.unfamiliar = profile.unfamiliar or base.unfamiliar
    engine.batch_words = {k: {s: profile.word_weight * w for s, w in v.items()}
                          for k, v in profile.words.items()}
    engines = dict(model.engines)
    engines[profile.engine] = engine
    lm = with_bigrams(model.lm, profile.bigrams) if profile.bigrams else model.lm
    return RestoreModel(lm, model.lexicon, engines, model.rules, model.params)


def with_bigrams(lm: SyllableLM, bigrams: dict[str, float]) -> SyllableLM:
    """A copy of `lm` whose adaptation bonus (SyllableLM.adapt) also has the batch's bigrams."""
    out = copy.copy(lm)
    keys, bonus = [], []
    for pair, weight in bigrams.items():
        v, _, w = pair.partition(" ")
        iv, iw = lm.id(v), lm.id(w)
        if iv and iw:
            keys.append(iv * lm.size + iw)
            bonus.append(math.log1p(weight))
    old_keys = getattr(lm, "adapt_keys", None)
    all_keys = np.array(keys, dtype=np.int64)
    all_bonus = np.array(bonus, dtype=np.float64)
    if old_keys is not None and len(old_keys):
        all_keys = np.concatenate([old_keys, all_keys])
        all_bonus = np.concatenate([lm.adapt_bonus, all_bonus])
    uniq, inverse = np.unique(all_keys, return_inverse=True)
    out.adapt_keys = uniq
    out.adapt_bonus = np.bincount(inverse, weights=all_bonus, minlength=len(uniq))
    return out


def _restored_pairs(model: RestoreModel, texts: list[str], engine: str
                    ) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], Counter[str], int]:
    """Over the batch: (printed, restored syllable) lower-case pairs weighted by posterior, the same
    for words printed with a capital, the bigrams of confidently restored neighbours, and the words
    in readings from an engine the channel does not know (ReadingRestorer.unfamiliar)."""
    from pipeline.restore.engine import ReadingRestorer

    restorer = ReadingRestorer(model, engine)
    sure = model.params.get("adapt_bigram_posterior", 0.95)
    pairs: Counter[tuple[str, str]] = Counter()
    capitals: Counter[tuple[str, str]] = Counter()
    bigrams: Counter[str] = Counter()
    unfamiliar = 0
    for text in texts:
        reading = Reading.from_text("txt", text)
        _, runs = restorer.plan(reading.lines)
        if restorer.unfamiliar:
            unfamiliar += sum(len(run) for run in runs)
        for run in runs:
            if any(not s.fixed for s in run):
                restorer.decoder.decode(run)
            previous: str | None = None
            for slot in run:
                if slot.fixed or not slot.posterior:
                    previous = None
                    continue
                cand = slot.cands[slot.choice]
                printed = slot.printed.lower()
                post = slot.posterior[slot.choice]
                # Syllables only: a word kept as printed or an abbreviation says nothing of the channel.
                if not cand.cased or not any(ch.isalpha() for ch in printed):
                    previous = None
                    continue
                form = cand.form.lower()
                pairs[(printed, form)] += post
                if slot.printed[:1].isupper():
                    capitals[(printed, form)] += post
                here = form if post >= sure else None
                if previous and here:
                    bigrams[f"{previous} {here}"] += 1
                previous = here
    return pairs, capitals, bigrams, unfamiliar


def count_chunks(channel: Channel, pairs: Counter[tuple[str, str]],
                 capitals: Counter[tuple[str, str]] | None = None) -> dict[str, dict[str, float]]:
    """Chunk confusions of the weighted (printed, clean) pairs, aligned with `channel`. A word's
    first letter printed as a capital also counts under "^" + chunk: an engine may read capital Đ
    as P far more often than small đ as p, which a case-blind channel averages away."""
    counts: dict[str, dict[str, float]] = {}
    for (printed, clean), w in (capitals or {}).items():
        total, chunks = align(channel, clean, printed)
        # The first letter only (a chunk of one clean letter, or "đ"): what a capital changes.
        if total < math.inf and chunks and len(chunks[0][0]) == 1 and chunks[0][1]:
            c, p = chunks[0]
            row = counts.setdefault(CAPITAL + c, {})
            row[CAPITAL + p] = row.get(CAPITAL + p, 0.0) + w
    for (printed, clean), w in pairs.items():
        total, chunks = align(channel, clean, printed)
        if total == math.inf:
            continue
        for c, p in chunks:
            row = counts.setdefault(c, {})
            row[p] = row.get(p, 0.0) + w
        # Insertions are counted per position, as in training (channel.learn).
        slots = len(chunks) + 1 - sum(1 for c, _ in chunks if not c)
        row = counts.setdefault("", {})
        row[""] = row.get("", 0.0) + w * slots
    return counts


def adapt(model: RestoreModel, texts: list[str], engine: str = "eng", rounds: int = 3,
          prior_strength: float | None = None, log=None) -> Profile:
    """Self-train the `engine` channel on the batch's own garbled `texts`."""
    params = model.params
    strength = prior_strength if prior_strength is not None else params.get("adapt_prior_strength", 200.0)
    profile = Profile(engine, prior_strength=strength, word_weight=params.get("adapt_word_weight", 1.0))
    current = model
    for r in range(rounds):
        pairs, capitals, bigrams, unfamiliar = _restored_pairs(current, texts, engine)
        if r == 0:  # judged by the trained channel: later rounds' channel has learned the batch
            words_total = sum(len(t.split()) for t in texts)
            profile.unfamiliar = unfamiliar * 2 > max(1, words_total)
        channel = current.engines[engine].channel
        profile.chunks = count_chunks(channel, pairs, capitals)
        # A bigram met twice or more in the batch, both words restored with confidence.
        if params.get("adapt_bigrams", 1.0):
            profile.bigrams = {k: float(n) for k, n in bigrams.items() if n >= 2}
        words: dict[str, dict[str, float]] = {}
        for (printed, clean), w in pairs.items():
            words.setdefault(printed, {})[clean] = words.get(printed, {}).get(clean, 0.0) + w
        # A printed word seen once is left to the chunk model, as in training (WORD_TABLE_MIN).
        profile.words = {p: v for p, v in words.items() if sum(v.values()) >= 2.0}
        profile.rounds = r + 1
        profile.syllables = round(sum(pairs.values()))
        current = adapted_model(model, profile)
        if log:
            log(f"round {r + 1}: {profile.syllables} restored words counted")
    return profile


# Nats per word (adapt.engine_gain) below which a batch's engine counts as the trained one. The
# trained engine's own pages gain 0.01-0.05 (held-out pages; the open twin's good or photocopied
# pages alone), 0.08 when the open twin's good pages and binarised photocopies are one batch; the
# four garbled seeds 0.08 at 2,000 words, 0.10 at 4,000, 0.13 at 12,000; engines never trained for
# 0.8-1.5.
ADAPT_MIN_GAIN = 0.10
GAIN_COST_CAP = 30.0  # nats: a word either channel cannot align at all counts as this much


def engine_gain(model: RestoreModel, texts: list[str], engine: str = "eng", rounds: int = 2) -> float:
    """How differently from the trained engine the batch's engine garbles, as adaptation would see it:
    a channel adapted to one half of the batch against the trained one, on the other half's
    restored words (mean nats per word gained, both halves in turn). Held out, so the gain is what
    the batch's engine has in common across its documents, not what one half overfits: a batch of
    the trained engine gains little (0.01-0.08 nats on the held-out and open-twin pages), an
    archive's own engine more (the four seeds: 0.13), an engine never trained for much more
    (0.8-1.5)."""
    if len(texts) >= 2:
        halves = (texts[0::2], texts[1::2])
    else:
        lines = texts[0].split("\n") if texts else []
        halves = (["\n".join(lines[:len(lines) // 2])], ["\n".join(lines[len(lines) // 2:])])
    prior = model.engines[engine].channel
    gains = []
    for fit, held in (halves, halves[::-1]):
        adapted = adapted_model(model, adapt(model, fit, engine, rounds=rounds)).engines[engine].channel
        pairs, _, _, _ = _restored_pairs(model, held, engine)
        total = sum(pairs.values())
        if total:
            gains.append(sum(w * (min(prior.cost(clean, printed), GAIN_COST_CAP)
                                  - min(adapted.cost(clean, printed), GAIN_COST_CAP))
                             for (printed, clean), w in pairs.items()) / total)
    return sum(gains) / len(gains) if gains else 0.0


def learned_confusions(model: RestoreModel, profile: Profile, limit: int = 12
                       ) -> list[tuple[str, str, float, float]]:
    """What the batch taught against the prior: (clean, printed, P before, P after), the largest
    changes first, among confusions (a chunk printed as something else)."""
    base = model.engines[profile.engine].channel
    after = adapted_model(model, profile).engines[profile.engine].channel
    rows = []
    for clean, printed_counts in profile.chunks.items():
        if not clean:
            continue
        for printed in printed_counts:
            if printed == clean:
                continue
            # A capital's rate before adaptation is the small letter's.
            p0 = math.exp(-base._cost(clean.removeprefix(CAPITAL), printed.removeprefix(CAPITAL)))
            p1 = math.exp(-after._cost(clean, printed))
            rows.append((clean, printed, p0, p1))
    rows.sort(key=lambda r: -abs(r[3] - r[2]))
    # The archive's classic (capital Đ printed P) first when it was learned.
    rows.sort(key=lambda r: (r[0], r[1]) not in ((CAPITAL + "đ", CAPITAL + "p"), ("đ", "p")))
    return rows[:limit]


def texts_garbled_share(texts: list[str]) -> tuple[int, int]:
    """(words in texts guessed to come from an engine without Vietnamese, all words)."""
    from pipeline.restore.engine import guess_engine

    garbled = total = 0
    for text in texts:
        n = len(text.split())
        total += n
        if guess_engine(text) == "eng":
            garbled += n
    return garbled, total
