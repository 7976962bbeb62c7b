"""People's names: learnt from the corpus (pipeline.training.names), decoded with the name model
when a line is a name alone (pipeline.restore: Decoder.decode_name), never in running text."""

from __future__ import annotations

import json
import math
import shutil

import pytest

from pipeline.document import Line, Reading
from pipeline.restore import restore_text
from pipeline.restore.engine import restore_reading
from pipeline.restore.model import RestoreModel, read_json_gz, restore_dir
from pipeline.training.names import build_names, harvest, position_counts


def _corpus(tmp_path, texts: list[str]):
    rows = [json.dumps({"id": f"t:{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    (tmp_path / "admin.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


TEXTS = [
    "Cử ông Nguyễn Văn Hòa giữ chức Phó Chủ tịch; bà Trần Thị Lan tham gia.\nGiao ông Chủ tịch xem xét.",
    "Đồng chí Lê Minh Khánh, Bí thư; ông Nguyễn Văn A là người đại diện theo mẫu.",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Thị Thu Hương",
    "Hội nghị nghe ông Lê Văn Tám báo cáo.",
    "Tham dự có Nguyễn Thị Mai Anh và Trần Quốc Toản, cùng các đại biểu.",
]


def test_names_are_found_after_a_cue_under_a_signature_and_by_their_surname(tmp_path):
    corpus = _corpus(tmp_path, TEXTS)
    names = harvest(corpus)
    assert ("Nguyễn", "Văn", "Hòa") in names
    assert ("Trần", "Thị", "Lan") in names
    assert ("Lê", "Minh", "Khánh") in names  # after "Đồng chí"
    assert ("Phạm", "Thị", "Thu", "Hương") in names  # the signature under a title in capitals
    # A placeholder ("Nguyễn Văn A") and a title ("ông Chủ tịch") are no names.
    assert not any(name[-1] == "A" for name in names)
    assert not any(name[0] == "Chủ" for name in names)
    counts = position_counts(names)
    assert counts["surname"]["nguyễn"] >= 1 and counts["middle"]["thị"] >= 2
    assert counts["before_given"]["văn hòa"] == 1


def test_a_name_holding_a_word_that_also_opens_titles_is_found(tmp_path):
    # "Thành", "Quốc", "Anh" open bodies and kinship terms ("ông Thành ủy viên", "Anh hùng") and were
    # taken to end every name they were in: the restorer never learnt "Thành" as a given name.
    corpus = _corpus(tmp_path, [
        "Giao ông Nguyễn Văn Thành, Phó Chủ tịch UBND xã, chỉ đạo; ông Thành ủy viên không dự.",
        "Hội nghị có ông Trần Quốc Toản và đồng chí Lê Đại Nghĩa Phó Bí thư phát biểu.",
        "Nơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Quốc Anh",
    ])
    names = harvest(corpus)
    assert ("Nguyễn", "Văn", "Thành") in names
    assert ("Trần", "Quốc", "Toản") in names
    assert ("Lê", "Đại", "Nghĩa") in names  # a title after the name, no comma: not part of it
    assert ("Nguyễn", "Quốc", "Anh") in names  # the signature
    assert not any(name[0] == "Thành" for name in names)


def test_the_name_model_is_written_where_restoration_reads_it(tmp_path):
    (tmp_path / "corpus").mkdir()
    build_names(_corpus(tmp_path / "corpus", TEXTS), tmp_path, log=lambda _: None)
    model = read_json_gz(tmp_path / "names.json.gz")
    assert model["names"] == len(harvest(tmp_path / "corpus"))
    assert model["given"]["hòa"] == 1 and model["surname"]["nguyễn"] >= 1
    # The given names of names holding "Thị" anywhere among their middle names ("Phạm Thị Thu Hương").
    assert model["given thị"]["hương"] == 1 and model["given thị"]["lan"] == 1
    assert "hòa" not in model["given thị"] and model["given văn"]["hòa"] == 1


@pytest.mark.parametrize(("garbled", "name"), [
    ("Vu Van Hoa", "Vũ Văn Hòa"),  # the language model alone reads "Văn Hóa" (culture)
    ("Duong Van Binh", "Dương Văn Bình"),
    ("Truong Thi Lan Huong", "Trương Thị Lan Hương"),
    ("Lé Thi Hoa", "Lê Thị Hoa"),  # "Thị": a woman's name, "Hoa" not "Hòa"
    # "Thị" further back still tells a woman's name: "Dung", "Yến" (not the men's "Dũng", "Yên").
    ("Ha Thi Kim Dung", "Hà Thị Kim Dung"),
    ("Bui Thi Hai Yén", "Bùi Thị Hải Yến"),
])
def test_a_name_under_a_signature_is_restored_as_a_name(garbled, name):
    restored = restore_text(f"KT. CHU TICH\nPHO CHU TICH\n\n{garbled}\n")
    assert restored.split("\n")[-2] == name


@pytest.mark.parametrize("speck", [" .", " |", " ,"])
def test_specks_after_a_name_leave_it_a_name(speck):
    # The seal's or the signature's ink read as marks after the name.
    restored = restore_text(f"KT. CHU TICH\nPHO CHU TICH\n\nVu Van Hoa{speck}\n")
    assert restored.split("\n")[-2] == "Vũ Văn Hòa" + speck


@pytest.mark.parametrize("garbled, name", [
    # Printed with a syllable's letters, a name keeps them: the name model prefers "Chương",
    # "Sao", but an engine without Vietnamese drops marks, it does not add letters.
    ("Tran Van Chung", "Trần Văn Chung"),
    ("Kim Thi Sa Phuong", "Kim Thị Sa Phương"),
    # Đ read as D stays a misread.
    ("Dang Van Hai", "Đặng Văn Hải"),
    ("Dinh Cong Tuan", "Đinh Công Tuấn"),
    # Given names are an open class: one no corpus signed ("Pua", "Nhoan") keeps its letters
    # rather than becoming a common word the letters explain worse ("Phụ", "Hoàn").
    ("Lo Van Pua", "Lò Văn Pua"),
    ("Ha Thi Nhoan", "Hà Thị Nhoan"),
])
def test_a_name_printed_with_a_syllables_letters_keeps_them(garbled, name):
    restored = restore_text(f"KT. GIAM DOC\nPHO GIAM DOC\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2] == name


def test_the_same_words_in_running_text_are_not_a_name():
    assert "văn hóa" in restore_text("Ong Vu Van Hoa da trinh bay ve van hoa cua dia phuong.").lower()
    # A line in capitals is a heading, not a name.
    assert restore_text("VAN HOA XA HOI\n") == "VĂN HÓA XÃ HỘI\n"


def test_a_name_line_keeps_confidence_and_alternatives_for_every_word():
    reading = Reading(kind="txt", lines=[Line.from_text("PHO CHU TICH"), Line.from_text("Vu Van Hoa")])
    model = RestoreModel.load()
    restore_reading(model, reading)
    words = reading.lines[1].words
    assert [w.restored for w in words] == ["Vũ", "Văn", "Hòa"]
    for word in words:
        assert word.confidence is not None and 0.0 < word.confidence <= 1.0
        assert word.alternatives and word.alternatives[0].text == word.restored
    # "Hòa" or "Hoa": a given name the channel cannot tell apart is never certain.
    assert words[2].confidence < 0.95


def test_restoration_works_without_the_name_model(tmp_path):
    models = tmp_path / "restore"
    shutil.copytree(restore_dir(), models)
    (models / "names.json.gz").unlink()
    model = RestoreModel.load(models)
    assert model.names is None
    reading = Reading(kind="txt", lines=[Line.from_text("PHO CHU TICH"), Line.from_text("Vu Van Hoa")])
    restore_reading(model, reading)
    assert reading.lines[1].words[0].restored == "Vũ"


def test_a_name_the_vietnamese_engine_read_confidently_is_kept_and_never_certain():
    # Names of minority peoples the name model would make common ones, and the language model words.
    reading = Reading(kind="vie", lines=[Line.from_text("CHỦ TỊCH"), Line.from_text("Điểu Văn Sơn"),
                                         Line.from_text("Giàng Seo Vần")])
    for line in reading.lines:
        for word in line.words:
            word.ocr_conf = 0.96
    restore_reading(RestoreModel.load(), reading, engine="vie")
    assert [w.restored for w in reading.lines[1].words] == ["Điểu", "Văn", "Sơn"]
    assert [w.restored for w in reading.lines[2].words] == ["Giàng", "Seo", "Vần"]
    for word in reading.lines[1].words + reading.lines[2].words:
        assert word.confidence == pytest.approx(0.9 * 0.96, abs=1e-3)


def test_a_name_the_vietnamese_engine_was_unsure_of_is_weighed_by_restoration():
    reading = Reading(kind="vie", lines=[Line.from_text("CHỦ TỊCH"), Line.from_text("Điểu Văn Sơn")])
    for word in reading.lines[1].words:
        word.ocr_conf = 0.5
    restore_reading(RestoreModel.load(), reading, engine="vie")
    # Calibrated as any restored word: "Văn" is sure, the rare surname is not.
    surname, middle, _ = reading.lines[1].words
    assert middle.confidence > 0.9 and surname.confidence < 0.5


def test_a_rank_before_a_name_is_restored_as_a_rank_and_the_name_as_a_name():
    restored = restore_text("CHU NHIEM CHINH TRI\n\nDai ta Vu Van Hoa\n", engine="eng")
    assert restored.split("\n")[-2] == "Đại tá Vũ Văn Hòa"


def test_a_name_word_the_vietnamese_engine_misread_in_its_marks_is_restored():
    # "Xưân" is no syllable, and "Xuân" has its letters: a misread mark, not a rare name.
    reading = Reading(kind="vie", lines=[Line.from_text("CHỦ TỊCH"), Line.from_text("Đỗ Xưân Đạt")])
    for word in reading.lines[1].words:
        word.ocr_conf = 0.95
    restore_reading(RestoreModel.load(), reading, engine="vie")
    assert [w.restored for w in reading.lines[1].words] == ["Đỗ", "Xuân", "Đạt"]


@pytest.mark.parametrize(("garbled", "surname"), [
    ("Luc Van Kien", "Lục"),  # Tày: the language model alone reads "Lực" (force)
    ("Cam Thi Hoa", "Cầm"),  # Thái
    ("Lo Van Pan", "Lò"),
    ("Ka Thi Hoa", "Ka"),  # K'Ho: no garbled "Hà", whose letters differ
    ("Tra Van Binh", "Trà"),  # no "Trần" with a letter the engine never printed
])
def test_a_surname_the_corpus_never_signed_is_known_from_the_list(garbled, surname):
    restored = restore_text(f"TM. UY BAN NHAN DAN\nCHU TICH\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2].split()[0] == surname


def test_listed_surnames_and_middle_names_are_counted_in_the_name_model(tmp_path):
    (tmp_path / "corpus").mkdir()
    build_names(_corpus(tmp_path / "corpus", TEXTS), tmp_path, log=lambda _: None)
    model = read_json_gz(tmp_path / "names.json.gz")
    assert model["surname"]["lục"] >= 1 and model["surname"]["nguyễn"] >= 2
    assert model["middle"]["a"] >= 1  # the H'Mông middle name
    assert "lực" not in model["surname"]


def test_a_one_letter_middle_name_is_kept():
    # "A" (H'Mông: "Sùng A Chứ") is no garbled "Hà".
    restored = restore_text("TM. UY BAN NHAN DAN\nCHU TICH\n\nMua A Sinh\n", engine="eng")
    assert restored.split("\n")[-2].split()[:2] == ["Mùa", "A"]


@pytest.mark.parametrize("prefix", ["K'", "H'", "K’"])
def test_a_name_prefix_of_the_central_highlands_is_kept_as_printed(prefix):
    restored = restore_text(f"TM. UY BAN NHAN DAN\nCHU TICH\n\n{prefix}Binh\n", engine="eng")
    assert restored.split("\n")[-2] == f"{prefix}Bình"
    assert restore_text(f"Ong {prefix}Binh phat bieu\n", engine="eng").split()[1] == f"{prefix}Bình"


@pytest.mark.parametrize(("read", "name"), [
    ("Định Công Sứ", "Đinh Công Sứ"),  # "Định" is no surname; "Đinh" is
    ("Vị Ngọc Đạt", "Vi Ngọc Đạt"),
    ("Điều Văn Sơn", "Điểu Văn Sơn"),  # the S'tiêng surname, which the language model barely knows
])
def test_a_surname_the_vietnamese_engine_misread_in_its_tone_is_that_surname(read, name):
    reading = Reading(kind="vie", lines=[Line.from_text("BÍ THƯ"), Line.from_text(read)])
    for word in reading.lines[1].words:
        word.ocr_conf = 0.95
    restore_reading(RestoreModel.load(), reading, engine="vie")
    assert reading.lines[1].restored_text == name
    # As sure as a name kept as read: never certain, enough for a signer's name.
    assert all(0.8 < (w.confidence or 0) < 0.95 for w in reading.lines[1].words)


def test_a_surname_the_vietnamese_engine_read_as_one_is_kept():
    reading = Reading(kind="vie", lines=[Line.from_text("BÍ THƯ"), Line.from_text("Lò Văn Păn")])
    for word in reading.lines[1].words:
        word.ocr_conf = 0.95
    restore_reading(RestoreModel.load(), reading, engine="vie")
    assert reading.lines[1].restored_text == "Lò Văn Păn"


@pytest.mark.parametrize(("garbled", "surname"), [
    ("Quang Van Binh", "Quàng"),  # Thái; "Quảng" (of Quảng Nam) is common in text, no surname
    ("Me Van Sung", "Mè"),        # Mường; the corpus never signed it, the list knows it
])
def test_a_listed_surname_beats_common_words_at_a_names_first_place(garbled, surname):
    restored = restore_text(f"TM. UY BAN NHAN DAN\nCHU TICH\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2].split()[0] == surname


def test_offering_surnames_leaves_the_decoders_candidates_as_they_were():
    from pipeline.restore.engine import ReadingRestorer
    from pipeline.restore.model import get_model

    restorer = ReadingRestorer(get_model(), "eng")
    before = [c.form for c in restorer.decoder.candidates("Quang")]
    reading = Reading.from_text("txt", "TM. UY BAN NHAN DAN\nCHU TICH\n\nQuang Van Binh")
    restorer.restore_lines(reading.lines)
    assert reading.lines[-1].words[0].best == "Quàng"
    assert [c.form for c in restorer.decoder.candidates("Quang")] == before
    # In running text the same word is no surname.
    assert "tỉnh Quảng Nam" in restore_text("UBND tinh Quang Nam ban hanh ke hoach", engine="eng")


def test_an_unseen_given_names_share_follows_the_corpus_and_spares_surnames():
    names = RestoreModel.load().names
    assert names is not None
    # About the share of given names seen once (Good-Turing); surnames are a closed class.
    assert 0.05 < names.unseen_share["given"] < 0.4 and "surname" not in names.unseen_share
    rare = 1e-9  # the word's share of running text
    unseen = names.log_prob("nhoan", "given", rare, (20.0, 200.0))
    assert unseen > names.log_prob("nhoan", "surname", rare, (20.0, 200.0)) + 5
    # Not a syllable's spelling ("hưong"): no share.
    assert names.log_prob("hưong", "given", rare, (20.0, 200.0)) < unseen - 5


@pytest.mark.parametrize("degree", ["PGS.TS.", "ThS.", "BSCKII."])
def test_a_degree_before_a_name_is_kept_and_the_name_restored_as_a_name(degree):
    restored = restore_text(f"KT. GIAM DOC\nPHO GIAM DOC\n\n{degree} Tran Van Hoa\n", engine="eng")
    # The language model alone reads "Văn Hóa" (culture).
    assert restored.split("\n")[-2] == f"{degree} Trần Văn Hòa"


def test_a_pair_of_name_words_seen_once_is_weak_evidence_against_a_common_given_name():
    from pipeline.restore.model import NameModel

    # "Ngọc" was seen before twenty given names, once each, "Chiêu" among them; "Hiếu" is the commoner
    # given name alone. One such pair cannot outweigh the given name's own count many times over.
    given = {"hiếu": 30, "chiêu": 2, **{f"g{i}": 5 for i in range(19)}}
    pairs = {"ngọc chiêu": 1, **{f"ngọc g{i}": 1 for i in range(19)}, "văn hùng": 2, "văn dũng": 2}
    names = NameModel({"surname": {"trần": 9}, "middle": {"ngọc": 20}, "given": given}, pairs)
    assert 0.5 < names.pair_discount < 1.0  # n1 / (n1 + 2 n2) of the pairs' counts
    log_given = {w: math.log(n / sum(given.values())) for w, n in given.items()}
    hieu = names.given_after("ngọc", "hiếu", log_given["hiếu"])
    chieu = names.given_after("ngọc", "chiêu", log_given["chiêu"])
    assert hieu > chieu - 1.0  # within a nat: the channel decides
    assert names.given_after("ngọc", "chiêu", log_given["chiêu"]) > log_given["chiêu"]  # still evidence
    # The estimates stay a distribution over what the back-off gives.
    total = sum(math.exp(names.given_after("ngọc", w, lp)) for w, lp in log_given.items())
    assert total == pytest.approx(1.0)
    assert names.given_after("bích", "hiếu", log_given["hiếu"]) == log_given["hiếu"]  # no pair: the prior


def test_a_given_name_printed_with_its_letters_is_not_changed_for_a_rare_pair():
    # English OCR's "Hiéu" is "Hiếu"; the corpus signed "Ngọc Chiêu" once, which must not add a letter.
    restored = restore_text("TM. UY BAN NHAN DAN\nCHU TICH\n\nTran Thi Ngoc Hiéu\n", engine="eng")
    assert restored.split("\n")[-2] == "Trần Thị Ngọc Hiếu"


@pytest.mark.parametrize(("garbled", "name"), [("A Vuong", "A Vương"), ("A Thiém", "A Thiêm")])
def test_a_central_highlands_mans_a_before_a_one_word_name_makes_a_name_line(garbled, name):
    # Bahnar and Xơ Đăng men sign "A" and one word: no "Là" with letters the engine never printed.
    restored = restore_text(f"TM. BAN THUONG VU\nBI THU\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2] == name
    # A list's letter before a word is no name.
    assert restore_text("A Muc dich\n", engine="eng").split("\n")[0] == "A Mục đích"


@pytest.mark.parametrize(("garbled", "name"), [
    ("Ro Cham Yul", "Yul"),  # Jrai: not "Vũ", whose letters differ
    ("Y Blin Nie Knul", "Y Blin Niê Knul"),  # Ê Đê: "kn" begins no syllable
])
def test_a_minority_name_printed_with_letters_no_syllable_has_is_kept_as_printed(garbled, name):
    restored = restore_text(f"KT. GIAM DOC\nPHO GIAM DOC\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2].endswith(name)


@pytest.mark.parametrize(("garbled", "given"), [
    ("Quang Van Thuséng", "Thuséng"),  # marks printed: a garbled syllable, never kept as a foreign word
    ("Nguyen Van Sudn", "Sudn"),  # a syllable explains the letters cheaply
])
def test_a_garbled_syllable_in_a_name_is_not_taken_for_a_minority_name(garbled, given):
    restored = restore_text(f"KT. GIAM DOC\nPHO GIAM DOC\n\n{garbled}\n", engine="eng")
    assert restored.split("\n")[-2].split()[-1] != given


def test_a_word_spelt_as_no_syllable_has_the_unseen_share_of_such_names():
    names = RestoreModel.load().names
    assert names is not None and names.is_foreign("kdam", "given") and not names.is_foreign("kdam", "surname")
    assert not names.is_foreign("đàm", "given")
    # Far below a syllable the name model knows, far above what running text gives such letters.
    foreign = names.log_prob("kdam", "given", 1e-9, (20.0, 200.0))
    assert names.log_prob("đàm", "given", 1e-5, (20.0, 200.0)) > foreign + 3
    assert -20 < foreign < -10
