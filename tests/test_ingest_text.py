"""Text files in every encoding the archive holds come out as the same NFC text, encoding recorded."""

from __future__ import annotations

import codecs
import random
import unicodedata

import pytest
from ingest_inputs import SEED_001, clean_text, decree

from pipeline.ingest import IngestError, ingest
from pipeline.ingest.encodings import encode
from pipeline.ingest.syllables import vietnamese_share

# (encoding name recorded, how the file's bytes are made from the text)
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "cp1258": lambda t: encode(t, "cp1258"),
    "tcvn3": lambda t: encode(t, "tcvn3"),
    "vni": lambda t: encode(t, "vni"),
}


def vietnamese() -> str:
    # TCVN3 has no curly quotes; the archive's TCVN3 files use straight ones.
    return clean_text(4).replace("“", '"').replace("”", '"') + "\n"


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_each_encoding_round_trips_to_the_same_nfc_text(tmp_path, name):
    text = vietnamese()
    path = tmp_path / f"{name}.txt"
    path.write_bytes(ENCODINGS[name](text))
    doc = ingest(path)
    assert doc.encoding == name
    assert doc.text == text[:-1], f"{name}: text differs after decoding"
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.warnings == []


@pytest.mark.parametrize("name", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_recognised(tmp_path, name):
    text = vietnamese()
    path = tmp_path / "nobom.txt"
    path.write_bytes(text.encode(name))
    doc = ingest(path)
    assert doc.encoding == name
    assert doc.text == text[:-1]


def test_decomposed_accents_are_stored_composed(tmp_path):
    text = vietnamese()
    path = tmp_path / "nfd.txt"
    path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    assert ingest(path).text == text[:-1]


def test_line_structure_is_kept_whatever_the_line_ends(tmp_path):
    lines = ["   PHÁT ĐỘNG", "", "Phong trào thi đua\tđặc biệt  chào mừng", "", "", "1. Mục đích"]
    path = tmp_path / "crlf.txt"
    path.write_bytes(encode("\r\n".join(lines) + "\r\n", "vni"))
    doc = ingest(path)
    assert doc.encoding == "vni"
    got = [line.text for line in doc.pages[0].main.lines]
    assert got == lines
    assert doc.pages[0].main.lines[2].words[3].space_after == "\t"


def test_form_feeds_split_pages(tmp_path):
    path = tmp_path / "pages.txt"
    path.write_text("Trang một của văn bản\fTrang hai của văn bản\n", encoding="utf-8")
    doc = ingest(path)
    assert [p.main.text for p in doc.pages] == ["Trang một của văn bản", "Trang hai của văn bản"]
    assert doc.page_count == 2 and doc.pages[1].primary == "txt"


def test_english_text_is_ingested_but_flagged(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("The committee launched an emulation campaign to celebrate the anniversary of the "
                    "province. Every office shall report its results before the end of the year, and "
                    "outstanding collectives will receive certificates of merit.\n", encoding="utf-8")
    doc = ingest(path)
    assert "emulation campaign" in doc.text
    assert len(doc.warnings) == 1 and "not look like vietnamese" in doc.warnings[0].lower()


def test_the_archive_s_garbled_ocr_text_is_vietnamese_not_english():
    doc = ingest(SEED_001)
    assert doc.encoding == "utf-8"
    assert doc.warnings == []


def test_random_bytes_are_undecodable(tmp_path):
    path = tmp_path / "random.txt"
    path.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(IngestError, match="undecodable"):
        ingest(path)


def test_decree_ocr_prints_a_legacy_file_as_unicode(tmp_path):
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(encode("Ủy ban nhân dân tỉnh Lạng Sơn\nPhát động phong trào thi đua\n", "tcvn3"))
    result = decree("ocr", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Ủy ban nhân dân tỉnh Lạng Sơn\nPhát động phong trào thi đua\n"


def test_invisible_format_characters_inside_words_are_dropped(tmp_path):
    # A word processor's soft hyphen, a zero-width space, a byte-order mark pasted mid-text: inside a
    # word they cut it in two for restoration, segmentation and search.
    written = "Kế hoạch tổ chức phong tr\u00adào thi đua yêu n\u200bước\n\ufeffnăm 2024 của UBND tỉnh"
    path = tmp_path / "invisible.txt"
    path.write_text(written, encoding="utf-8")
    doc = ingest(path)
    assert doc.text == "Kế hoạch tổ chức phong trào thi đua yêu nước\nnăm 2024 của UBND tỉnh"
    from pipeline.restore import restore

    assert restore(doc).restored_text == doc.text


@pytest.mark.parametrize("misread_as", ["sloppy-windows-1252", "latin-1"])
def test_utf8_once_read_as_a_western_encoding_and_saved_again_is_repaired(tmp_path, misread_as):
    # "Cá»™ng hÃ²a xÃ£ há»™i": what an export through a system that took UTF-8 for Windows-1252 leaves
    # (its five undefined bytes kept as Latin-1, as such systems do).
    import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec

    text = clean_text(2)
    garbled = text.encode("utf-8").decode(misread_as)
    path = tmp_path / "mojibake.txt"
    path.write_text(garbled, encoding="utf-8")
    doc = ingest(path)
    assert "mojibake repaired" in (doc.encoding or "")
    assert vietnamese_share(doc.text) > 0.8
    same = sum(a == b for a, b in zip(doc.text.split(), text.split(), strict=False))
    assert same >= 0.9 * len(text.split())


def test_the_archives_garbled_ocr_is_no_mojibake():
    doc = ingest(SEED_001)
    assert "mojibake" not in (doc.encoding or "")
