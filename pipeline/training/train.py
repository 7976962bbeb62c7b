"""`decree train`: rebuild models/restore/ from the corpus and the (clean, garbled) pairs files.

Deterministic for given inputs and seed: documents are split by a hash of their id, counts are
exact, and files are written with sorted keys and fixed gzip headers."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.restore import channel as channel_mod
from pipeline.restore.alignment import count_pairs
from pipeline.restore.lm import train_lm
from pipeline.restore.model import load_rules, read_json_gz, restore_dir, write_json_gz
from pipeline.restore.text import CORE_RE, lm_tokens
from pipeline.training.corpus import DomainText, training_docs
from pipeline.training.names import build_names
from pipeline.training.pairs import calibration_split, read_pairs
from pipeline.vietnamese import base_key, is_syllable, spelt_without_marks, tone_style

WORD_TABLE_MIN = 2  # printed words seen fewer times than this are left to the chunk model
SYLLABLE_MIN = 5  # corpus syllables not in a word list must occur this often
WORD_LISTS = (("wordlist-hunspell-vi_VN.txt", 0), ("wordlist-viet74k.txt", 2))


def unaccented(run: list[str]) -> bool:
    """A clause written without marks ("phu luc kem theo nghi dinh so"): file names and annex
    labels in the corpus. Such runs would teach the language model that a page left unrestored is
    likely, and a 4-gram model learns their chains by heart."""
    words = [t for t in run if t != "<num>"]
    return len(words) >= 3 and sum(not t.isascii() for t in words) <= 0.1 * len(words)


def build_language(corpus: Path, out: Path, log: Callable[[str], None],
                   domain: DomainText | None = None) -> None:
    runs: list[list[str]] = []
    cased: Counter[str] = Counter()
    for doc in training_docs(corpus, domain):
        runs.extend(run for run in lm_tokens(doc.text) if not unaccented(run))
        cased.update(t for t in CORE_RE.findall(doc.text) if sum(ch.isupper() for ch in t) >= 2)
    all_rules = load_rules()
    rules = all_rules["abbreviations"]
    abbreviations = {t: n for t, n in cased.items() if n >= rules["min_count"] and t.isalpha()
                     and not is_syllable(t.lower()) and len(t) <= 8}
    for form in rules["always"]:
        abbreviations.setdefault(form, max(1, cased.get(form, 0)))
    # The listed ampersand abbreviations are words of the vocabulary however seldom the corpus has
    # them: restoration reads each as one token (text.LM_TOKEN_RE).
    ampersands = (all_rules.get("ampersand_abbreviations") or {}).get("forms", [])
    stats = train_lm(runs, out / "lm.npz",
                     extra_vocab=[a.lower() for a in abbreviations] + [f.lower() for f in ampersands])
    log(f"language model: {stats}")
    freq = Counter(t for run in runs for t in run)
    # The spelling dictionary vouches for rare syllables; the big word list (it has place names of
    # ethnic-minority languages: "Cốc Pài") only for those the corpus also has; alone, a handful of
    # corpus hits may be a typo.
    syllables = {w: n for w, n in freq.items()
                 if n >= SYLLABLE_MIN and is_syllable(w) and not spelt_without_marks(w)}
    for name, min_count in WORD_LISTS:
        path = corpus / name
        if not path.exists():
            continue
        for entry in path.read_text(encoding="utf-8").split("\n"):
            for syl in entry.split():
                syl = tone_style(syl).lower()
                if freq.get(syl, 0) >= min_count and is_syllable(syl):
                    syllables[syl] = freq.get(syl, 0)
    case = case_counts(corpus, domain)
    write_json_gz(out / "lexicon.json.gz", {"syllables": syllables, "abbreviations": abbreviations,
                                            "case": case})
    log(f"lexicon: {len(syllables)} syllables, {len(abbreviations)} abbreviations, case of {len(case)}")


_WORD_EDGES = "()[]“”\"',.;:!?…-–"
CASE_MIN = 2  # syllables written fewer times inside sentences are left to the shares of all words


def case_counts(corpus: Path, domain: DomainText | None = None) -> dict[str, list[int]]:
    """For each syllable, how often the training corpus writes it capitalised and in small letters
    inside a sentence of a line in small letters (not first on its line, nor after a sentence's
    end or a list item's mark): names and bodies' words ("Lâm trường", "Nam") are capitalised
    there, common words are not (restore.engine.ReadingRestorer._case_evidence)."""
    rules = load_rules()["case_model"]
    ends, marks = tuple(rules["sentence_ends"]), set(rules["item_marks"])
    title: Counter[str] = Counter()
    small: Counter[str] = Counter()
    for doc in training_docs(corpus, domain):
        for line in doc.text.split("\n"):
            letters = [ch for ch in line if ch.isalpha()]
            if not letters or sum(ch.isupper() for ch in letters) >= 0.7 * len(letters):
                continue
            previous = None
            for token in line.split():
                core = token.strip(_WORD_EDGES)
                if (previous is not None and core.isalpha() and not previous.endswith(ends)
                        and previous not in marks):
                    word = tone_style(core.lower())
                    if core[:1].isupper() and (len(core) == 1 or core[1:].islower()):
                        title[word] += 1
                    elif core.islower():
                        small[word] += 1
                previous = token
    return {w: [title[w], small[w]] for w in sorted(set(title) | set(small))
            if title[w] + small[w] >= CASE_MIN}


def add_case_counts(corpus: Path, out: Path, log: Callable[[str], None]) -> None:
    """Write the case counts into an existing lexicon (a model built before they were kept)."""
    lex = read_json_gz(out / "lexicon.json.gz")
    lex["case"] = case_counts(corpus)
    write_json_gz(out / "lexicon.json.gz", lex)
    log(f"lexicon: case of {len(lex['case'])} syllables")


def word_pairs(rows: Iterable[dict], letterish: str) -> Counter[tuple[str, str]]:
    """(printed, clean) lower-case syllable pairs with counts."""
    counts = count_pairs(((r["clean"], r["garbled"]) for r in rows), letterish)
    out: Counter[tuple[str, str]] = Counter()
    for (printed, clean), n in counts.items():
        if clean.isalpha():
            out[(printed.lower(), tone_style(clean).lower())] += n
    return out


MOST_EXTRA_LETTERS = 2  # "nguoi" for "người" has none; "thuongcong" for "thưởng" has four


def one_syllable_printing(printed: str, clean: str) -> bool:
    """Whether `printed` can be how an engine printed the one syllable `clean`: not a word with
    letters enough for two ("thuongcong", a two-column header's "THƯỞNG" and "CỘNG" run together
    and aligned to the first). The whole-word table would offer such a word as that syllable at
    little cost and lose the other; the merged-word split reads it instead."""
    return not (printed.isalpha() and len(printed) - len(base_key(clean)) > MOST_EXTRA_LETTERS)


def build_channel(pairs_file: Path, out: Path, engine: str, seed: int, log: Callable[[str], None],
                  corrections: Counter[tuple[str, str]] | None = None) -> None:
    rules = load_rules()
    rows = [r for r in read_pairs(pairs_file) if not calibration_split(r["doc"], seed)]
    pairs = word_pairs(rows, rules["letterish"])
    if corrections:
        pairs.update(corrections)
    channel = channel_mod.learn(pairs, rules["visual_confusions"])
    words: dict[str, dict[str, int]] = {}
    for (printed, clean), n in pairs.items():
        if n >= WORD_TABLE_MIN and one_syllable_printing(printed, clean):
            words.setdefault(printed, {})[clean] = n
    counts = {c: {p: round(k, 2) for p, k in v.items()} for c, v in channel.counts.items()}
    write_json_gz(out / f"channel_{engine}.json.gz", {"counts": counts, "strength": channel.strength,
                                                      "words": words, "lines": len(rows)})
    log(f"channel {engine}: {len(rows)} lines, {sum(pairs.values())} word pairs, "
        f"{len(pairs)} distinct, {sum(len(v) for v in counts.values())} chunk pairs")


CACHED_WORDS = 8000  # most frequent printed words whose candidates ship with the model
# An engine that knows Vietnamese prints the syllables themselves, in small letters, capitalised
# (a sentence's or a name's first word) and in capitals (headings): the most frequent ones ship
# too, in the three forms, whether or not the synthetic pairs showed them so.
CACHED_SYLLABLES = 3000


def _printed_syllables(model_dir: Path) -> list[str]:
    lexicon = read_json_gz(model_dir / "lexicon.json.gz")["syllables"]
    top = sorted(lexicon, key=lambda s: (-lexicon[s], s))[:CACHED_SYLLABLES]
    return [form for syl in top for form in (syl, syl[:1].upper() + syl[1:], syl.upper())]


def build_candidate_cache(pairs_file: Path, out: Path, engine: str, seed: int,
                          log: Callable[[str], None]) -> None:
    """Precompute the candidates of the most frequent printed words: a pure speed-up (the
    decoder would compute exactly these), so a cold process restores a page at once."""
    from pipeline.restore.decode import Decoder
    from pipeline.restore.model import RestoreModel
    from pipeline.restore.text import word_pieces

    letterish = load_rules()["letterish"]
    seen: Counter[str] = Counter()
    for row in read_pairs(pairs_file):
        for token in row["garbled"].split():
            seen.update(tone_style(t) for t, is_word in word_pieces(token, letterish) if is_word
                        and not t.isdigit())
    (out / f"candidates_{engine}.json.gz").unlink(missing_ok=True)
    decoder = Decoder(RestoreModel.load(out), engine)
    table = {}
    words = [printed for printed, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:CACHED_WORDS]]
    for printed in words + (_printed_syllables(out) if engine == "vie" else []):
        table[printed] = [[c.form, round(c.cost, 4), int(c.cased)] for c in decoder.candidates(printed)]
    write_json_gz(out / f"candidates_{engine}.json.gz", table)
    log(f"candidate cache {engine}: {len(table)} printed words")


def refresh_candidate_cache(out: Path, engine: str, log: Callable[[str], None]) -> None:
    """Recompute the shipped candidates of the same printed words with the current models. The
    cached costs include the unknown-word penalty of the vocabulary they were made with, so a new
    language model needs them recomputed even when the synthetic pairs are not at hand."""
    from pipeline.restore.decode import Decoder
    from pipeline.restore.model import RestoreModel

    path = out / f"candidates_{engine}.json.gz"
    if not path.exists():
        return
    printed_words = list(dict.fromkeys(list(read_json_gz(path)) + (
        _printed_syllables(out) if engine == "vie" else [])))
    path.unlink()
    decoder = Decoder(RestoreModel.load(out), engine)
    table = {printed: [[c.form, round(c.cost, 4), int(c.cased)] for c in decoder.candidates(printed)]
             for printed in printed_words}
    write_json_gz(path, table)
    log(f"candidate cache {engine}: {len(table)} printed words recomputed")


def fold_corrections(pairs: Iterable[tuple[str, str]], engine: str = "eng",
                     model_dir: Path | None = None) -> int:
    """Fold archivists' (printed word, corrected word) pairs into the lexicon and the channel counts
    of `engine` without retraining from scratch. Returns how many pairs were used."""
    rules = load_rules()
    model_dir = model_dir or restore_dir()
    path = model_dir / f"channel_{engine}.json.gz"
    data = read_json_gz(path)
    channel = channel_mod.Channel(data["counts"], rules["visual_confusions"], data.get("strength", 2.0))
    lex = read_json_gz(model_dir / "lexicon.json.gz")
    used = 0
    for printed, corrected in pairs:
        printed, corrected = printed.lower(), tone_style(corrected).lower()
        if not corrected.isalpha():
            continue
        _, chunks = channel_mod.align(channel, corrected, printed)
        if not chunks:
            continue
        channel.fold(chunks)
        data["words"].setdefault(printed, {})
        data["words"][printed][corrected] = data["words"][printed].get(corrected, 0) + 1
        # Kept apart from the synthetic counts: a reading an archivist verified weighs more (decode).
        verified = data.setdefault("corrected", {}).setdefault(printed, {})
        verified[corrected] = verified.get(corrected, 0) + 1
        if is_syllable(corrected):
            lex["syllables"][corrected] = lex["syllables"].get(corrected, 0) + 1
        used += 1
    data["counts"] = {c: {p: round(k, 2) for p, k in v.items()} for c, v in channel.counts.items()}
    write_json_gz(path, data)
    # The shipped candidates were computed with the old counts: drop them (a speed-up only).
    (model_dir / f"candidates_{engine}.json.gz").unlink(missing_ok=True)
    write_json_gz(model_dir / "lexicon.json.gz", lex)
    return used


def train(corpus: Path, pairs_dir: Path, out: Path | None = None, seed: int = 1,
          log: Callable[[str], None] = print,
          steps: tuple[str, ...] = ("language", "channel", "cache", "calibrate"),
          corrections: dict[str, Counter[tuple[str, str]]] | None = None,
          domain: DomainText | None = None) -> float:
    """Rebuild the models; returns the seconds it took."""
    start = time.perf_counter()
    out = out or restore_dir()
    out.mkdir(parents=True, exist_ok=True)
    if "language" in steps:
        build_language(corpus, out, log, domain)
        build_names(corpus, out, log, domain)
    if "channel" in steps:
        for engine in ("eng", "vie"):
            path = pairs_dir / f"{engine}.jsonl"
            if path.exists():
                build_channel(path, out, engine, seed, log, (corrections or {}).get(engine))
            else:
                log(f"no {path}: the {engine} channel is not rebuilt")
    if "cache" in steps or "language" in steps:
        for engine in ("eng", "vie"):
            path = pairs_dir / f"{engine}.jsonl"
            if "cache" in steps and path.exists() and (out / f"channel_{engine}.json.gz").exists():
                build_candidate_cache(path, out, engine, seed, log)
            else:
                refresh_candidate_cache(out, engine, log)
    if "calibrate" in steps:
        from pipeline.training.calibrate import calibrate

        calibrate(pairs_dir, out, seed, log)
    return time.perf_counter() - start


def read_corrections(path: Path) -> dict[str, Counter[tuple[str, str]]]:
    """Archivists' corrections as (printed, corrected) word counts per engine, from JSONL rows
    {"printed": ..., "corrected": ..., "engine": "eng"|"vie"}."""
    out: dict[str, Counter[tuple[str, str]]] = {}
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            row = json.loads(raw)
            printed, corrected = row["printed"].lower(), tone_style(row["corrected"]).lower()
            if corrected.isalpha():
                out.setdefault(row.get("engine", "eng"), Counter())[(printed, corrected)] += 1
    return out
