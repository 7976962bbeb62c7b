"""Learning from corrections: words archivists corrected in the store are folded into a copy of the
committed restoration models, once, and change what the models restore."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.document import Document, Page, Reading
from pipeline.restore.combine import restore_document
from pipeline.restore.model import RestoreModel, restore_dir
from pipeline.store import Store, word_target
from pipeline.training.learning import LEDGER, corrected_words, learn

# A sentence of the archive's garbled kind, ending in a token no model has seen.
GARBLED = "Ban Thi dua khen thuong tinh Cao Bang phat dong phong trao thi dua kqhz"
UNSEEN, TRUE = "kqhz", "khác"


def as_document(text: str, n: int) -> Document:
    page = Page(number=1, readings=[Reading.from_text("pdf_text", text)])
    page.primary = "pdf_text"
    return Document(doc_id=f"{n:016x}", source=f"doc{n}.txt", media_type="text", pages=[page])


def last_word(doc: Document) -> tuple[str, str]:
    words = doc.pages[0].readings[0].lines[0].words
    return word_target(1, 0, len(words) - 1, "pdf_text"), words[-1].restored or words[-1].text


@pytest.fixture()
def models(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(restore_dir(), target)
    return target


def store_with_corrections(path: Path, model: RestoreModel, count: int) -> Store:
    store = Store(path)
    for n in range(count):
        doc = as_document(GARBLED + " " * n, n)  # different bytes: different documents
        restore_document(model, doc)
        version = store.save_version(doc, pipeline_version="test", model_version="test")
        target, machine = last_word(doc)
        store.correct_word(doc.doc_id, target, TRUE, who="archivist", before=machine, base_version=version)
    return store


def test_corrected_words_pair_the_printed_word_with_the_fix(tmp_path: Path, models: Path) -> None:
    store = store_with_corrections(tmp_path / "db.sqlite", RestoreModel.load(models), 2)
    words = corrected_words(store)
    store.close()
    assert dict(words.pairs["eng"]) == {(UNSEEN, TRUE): 2}
    assert len(words.correction_ids) == 2


def test_an_undone_correction_teaches_nothing(tmp_path: Path, models: Path) -> None:
    store = store_with_corrections(tmp_path / "db.sqlite", RestoreModel.load(models), 1)
    (correction,) = store.corrections()
    store.undo(correction.id, who="archivist")
    assert len(corrected_words(store)) == 0
    store.close()


def test_learning_changes_the_restoration_of_the_corrected_word(tmp_path: Path, models: Path) -> None:
    before = RestoreModel.load(models)
    doc = as_document(GARBLED, 99)
    restore_document(before, doc)
    assert last_word(doc)[1] != TRUE

    store = store_with_corrections(tmp_path / "db.sqlite", before, 3)
    assert learn(store, models) == {"eng": 3}
    store.close()

    doc = as_document(GARBLED, 99)
    restore_document(RestoreModel.load(models), doc)
    assert last_word(doc)[1] == TRUE


def test_corrections_are_folded_once(tmp_path: Path, models: Path) -> None:
    store = store_with_corrections(tmp_path / "db.sqlite", RestoreModel.load(models), 2)
    assert learn(store, models) == {"eng": 2}
    channel = (models / "channel_eng.json.gz").read_bytes()
    assert learn(store, models) == {}
    assert (models / "channel_eng.json.gz").read_bytes() == channel
    assert len(json.loads((models / LEDGER).read_text())["corrections"]) == 2
    store.close()


def test_decree_train_corrections_folds_from_a_store(tmp_path: Path, models: Path) -> None:
    store_with_corrections(tmp_path / "db.sqlite", RestoreModel.load(models), 2).close()
    result = subprocess.run([sys.executable, "-m", "pipeline", "train", "--corrections",
                             str(tmp_path / "db.sqlite"), "--out", str(models)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "folded 2 corrected words" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "pipeline", "train", "--corrections",
                              str(tmp_path / "nope.db"), "--out", str(models)],
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no store at" in missing.stderr and "Traceback" not in missing.stderr


def test_reviewed_text_adapts_the_language_model_once(tmp_path: Path, models: Path) -> None:
    from pipeline.restore.model import read_json_gz

    store = store_with_corrections(tmp_path / "db.sqlite", RestoreModel.load(models), 2)
    learn(store, models)
    bigrams = read_json_gz(models / "adapt.json.gz")["bigrams"]
    assert bigrams["phong trào"] == 2  # one per corrected document, read as it is now
    assert bigrams["đua khác"] == 2  # the corrected word, not the machine's
    learn(store, models)
    assert read_json_gz(models / "adapt.json.gz")["bigrams"] == bigrams
    adapted = RestoreModel.load(models).lm
    assert adapted.adapted([adapted.id("phong")], [adapted.id("trào")])[0] > 0
    store.close()
