"""Training the language side: what the corpus gives the language model, and the shipped
candidate caches kept in step with it."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.restore.decode import Decoder
from pipeline.restore.model import RestoreModel, read_json_gz, restore_dir
from pipeline.restore.text import lm_tokens
from pipeline.training.corpus import DOMAIN_WEIGHT, DomainText, training_docs
from pipeline.training.train import build_language, one_syllable_printing, refresh_candidate_cache, unaccented


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


def _tiny_corpus(folder: Path) -> Path:
    folder.mkdir()
    rows = [{"id": f"doc{i}", "text": "Ủy ban nhân dân tỉnh ban hành kế hoạch thi đua. "
             "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc kế hoạch này."} for i in range(12)]
    (folder / "legal.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                        encoding="utf-8")
    return folder


def test_domain_documents_count_their_weight_and_leave_their_ocr_twins_out(tmp_path: Path) -> None:
    domain = tmp_path / "labelled"
    domain.mkdir()
    (domain / "bc_a.txt").write_text("Hội viên các ấp hiến đất làm đường.", encoding="utf-8")
    (domain / "bc_a.eng.txt").write_text("Hoi vien cac ap hien dat lam duong.", encoding="utf-8")
    (domain / "bc_a.json").write_text("{}", encoding="utf-8")
    docs = list(DomainText(domain, weight=3).docs())
    assert [d.doc_id for d in docs] == ["domain:bc_a:0", "domain:bc_a:1", "domain:bc_a:2"]
    assert all(d.text == "Hội viên các ấp hiến đất làm đường." for d in docs)
    corpus = _tiny_corpus(tmp_path / "corpus")
    plain = list(training_docs(corpus))
    assert len(list(training_docs(corpus, DomainText(domain, weight=3)))) == len(plain) + 3


def test_a_language_build_with_domain_text_learns_the_archives_words(tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path / "corpus")
    domain = tmp_path / "labelled"
    domain.mkdir()
    (domain / "bc_hoinongdan.txt").write_text(
        "Hội viên nông dân các ấp tự nguyện hiến đất làm đường giao thông nông thôn. "
        "Nhiều hộ hội viên ở các ấp hiến đất, góp công.", encoding="utf-8")
    plain, with_domain = tmp_path / "plain", tmp_path / "domain"
    for out, extra in ((plain, None), (with_domain, DomainText(domain))):
        out.mkdir()
        build_language(corpus, out, log=lambda _: None, domain=extra)
    assert "ấp" not in read_json_gz(plain / "lexicon.json.gz")["syllables"]
    assert read_json_gz(with_domain / "lexicon.json.gz")["syllables"]["ấp"] == 2 * DOMAIN_WEIGHT
    assert "hiến" in read_json_gz(with_domain / "lexicon.json.gz")["syllables"]


def test_train_names_a_missing_domain_folder_in_one_line(tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path / "corpus")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "train", "--corpus", str(corpus), "--domain",
         str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == f"decree: {tmp_path / 'nowhere'}: domain folder not found"
