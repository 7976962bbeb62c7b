"""Two syllables printed as one word (a space the engine lost, or a two-column header's words run
together): restoration reads them as two when the language model, which sees the words around them,
scores the run better so (rules.json "merged_words"; engine.ReadingRestorer._merged and _decode)."""

from __future__ import annotations

import copy
import json

import pytest

from pipeline.document import Reading
from pipeline.restore.engine import ReadingRestorer
from pipeline.restore.model import RestoreModel, get_model
from pipeline.training.metrics import score


def restore(text: str, model: RestoreModel | None = None, engine: str = "eng") -> Reading:
    reading = Reading.from_text("txt", text)
    ReadingRestorer(model or get_model(), engine).restore_lines(reading.lines)
    return reading


def without_splits() -> RestoreModel:
    model = get_model()
    out = copy.copy(model)
    out.rules = json.loads(json.dumps(model.rules))
    out.rules["merged_words"]["enabled"] = False
    # Nor a set line's first word cut from the line before ("THUONGCONG" over the national name).
    out._set_lines = None  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize(("printed", "words"), [
    ("Cac thanh vien Hoidong thi dua huyen", "Hội đồng"),
    ("So Talnguyen va Moi truong tinh", "Tài nguyên"),
    ("cac don vi thibua tot, vivay can phat huy", "thi đua"),
    ("UBND TINH SON LA\nSOXAYDUNG\nCONG HOA XA HOI CHU NGHIA VIET NAM", "SỞ XÂY DỰNG"),  # three
    # The two columns' first lines run together: cut between the syllables, not inside "uo"
    # (thu|ong|cong), and the word is no printing of "thưởng" alone.
    ("BAN THI DUA - KHEN THUONGCONG\nHOA XA HOI CHU NGHIA VIET NAM", "KHEN THƯỞNG CỘNG\nHÒA"),
    # The second syllable opens with a vowel: one run of vowels no syllable is spelt with, cut
    # inside it ("SOY" was "SAY", and the next word "THẺ").
    ("UBND TINH CAO BANG\nSOY TE\nCONG HOA XA HOI CHU NGHIA VIET NAM", "SỞ Y TẾ"),
    ("theo y kien chi dao cuaong Chu tich", "của ông"),
    # A whole header line without its spaces, four and five syllables.
    ("UY BAN NHAN DAN\nBANTHIDUAKHENTHUONG TINH\nSo: 12/KH", "BAN THI ĐUA KHEN THƯỞNG TỈNH"),
    ("Ủy ban nhân dân thixathanhpho truc thuoc tinh", "thị xã thành phố trực thuộc"),
])
def test_two_syllables_printed_as_one_word_are_restored_as_two(printed: str, words: str) -> None:
    restored = restore(printed).restored_text
    assert words in restored, restored
    assert words not in restore(printed, without_splits()).restored_text


def test_a_split_word_keeps_its_place_confidence_and_alternatives() -> None:
    reading = restore("Cac thanh vien Hoidong thi dua huyen")
    word = reading.lines[0].words[3]
    assert word.text == "Hoidong" and word.restored == "Hội đồng"
    assert word.confidence is not None and 0.0 < word.confidence < 1.0
    assert word.alternatives and all(" " in a.text for a in word.alternatives[:1])


@pytest.mark.parametrize("printed", [
    # One syllable misread with a consonant inside ("ad" for "ả", "ud" for "ươ"): the context
    # wants one word there, and it stays one.
    "dat giadi thuong quoc gia",
    "Trude khi quyet dinh thanh lap",
    # A mark printed beside the cut: one marked vowel printed as two letters ("éa" for "ấ").
    "gop phan phéan dau hoan thanh",
])
def test_a_misread_syllable_that_looks_like_two_stays_one(printed: str) -> None:
    restored = restore(printed).restored_text
    assert len(restored.split()) == len(printed.split())
    assert restored == restore(printed, without_splits()).restored_text
    if printed.startswith("dat"):
        assert score("đạt giải thưởng quốc gia", restored)["syl_acc"] == 1.0, restored


def test_a_vietnamese_engines_reading_is_split_only_into_the_syllables_it_printed() -> None:
    reading = restore("Các thành viên Hoidong thi đua huyện", engine="vie")
    assert reading.lines[0].words[3].restored.lower() == "hoidong"
    # Two columns' words run together, each printed with its marks.
    reading = restore("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNGCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", engine="vie")
    assert reading.lines[0].restored_text == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG CỘNG"


@pytest.mark.parametrize("engine", ["eng", "vie"])
@pytest.mark.parametrize("printed, restored", [
    ("K Ế H O Ạ C H", "KẾ HOẠCH"),                               # a heading's letters spaced out
    ("Q U Y Ế T  Đ Ị N H\nVề việc khen thưởng", "QUYẾT ĐỊNH\nVề việc khen thưởng"),  # words 2 spaces apart
    ("T H O N G  B A O  K E T  L U A N", "THÔNG BÁO KẾT LUẬN"),  # an English engine's, marks lost
])
def test_a_heading_printed_with_its_letters_spaced_out_is_read_as_its_words(
        engine: str, printed: str, restored: str) -> None:
    reading = restore(printed, engine=engine)
    assert reading.restored_text == restored
    # The form is in the last letter's word (the space after the run is its), the others empty.
    words = reading.lines[0].words
    assert words[-1].restored == restored.split("\n")[0]
    assert all(w.restored == "" for w in words[:-1])
    assert all(w.alternatives for w in words)


@pytest.mark.parametrize("printed", ["Phụ lục A B C", "Ông N V A đã ký"])
def test_capitals_that_spell_no_syllables_are_left_as_letters(printed: str) -> None:
    assert restore(printed, engine="vie").restored_text == printed
