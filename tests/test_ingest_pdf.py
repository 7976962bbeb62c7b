"""PDF pages: the text layer with word boxes, OCR by the policy, page images for the review app."""

from __future__ import annotations

import subprocess

import pytest
from ingest_inputs import SAMPLES, scan_pages, text_pdf
from PIL import Image
from rapidfuzz import fuzz

from pipeline.ingest import ingest
from pipeline.ingest.encodings import encode
from pipeline.ingest.syllables import vietnamese_share
from pipeline.restore import restore

PAGES = [
    ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 1365/PĐ-UBND", "", "PHÁT ĐỘNG phong trào thi đua đặc biệt"],
    ["Nơi nhận:", "- Ban Thi đua - Khen thưởng Trung ương;", "- Lưu: VT."],
]
ENGLISH_LAYER = SAMPLES / "sample_scan_english_layer.pdf"


def test_text_layer_words_come_with_their_boxes_in_reading_order(tmp_path):
    doc = ingest(text_pdf(tmp_path / "layer.pdf", PAGES))
    assert doc.media_type == "pdf" and doc.page_count == 2
    for page, lines in zip(doc.pages, PAGES, strict=True):
        assert [r.kind for r in page.readings] == ["pdf_text"], "a Vietnamese text layer needs no OCR"
        assert page.primary == "pdf_text"
        assert [line.text for line in page.main.lines] == [ln for ln in lines if ln]
        assert page.width == 595 and page.height == 842
        tops = []
        for line in page.main.lines:
            lefts = [w.box[0] for w in line.words]
            assert lefts == sorted(lefts)
            for w in line.words:
                x0, top, x1, bottom = w.box
                assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height, w
            tops.append(line.box[1])
        assert tops == sorted(tops)
    first = doc.pages[0].main.lines[0].words[0]
    assert first.text == "ỦY" and abs(first.box[0] - 72) < 1


def test_page_images_are_kept_only_where_asked(tmp_path):
    pdf = text_pdf(tmp_path / "layer.pdf", PAGES)
    assert all(p.image is None for p in ingest(pdf, ocr="never").pages)
    pages_dir = tmp_path / "pages" / "doc"
    doc = ingest(pdf, ocr="never", image_dir=pages_dir)
    for page in doc.pages:
        assert page.image == str(pages_dir / f"{page.number}.png") and page.dpi == 300
        with Image.open(page.image) as img:
            assert abs(img.width - 595 / 72 * 300) <= 2 and abs(img.height - 842 / 72 * 300) <= 2


def test_a_scanned_page_is_taken_at_its_own_resolution_near_300_dpi(tmp_path):
    for dpi, expected_dpi in ((300, 300), (150, 300)):
        img = scan_pages("Ủy ban nhân dân tỉnh Lạng Sơn", dpi=dpi)[0]
        pdf = tmp_path / f"scan{dpi}.pdf"
        img.save(pdf, format="PDF", resolution=dpi)
        page = ingest(pdf, ocr="never", image_dir=tmp_path / str(dpi)).pages[0]
        assert page.dpi == expected_dpi
        with Image.open(page.image) as kept:
            scale = expected_dpi / dpi
            assert abs(kept.width - img.width * scale) <= 2 and abs(kept.height - img.height * scale) <= 2
            if dpi == expected_dpi:
                assert kept.size == img.size, "a 300 dpi scan is its stored image, not a re-rendering"


def test_ocr_never_keeps_the_archive_s_english_layer_alone():
    doc = ingest(ENGLISH_LAYER, ocr="never")
    assert all([r.kind for r in p.readings] == ["pdf_text"] for p in doc.pages)
    assert vietnamese_share(doc.text) < 0.75, "the sample's layer is the garbled English-model OCR"


def test_a_skewed_scans_english_layer_keeps_its_lines_whole(tmp_path):
    # The archive's files: a scan turned 2.5 degrees, with an English-OCR layer Tesseract wrote over it.
    words = ("Phong trao thi dua yeu nuoc cua tinh Lang Son nam hai nghin khong tram hai muoi lam da "
             "duoc cac co quan don vi huong ung va dat nhieu ket qua tot trong sanxuat kinh doanh").split()
    text = "\n".join(" ".join(words[i:] + words[:i]) for i in range(0, 30, 3))
    page = scan_pages(text, dpi=300)[0].rotate(2.5, expand=False, fillcolor=255)
    page.save(tmp_path / "skewed.png", dpi=(300, 300))
    subprocess.run(["tesseract", str(tmp_path / "skewed.png"), str(tmp_path / "skewed"), "-l", "eng", "pdf"],
                   check=True, capture_output=True)
    doc = ingest(tmp_path / "skewed.pdf", ocr="never")
    read = " ".join(line.text for line in doc.pages[0].reading("pdf_text").lines)
    # Sorted by height, a line 2.5 degrees off level was cut into pieces interleaved with the next.
    assert fuzz.ratio(" ".join(text.split()).lower(), " ".join(read.split()).lower()) >= 85, read


def test_image_only_pages_without_ocr_are_reported():
    doc = ingest(SAMPLES / "sample_image_only.pdf", ocr="never")
    assert all(not p.readings for p in doc.pages)
    assert len(doc.warnings) == doc.page_count == 2


def test_auto_ocrs_an_english_layer_and_keeps_both_readings():
    doc = ingest(ENGLISH_LAYER, ocr="auto")
    for page in doc.pages:
        layer, ocr = page.reading("pdf_text"), page.reading("ocr_vie")
        assert layer is not None and ocr is not None, f"page {page.number}: both readings expected"
        assert vietnamese_share(ocr.text) > vietnamese_share(layer.text)
        assert page.primary == "ocr_vie"
        assert ocr.mean_conf is not None and 0 < ocr.mean_conf <= 1
        assert ocr.engine.startswith("tesseract") and "vie" in ocr.engine
    words = set(doc.pages[0].reading("ocr_vie").text.lower().split())
    assert {"phong", "trào", "thi", "đua", "năm"} <= words


def test_an_english_pdf_is_read_but_flagged(tmp_path):
    pdf = text_pdf(tmp_path / "english.pdf", [["The provincial committee launched an emulation campaign",
                                               "to celebrate the anniversary of the founding of the Party."]])
    doc = ingest(pdf, ocr="never")
    assert "emulation campaign" in doc.text
    assert len(doc.warnings) == 1 and "not look like vietnamese" in doc.warnings[0].lower()


# Typed in a legacy font (.VnTime, VNI-Times): capitals without marks, as the "H" capital fonts of
# TCVN3 hold no codes of their own for marked capitals.
LEGACY_FONT_LINES = [
    "Kế hoạch tổ chức phong trào thi đua yêu nước năm 2024",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Đề nghị các cơ quan, đơn vị triển khai thực hiện nghiêm túc.",
]


@pytest.mark.parametrize("encoding, font_codes", [("tcvn3", "latin-1"), ("vni", "cp1252")])
def test_a_text_layer_typed_in_a_legacy_vietnamese_font_is_decoded(tmp_path, encoding, font_codes):
    # What a reader gets from such a font: the characters of its byte codes ("Kõ ho¹ch tæ chøc").
    shown = [encode(line, encoding).decode(font_codes, "replace") for line in LEGACY_FONT_LINES]
    assert vietnamese_share(" ".join(shown)) < 0.5
    doc = ingest(text_pdf(tmp_path / f"{encoding}.pdf", [shown]), ocr="auto")
    page = doc.pages[0]
    assert [r.kind for r in page.readings] == ["pdf_text"], "a decoded layer needs no OCR"
    assert [line.text for line in page.main.lines] == LEGACY_FONT_LINES
    assert encoding.upper() in page.main.engine
    assert doc.warnings == [f"text layer in a legacy Vietnamese font encoding ({encoding.upper()}), decoded"]
    restore(doc)
    assert doc.restored_text.split("\n") == LEGACY_FONT_LINES


def test_an_ocr_layer_with_accents_of_its_own_is_not_taken_for_a_legacy_font(tmp_path):
    # An English engine's layer of a Vietnamese scan (é, ô and the like where it saw marks), and a
    # French engine's: garbled Vietnamese, but no font's codes.
    french = ["CÔNG HOA XÀ HÔI CHÜ NGHÏA VIËT NAM", "Ðôc lâp - Tu do - Hanh phüc",
              "KÊ HOACH Tô chüc phong trào thi dua yêu nuóc nàm 2024"]
    french_pdf = text_pdf(tmp_path / "fra.pdf", [french])
    for doc in (ingest(ENGLISH_LAYER, ocr="never"), ingest(french_pdf, ocr="never")):
        assert not any("font encoding" in w for w in doc.warnings)
        assert all("font encoding" not in r.engine for p in doc.pages for r in p.readings)


def test_a_text_layers_soft_hyphens_and_zero_width_spaces_are_dropped(tmp_path):
    lines = ["Phong tr\u00adào thi đua yêu n\u200bước năm 2024", "Căn cứ Luật Thi đua, khen thưởng"]
    doc = ingest(text_pdf(tmp_path / "invisible.pdf", [lines]), ocr="never")
    assert [line.text for line in doc.pages[0].main.lines] == [
        "Phong trào thi đua yêu nước năm 2024", "Căn cứ Luật Thi đua, khen thưởng"]


def test_a_layer_written_with_decomposed_marks_keeps_its_words_whole(tmp_path):
    # A layer that writes each mark as a character of its own (NFD: "o" + U+0323 + U+0302 for "ộ"),
    # as some OCR engines and Mac exports do: the marks must not cut their words ("Cọ ̂ng").
    import unicodedata

    lines = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Kế hoạch tổ chức phong trào thi đua yêu nước năm 2024"]
    pdf = text_pdf(tmp_path / "nfd.pdf", [[unicodedata.normalize("NFD", line) for line in lines]])
    doc = ingest(pdf, ocr="auto")
    assert [line.text for line in doc.pages[0].main.lines] == lines
    assert [r.kind for r in doc.pages[0].readings] == ["pdf_text"]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_with_a_rotate_of_its_own_keeps_its_lines_in_order(tmp_path, degrees):
    # A landscape annex is a portrait page turned by its /Rotate: PDFium gave its lines in the order
    # they stand on the turned page (turned 90°: the last line first).
    from pypdf import PdfReader, PdfWriter

    lines = ["Danh sách cá nhân được tặng Bằng khen", "1. Ông Nguyễn Văn An, Trưởng thôn Nà Lạn",
             "2. Bà Lò Thị Bình, Chi hội trưởng Phụ nữ", "3. Ông Hoàng Văn Cường, Bí thư Chi bộ"]
    writer = PdfWriter(clone_from=PdfReader(text_pdf(tmp_path / "upright.pdf", [lines])))
    writer.pages[0].rotate(degrees)
    writer.write(tmp_path / "turned.pdf")
    doc = ingest(tmp_path / "turned.pdf", ocr="never")
    assert [line.text for line in doc.pages[0].main.lines] == lines
    # Its boxes are where the words stand on the page as shown (its size, its image, its OCR's
    # boxes): the first word's box holds as much ink on the turned page as on the upright one.
    import numpy as np
    import pypdfium2 as pdfium

    def ink(path, box):
        image = np.asarray(pdfium.PdfDocument(str(path))[0].render(scale=4).to_pil().convert("L"))
        x0, y0, x1, y1 = (round(4 * v) for v in box)
        return float((image[y0:y1, x0:x1] < 128).mean())

    upright = ingest(tmp_path / "upright.pdf", ocr="never").pages[0].main.lines[1].words[1]
    turned = doc.pages[0].main.lines[1].words[1]
    assert (doc.pages[0].width, doc.pages[0].height) == ((842, 595) if degrees != 180 else (595, 842))
    expected = ink(tmp_path / "upright.pdf", upright.box)
    assert expected > 0.05
    assert ink(tmp_path / "turned.pdf", turned.box) == pytest.approx(expected, rel=0.15)
