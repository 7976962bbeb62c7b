"""The training corpus (clean Vietnamese administrative text) and its fixed held-out split.

The corpus is given on the command line when training (`decree train --corpus DIR`); the product never
reads it at run time. The split is a pure function of each document's id, so every model, every
synthetic pair set and every benchmark agrees on which documents were never trained on.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# About 1 document in 64 of each source is held out, never used for
# training or for making synthetic pairs. Small sources (admin-congbot: 53 docs) still give some.
HELDOUT_BUCKETS = 64
# How many times each domain document counts against the corpus's. The corpus is legal and
# administrative text (8.7 M syllables) where an emulation report's words are rare ("các ấp",
# "hộ hội viên", "hiến đất"); measured on a third of the open labelled set kept out of training:
# errors 1025 without it, 759 at 1, 734 at 4, 726 at 8.
DOMAIN_WEIGHT = 4


@dataclass(frozen=True)
class CorpusDoc:
    doc_id: str  # the corpus's own id, e.g. "tvpl:001c610b2efdcf0c"
    source: str  # file stem, e.g. "admin-provincial-central-2025"
    text: str


def _bucket(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) % HELDOUT_BUCKETS


def is_heldout(doc_id: str) -> bool:
    """True for the documents kept out of all training: the measurement set."""
    return _bucket(doc_id) == 0


@dataclass(frozen=True)
class DomainText:
    """Clean documents of the archive's own kind (plans, decisions, reports on emulation and rewards):
    each `NAME.txt` of `folder` (not its twins, `NAME.eng.txt`), counted `weight` times."""

    folder: Path
    weight: int = DOMAIN_WEIGHT

    def docs(self) -> Iterator[CorpusDoc]:
        for path in sorted(self.folder.glob("*.txt")):
            if "." in path.name[: -len(".txt")]:
                continue
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            for copy in range(self.weight):
                yield CorpusDoc(doc_id=f"domain:{path.stem}:{copy}", source="domain", text=text)


def training_docs(corpus_dir: Path | str, domain: DomainText | None = None) -> Iterator[CorpusDoc]:
    """What the language, case and name models learn from: the corpus's training part, then the
    domain documents."""
    yield from iter_corpus(corpus_dir, split="train")
    if domain is not None:
        yield from domain.docs()


def iter_corpus(corpus_dir: Path | str, *, split: str = "train") -> Iterator[CorpusDoc]:
    """Documents of every `*.jsonl` file in `corpus_dir` (sorted by file name, then file order).

    split: "train" (not held out), "heldout", or "all".
    """
    if split not in ("train", "heldout", "all"):
        raise ValueError(f"unknown split {split!r}")
    for path in sorted(Path(corpus_dir).glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                row = json.loads(raw)
                doc_id = str(row["id"])
                held = is_heldout(doc_id)
                if (split == "train" and held) or (split == "heldout" and not held):
                    continue
                text = unicodedata.normalize("NFC", row["text"])
                yield CorpusDoc(doc_id=doc_id, source=path.stem, text=text)
