"""Training the language side: what the corpus gives the language model, and the shipped
candidate caches kept in step with it."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from pipeline.restore.decode import Decoder
from pipeline.restore.model import RestoreModel, read_json_gz, restore_dir
from pipeline.restore.text import lm_tokens
from pipeline.training.train import one_syllable_printing, refresh_candidate_cache, unaccented


def test_clauses_written_without_marks_are_left_out_of_the_language_model() -> None:
    runs = lm_tokens("Phu luc kem theo nghi dinh so 93. Ủy ban nhân dân tỉnh Cao Bằng; an ninh trật tự")
    assert [unaccented(run) for run in runs] == [True, False, False]
    assert not unaccented(["an", "ninh"])  # too short to tell
    assert not unaccented(["<num>", "<num>", "<num>", "<num>"])


def test_candidate_cache_is_recomputed_with_the_current_models(tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(restore_dir(), models)
    path = models / "candidates_eng.json.gz"
    # A stale cache, as a language model trained alone would leave it: costs of another vocabulary.
    stale = {"Pai": [["pai", 0.0, 1]], "hdi": [["hdi", 0.0, 1]]}
    path.write_bytes(gzip.compress(json.dumps(stale).encode("utf-8")))
    refresh_candidate_cache(models, "eng", log=lambda _: None)
    table = json.loads(gzip.decompress(path.read_bytes()))
    assert sorted(table) == ["Pai", "hdi"]
    path.unlink()
    fresh = Decoder(RestoreModel.load(models), "eng")
    for printed, rows in table.items():
        assert rows == [[c.form, round(c.cost, 4), int(c.cased)] for c in fresh.candidates(printed)]
    assert "đại" in [row[0] for row in table["Pai"]]


def test_a_word_with_letters_for_two_syllables_is_no_printing_of_one() -> None:
    assert one_syllable_printing("nguoi", "người") and one_syllable_printing("thuomg", "thưởng")
    assert not one_syllable_printing("thuongcong", "thưởng")
    for engine in ("eng", "vie"):  # the shipped whole-word tables hold none
        words = read_json_gz(restore_dir() / f"channel_{engine}.json.gz")["words"]
        assert all(one_syllable_printing(p, c) for p, row in words.items() for c in row)
