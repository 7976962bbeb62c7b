"""The one date parser, on the forms the documents use."""

from pipeline.extract.dates import find_dates, parse_date


def test_long_form_with_day_month_year():
    d = parse_date("Lạng Sơn, ngày 25 tháng 12 năm 2019")
    assert d is not None and d.iso == "2019-12-25"


def test_long_form_offsets_point_at_the_words():
    text = "Bắc Giang, ngày 10 tháng 01 năm 2020"
    d = parse_date(text)
    assert d is not None and text[d.start:d.end] == "ngày 10 tháng 01 năm 2020"


def test_slash_form():
    d = parse_date("Chỉ thị số 26/CT-TTg ngày 05/9/2016")
    assert d is not None and d.iso == "2016-09-05"


def test_month_form_has_month_precision():
    d = parse_date("Từ tháng 01/2020 đến khi kết thúc Đại hội")
    assert d is not None and (d.iso, d.precision) == ("2020-01", "month")
    assert (d.first_day(), d.last_day()) == ("2020-01-01", "2020-01-31")


def test_month_in_words_form():
    d = parse_date("tháng 02 năm 2024")
    assert d is not None and d.last_day() == "2024-02-29"


def test_slash_read_into_the_long_form():
    d = parse_date("Lạng Sơn, ngày 28 tháng 7/năm 2025")
    assert d is not None and d.iso == "2025-07-28"


def test_ocr_without_diacritics():
    d = parse_date("Krong Pac, ngay 28 thang 11 nim 2022")
    assert d is not None and d.iso == "2022-11-28"


def test_impossible_dates_are_not_dates():
    assert find_dates("ngày 31/02/2020 và tháng 13/2020") == []


def test_document_numbers_are_not_dates():
    assert find_dates("Quyết định số 2437/QĐ-TTg, Nghị định số 91/2017/NĐ-CP") == []


def test_bare_years_only_when_asked():
    assert find_dates("(1950 - 2020)") == []
    assert [d.iso for d in find_dates("(1950 - 2020)", years=True)] == ["1950", "2020"]


def test_every_date_of_a_range_in_order():
    dates = find_dates("(04/11/1909 - 04/11/2019)")
    assert [d.iso for d in dates] == ["1909-11-04", "2019-11-04"]
