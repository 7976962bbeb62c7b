"""The sealed set (data/sealed, scripts/make_sealed.py) is what it claims to be: at least 40
documents, each with its clean text and three readings line for line, in faces and layouts the
training pages never use. (Its figures are measured by scripts/bench_restore.py --sealed only.)"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.training.synth import SERIF_FACES

SEALED = Path(__file__).resolve().parents[1] / "data" / "sealed"


def test_sealed_set_is_complete_and_unlike_the_training_pages() -> None:
    manifest = json.loads((SEALED / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) >= 40
    training_faces = {f.regular for f in SERIF_FACES}
    for name, entry in manifest.items():
        clean = (SEALED / f"{name}.clean.txt").read_text(encoding="utf-8").split("\n")
        assert len(clean) == entry["lines"] + 1  # one line per printed line, and a final newline
        for reading in ("eng", "legacy", "vie"):
            read = (SEALED / f"{name}.{reading}.txt").read_text(encoding="utf-8")
            assert len(read.split("\n")) == len(clean)
        assert entry["face"] not in training_faces
        assert entry["style"]["layout"] == "plain" and entry["style"]["font_size"] not in (12.0, 13.0, 14.0)
    assert {e["photocopy"] for e in manifest.values()} == {True, False}
    assert "--oem 0" in next(iter(manifest.values()))["readings"]["legacy"]
