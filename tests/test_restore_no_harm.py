"""Do no harm (issue 14, item 1): a reading from an engine that knows Vietnamese keeps the names,
abbreviations and valid syllables it read, and its restoration is never worse than the reading
itself on the held-out pages (corpus documents never trained on, read by Tesseract `vie`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Line, Reading
from pipeline.restore import restore_text
from pipeline.restore.engine import ReadingRestorer
from pipeline.restore.model import get_model
from pipeline.training.metrics import score

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout" / "vie"


def test_rare_names_read_by_vie_are_kept_but_the_same_line_from_eng_is_restored() -> None:
    line = "Chủ tịch Lò Văn Păn và bà Cầm Thị Ỏn dự họp tại xã Chiềng Lao."
    assert restore_text(line, "vie") == line
    # The garbled-text channel is free to read these as common words: the protection is the
    # Vietnamese engine's, not a rule that names never change.
    assert restore_text(line, "eng") != line


@pytest.mark.parametrize("line", ["chế độ người HĐKC theo quy định", "Số: 32/HD-SNV", "Lưu: VT, NC."])
def test_abbreviations_and_codes_read_by_vie_keep_their_letters(line: str) -> None:
    assert restore_text(line, "vie") == line


@pytest.mark.parametrize("line", [
    "Cơ sở quy định tại điểm c khoản 2 Điều 18 Thông tư này",  # a lone letter naming a point
    "1. “H”: Chiều cao. 3. “W”: Chiều rộng.",  # letters in quotes
    "- Lưu: VT, NV.",  # a short line mostly in capitals is not a heading
    "Ngôi nhà số 165A, phố Hàng Bạc theo Điều 7b.",  # numbers with a letter
    "Có trình độ ngoại ngữ bậc 2 (A2) theo quy định",  # a level
    "Thư viện viên hạng III - Mã số: V.10.02.06",  # a code of a letter and numbers
])
def test_letters_and_codes_read_by_vie_are_kept(line: str) -> None:
    assert restore_text(line, "vie") == line


def test_a_misread_syllable_in_a_heading_is_still_put_right() -> None:
    # "QUYÊT" is no syllable, and its letters are a syllable's: a misreading, not an abbreviation.
    assert restore_text("QUYÊT ĐỊNH VỀ VIỆC KHEN THƯỞNG", "vie") == "QUYẾT ĐỊNH VỀ VIỆC KHEN THƯỞNG"


def test_a_misread_syllable_is_still_put_right() -> None:
    # "cửa" (door) where the sentence needs "của" (of): the language model is strongly against it.
    assert restore_text("Ủy ban nhân dân cửa tỉnh đã ban hành quyết định", "vie") == (
        "Ủy ban nhân dân của tỉnh đã ban hành quyết định")


def test_a_word_the_engine_itself_doubts_is_not_protected() -> None:
    restorer = ReadingRestorer(get_model(), "vie")
    sure, unsure = Line.from_text("Mè").words[0], Line.from_text("Mè").words[0]
    sure.ocr_conf, unsure.ocr_conf = 0.97, 0.3
    cands = restorer.decoder.candidates("Mè")
    kept = [s for _, s in restorer.word_slots(sure, False, False) if s is not None][0]
    free = [s for _, s in restorer.word_slots(unsure, False, False) if s is not None][0]
    assert free.cands == cands
    assert kept.cands != cands and kept.cands[0].form.lower() == "mè"


@pytest.mark.skipif(not HELDOUT.is_dir(), reason="no held-out pages")
def test_restored_vie_pages_are_never_worse_than_as_read() -> None:
    model = get_model()
    pages = sorted(HELDOUT.glob("*.garbled.txt"))[:16]
    assert pages
    for path in pages:
        read = path.read_text(encoding="utf-8")
        clean = path.with_name(path.name.replace(".garbled.", ".clean.")).read_text(encoding="utf-8")
        reading = Reading.from_text("ocr_vie", read)
        ReadingRestorer(model, "vie").restore_lines(reading.lines)
        assert score(clean, reading.restored_text)["syl_acc"] >= score(clean, read)["syl_acc"], path.name


def test_a_capital_b_read_as_r_under_a_seal_is_put_right() -> None:
    # A seal's ring over a "B" leaves an "R": the title over a signature ("TRƯỞNG RAN").
    assert restore_text("TRƯỞNG RAN", "vie") == "TRƯỞNG BAN"
