"""Extraction: seed 003, the labelled documents, damaged variants, spans, the command line."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import Document
from pipeline.extract import extract
from pipeline.extract.bodies import canonical_body
from pipeline.extract.score import Score
from pipeline.lexicon import canonical_code
from pipeline.segment import segment
from pipeline.textdoc import document_from_text

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = next((ROOT / "data" / "raw").glob("003_*.txt"))
LABELLED = ROOT / "tests" / "data" / "labelled"
KEYS = sorted(LABELLED.glob("*.json"))
KEYS = [k for k in KEYS if not k.name.endswith(".doc.json")]
# Misses of open documents' clean text that are known and explained (see the file's "_about").
KNOWN_MISSES = json.loads((ROOT / "tests" / "data" / "labelled_known_misses.json").read_text("utf-8"))


def run(text: str) -> Document:
    return extract(segment(document_from_text(text)))


def record_of(text: str) -> dict:
    doc = run(text)
    assert doc.record is not None
    return doc.record.to_json_dict()


def span_text(doc: Document, field: str) -> str:
    lines = {(p, i): line for p, i, line in doc.lines()}
    assert doc.record is not None
    return " ".join(lines[(s.page, s.line)].restored_text[s.start:s.end] for s in doc.record.spans[field])


@pytest.fixture(scope="module")
def seed_003() -> dict:
    return record_of(SEED_003.read_text(encoding="utf-8"))


def text_of(name: str) -> str:
    return (LABELLED / f"{name}.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- seed 003


def test_seed_003_is_a_phat_dong_with_its_title(seed_003):
    assert seed_003["doc_type"] == "phat_dong"
    assert seed_003["title"].startswith("Phong trào thi đua đặc biệt chào mừng kỷ niệm 110 năm")


def test_seed_003_header_fields_it_lacks_are_null(seed_003):
    assert [seed_003[f] for f in ("number", "symbol", "issuer", "place", "issued_on")] == [None] * 5


def test_seed_003_theme_is_the_quoted_slogan_without_markup(seed_003):
    assert seed_003["theme"].startswith("Đảng bộ, chính quyền, quân và dân các dân tộc tỉnh Lạng Sơn")
    assert seed_003["theme"].endswith("(04/11/1831 - 04/11/2019)")
    assert "*" not in seed_003["theme"] and "“" not in seed_003["theme"]


def test_seed_003_period_runs_from_now_to_4_october(seed_003):
    assert seed_003["period"] == {"start": None, "end": "2019-10-04", "text": "từ nay đến ngày 04/10/2019"}


def test_seed_003_commemorations_once_each(seed_003):
    assert [(c["years"], c["start"], c["end"]) for c in seed_003["commemorations"]] == [
        (110, "1909-11-04", "2019-11-04"), (188, "1831-11-04", "2019-11-04")]


def test_seed_003_references_with_dates_and_issuers(seed_003):
    refs = {r["number"]: (r["kind"], r["date"], r["issuer"]) for r in seed_003["references"]}
    assert refs["26/CT-TTg"] == ("Chỉ thị", "2016-09-05", "Thủ tướng Chính phủ")
    assert refs["04-NQ/TW"] == ("Nghị quyết", "2016-10-30", "Ban Chấp hành Trung ương Đảng khóa XII")


def test_seed_003_recipients_join_wrapped_lines_and_keep_the_archive_copy(seed_003):
    # DESIGN.md: every "- ..." line of the Nơi nhận list, the "Lưu: ..." line included.
    assert seed_003["recipients"][-2:] == ["C, PCVP UBND tỉnh, các Phòng: CM, đơn vị trực thuộc",
                                           "Lưu: VT, KG-VX (NTB)"]


def test_seed_003_signer(seed_003):
    assert seed_003["signer"] == {"name": "Phạm Ngọc Thưởng", "title": "Chủ tịch", "capacity": None}


def test_seed_003_rewards_not_named_are_not_invented(seed_003):
    assert seed_003["rewards"] == [] and seed_003["awarded"] == []


# --------------------------------------------------------------------------- labelled set


@pytest.mark.parametrize("key_path", KEYS, ids=[k.stem for k in KEYS])
def test_labelled_document_matches_its_answer_key(key_path):
    score = Score()
    score.add(key_path.stem, record_of(key_path.with_suffix(".txt").read_text(encoding="utf-8")),
              json.loads(key_path.read_text(encoding="utf-8")))
    known = KNOWN_MISSES.get(key_path.stem, {})
    assert sorted(w.split(": ")[1] for w in score.wrong) == sorted(known), score.wrong


def test_report_awarded_counts_with_thousands_and_households():
    awarded = record_of(text_of("bc_thanhhoa_tinh"))["awarded"]
    authority = "Giám đốc các sở và Chủ tịch UBND các huyện"
    assert {"form": "Giấy khen", "authority": authority, "collectives": 312, "individuals": 1046,
            "households": 85, "others": None} in awarded


def test_offered_rewards_in_a_plan_are_not_counted_as_awarded():
    rec = record_of(text_of("pd_xa_binhphuoc"))
    assert rec["awarded"] == []
    assert [(r["form"], r["authority"]) for r in rec["rewards"]] == [
        ("Giấy khen", "Chủ tịch UBND xã"), ("Giấy khen", "Chủ tịch UBND huyện")]


def test_cong_van_subject_is_its_title_and_type_comes_from_its_symbol():
    rec = record_of(text_of("cv_dongthap_huyen"))
    assert (rec["doc_type"], rec["symbol"]) == ("cong_van", "UBND-NV")
    assert rec["title"] == "đăng ký thi đua và đề nghị khen thưởng năm 2023"


def test_decision_does_not_cite_itself_from_its_annex():
    rec = record_of(text_of("qd_khanhhoa_tinh"))
    assert all(r["number"] != "1742/QĐ-UBND" for r in rec["references"])


def test_garbled_twins_give_no_false_values():
    score = Score()
    for key_path in KEYS:
        twin = key_path.with_name(f"{key_path.stem}.eng.txt")
        score.add(key_path.stem, record_of(twin.read_text(encoding="utf-8")),
                  json.loads(key_path.read_text(encoding="utf-8")))
    assert score.invented == 0, [w for w in score.wrong if "want None" in w or "missing []" in w]


# --------------------------------------------------------------------------- spans and confidence


def test_spans_point_at_the_words_of_the_value():
    doc = run(text_of("pd_bacgiang_tinh"))
    assert span_text(doc, "issued_on") == "ngày 10 tháng 01 năm 2020"
    assert span_text(doc, "number") == "52"
    assert span_text(doc, "place") == "Bắc Giang"


def test_a_value_wrapped_over_two_lines_has_a_span_on_each():
    doc = run("KẾ HOẠCH\n\nThi đua\n\nThực hiện Kế hoạch số 41/KH-UBND ngày\n"
              "20/02/2024 của UBND tỉnh Nam Định về thi đua.\n")
    assert doc.record is not None and doc.record.references[0].date == "2024-02-20"
    assert sorted({s.line for s in doc.record.spans["references"]}) == [4, 5]


def test_every_filled_field_has_a_confidence_between_0_and_1():
    rec = record_of(text_of("kh_namdinh_huyen"))
    meta = ("doc_id", "source", "confidence", "spans")
    filled = [f for f, v in rec.items() if v not in (None, [], {}) and f not in meta]
    assert set(filled) <= set(rec["confidence"])
    assert all(0 <= c <= 1 for c in rec["confidence"].values())


def test_restoration_confidence_lowers_field_confidence():
    doc = document_from_text(text_of("kh_namdinh_huyen"))
    sure = extract(segment(doc)).record.confidence["place"]
    for _, _, line in doc.lines():
        for w in line.words:
            w.restored, w.confidence = w.text, 0.5
    unsure = extract(segment(doc)).record.confidence["place"]
    assert unsure == pytest.approx(sure * 0.5)


# --------------------------------------------------------------------------- damaged variants


def test_missing_header_leaves_header_fields_null_and_the_rest_intact():
    text = text_of("pd_bacgiang_tinh")
    rec = record_of(text[text.index("PHÁT ĐỘNG"):])
    assert [rec[f] for f in ("number", "symbol", "issuer", "place", "issued_on")] == [None] * 5
    assert rec["doc_type"] == "phat_dong" and rec["signer"]["name"] == "Lê Ánh Dương"


def test_no_signature_gives_no_signer_but_keeps_the_recipients():
    text = text_of("kh_xa_quangninh")
    text = re.sub(r"\s+(TM\. ỦY BAN NHÂN DÂN|CHỦ TỊCH)\n", "\n", text).replace("Lục Văn Kiên", "")
    rec = record_of(text)
    assert rec["signer"] is None
    assert rec["recipients"] == ["UBND huyện Bình Liêu", "Đảng ủy, HĐND xã", "Các thôn", "Lưu: VT"]


def test_a_missing_page_loses_only_what_was_on_it():
    text = text_of("kh_namdinh_huyen")
    first, rest = text.split("III. NỘI DUNG THI ĐUA", 1)
    rec = record_of(first + "\f" + rest.split("V. TỔ CHỨC THỰC HIỆN", 1)[1])  # page 2 of 3 is lost
    assert rec["rewards"] == []
    assert rec["period"]["start"] == "2024-03-01" and rec["signer"]["title"] == "Phó Chủ tịch"


def test_mangled_headings_keep_their_section_kinds_and_period():
    text = (text_of("kh_namdinh_huyen")
            .replace("II. THỜI GIAN, CHỦ ĐỀ THI ĐUA", "II. THOI GIAN, CHU PE THI PUA")
            .replace("III. NỘI DUNG THI ĐUA", "1. NOI DUNG THI bUA").replace("1. Thời gian", "1. Thoi gian"))
    rec = record_of(text)
    assert [s["kind"] for s in rec["sections"]] == [
        "muc_dich", "thoi_gian", "noi_dung", "khen_thuong", "to_chuc_thuc_hien"]
    assert rec["period"]["end"] == "2024-12-31"


# --------------------------------------------------------------------------- command line


def test_cli_writes_the_record_json(tmp_path):
    out = tmp_path / "rec.json"
    result = CliRunner().invoke(app, ["extract", str(LABELLED / "bc_huyen_daklak.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["awarded"][0]["collectives"] == 8 and rec["spans"]["issued_on"]


def test_cli_names_a_missing_file_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.output and len(result.output.strip().splitlines()) == 1


def test_letter_codes_get_back_their_d_with_stroke():
    assert canonical_code("PD-UBND") == "PĐ-UBND"
    assert canonical_code("91/2017/ND-CP") == "91/2017/NĐ-CP"
    assert canonical_code("05-CT/TW") == "05-CT/TW"


def test_garbled_symbol_is_read_with_its_code_restored():
    rec = record_of((LABELLED / "qd_huyen_haiduong.eng.txt").read_text(encoding="utf-8"))
    assert (rec["number"], rec["symbol"], rec["issued_on"]) == ("2318", "QĐ-UBND", "2021-12-30")


def test_header_columns_read_one_after_the_other():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 52/PĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nBắc Giang, ngày 10 tháng 01 năm 2020\n\nPHÁT ĐỘNG\n\n"
            "Thi đua năm 2020\n\nNội dung.\n")
    rec = record_of(text)
    assert (rec["issuer"], rec["issuer_header"], rec["symbol"], rec["place"], rec["issued_on"]) == (
        "UBND tỉnh Bắc Giang", "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "PĐ-UBND", "Bắc Giang", "2020-01-10")


def test_decision_counts_come_from_its_list_when_the_text_does_not_state_them():
    rec = record_of(text_of("qd_xa_thaibinh"))
    assert rec["awarded"] == [{"form": "Giấy khen", "authority": "Chủ tịch UBND xã", "collectives": 2,
                               "individuals": 3, "households": 2, "others": None}]
    assert rec["rewards"] == []


def test_a_page_without_text_gives_a_record_of_nulls():
    rec = record_of("\f\n\n")
    assert rec["doc_type"] == "other" and rec["title"] is None and rec["signer"] is None
    assert rec["sections"] == [] and rec["recipients"] == [] and rec["confidence"] == {"doc_type": 0.0}


# --------------------------------------------------------------------------- canonical bodies


@pytest.mark.parametrize(("header", "issuer", "level"), [
    (["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"], "UBND tỉnh Lạng Sơn", "tinh"),
    (["UBND TỈNH CÀ MAU", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Cà Mau", "so"),
    (["SỞ NỘI VỤ TỈNH SƠN LA", "BAN THI ĐUA - KHEN THƯỞNG"], "Ban Thi đua - Khen thưởng tỉnh Sơn La", "ban"),
    (["UBND TỈNH BẾN TRE", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "Sở Giáo dục và Đào tạo tỉnh Bến Tre", "so"),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"], "UBND thành phố Cần Thơ", "tinh"),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ THÁI NGUYÊN"], "UBND thành phố Thái Nguyên", "huyen"),
    (["UBND THÀNH PHỐ NINH BÌNH", "ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔNG THÀNH"], "UBND phường Đông Thành", "xa"),
    # Diacritics lost by OCR, a letter dropped by restoration, a word of the motto glued on:
    (["UY BAN NHAN DAN", "XA DONG TAM"], "UBND xã Đồng Tâm", "xa"),
    (["ỦY BAN NHÂN DÂN HUYỆN KÔNG PÁC"], "UBND huyện Krông Pắc", "huyen"),
    (["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN CỘNG"], "UBND tỉnh Lạng Sơn", "tinh"),
])
def test_header_gives_the_canonical_body_and_its_level(header, issuer, level):
    assert canonical_body(header) == (issuer, level)


def test_two_spellings_of_one_body_are_one_issuer():
    printed = record_of("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                        "HUYỆN CAO LỘC          Độc lập - Tự do - Hạnh phúc\n"
                        "Số: 12/KH-UBND          Cao Lộc, ngày 02 tháng 3 năm 2020\n\nKẾ HOẠCH\n\nThi đua\n")
    short = record_of("UBND HUYỆN CAO LỘC          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                      "          Độc lập - Tự do - Hạnh phúc\n"
                      "Số: 13/KH-UBND          Cao Lộc, ngày 03 tháng 3 năm 2020\n\nKẾ HOẠCH\n\nThi đua\n")
    assert printed["issuer"] == short["issuer"] == "UBND huyện Cao Lộc"
    assert printed["issuer_header"] != short["issuer_header"]


# --------------------------------------------------------------------------- damaged text


def test_date_digits_misread_as_letters_or_words_are_read_from_the_line_as_read():
    doc = document_from_text("UBND TỈNH CÀ MAU          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                             "SỞ NỘI VỤ          Độc lập - Tự do - Hạnh phúc\n"
                             "Số: 734/SNV-TĐKT          Cà Mau, ngày l6 tháng II năm 202l\n\n"
                             "KẾ HOẠCH\n\nThi đua\n")
    words = doc.pages[0].main.lines[2].words
    assert words[-5].text == "l6"
    words[-5].restored = "lò"  # what restoration made of it
    rec = extract(segment(doc)).record
    assert (rec.place, rec.issued_on) == ("Cà Mau", "2021-11-16")


@pytest.mark.parametrize(("line", "kind"), [
    ("\" xÉn HOẠCH ˆ Ạ mi |", "ke_hoach"), ("- KEHOACH   có", "ke_hoach"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", None)])
def test_doc_type_line_under_ocr_specks(line, kind):
    from pipeline.lexicon import doc_type_of

    hit = doc_type_of(line)
    assert (hit[0] if hit else None) == kind


def test_section_numbers_restored_from_their_order_when_ocr_loses_dots_and_strokes():
    text = ("KẾ HOẠCH\n\nThi đua\n\nI. MỤC ĐÍCH\n\nNội dung.\n\nII NỘI DUNG THI ĐUA\n\nNội dung.\n\n"
            "HAI. KHEN THƯỞNG\n\nNội dung.\n\nIV TỔ CHỨC THỰC HIỆN\n\nNội dung.\n")
    headings = [s["heading"] for s in record_of(text)["sections"]]
    assert headings == ["I. MỤC ĐÍCH", "II. NỘI DUNG THI ĐUA", "III. KHEN THƯỞNG", "IV. TỔ CHỨC THỰC HIỆN"]


def test_a_symbol_is_checked_against_the_shape_of_document_codes():
    from pipeline.extract.fields import document_code

    assert document_code("QD-UBN0") == "QĐ-UBND"
    assert document_code("KH- UBND".replace(" ", "")) == "KH-UBND"
    assert document_code("K H") is None


def test_archive_line_keeps_its_codes_as_ocr_read_them():
    doc = document_from_text("KẾ HOẠCH\n\nThi đua\n\nNơi nhận:          CHỦ TỊCH\n- UBND tỉnh (bác);\n"
                             "- Lưu: VI, NC.\n\nTrần Văn An\n")
    lines = doc.pages[0].main.lines
    lines[6].words[2].restored = "Nắc"  # restoration took the code NC for a word
    rec = extract(segment(doc)).record
    assert rec.recipients == ["UBND tỉnh (b/c)", "Lưu: VT, NC"]
    kept = record_of("KẾ HOẠCH\n\nThi đua\n\nNơi nhận:          CHỦ TỊCH\n- Lưu: VP.\n\nTrần Văn An\n")
    assert kept["recipients"] == ["Lưu: VP"], "another office's code is not taken for VT"
