"""What Vietnamese people's names are made of, learnt from the clean corpus (`decree train`).

A name is a surname, middle names and a given name ("Nguyễn Thị Thu Hương"). A name standing alone,
as under a signature, has no sentence around it for the language model to restore it by, and the
general model prefers common words: "Văn Hóa" (culture) over the name "Văn Hòa", "Trưởng" (head) over
the surname "Trương". What a name's words are at each place is strong evidence instead: the
restoration decodes a name line with these counts (pipeline.restore.decode.Decoder.decode_name).

Names are found three ways in the training part of the corpus: after a cue ("ông", "đồng chí"), as a
signature line under a title in capitals at a document's end, and, once the surnames are known from
those, as three or four capitalised words in running text starting with a surname. Each distinct name
counts once, so that a leader named on every page does not outweigh a thousand names seen once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.restore.model import load_rules, write_json_gz
from pipeline.training.corpus import DomainText, training_docs
from pipeline.vietnamese import nfc, tone_style

RULES_PATH = Path(__file__).with_name("person_names.json")
TRAILING = ",.;:)"
POSITIONS = ("surname", "middle", "given")


def _rules() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def title_case(word: str) -> bool:
    """'Hương', 'A' (a middle name of the H'Mông: "Giàng A Pao"); not 'UBND', 'tỉnh' or '2020'."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _capitals(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _ends_name(word: str, opens: bool, stop: set[str], names_too: set[str]) -> bool:
    """Whether `word` cannot be in a name there: a word of `stop` (a title's, a body's, a kinship
    word) unless it is also a name's word (`names_too`: "Thành", "Quốc") and does not open the name."""
    return word in stop and (opens or word not in names_too)


def _run_after(tokens: list[str], start: int, limit: int, stop: set[str], names_too: set[str],
               first: bool = True) -> list[str]:
    """The capitalised words from `start` on, up to `limit`, ending at punctuation or at a word
    that cannot be in a name (`_ends_name`; `first`: the run opens the name)."""
    run: list[str] = []
    for token in tokens[start:start + limit]:
        core = token.rstrip(TRAILING)
        if not title_case(core) or _ends_name(core, first and not run, stop, names_too):
            break
        run.append(core)
        if core != token:
            break
    return run


def _is_name(run: list[str], most: int) -> bool:
    # A one-letter last word is a placeholder ("Nguyễn Văn A" in a form), not a given name.
    return 2 <= len(run) <= most and len(run[-1]) > 1


def cued_and_signed(text: str, rules: dict) -> Iterable[tuple[str, ...]]:
    stop = set(rules["not_name_words"])
    names_too = set(rules["name_words_too"])
    cues = [c.split() for c in rules["cues"]]
    most = rules["max_words"]
    lines = text.split("\n")
    for line in lines:
        tokens = line.split()
        lowered = [t.lower() for t in tokens]
        for i in range(len(tokens)):
            for cue in cues:
                if lowered[i:i + len(cue)] == cue:
                    run = _run_after(tokens, i + len(cue), most, stop, names_too)
                    if _is_name(run, most):
                        yield tuple(run)
    # A signature: a line of capitalised words only, under a title in capitals, near the end.
    tail = lines[-8:]
    for j, line in enumerate(tail):
        tokens = line.split()
        if _is_name(tokens, most) and all(
                title_case(t) and not _ends_name(t, n == 0, stop, names_too) for n, t in enumerate(tokens)
        ) and any(_capitals(above) for above in tail[max(0, j - 3):j]):
            yield tuple(tokens)


def with_surname(text: str, surnames: set[str], rules: dict) -> Iterable[tuple[str, ...]]:
    """Three or four capitalised words in running text, the first a known surname. Two words are not
    enough ("Hà Nội" starts with the surname Hà), nor is the start of a sentence."""
    stop = set(rules["not_name_words"])
    names_too = set(rules["name_words_too"])
    most = rules["max_words"]
    for line in text.split("\n"):
        tokens = line.split()
        i = 1
        while i < len(tokens):
            if tokens[i] in surnames and not tokens[i - 1].endswith((".", ":")):
                run = [tokens[i]] + _run_after(tokens, i + 1, most - 1, stop, names_too, first=False)
                if 3 <= len(run) and _is_name(run, most):
                    yield tuple(run)
                i += len(run)
            else:
                i += 1


def harvest(corpus: Path, domain: DomainText | None = None) -> set[tuple[str, ...]]:
    """Distinct names in the training part of the corpus (and the domain documents), in NFC and the
    lexicon's tone style."""
    rules = _rules()
    texts = [nfc(doc.text) for doc in training_docs(corpus, domain)]
    found: set[tuple[str, ...]] = set()
    for text in texts:
        found.update(cued_and_signed(text, rules))
    starts = Counter(name[0] for name in found)
    surnames = {s for s, n in starts.items() if n >= rules["surname_min_count"]}
    for text in texts:
        found.update(with_surname(text, surnames, rules))
    return {tuple(tone_style(w) for w in name) for name in found}


def position_counts(names: Iterable[tuple[str, ...]], cues: Iterable[str] = ()) -> dict[str, dict[str, int]]:
    """How many distinct names have each (lower-case) word as surname, middle name, given name, and
    each (word before, given name) pair: the middle name tells the given name's gender ("Văn Hòa",
    "Thị Hoa"). With `cues` (middle names that tell a gender: "thị", "văn"), also "given <cue>": the
    given names of the names holding that cue anywhere among their middle names ("Hà Thị Kim Dung":
    the word before the given name, "Kim", tells nothing)."""
    cues = list(cues)
    counts: dict[str, Counter[str]] = {p: Counter() for p in (*POSITIONS, "before_given")}
    for cue in cues:
        counts[f"given {cue}"] = Counter()
    for name in names:
        words = [w.lower() for w in name]
        counts["surname"][words[0]] += 1
        counts["given"][words[-1]] += 1
        counts["middle"].update(words[1:-1])
        counts["before_given"][f"{words[-2]} {words[-1]}"] += 1
        for cue in cues:
            if cue in words[1:-1]:
                counts[f"given {cue}"][words[-1]] += 1
    return {p: dict(sorted(c.items())) for p, c in counts.items()}


def with_listed(counts: dict[str, dict[str, int]], rules: dict) -> dict[str, dict[str, int]]:
    """The corpus's counts, each listed surname and middle name counted `listed_count` times more: a
    corpus of a few thousand names misses surnames every archive has ("Lục", "Quàng")."""
    extra = rules["listed_count"]
    out = {p: dict(c) for p, c in counts.items()}
    listed = {"surname": load_rules()["person_names"]["surnames"], "middle": rules["middle_names"]}
    for place in ("surname", "middle"):
        for word in listed[place]:
            word = tone_style(nfc(word)).lower()
            out[place][word] = out[place].get(word, 0) + extra
        out[place] = dict(sorted(out[place].items()))
    return out


def build_names(corpus: Path, out: Path, log=print, domain: DomainText | None = None) -> None:
    names = harvest(corpus, domain)
    counts = with_listed(position_counts(names, _rules()["gender_cues"]), _rules())
    write_json_gz(out / "names.json.gz", {"names": len(names), **counts})
    log(f"names: {len(names)} distinct names; " + ", ".join(
        f"{len(counts[p])} {p}s" for p in POSITIONS))
