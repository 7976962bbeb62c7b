"""Which engine printed a text layer or a text file is guessed from its letters (engine.guess_engine):
one that knew Vietnamese prints letters no other language has (ư, ơ, đ, ă, tones under a vowel); an
engine for French or Portuguese prints accents (â, ê, ô, é, à, ü, ï) but not those, and its reading is
as garbled as an English engine's, so it is restored with the garbled channel. The pages are the
held-out set's (scripts/make_heldout.py --readings fra,por): Tesseract's French and Portuguese models
on the same page images as its `vie` reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Page, Reading
from pipeline.restore import restore
from pipeline.restore.engine import guess_engine
from pipeline.training.metrics import score

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout"


def pages(reading: str) -> list[Path]:
    found = sorted((HELDOUT / reading).glob("*.garbled.txt"))
    assert len(found) >= 40, f"held-out {reading} pages missing"
    return found


@pytest.mark.parametrize("reading", ["fra", "por"])
def test_an_other_language_engines_reading_is_not_taken_for_a_vietnamese_engines(reading: str) -> None:
    guessed = [guess_engine(p.read_text(encoding="utf-8")) for p in pages(reading)]
    assert guessed.count("eng") == len(guessed)


def test_a_vietnamese_engines_reading_is_still_taken_for_one() -> None:
    guessed = [guess_engine(p.read_text(encoding="utf-8")) for p in pages("vie")]
    assert guessed.count("vie") == len(guessed)


@pytest.mark.parametrize("text", [
    "CÔNG HOA XÀ HÔI CHÜ NGHÏA VIËT NAM\nÐôc lâp - Tu do - Hanh phüc\nSô: 150/TB-UBND",
    "KÊ HOACH Tô chüc phong trào thi dua nàm 2025",
])
def test_french_accents_alone_are_a_garbled_reading(text: str) -> None:
    assert guess_engine(text) == "eng"
    assert guess_engine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc") == "vie"


def test_a_french_engines_text_layer_is_restored() -> None:
    page = pages("fra")[0]
    text = page.read_text(encoding="utf-8")
    clean = page.with_name(page.name.replace(".garbled.txt", ".clean.txt")).read_text(encoding="utf-8")
    doc = Document(doc_id="fra", source=page.name, media_type="pdf",
                   pages=[Page(1, readings=[Reading.from_text("pdf_text", text)])])
    restore(doc)
    before, after = score(clean, text)["syl_acc"], score(clean, doc.restored_text)["syl_acc"]
    # As read, a third of the syllables are right; taken for a Vietnamese engine's reading the page
    # came out at about 84 %, restored as a garbled one at about 97 %.
    assert before < 0.5
    assert after > 0.93
