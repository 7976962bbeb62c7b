"""Extraction from the garbled seeds and labelled twins once they are restored (runs when the
restoration stage, pipeline.restore, is installed)."""

import json
from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.extract.score import Score
from pipeline.segment import segment
from pipeline.textdoc import document_from_text

restoration = pytest.importorskip("pipeline.restore")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
LABELLED = ROOT / "tests" / "data" / "labelled"


def restored_record(path: Path) -> dict:
    doc = restoration.restore(document_from_text(path.read_text(encoding="utf-8")))
    doc = extract(segment(doc))
    assert doc.record is not None
    return doc.record.to_json_dict()


@pytest.fixture(scope="module")
def seed_000() -> dict:
    return restored_record(next(RAW.glob("000_*.txt")))


@pytest.fixture(scope="module")
def seed_004() -> dict:
    return restored_record(next(RAW.glob("004_*.txt")))


def test_seed_000_header_after_restoration(seed_000):
    header = (seed_000["doc_type"], seed_000["number"], seed_000["issued_on"])
    assert header == ("phat_dong", "1365", "2019-12-25")
    assert seed_000["place"] == "Lạng Sơn"


def test_seed_000_commemorates_the_party_and_ho_chi_minh(seed_000):
    ranges = {(c["years"], c["start"], c["end"]) for c in seed_000["commemorations"]}
    assert {(90, "1930-02-03", "2020-02-03"), (130, "1890-05-19", "2020-05-19")} <= ranges


def test_seed_000_period_starts_january_2020(seed_000):
    assert seed_000["period"]["start"] == "2020-01-01"


def test_seed_004_is_a_plan_signed_for_the_chairman(seed_004):
    header = (seed_004["doc_type"], seed_004["number"], seed_004["issued_on"])
    assert header == ("ke_hoach", "309", "2025-07-28")
    assert (seed_004["signer"]["capacity"], seed_004["signer"]["title"]) == ("KT.", "Phó Chủ tịch")


def test_seed_004_sections_in_order(seed_004):
    kinds = [s["kind"] for s in seed_004["sections"]]
    assert kinds[:2] == ["muc_dich", "noi_dung"] and kinds[-1] == "to_chuc_thuc_hien"


@pytest.mark.parametrize("name", ["pd_bacgiang_tinh", "bc_thanhhoa_tinh", "qd_huyen_haiduong"])
def test_restored_twin_gives_no_false_values(name):
    score = Score()
    score.add(name, restored_record(LABELLED / f"{name}.eng.txt"),
              json.loads((LABELLED / f"{name}.json").read_text(encoding="utf-8")))
    assert score.invented == 0, score.wrong


def test_a_province_after_its_kind_one_letter_off_as_read_is_that_province():
    from pipeline.extract.bodies import unit_as_read
    from pipeline.vietnamese import strip_marks

    # Only after "tỉnh" may "Dak Lik" be a province, and only one province is a letter away.
    assert unit_as_read(["Dak", "Lik"], "tỉnh") == "Đắk Lắk"
    assert unit_as_read(["Dak", "Lik"]) is None
    assert unit_as_read(["Dak", "Lak"]) == "Đắk Lắk"
    assert unit_as_read(["Xon", "Tum"], "tỉnh") == "Kon Tum"
    # Two letters off is too far to say.
    assert unit_as_read(["Xon", "Tun"], "tỉnh") is None
    clean = "\n".join([
        "ỦY BAN NHÂN DÂN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN KRÔNG PẮC       Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND        Krông Pắc, ngày 5 tháng 6 năm 2024", "",
        "BÁO CÁO", "Kết quả phong trào thi đua năm 2024", "",
        "Năm 2024, toàn huyện đẩy mạnh phong trào thi đua yêu nước.", "",
        "Nơi nhận:             TM. ỦY BAN NHÂN DÂN",
        "- UBND tỉnh Dak Lik;  CHỦ TỊCH",
        "- Lưu: VT.", "", "Nguyễn Văn An", ""])
    doc = restoration.restore(document_from_text(strip_marks(clean)))
    record = extract(segment(doc)).record.to_json_dict()
    assert "UBND tỉnh Đắk Lắk" in record["recipients"]


def test_the_documents_own_place_as_ocr_read_it_in_its_slogan_and_a_cited_issuer():
    # OCR read "Hué" (Huế) and "Di Linh"; restoration made "Thuế", "Thúc" and "Đi Lính" of them. The
    # header names the document's place, so its letters as read are that place.
    hue = restored_record(LABELLED / "kh_hue_thanhpho_2025.eng.txt")
    assert hue["theme"].startswith("Huế - Thành phố Di sản")
    assert ("425-KH/TU", "Thành ủy Huế") in {(r["number"], r["issuer"]) for r in hue["references"]}
    di_linh = restored_record(LABELLED / "pd_dilinh_xa_2025.eng.txt")
    assert di_linh["theme"].startswith("Di Linh đoàn kết")


def test_a_header_line_ocr_read_in_capitals_stays_in_capitals():
    rec = restored_record(LABELLED / "qd_ninhthuan_soyte_2021.eng.txt")
    assert rec["issuer_header"] == "UBND TỈNH NINH THUẬN SỞ Y TẾ"


def test_a_word_ocr_wrote_with_a_digit_for_its_vowel_is_no_number():
    # OCR read "ái quốc" as "4i quéc" and "Bộ" would be "B6": restoration's words, not numbers ("41"),
    # and the letters of another word ("Thái") are never replaced for them.
    rec = restored_record(LABELLED / "ct_thaibinh_tinh_2023.eng.txt")
    assert rec["title"].endswith("Lời kêu gọi thi đua ái quốc (11/6/1948 - 11/6/2023)")
    assert rec["theme"].startswith("Thái Bình thi đua")


def test_a_header_unit_spelt_as_the_unit_list_spells_it_keeps_its_marks():
    # The date line's "Tinh Ha," was restored "Tỉnh Hà" (surer than the header's "TỊNH HÀ"): no unit
    # is spelt so, and the header's commune stays the issuer.
    rec = restored_record(LABELLED / "qd_tinhha_xa_2024.eng.txt")
    assert (rec["issuer"], rec["issuer_level"], rec["place"]) == ("UBND xã Tịnh Hà", "xa", "Tịnh Hà")
    assert rec["issuer_header"] == "UBND HUYỆN SƠN TỊNH ỦY BAN NHÂN DÂN XÃ TỊNH HÀ"


def test_a_signers_degree_whose_numeral_ocr_misread_is_no_part_of_the_name(tmp_path: Path):
    # "BSCKII." printed "BSCKIL.": read as the degree, so the name after it is decoded as a name and
    # the degree's doubt is not the name's (it had been left out as unsure).
    page = tmp_path / "plan.txt"
    page.write_text(
        "SO Y TE TINH BAC LIEU CONG HOA XA HOI CHU NGHIA VIET NAM\n"
        "BENH VIEN DA KHOA Doc lap - Tu do - Hanh phuc\n\n"
        "S6: 45/KH-BV Bac Lieu, ngay 12 thang 3 nam 2024\n\n"
        "KE HOACH\nPhat dong phong trao thi dua nam 2024\n\n"
        "Cac khoa, phong to chuc thuc hien ke hoach nay.\n\n"
        "Noi nhan: GIAM DOC\n- So Y te (b/c);\n- Luu: VT.\n\n"
        "BSCKIL. Nguyen Van Toan\n", encoding="utf-8")
    assert restored_record(page)["signer"]["name"] == "Nguyễn Văn Toàn"


def test_an_archive_code_restoration_read_with_its_d_as_d_bar_is_kept_so():
    # "- Luu: VT, DTH." (đội tổng hợp): the codes were taken as OCR read them, so "DTH" stayed, though
    # restoration reads an abbreviation no one writes by the letters of those it knows (ĐTH).
    page = "\n".join([
        "CONG AN TINH NGHE AN       CONG HOA XA HOI CHU NGHIA VIET NAM",
        "CONG AN HUYEN DIEN CHAU    Doc lap - Tu do - Hanh phuc",
        "S6: 12/KH-CAH              Dien Chau, ngay 5 thang 6 nam 2023", "",
        "KE HOACH", "Phat dong phong trao thi dua nam 2023", "",
        "Nam 2023, Cong an huyen day manh phong trao thi dua vi an ninh To quoc.", "",
        "Noi nhan:                  TRUONG CONG AN HUYEN",
        "- Cong an tinh (b/c);",
        "- Luu: VT, DTH.", "", "Nguyen Van An", ""])
    doc = restoration.restore(document_from_text(page))
    record = extract(segment(doc)).record.to_json_dict()
    assert "Lưu: VT, ĐTH" in record["recipients"], record["recipients"]
