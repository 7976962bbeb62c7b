"""Learning from the archivists: their word corrections, as (printed word, corrected word) pairs per OCR
engine, for the restoration models to fold into their lexicon and channel counts.

This module composes the store and the restoration trainer the way the CLI does; neither stage knows
about the other. A correction is learned from once: the ids already folded into a model folder are kept
in a ledger file there, so running `decree train --corrections DB` twice does not count them twice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Document
from pipeline.files import write_atomic
from pipeline.store import Correction, Store, TargetNotFound, locate_word
from pipeline.vietnamese import nfc

# The reading a word came from says which OCR engine garbled it: text layers and text files hold the
# archive's English-model OCR, `ocr_vie` is Tesseract's Vietnamese model.
ENGINE_OF_READING = {"pdf_text": "eng", "txt": "eng", "ocr_vie": "vie"}
LEDGER = "folded_corrections.json"
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass
class CorrectedWords:
    pairs: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # engine -> counts
    correction_ids: list[int] = field(default_factory=list)  # the corrections these pairs came from

    def __len__(self) -> int:
        return sum(sum(c.values()) for c in self.pairs.values())


def corrected_words(store: Store, skip: Iterable[int] = ()) -> CorrectedWords:
    """The (printed, corrected) pairs of every word whose value archivists changed, per engine.

    Only the value that stands counts: a correction later undone, or set back to what the machine
    said, teaches nothing. Corrections whose id is in `skip` (already learned from) are left out.
    """
    skipped = set(skip)
    standing: dict[tuple[str, str], list[Correction]] = {}
    for correction in store.corrections():
        if correction.kind == "word":
            standing.setdefault((correction.doc_id, correction.target), []).append(correction)
    out = CorrectedWords()
    versions: dict[tuple[str, int], Document] = {}
    for (doc_id, target), history in standing.items():
        ids = [c.id for c in history]
        if all(i in skipped for i in ids):
            continue
        last = history[-1]
        key = (doc_id, last.base_version)
        if key not in versions:
            versions[key] = store.document(doc_id, last.base_version)
        try:
            resolved, word = locate_word(versions[key], target)
        except TargetNotFound:
            continue
        value = nfc(str(last.after or "")).strip()
        machine = nfc(word.restored if word.restored is not None else word.text)
        if not value or value == machine or " " in value:
            continue
        # The models see words without the punctuation around them ("luat." is the word "luat").
        printed, value = _EDGES.sub("", nfc(word.text)), _EDGES.sub("", value)
        if not printed or not value:
            continue
        engine = ENGINE_OF_READING.get(resolved.split("/")[1], "eng")
        out.pairs.setdefault(engine, Counter())[(printed, value)] += 1
        out.correction_ids.extend(i for i in ids if i not in skipped)
    return out


def read_ledger(model_dir: Path) -> set[int]:
    path = model_dir / LEDGER
    if not path.is_file():
        return set()
    return set(json.loads(path.read_text(encoding="utf-8")).get("corrections", []))


def write_ledger(model_dir: Path, ids: set[int]) -> None:
    path = model_dir / LEDGER
    write_atomic(path, json.dumps({"corrections": sorted(ids)}) + "\n")


def reviewed_bigrams(store: Store) -> Counter[str]:
    """Syllable bigrams of every document archivists corrected, as it reads now (corrections applied):
    the archive's own phrasing, for the language model to lean towards."""
    from pipeline.restore.text import lm_tokens

    counts: Counter[str] = Counter()
    for doc_id in sorted({c.doc_id for c in store.corrections() if c.kind == "word"}):
        text = store.current_document(doc_id).restored_text
        for run in lm_tokens(text):
            counts.update(f"{v} {w}" for v, w in zip(run, run[1:], strict=False))
    return counts


def learn(store: Store, model_dir: Path) -> dict[str, int]:
    """Fold every correction not learned from yet into the restoration models in `model_dir`.
    Returns the pairs used per engine."""
    from pipeline.training.train import fold_corrections

    done = read_ledger(model_dir)
    words = corrected_words(store, skip=done)
    used: dict[str, int] = {}
    for engine, counts in sorted(words.pairs.items()):
        if not (model_dir / f"channel_{engine}.json.gz").is_file():
            continue
        used[engine] = fold_corrections(counts.elements(), engine=engine, model_dir=model_dir)
    write_ledger(model_dir, done | set(words.correction_ids))
    # Rebuilt whole from the store each time, so a document is never counted twice.
    from pipeline.restore.model import write_json_gz

    write_json_gz(model_dir / "adapt.json.gz", {"bigrams": dict(reviewed_bigrams(store))})
    return used
