"""Vietnamese typed or stripped without its marks (issue 14, the diacritics-only task): recognised by
its words, nearly all plain ASCII and spelt as syllables, and restored with its letters kept, the
language model choosing only the marks. English OCR of the same pages is never taken for it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.document import Reading
from pipeline.restore.engine import ReadingRestorer
from pipeline.restore.model import RestoreModel, get_model
from pipeline.training.metrics import score
from pipeline.vietnamese import base_key, strip_marks

ROOT = Path(__file__).resolve().parents[1]
ENG = ROOT / "data" / "heldout" / "eng"
needs_heldout = pytest.mark.skipif(not ENG.is_dir(), reason="held-out pages not in this checkout")


def model_with_marks_lost(enabled: bool) -> RestoreModel:
    model = get_model()
    out = copy.copy(model)
    rules = json.loads(json.dumps(model.rules))
    rules["marks_lost"]["enabled"] = enabled
    out.rules = rules
    return out


def restored(model: RestoreModel, text: str) -> tuple[str, bool]:
    reading = Reading.from_text("txt", text)
    restorer = ReadingRestorer(model, "eng")
    restorer.restore_lines(reading.lines)
    return reading.restored_text, restorer.decoder.marks_only


def pooled(scores: list[dict]) -> float:
    return sum(s["syl_acc"] * s["gold_tokens"] for s in scores) / sum(s["gold_tokens"] for s in scores)


def heldout_clean(n: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(ENG.glob("*.clean.txt"))[:n]]


@needs_heldout
def test_text_without_marks_gets_its_marks_back_and_keeps_its_letters() -> None:
    on, off = model_with_marks_lost(True), model_with_marks_lost(False)
    with_mode, without = [], []
    for clean in heldout_clean(8):
        stripped = strip_marks(clean)
        text, taken = restored(on, stripped)
        assert taken
        # Only marks change: every word keeps its letters (Đ and D alike).
        assert [base_key(w) for w in text.split()] == [base_key(w) for w in stripped.split()]
        with_mode.append(score(clean, text))
        without.append(score(clean, restored(off, stripped)[0]))
    right, before = pooled(with_mode), pooled(without)
    assert right >= 0.985 and right > before, (right, before)


def test_a_clause_without_marks_reads_as_written() -> None:
    text = ("Ban Thi dua - Khen thuong Trung uong huong dan cac bo, nganh, dia phuong to chuc phong trao "
            "thi dua yeu nuoc, khen thuong kip thoi cac tap the, ca nhan co thanh tich xuat sac.\n")
    out, taken = restored(get_model(), text)
    assert taken
    assert out.startswith("Ban Thi đua - Khen thưởng Trung ương hướng dẫn các bộ, ngành, địa phương")


@needs_heldout
def test_english_ocr_of_vietnamese_and_short_texts_are_not_taken_for_text_without_marks() -> None:
    model = get_model()
    for path in sorted(ENG.glob("*.garbled.txt")):
        assert not restored(model, path.read_text(encoding="utf-8"))[1], path.name
    assert not restored(model, "Ban Thi dua Trung uong\n")[1]  # too few words to tell
