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
