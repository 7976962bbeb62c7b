"""The national name and the motto are printed word for word on every administrative document
(rules.json "set_lines"): a line whose letters match one closely enough is restored as it, even
where a poor reading merged its words or printed digits for its vowels."""

from __future__ import annotations

import pytest

from pipeline.document import Reading
from pipeline.restore.engine import ReadingRestorer, _set_lines
from pipeline.restore.model import get_model

MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture(scope="module")
def set_lines():
    found = _set_lines(get_model())
    assert found is not None
    return found


@pytest.mark.parametrize("printed", [
    "D60 lap - T1: (10 - Hanh phu’g",      # digits for vowels, a colon and a parenthesis
    "Déc Iép — Tu do — Hanh phuc",          # em dashes, a capital I for l
    "Doc lap - Tu do - Hanh phuc",
    # A legacy engine's reading, far off but with the motto's two dashes (ratio 71).
    "Bﬁc lag - Tl; do - Hanh_phl’1c",
])
def test_a_damaged_motto_line_is_the_motto_word_for_word(set_lines, printed: str) -> None:
    start, parts = set_lines.match(printed.split())
    assert start == 0 and " ".join(parts) == MOTTO
    assert len(parts) == len(printed.split())  # each printed word its part of the motto


def test_merged_words_get_the_whole_phrase_and_a_column_beside_it_is_left_alone(set_lines) -> None:
    start, parts = set_lines.match(["Dﬁclép-Tudo-Hanhphﬁc"])
    assert (start, parts) == (0, [MOTTO])
    words = "UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM".split()
    start, parts = set_lines.match(words)
    assert start == 4 and parts == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split()


def test_the_left_columns_last_word_before_a_cut_national_name_is_left_alone(set_lines) -> None:
    # "VIỆT NAM" wrapped onto the next line: the national name's window does not open on the left
    # column's last word ("NAM" of "MIỀN NAM") to make up the length, which would blank that word.
    found = set_lines.match("TONG CONG TY XANG DAU MIEN NAM CONG HOA XA HOI CHU NGHIA".split())
    assert found is None or found[0] == 7

def test_a_phrase_word_printed_on_another_line_is_not_added(set_lines) -> None:
    # "CỘNG" went to the line before, beside the other column's words.
    start, parts = set_lines.match("HOA XA HOI CHU NGHIA VIET NAM".split())
    assert start == 0 and parts[0] == "HÒA" and "CỘNG" not in " ".join(parts)


@pytest.mark.parametrize("printed", [
    "Doc lap va tu do cua dan toc",
    "Hanh phuc cua nhan dan la muc tieu",
    "Tp. Ho Chi Minh, ngay 5 thang 5 nam 2020",
    "cong dan nuoc Cong hoa xa hoi chu nghia Viet Nam co quyen",   # a mention, mid-line
    "Cong hoa xa hoi chu nghia, thuy loi",                           # part of it, in small letters
    # Slogans with the motto's dashes and some of its words.
    "Doc lap - Tu chu - Sang tao",
    "Doan ket - Ky cuong - Sang tao",
])
def test_running_text_with_the_same_words_is_no_set_line(set_lines, printed: str) -> None:
    assert set_lines.match(printed.split()) is None


def test_the_restorer_writes_the_motto_and_its_confidence() -> None:
    reading = Reading.from_text("txt", "CONG HOA XA HOI CHU NGHIA VIET NAM\nD60 lap - T1: (10 - Hanh phu’g\n"
                                       "Cac dia phuong to chuc phong trao thi dua")
    ReadingRestorer(get_model(), "eng").restore_lines(reading.lines)
    lines = reading.restored_text.split("\n")
    assert lines[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and lines[1] == MOTTO
    for word in reading.lines[1].words:
        assert word.confidence is not None and 0.9 < word.confidence < 1.0
    assert lines[2].startswith("Các địa phương tổ chức phong trào thi đua")


@pytest.mark.parametrize("printed", [
    "6c lap - Ty do - Ha r",     # the header's right column cropped: the last part a stub
    "6c lip - Ty do - Hg r",
    "DOC LAP - TU DO - H",
])
def test_a_motto_cut_short_at_the_line_end_is_the_whole_motto(set_lines, printed: str) -> None:
    start, parts = set_lines.match(printed.split())
    assert start == 0 and " ".join(p for p in parts if p).lower() == MOTTO.lower()
    assert len(parts) == len(printed.split()) and parts[-1]


@pytest.mark.parametrize("printed", [
    "Doc lap - Tu chu - Sa",     # a slogan's own second part
    "Doc lap - Tu do - va",      # the stub opens with another letter than the last part
    "Doan ket - Tu do - H",
])
def test_a_cut_short_motto_needs_its_parts_and_a_stub_of_the_last(set_lines, printed: str) -> None:
    assert set_lines.match(printed.split()) is None
