"""Segmentation: header, sections, closing, signature and recipients, on real text."""

from pathlib import Path

from pipeline.document import Document, Line
from pipeline.segment import _Row, is_recipients_line, segment, split_columns
from pipeline.textdoc import document_from_text, line_text

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = next((ROOT / "data" / "raw").glob("003_*.txt"))
LABELLED = ROOT / "tests" / "data" / "labelled"


def blocks(text: str) -> dict[str, list]:
    doc = segment(document_from_text(text))
    out: dict[str, list] = {}
    for b in doc.blocks:
        out.setdefault(b.role or b.kind, []).append(b)
    return out


def test_seed_003_has_type_title_sections_closing_recipients_and_signature():
    parts = blocks(SEED_003.read_text(encoding="utf-8"))
    assert parts["doc_type"][0].text == "PHÁT ĐỘNG"
    assert parts["title"][0].text.startswith("Phong trào thi đua đặc biệt")
    assert [b.kind for b in parts["section"]] == ["noi_dung"]
    assert len(parts["section"][0].items) == 12
    assert parts["closing"][0].text.endswith("Lạng Sơn./.")
    assert len(parts["recipients"][0].items) == 11
    assert parts["signature"][0].items == ["CHỦ TỊCH", "Phạm Ngọc Thưởng"]


def test_roman_sections_of_a_plan_in_order():
    parts = blocks((LABELLED / "kh_namdinh_huyen.txt").read_text(encoding="utf-8"))
    assert [b.kind for b in parts["section"]] == [
        "muc_dich", "thoi_gian", "noi_dung", "khen_thuong", "to_chuc_thuc_hien"]


def test_ocr_damaged_headings_are_recognised():
    text = ("PHÁT ĐỘNG\n\nĐợt thi đua năm 2020\n\nMở đầu.\n\nI. MUC PiCH, YEU CAU\n\nNội dung.\n\n"
            "II. THOI GIAN, CHU PE THI PUA\n\nTừ tháng 01/2020.\n\nIll. NOI DUNG THI bUA\n\n1. Thi đua.\n\n"
            "IV. TO CHUC THU'C HIEN\n\n1. Các sở.\n")
    kinds = [b.kind for b in blocks(text)["section"]]
    assert kinds == ["muc_dich", "thoi_gian", "noi_dung", "to_chuc_thuc_hien"]


def test_roman_numeral_read_as_digit_still_heads_a_section():
    text = "KẾ HOẠCH\n\nTriển khai\n\nI. MUC PICH, YEU CAU\n\nA.\n\n1. NOI DUNG THI bUA\n\n1. Thi đua.\n"
    assert [b.kind for b in blocks(text)["section"]] == ["muc_dich", "noi_dung"]


def test_numbered_subheading_in_mixed_case_is_an_item_not_a_section():
    text = ("KẾ HOẠCH\n\nTriển khai\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nĐộng viên.\n\n"
            "2. Yêu cầu\n\nThiết thực.\n")
    sections = blocks(text)["section"]
    assert len(sections) == 1 and sections[0].items[:2] == ["Mục đích", "Yêu cầu"]


def test_two_column_bottom_lines_are_separated_by_text_cues():
    text = ("KẾ HOẠCH\n\nThi đua\n\nNội dung./.\n\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n"
            "- Ban TĐKT TW; KT. CHỦ TỊCH\n- Sở Nội vụ; PHÓ CHỦ TỊCH\n- Lưu: VT.\n\nTrần Văn Hùng\n")
    parts = blocks(text)
    assert parts["recipients"][0].items == ["- Ban TĐKT TW;", "- Sở Nội vụ;", "- Lưu: VT."]
    signature = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Hùng"]
    assert parts["signature"][0].items == signature


def test_two_column_header_lines_are_separated_by_text_cues():
    text = ("UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\nTINH LANG SON DPoc lap - Tw do - Hanh phc\n"
            "S6:309 /KH-UBND Lang Son, ngay 28 thang 7/nam 2025\nKE HOACH\n\nTrien khai\n")
    parts = blocks(text)
    assert parts["issuer"][0].text == "UY BAN NHAN DAN\nTINH LANG SON"
    assert parts["number"][0].text == "S6:309 /KH-UBND"
    assert parts["place_date"][0].text == "Lang Son, ngay 28 thang 7/nam 2025"


def test_an_organisation_heading_ends_a_merged_header_line_as_its_right_column():
    # A Đoàn paper (generated): the organisation's name where the State's carry the motto.
    text = ("BCH ĐOÀN TNCS HỒ CHÍ MINH HUYỆN TAM ĐẢO ĐOÀN TNCS HỒ CHÍ MINH\nxi\n"
            "Số 12-KH/HĐTN Tam Đảo, ngày 3 tháng 3 năm 2024\nKẾ HOẠCH\n\nThi đua\n")
    parts = blocks(text)
    assert parts["issuer"][0].text == "BCH ĐOÀN TNCS HỒ CHÍ MINH HUYỆN TAM ĐẢO"
    # Without a unit before it, the name is the body's own: the central committee's.
    text = "BAN CHẤP HÀNH TRUNG ƯƠNG HỘI NÔNG DÂN VIỆT NAM\nSố 5-CV/HNDTW\nV/v thi đua\n\nNội dung.\n"
    assert blocks(text)["issuer"][0].text == "BAN CHẤP HÀNH TRUNG ƯƠNG HỘI NÔNG DÂN VIỆT NAM"


def test_two_column_lines_are_separated_by_word_boxes_when_present():
    doc = Document.from_json((LABELLED / "pd_bacgiang_tinh.eng.doc.json").read_text(encoding="utf-8"))
    parts = {b.role: b for b in segment(doc).blocks if b.kind == "header"}
    issuer = parts["issuer"].text.upper()
    assert "NHAN DAN" in issuer and "CONG HOA" not in issuer and "DOC LAP" not in issuer
    assert parts["place_date"].text.split(",")[0].upper().replace(" ", "") == "BACGIANG"


def test_word_boxes_split_a_line_that_has_no_text_cue():
    # A recipient that lost its ";" beside the signer's name: only the gap between the columns tells.
    line = Line.from_text("- Như trên Hoàng Thị Lan")
    row = _Row(1, 0, line.restored_text, line)
    left, right = split_columns(row, "bottom")
    assert right.text == "", "without boxes there is nothing to cut at"
    xs = [(100, 115), (125, 190), (200, 260), (1200, 1300), (1310, 1360), (1370, 1430)]
    for word, (x0, x1) in zip(line.words, xs, strict=True):
        word.box = (x0, 500, x1, 540)
    left, right = split_columns(row, "bottom")
    assert (left.text, right.text) == ("- Như trên", "Hoàng Thị Lan")


def test_restored_words_are_what_segment_reads():
    doc = document_from_text("KE HOACH\n\nTrien khai\n")
    doc.pages[0].readings[0].lines[0].words[0].restored = "KẾ"
    doc.pages[0].readings[0].lines[0].words[1].restored = "HOẠCH"
    parts = {b.role: b for b in segment(doc).blocks}
    assert parts["doc_type"].text == "KẾ HOẠCH"


def test_decision_annex_list_is_kept_apart_from_the_body():
    parts = blocks((LABELLED / "qd_khanhhoa_tinh.txt").read_text(encoding="utf-8"))
    assert "section" not in parts
    assert parts["annex"][0].heading.startswith("DANH SÁCH")
    assert parts["signature"][0].items == ["CHỦ TỊCH", "Nguyễn Tấn Tuân"]


def test_recipients_line_is_found_as_ocr_and_restoration_misread_it():
    misread = ("Nơi nhận:", "Noi nhgn: TM. UY BAN", "-- Ngú nhần: KT. GIẢM HỌC")
    assert all(is_recipients_line(t) for t in misread)
    body = ("mới nâng cao.", "Có nhận thức sâu sắc về vai trò của công tác")
    assert not any(is_recipients_line(t) for t in body)


def test_ocr_noise_marks_are_blanked_without_moving_offsets():
    line = Line.from_text("II. KHEN THƯỞNG |")
    line.words[-1].restored = "i"
    assert line_text(line) == "II. KHEN THƯỞNG  "
    assert len(line_text(line)) == len(line.restored_text)


def test_a_paragraph_right_under_the_last_heading_is_its_text_not_the_closing():
    parts = blocks((LABELLED / "bc_huyen_daklak.txt").read_text(encoding="utf-8"))
    assert "closing" not in parts
    assert parts["section"][-1].text.endswith("đạt chuẩn nông thôn mới nâng cao.")


def test_a_title_goes_on_past_a_blank_row_before_a_misread_quote_or_one_line_pitch_down():
    # The campaign's name under a blank row, its opening quote read as a straight one.
    text = ('CÔNG VĂN\n\nV/v đề nghị xét tặng Kỷ niệm chương\n\n"Vì sự nghiệp Nông dân Việt Nam” năm 2021\n'
            "\nKính gửi: Ban Thường vụ.\n")
    assert blocks(text)["title"][0].text.endswith("Việt Nam” năm 2021")
    # A name wrapped at a line's end, with a blank row OCR put between lines one pitch apart.
    text = ("KẾ HOẠCH\n\nThi đua chào mừng 65 năm Chiến thắng Điện\n\nBiên Phủ (07/5/1954 - 07/5/2019)\n\n"
            "Căn cứ Kế hoạch số 318/KH-UBND.\n")

    def scanned(tops: list[int]) -> Document:
        doc = document_from_text(text)
        rows = [line for _, _, line in doc.lines() if line.words]
        for line, top in zip(rows, tops, strict=True):
            for n, word in enumerate(line.words):
                word.box = (100 + 60 * n, top, 150 + 60 * n, top + 55)
        return segment(doc)

    def title(doc: Document) -> str:
        return next(b.text for b in doc.blocks if b.role == "title")

    assert title(scanned([540, 700, 780, 940])).endswith("(07/5/1954 - 07/5/2019)")
    assert title(scanned([540, 700, 860, 1020])).endswith("Chiến thắng Điện"), "a gap in print"



def test_marks_a_columns_gap_right_of_a_heading_are_none_of_it():
    # A stamp's marks OCR read as capitals ("NT") far to the right of a heading's last word.
    text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\nII. TỔ CHỨC THỰC HIỆN NT\n"
            "Các cơ quan thực hiện.\n")
    doc = document_from_text(text)
    for _, _, line in doc.lines():
        for n, word in enumerate(line.words):
            word.box = (100 + 120 * n, 500, 200 + 120 * n, 550)
        if line.words and line.words[-1].text == "NT":
            line.words[-1].box = (1600, 480, 1800, 560)
    headings = [b.heading for b in segment(doc).blocks if b.role == "section"]
    assert headings == ["I. MỤC ĐÍCH", "II. TỔ CHỨC THỰC HIỆN"]


def test_a_recipients_bullet_read_as_another_mark_after_a_semicolon():
    text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\n\n"
            "Nơi nhận:          TM. ỦY BAN NHÂN DÂN\n- UBND tỉnh;          CHỦ TỊCH\n"
            "~ Sở Nội vụ tỉnh;\n- Lưu: VT.\n\nNguyễn Văn An\n")
    assert blocks(text)["recipients"][0].items == ["- UBND tỉnh;", "- Sở Nội vụ tỉnh;", "- Lưu: VT."]


def test_a_recipients_bullet_read_as_another_mark_after_a_stop_read_as_a_colon_or_glued_on():
    # A scan reads the recipient's ";" as ":" (or ","), and the next bullet as "~" or "*", now and
    # then with no space after it ("~Lưu"): each is still a recipient of its own.
    text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\n\n"
            "Nơi nhận:          TM. ỦY BAN NHÂN DÂN\n- Như trên,          CHỦ TỊCH\n"
            "~ Ban Giám đốc Sở (để biết);\n- Phòng Nội vụ quận:\n~ Đảng ủy phường (b/c);\n"
            "- Công đoàn Bệnh viện:\n* Sở Y tế;\n~Lưu: VT, VP.\n\nNguyễn Văn An\n")
    assert blocks(text)["recipients"][0].items == [
        "- Như trên,", "- Ban Giám đốc Sở (để biết);", "- Phòng Nội vụ quận:", "- Đảng ủy phường (b/c);",
        "- Công đoàn Bệnh viện:", "- Sở Y tế;", "- Lưu: VT, VP."]


def test_two_recipients_ocr_read_onto_one_row_are_two():
    # A scan's rows run together: "- Giám đốc Sở (b/c); - Lưu: VT, VP." holds two recipients.
    text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\n\n"
            "Nơi nhận:          KT. GIÁM ĐỐC\n- Như trên;          PHÓ GIÁM ĐỐC\n"
            "- Giám đốc Sở (b/c); - Lưu: VT, VP.\n\nNguyễn Văn An\n")
    assert blocks(text)["recipients"][0].items == ["- Như trên;", "- Giám đốc Sở (b/c);", "- Lưu: VT, VP."]


def test_a_title_goes_on_with_a_place_name_that_folds_near_a_body_opener():
    # "Thừa Thiên Huế" folds to "thua thien", one letter from the opener "Thực hiện"; an opener is in
    # sentence case, a place's name in capitalised words.
    text = ("KẾ HOẠCH\nTổ chức đợt thi đua chào mừng kỷ niệm 50 năm Ngày giải phóng\n"
            "Thừa Thiên Huế và 50 năm Ngày giải phóng miền Nam\n"
            "Thực hiện Kế hoạch số 425-KH/TU, UBND thành phố ban hành Kế hoạch.\n\n"
            "I. MỤC ĐÍCH, YÊU CẦU\nĐẩy mạnh thi đua.\n")
    title = blocks(text)["title"][0].text
    assert title.endswith("Thừa Thiên Huế và 50 năm Ngày giải phóng miền Nam")
    assert "Thực hiện" not in title


def test_a_signers_name_on_the_last_recipients_row_is_the_signatures():
    # A two-column footer read line by line: the name, low in the right column, shares the archive
    # line's row, one space after its last code (with or without the code's stop), a rank before it.
    for row, name in (("- Lưu: VT, PX03. Đại tá Lê Văn Bảo", "Đại tá Lê Văn Bảo"),
                      ("- Lưu: VT, NV Giàng Seo Vần", "Giàng Seo Vần"),
                      ("- Thường trực Huyện ủy (b/c). Nguyễn Thị Hồng Vân", "Nguyễn Thị Hồng Vân")):
        text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\n\n"
                "Nơi nhận: KT. GIÁM ĐỐC\n- Cục Công tác đảng (để b/c); PHÓ GIÁM ĐỐC\n"
                f"- Các đơn vị thuộc Công an tỉnh;\n{row}\n")
        found = blocks(text)
        assert found["signature"][0].items == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", name]
        assert found["recipients"][0].items[-1] == row[:row.index(name)].rstrip()
    # A recipient's own capitalised words after its bullet are no name ("- UBND tỉnh Lào Cai.").
    text = ("KẾ HOẠCH\n\nThi đua năm 2024\n\nI. MỤC ĐÍCH\nThi đua.\n\n"
            "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ; CHỦ TỊCH\n- UBND tỉnh Lào Cai.\n\nGiàng Seo Vần\n")
    found = blocks(text)
    assert found["recipients"][0].items == ["- Sở Nội vụ;", "- UBND tỉnh Lào Cai."]
    assert found["signature"][0].items == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Giàng Seo Vần"]


def test_a_signature_block_written_above_the_recipients_list_is_the_signatures():
    # A text file keeps a paragraph on one row: the signature block over "Nơi nhận" sits in the first
    # half of the body's rows, though after nearly all of its text.
    sentence = "Phòng Văn hóa huyện tổng hợp danh sách, hồ sơ đề nghị khen thưởng gửi về Sở Nội vụ."
    body = " ".join([sentence] * 6)
    text = ("CÔNG VĂN\n\nV/v khen thưởng\n\n" + body + "\n\nTrân trọng./.\n\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nLê Thị Hồng\nNơi nhận:\n- Như trên;\n- UBND tỉnh;\n"
            "- Sở Tư pháp;\n- Lưu: VT.\n")
    found = blocks(text)
    assert found["signature"][0].items == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hồng"]
    assert found["recipients"][0].items == ["- Như trên;", "- UBND tỉnh;", "- Sở Tư pháp;", "- Lưu: VT."]


def test_a_bodys_name_ending_like_the_national_heading_beside_it_is_the_issuers():
    # "HỘI LUẬT GIA VIỆT NAM" ends as "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" does; beside that heading
    # on its row it is the left column, the issuer's.
    text = ("HỘI LUẬT GIA VIỆT NAM          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "HỘI LUẬT GIA TỈNH GIA LAI          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 12/KH-HLG          Gia Lai, ngày 3 tháng 4 năm 2022\n\nKẾ HOẠCH\n\nThi đua năm 2022\n")
    assert blocks(text)["issuer"][0].text == "HỘI LUẬT GIA VIỆT NAM\nHỘI LUẬT GIA TỈNH GIA LAI"



def test_the_national_headings_last_word_wrapped_below_a_blank_line_is_not_the_issuers():
    # OCR of a scan: "VIỆT" ends the first row, a blank line, then "NAM" alone.
    text = ("HỘI KHUYẾN HỌC TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n\nNAM\n\n"
            "HỘI KHUYẾN HỌC HUYỆN GIA BÌNH Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 27/BC-HKH Gia Bình, ngày 12 tháng 12 năm 2023\n\nBÁO CÁO\n\nKết quả năm 2023\n\nNội dung.\n")
    assert blocks(text)["issuer"][0].text == "HỘI KHUYẾN HỌC TỈNH BẮC NINH\nHỘI KHUYẾN HỌC HUYỆN GIA BÌNH"

def test_a_recipient_whose_bullet_ocr_lost_or_read_as_an_underscore_is_still_one():
    text = ("KẾ HOẠCH\n\nThi đua\n\nNội dung./.\n\nNơi nhận:          TM. ỦY BAN NHÂN DÂN\n"
            "- Sở Tư pháp;          CHỦ TỊCH\nTT Quận ủy, TT HĐND quận;\n_ Các phòng, ban quận;\n"
            "- Lưu: VT.\n\nLê Văn Nam\n")
    found = blocks(text)
    assert found["recipients"][0].items == [
        "- Sở Tư pháp;", "- TT Quận ủy, TT HĐND quận;", "- Các phòng, ban quận;", "- Lưu: VT."]
    assert found["signature"][0].items == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Nam"]



def test_the_first_recipient_under_the_label_whose_bullet_ocr_lost_is_one():
    # OCR of a print read with single spaces: the list's first row lost its bullet and shares its line
    # with the signature's capacity; it ends with ";" as recipients do.
    text = ("QUYẾT ĐỊNH\n\nKhen thưởng\n\nĐiều 1. Tặng Giấy khen./.\n\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n"
            "Như Điều 2; KT. CHỦ TỊCH\n- Thường trực Đảng ủy xã (b/c); PHÓ CHỦ TỊCH\n- Lưu: VT.\n\n"
            "Trần Thị Ngọc Hân\n")
    found = blocks(text)
    assert found["recipients"][0].items == ["- Như Điều 2;", "- Thường trực Đảng ủy xã (b/c);", "- Lưu: VT."]
    assert found["signature"][0].items == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                           "Trần Thị Ngọc Hân"]

def test_roman_numerals_read_out_of_order_take_their_places():
    # OCR adds and drops strokes of I's: "I.", "III.", "II." is I, II, III in the order printed.
    text = ("KẾ HOẠCH\n\nTriển khai\n\nI. MỤC ĐÍCH, YÊU CẦU\n\nA.\n\nIII. NỘI DUNG THI ĐUA\n\nB.\n\n"
            "II. KHEN THƯỞNG\n\nC.\n")
    sections = blocks(text)["section"]
    assert [(b.kind, b.heading) for b in sections] == [
        ("muc_dich", "I. MỤC ĐÍCH, YÊU CẦU"), ("noi_dung", "II. NỘI DUNG THI ĐUA"),
        ("khen_thuong", "III. KHEN THƯỞNG")]


def test_a_signature_title_on_a_recipients_row_after_a_misread_stop_or_before_specks():
    # The recipient's ";" read as ",", and specks after the title ("⁄ a `"): the title is the
    # signature's, the recipient ends before it.
    for row, recipient in (("- Tỉnh đoàn Gia Lai (b/c), PHÓ BÍ THƯ :", "- Tỉnh đoàn Gia Lai (b/c),"),
                           ("- Tỉnh đoàn Gia Lai (b/c); PHÓ BÍ THƯ ⁄ a `", "- Tỉnh đoàn Gia Lai (b/c);")):
        text = (f"KẾ HOẠCH\n\nThi đua\n\nNội dung./.\n\nNơi nhận: TM. BAN THƯỜNG VỤ\n{row}\n"
                "- Các xã, thị trấn, Đoàn;\n- Lưu: VP.\n\nLê Văn Nam\n")
        found = blocks(text)
        assert found["signature"][0].items == ["TM. BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Văn Nam"], row
        assert found["recipients"][0].items[0] == recipient, row


def test_a_spaced_out_type_line_ocr_read_as_two_lines_is_the_type_and_the_title_follows():
    text = ("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "XÃ TÂN PHÚ          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 7/BC-UBND          Tân Phú, ngày 3 tháng 4 năm 2022\n\nBÁO\nCÁO\n"
            "Kết quả phong trào thi đua năm 2022\n\nI. KẾT QUẢ\n\nĐạt nhiều kết quả.\n")
    found = blocks(text)
    assert found["doc_type"][0].text == "BÁO\nCÁO"
    assert found["title"][0].text == "Kết quả phong trào thi đua năm 2022"


def test_a_header_line_of_specks_under_the_issuers_name_is_none_of_it():
    # The stars printed under the body's name, read by English OCR and restored as "2K 2K do" or
    # "ôn 2k o": no word of two letters starts with a capital, as a header's words do (restoration
    # may have lowered the rest of them: "Sở Y Tế").
    for specks in ("2K 2K do", "ôn 2k o"):
        text = ("TỈNH ĐOÀN LÂM ĐỒNG          ĐOÀN TNCS HỒ CHÍ MINH\n"
                f"HUYỆN ĐOÀN ĐỨC TRỌNG\n{specks}\n"
                "Số: 21-KH/HĐTN          Đức Trọng, ngày 5 tháng 3 năm 2023\n\n"
                "KẾ HOẠCH\n\nThi đua năm 2023\n")
        assert blocks(text)["issuer"][0].text == "TỈNH ĐOÀN LÂM ĐỒNG\nHUYỆN ĐOÀN ĐỨC TRỌNG", specks
    text = ("Sở Y Tế          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBỆNH VIỆN ĐA KHOA TỈNH          Độc lập\n"
            "Số: 5/KH-BV          Cà Mau, ngày 5 tháng 3 năm 2023\n\nKẾ HOẠCH\n\nThi đua năm 2023\n")
    assert blocks(text)["issuer"][0].text == "Sở Y Tế\nBỆNH VIỆN ĐA KHOA TỈNH"


def test_the_womens_unions_name_ending_a_header_line_after_a_local_committees_is_the_right_column():
    # OCR read the two columns with one space between them: the union's name is its heading, printed
    # where a state body prints the national heading, not the issuer's.
    text = ("HỘI LHPN TỈNH PHÚ THỌ HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM\nBAN THƯỜNG VỤ\n"
            "Số: 12/BC-HPN Việt Trì, ngày 5 tháng 12 năm 2023\n\nBÁO CÁO\n\nTổng kết năm 2023\n")
    assert blocks(text)["issuer"][0].text == "HỘI LHPN TỈNH PHÚ THỌ\nBAN THƯỜNG VỤ"


def test_a_title_across_specks_and_blank_lines_ocr_put_in_it_ends_where_the_body_starts():
    head = "UBND XÃ TÂN PHÚ\nSố: 7/QĐ-UBND          Tân Phú, ngày 3 tháng 4 năm 2022\n\n"
    cases = (
        # A speck before the line's first word: a line in small letters after a blank goes on.
        ("QUYẾT ĐỊNH\n\nVề việc tặng Giấy khen\n\n. cho các tập thể, cá nhân năm 2021\n\nCHỦ TỊCH UBND XÃ\n",
         "Về việc tặng Giấy khen\n. cho các tập thể, cá nhân năm 2021"),
        # ... and "Thực hiện" after one still starts the body.
        ("PHÁT ĐỘNG\n\nPhong trào thi đua năm 2025\n. Thực hiện Kế hoạch số 5/KH-UBND ngày 2/1/2025 của UBND"
         " huyện, UBND xã phát động\n", "Phong trào thi đua năm 2025"),
        # "Ngày thành lập" names whose founding on the next line.
        ("PHÁT ĐỘNG\n\nĐợt thi đua kỷ niệm 95 năm Ngày thành lập\n\nHội Nông dân Việt Nam\n\nNội dung.\n",
         "Đợt thi đua kỷ niệm 95 năm Ngày thành lập\nHội Nông dân Việt Nam"),
        # A commemoration's days in brackets on a line of their own.
        ("HƯỚNG DẪN\n\nThi đua chào mừng 77 năm Ngày thành lập Hội Chữ thập đỏ Việt Nam\n\n"
         "(23/11/1946 - 23/11/2023)\n\nNội dung.\n",
         "Thi đua chào mừng 77 năm Ngày thành lập Hội Chữ thập đỏ Việt Nam\n(23/11/1946 - 23/11/2023)"),
    )
    for text, title in cases:
        assert blocks(head + text)["title"][0].text == title, title


def test_a_headings_specks_before_its_numeral_or_after_its_words_are_none_of_it():
    text = ("KẾ HOẠCH\n\nThi đua năm 2023\n\nI. MỤC ĐÍCH, YÊU CẦU _\n\nA.\n\n: II. NỘI DUNG THI ĐUA\n\nB.\n\n"
            "III. KHEN THƯỞNG\n\nC.\n\n_ IV. TỔ CHỨC THỰC HIỆN\n\nD.\n")
    assert [(b.kind, b.heading) for b in blocks(text)["section"]] == [
        ("muc_dich", "I. MỤC ĐÍCH, YÊU CẦU"), ("noi_dung", "II. NỘI DUNG THI ĐUA"),
        ("khen_thuong", "III. KHEN THƯỞNG"), ("to_chuc_thuc_hien", "IV. TỔ CHỨC THỰC HIỆN")]


def test_a_headings_capital_letter_is_the_one_ocr_read_where_restoration_gave_another():
    text = ("HƯỚNG DẪN\n\nThi đua năm 2021\n\nA. MỤC ĐÍCH, YÊU CẦU\n\nMột.\n\nB. NỘI DUNG THI ĐUA\n\nHai.\n\n"
            "C. KHEN THƯỞNG\n\nBa.\n\nD. TỔ CHỨC THỰC HIỆN\n\nBốn.\n")
    doc = document_from_text(text)
    for _, _, line in doc.lines():
        if line.text.startswith("D. TỔ"):
            line.words[0].restored = "A."  # restoration weighed the letter alone as another
    sections = [b for b in segment(doc).blocks if b.role == "section"]
    assert [b.heading for b in sections] == [
        "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG THI ĐUA", "C. KHEN THƯỞNG", "D. TỔ CHỨC THỰC HIỆN"]
