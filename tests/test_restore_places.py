"""Units' names where the page says one stands (pipeline.restore.places): after a unit's kind, and
before the date of the place-and-date line; never in running text."""

from __future__ import annotations

from pipeline.restore import restore_text
from pipeline.restore.places import place_index, unit_name_at


def test_the_unit_list_is_indexed_by_base_letters():
    assert ("điện", "biên") in unit_name_at(["Dien", "Bien"])
    assert unit_name_at(["Phan", "Dung"]) == [("phan", "dũng")]
    # The list's brackets tell homonyms apart; no page prints them.
    assert all("(" not in " ".join(name) for names in place_index().values() for name in names)


def test_a_place_before_the_date_is_a_units_name():
    # The language model alone reads the common phrase "Diễn Biến" (developments).
    assert restore_text("Dien Bien, ngay 19 thang 3 nam 2024", engine="eng") == \
        "Điện Biên, ngày 19 tháng 3 năm 2024"
    # A unit's whole name outweighs a common word its first syllable also spells ("phần", "năm").
    assert restore_text("Phan Dung, ngay 10 thang 6 nam 2025", engine="eng") == \
        "Phan Dũng, ngày 10 tháng 6 năm 2025"
    assert restore_text("Nam Da, ngay 5 thang 10 nam 2001", engine="eng").startswith("Nam Đà,")
    assert restore_text("UY BAN NHAN DAN\nXA NAM DA", engine="eng").endswith("XÃ NAM ĐÀ")


def test_words_after_a_units_kind_are_its_name():
    assert restore_text("XA PHAN DUNG", engine="eng") == "XÃ PHAN DŨNG"
    assert restore_text("UBND huyen Vo Nhai", engine="eng") == "UBND huyện Võ Nhai"


def test_the_same_words_in_running_text_are_words():
    assert restore_text("tinh hinh dien bien phuc tap", engine="eng") == "tình hình diễn biến phức tạp"


def test_syllables_found_only_in_units_names_are_in_the_lexicon():
    # "Đắk", "Lắk", "Krông": no Vietnamese word is spelt so, but the Central Highlands' units are.
    from pipeline.restore.model import get_model

    syllables = get_model().lexicon.syllables
    assert {"đắk", "lắk", "krông"} <= syllables.keys()
    assert "plei" not in syllables  # plain ASCII: any short misread word would look like it
    assert restore_text("theo Cong van so 771/CV-UBND Dak Nong ngay 12", engine="eng") == \
        "theo Công văn số 771/CV-UBND Đắk Nông ngày 12"
    assert restore_text("cac tinh Dak Lak va Dak Nong", engine="eng") == "các tỉnh Đắk Lắk và Đắk Nông"


def test_after_a_kind_only_units_of_that_kind_are_offered():
    # Phú Yên is a province, Phù Yên a district (Sơn La); Thanh Hóa a province, Thạnh Hóa a district
    # (Long An): the kind before the name says which.
    assert unit_name_at(["Phu", "Yen"], "huyen") == [("phù", "yên")]
    assert ("phú", "yên") in unit_name_at(["Phu", "Yen"], "tinh")
    assert restore_text("UBND HUYEN PHU YEN", engine="eng") == "UBND HUYỆN PHÙ YÊN"
    assert restore_text("UBND TINH PHU YEN", engine="eng") == "UBND TỈNH PHÚ YÊN"
    assert restore_text("UBND HUYEN THANH HOA", engine="eng") == "UBND HUYỆN THẠNH HÓA"
    assert restore_text("UBND TINH THANH HOA", engine="eng") == "UBND TỈNH THANH HÓA"


def test_a_party_committees_word_announces_its_units_name():
    # "Huyện ủy" is followed by its district's name, "Tỉnh ủy" by its province's.
    assert restore_text("Huyén uy Phu Yén", engine="eng") == "Huyện ủy Phù Yên"
    assert restore_text("HUYEN UY DAK GLEI", engine="eng") == "HUYỆN ỦY ĐẮK GLEI"
    assert restore_text("TINH UY PHU YEN", engine="eng") == "TỈNH ỦY PHÚ YÊN"


def test_capitalised_words_spelling_a_provinces_name_are_that_province():
    # A province's name after no kind ("Báo Trà Vinh", the province's newspaper): there are few
    # provinces, and capitalised words spelling one are that one.
    assert restore_text("Béo Tra Vinh", engine="eng").endswith(" Trà Vinh")
    assert restore_text("tinh hinh dien bien phuc tap", engine="eng") == "tình hình diễn biến phức tạp"
