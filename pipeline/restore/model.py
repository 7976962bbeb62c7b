"""The restoration models as one object, loaded lazily once per process from models/restore/."""

from __future__ import annotations

import bisect
import gc
import gzip
import json
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from pathlib import Path

from pipeline import models
from pipeline.errors import ModelDamaged, one_line
from pipeline.files import atomic_path
from pipeline.restore.channel import Channel, chunk_shares
from pipeline.restore.lexicon import Lexicon
from pipeline.restore.lm import SyllableLM
from pipeline.restore.places import unit_syllables
from pipeline.vietnamese import TONE_NAMES, is_syllable, nfc, spelt_rhyme, strip_tone, tone_style

RULES_PATH = Path(__file__).with_name("rules.json")
ENGINES = ("eng", "vie")


def load_rules() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def read_json_gz(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def write_json_gz(path: Path, data: dict) -> None:
    """Atomically, with a fixed mtime so that a rebuilt model is byte-identical."""
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with atomic_path(path) as tmp, open(tmp, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(raw)


@dataclass
class Calibration:
    """From a word's evidence to the probability it is right (per engine): a logistic score over
    a few features (decode.confidence_features), then an isotonic map fitted on held-apart pairs.
    Without weights the score is the posterior itself."""

    xs: list[float] = field(default_factory=lambda: [0.0, 1.0])
    ys: list[float] = field(default_factory=lambda: [0.0, 1.0])
    weights: list[float] | None = None

    def score(self, features: list[float]) -> float:
        if not self.weights:
            return features[1]
        z = sum(map(mul, self.weights, features[2:]))  # the features are fixed: confidence_features
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def __call__(self, features: list[float]) -> float:
        # The isotonic map, interpolated as np.interp does (a word's confidence is one call, and
        # numpy's call costs more than the arithmetic on one number).
        x, xs, ys = self.score(features), self.xs, self.ys
        j = bisect.bisect_right(xs, x)
        if j == 0:
            return float(ys[0])
        if j == len(xs):
            return float(ys[-1])
        if x == xs[j - 1]:
            return float(ys[j - 1])
        slope = (ys[j] - ys[j - 1]) / (xs[j] - xs[j - 1])
        return float(slope * (x - xs[j - 1]) + ys[j - 1])


@dataclass
class EngineModel:
    channel: Channel
    words: dict[str, dict[str, float]]  # printed word (lower) -> clean syllable -> count
    reverse: dict[str, list[tuple[str, float]]]  # printed chunk -> (clean base chunk, -ln P)
    calibration: Calibration
    cache: dict = field(default_factory=dict)  # printed word -> candidates (decode.Decoder)
    # printed word -> candidates with the generic channel's (Decoder.fallback: unfamiliar text)
    fallback_cache: dict = field(default_factory=dict)
    shipped: dict = field(default_factory=dict)  # printed word -> precomputed [form, cost, cased]
    # (printed word, side, neighbour id) -> [(syllable id, channel cost, bigram ln p)]
    # (Decoder.add_context_candidates)
    context_cache: dict = field(default_factory=dict)
    corrected: dict = field(default_factory=dict)  # printed word -> archivists' reading -> count
    word_totals: dict = field(default_factory=dict)  # clean syllable -> times seen in the pairs
    # An adapted channel has rows for a word's first letter printed as a capital ("^đ" -> "^p").
    capitals: bool = False
    # Adapted to a batch from an engine the trained channel did not know (adapt.Profile.unfamiliar):
    # its readings are restored as such (engine.ReadingRestorer.plan) however well the adapted
    # channel now explains them, since what it learned was learned without gold.
    unfamiliar: bool = False
    # An adapted engine's words from its batch alone (adapt.Profile.words), and their totals.
    batch_words: dict | None = None
    batch_word_totals: dict | None = None

    def __post_init__(self) -> None:
        self.word_totals.update(syllable_totals(self.words))


def syllable_totals(words: dict[str, dict[str, float]]) -> dict[str, float]:
    """Times each clean syllable was seen in a word table (printed word -> syllable -> count)."""
    totals: dict[str, float] = {}
    for readings in words.values():
        for form, count in readings.items():
            totals[form] = totals.get(form, 0.0) + count
    return totals


_TONES: tuple[str | None, ...] = (None, *TONE_NAMES.values())


@dataclass
class NameModel:
    """What people's names are made of (pipeline.training.names): for each place in a name
    (surname, middle, given), how many distinct names of the corpus have each word there."""

    counts: dict[str, dict[str, int]]
    pairs: dict[str, int] = field(default_factory=dict)  # "word_before given" -> distinct names
    # The surnames there are (rules.json person_names.surnames; empty: no list) and what a word
    # none of them costs at the surname's place, in nats.
    surnames: frozenset[str] = frozenset()
    unlisted_surname_cost: float = 0.0
    # Middle name that tells a gender ("thị") -> given name -> distinct names holding both.
    cued: dict[str, dict[str, int]] = field(default_factory=dict)
    # The places whose words are an open class (rules.json person_names.open_places: middle and given
    # names), and how many syllables share the mass of the words the corpus never showed there.
    open_places: frozenset[str] = frozenset()
    open_size: int = 0
    # How many distinct words spelt as no syllable (the minorities' "Kdăm", "Byă", "Yul") share
    # the part of the unseen mass such words take (rules.json person_names.foreign_names).
    foreign_kinds: int = 0

    @classmethod
    def with_surnames(cls, counts: dict[str, dict[str, int]], pairs: dict[str, int],
                      rules: dict, cued: dict[str, dict[str, int]] | None = None) -> NameModel:
        """The corpus's counts with the closed class of surnames: each listed one counts at least
        `surname_floor` names at the surname's place (a rare one the corpus lacks is still known)."""
        listed = frozenset(tone_style(nfc(w)).lower() for w in rules.get("surnames", ()))
        floor = int(rules.get("surname_floor", 0))
        surname = dict(counts.get("surname", {}))
        for word in listed:
            surname[word] = max(surname.get(word, 0), floor)
        cost = float(rules.get("unlisted_surname_cost", 0.0))
        return cls({**counts, "surname": surname}, pairs, listed, cost, cued or {},
                   frozenset(rules.get("open_places", ())),
                   foreign_kinds=int(rules.get("foreign_names", {}).get("kinds", 0)))

    def __post_init__(self) -> None:
        self.totals = {p: sum(c.values()) for p, c in self.counts.items()}
        anywhere: dict[str, int] = {}
        for c in self.counts.values():
            for word, n in c.items():
                anywhere[word] = anywhere.get(word, 0) + n
        self.anywhere = anywhere
        self.anywhere_total = sum(anywhere.values())
        self.cued_totals = {cue: sum(row.values()) for cue, row in self.cued.items()}
        # Good-Turing: the share of a place's words never seen there is about the share of words
        # seen there once (379 of 2,387 given names: a given name is as often a rare one).
        self.unseen_share = {p: sum(1 for n in c.values() if n == 1) / self.totals[p]
                             for p, c in self.counts.items() if p in self.open_places and self.totals[p]}
        # How that share falls on the six tones: as on the place's words seen once (an English
        # engine drops tones, and its channel cannot tell "Thoan" from "Thoạn").
        self.unseen_tones: dict[str, dict[str | None, float]] = {}
        for p in self.unseen_share:
            once = [strip_tone(w)[1] for w, n in self.counts[p].items() if n == 1]
            self.unseen_tones[p] = {t: (once.count(t) + 1) / (len(once) + 6) for t in _TONES}
        # The part of a place's unseen words spelt as no syllable: as among its words seen once
        # (given names: 15 of 379, foreigners' and the minorities' names).
        self.foreign_share = {p: sum(1 for w, n in self.counts[p].items() if n == 1 and not is_syllable(w))
                              / max(1, sum(1 for n in self.counts[p].values() if n == 1))
                              for p in self.unseen_share}
        self.before_totals: dict[str, int] = {}
        self.before_kinds: dict[str, int] = {}
        for pair, n in self.pairs.items():
            before = pair.split(" ", 1)[0]
            self.before_totals[before] = self.before_totals.get(before, 0) + n
            self.before_kinds[before] = self.before_kinds.get(before, 0) + 1
        self.pair_discount = _discount(self.pairs.values())
        self.cued_discount = _discount(n for row in self.cued.values() for n in row.values())

    def log_prob(self, word: str, place: str, unigram: float, smoothing: tuple[float, float]) -> float:
        """ln P(word | place in a name), backed off to the word anywhere in a name, then to the
        word's frequency in all text (`unigram`, a probability): a name no corpus holds still has
        words that are common in names first, then words that are common at all."""
        at_place, anywhere = smoothing
        p_any = (self.anywhere.get(word, 0) + anywhere * unigram) / (self.anywhere_total + anywhere)
        counts = self.counts.get(place, {})
        p = (counts.get(word, 0) + at_place * p_any) / (self.totals.get(place, 0) + at_place)
        unseen = self.unseen_share.get(place)
        if unseen and self.is_foreign(word, place):
            return math.log(unseen * self.foreign_share[place] / self.foreign_kinds)
        if unseen and self.is_open(word, place):
            # Middle and given names are an open class: a syllable no corpus shows in a name
            # ("Thoan", "Páo") has the share of such names, not its share of running text.
            # Spread as the syllables are in all text (names are made of common words more than
            # rare ones: "Thông" before "Thong"), and half of it evenly, by tone, for those no text holds.
            even = 6 * self.unseen_tones[place][strip_tone(word)[1]] / self.open_size
            p = (1.0 - unseen) * p + unseen * (unigram + even) / 2
        log_p = math.log(p)
        if place == "surname" and self.surnames and word not in self.surnames:
            # Surnames are a closed class: a common word ("Báo", "Quảng") is no surname however
            # often text prints it.
            log_p -= self.unlisted_surname_cost
        return log_p

    def is_open(self, word: str, place: str) -> bool:
        """Whether `word` may be a name at `place` though no corpus showed it there: the place's
        words are an open class and the word is spelt as a syllable."""
        return (place in self.unseen_share and self.open_size > 0 and is_syllable(word)
                and spelt_rhyme(strip_tone(word)[0]))

    def is_foreign(self, word: str, place: str) -> bool:
        """Whether `word` may be a name at `place` as a word of another language: the place's
        words are an open class, some of them spelt as no syllable, and `word` is letters that
        spell none ("kdam", "yul")."""
        return (self.foreign_kinds > 0 and self.foreign_share.get(place, 0.0) > 0.0
                and word.isalpha() and not is_syllable(word))

    def given_with_cue(self, cue: str, given: str, log_given: float) -> float:
        """ln P(given name | the name holds the middle name `cue`), backed off to ln P(given name)
        (`log_given`): "Thị" anywhere before it makes "Dung" likelier than "Dũng"."""
        row = self.cued.get(cue)
        if not row:
            return log_given
        return _discounted(row.get(given, 0), self.cued_totals[cue], len(row), self.cued_discount, log_given)

    def given_after(self, before: str, given: str, log_given: float) -> float:
        """ln P(given name | the word before it), backed off to ln P(given name) (`log_given`):
        "Văn" (a man's middle name) makes "Hòa" likelier than "Hoa"."""
        total = self.before_totals.get(before, 0)
        if not total:
            return log_given
        return _discounted(self.pairs.get(f"{before} {given}", 0), total, self.before_kinds[before],
                           self.pair_discount, log_given)


def _discount(counts: Iterable[int]) -> float:
    """Absolute discounting's D from the counts of counts (Ney, Essen and Kneser 1994): n1 / (n1 + 2 n2).
    Most pairs of a name's words are seen once, and a pair seen once ("Ngọc Chiêu") is weak
    evidence against a given name that is common alone ("Hiếu")."""
    seen = list(counts)
    once, twice = seen.count(1), seen.count(2)
    return once / (once + 2 * twice) if once else 0.5


def _discounted(seen: int, total: int, kinds: int, discount: float, log_backoff: float) -> float:
    """ln of an absolutely discounted estimate: the seen count less `discount`, the mass taken
    from the `kinds` words seen given out by the back-off distribution."""
    return math.log(max(seen - discount, 0.0) / total + discount * kinds / total * math.exp(log_backoff))

@dataclass
class RestoreModel:
    lm: SyllableLM
    lexicon: Lexicon
    engines: dict[str, EngineModel]
    rules: dict
    params: dict
    names: NameModel | None = None
    # What pure functions of the model computed, kept for the process: a restored form's confidence
    # cap (engine.ReadingRestorer._known_cap), asked for every word of every page.
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, model_dir: Path | None = None) -> RestoreModel:
        """The models in `model_dir` (default: models.root()/restore). A missing model is
        ModelMissing, one that cannot be read ModelDamaged: one line each, exit code 2."""
        model_dir = model_dir or restore_dir()
        models.require_restore(model_dir)
        try:
            return cls._read(model_dir)
        except Exception as exc:  # noqa: BLE001 - whatever a damaged file raises, it is a damaged model
            raise ModelDamaged(f"{model_dir}: damaged restoration model ({one_line(exc)})") from exc

    @classmethod
    def _read(cls, model_dir: Path) -> RestoreModel:
        rules = load_rules()
        visual = rules["visual_confusions"]
        lm = SyllableLM.load(model_dir / "lm.npz")
        lex = read_json_gz(model_dir / "lexicon.json.gz")
        # The abbreviations every archive of this kind prints (rules.json), whether or not the corpus
        # the lexicon was trained on had them: added at load, so a listed one needs no retraining.
        proxy = lm.id(rules["abbreviations"].get("context_like", ""))
        for form in rules["abbreviations"]["always"]:
            lex["abbreviations"].setdefault(form, 1)
            if proxy and not lm.id(form.lower()):
                # One the language model never saw is read as context like a body's abbreviation
                # it knows ("CTĐ tỉnh" as "MTTQ tỉnh"), not as an unknown word.
                lm.index[form.lower()] = proxy
        # The syllables of administrative units' names that no Vietnamese word is spelt with ("Đắk
        # Lắk", "Krông Búk", "Pleiku"): the language model has seen them, the lexicon, which keeps
        # Vietnamese syllable shapes, had left them out, so they could never be restored.
        for syllable in unit_syllables():
            if lm.id(syllable) and syllable not in lex["syllables"]:
                lex["syllables"][syllable] = int(lm.unigram_counts[lm.id(syllable)])
        lexicon = Lexicon(lex["syllables"], lex["abbreviations"], lex.get("case"))
        params = json.loads((model_dir / "params.json").read_text(encoding="utf-8"))
        engines = {}
        for name in ENGINES:
            path = model_dir / f"channel_{name}.json.gz"
            if not path.exists():
                continue
            data = read_json_gz(path)
            channel = Channel(data["counts"], visual, data.get("strength", 2.0),
                              chunk_shares(data["counts"], syllable_totals(data["words"])))
            cal = params.get("calibration", {}).get(name)
            engines[name] = EngineModel(channel, data["words"], reverse_map(channel),
                                        Calibration(**cal) if cal else Calibration())
            engines[name].corrected = data.get("corrected", {})
            shipped = model_dir / f"candidates_{name}.json.gz"
            if shipped.exists():
                engines[name].shipped = read_json_gz(shipped)
        adapted = model_dir / "adapt.json.gz"
        if adapted.exists():
            lm.adapt(read_json_gz(adapted)["bigrams"])
        names_path = model_dir / "names.json.gz"
        names = None
        if names_path.exists():
            data = read_json_gz(names_path)
            names = NameModel.with_surnames({p: data[p] for p in ("surname", "middle", "given")},
                                            data.get("before_given", {}), rules.get("person_names") or {},
                                            {k.split(" ", 1)[1]: v for k, v in data.items()
                                             if k.startswith("given ")})
            names.open_size = len(lexicon.syllables)
        # The units' names (pipeline.restore.places) are model data too: indexed with the model, not
        # on a batch's first page.
        from pipeline.restore.places import place_index

        place_index()
        return cls(lm, lexicon, engines, rules, params, names)


def reverse_map(channel: Channel) -> dict[str, list[tuple[str, float]]]:
    """For each printed chunk, the clean base-letter chunks it most likely came from, -ln P(clean|printed)."""
    from pipeline.vietnamese import base_key

    by_printed: dict[str, dict[str, float]] = {}
    for clean, printed_counts in channel.counts.items():
        for printed, n in printed_counts.items():
            if not printed or n <= 0:
                continue
            key = base_key(clean)
            slot = by_printed.setdefault(printed, {})
            slot[key] = slot.get(key, 0.0) + n
    out: dict[str, list[tuple[str, float]]] = {}
    for printed, slot in by_printed.items():
        total = sum(slot.values())
        ranked = sorted(slot.items(), key=lambda kv: -kv[1])[:4]
        out[printed] = [(k, -math.log(v / total)) for k, v in ranked if v / total >= 0.02]
    # Visual confusions stay reachable however rare they were in the pairs ("Đ" printed "P").
    for clean, printed_set in channel.visual.items():
        for printed in printed_set:
            options = out.setdefault(printed, [(base_key(printed), 0.5)] if printed.isalpha() else [])
            if all(k != base_key(clean) for k, _ in options):
                options.append((base_key(clean), 4.0))
    return out


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _cached(model_dir: str) -> RestoreModel:
    model = RestoreModel.load(Path(model_dir))
    # The model lives as long as the process and holds some hundred thousand lists and dicts (the
    # shipped candidates, the channels, the lexicon): out of the cyclic collector's scans, which
    # otherwise walked them all on every full collection (about a tenth of restoring a page).
    gc.freeze()
    return model


def get_model(model_dir: Path | None = None) -> RestoreModel:
    """The process-wide model (loaded on first use)."""
    with _LOCK:
        return _cached(str(model_dir or restore_dir()))


def restore_dir() -> Path:
    """Where the restoration models are (see pipeline.models)."""
    return models.root() / "restore"
