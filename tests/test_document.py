from pipeline.document import (
    Alternative,
    CampaignRecord,
    Document,
    Line,
    PackedDocument,
    Page,
    Period,
    Reading,
    Signer,
    Span,
)


def test_line_rebuilds_its_text_byte_for_byte():
    raw = "  I. MUC PICH,  YEU CAU\t(15/6/1933 -"
    line = Line.from_text(raw)
    assert line.text == raw
    assert [w.text for w in line.words] == ["I.", "MUC", "PICH,", "YEU", "CAU", "(15/6/1933", "-"]


def test_restored_text_uses_restored_forms_and_keeps_spacing():
    line = Line.from_text("Pai  hdi")
    line.words[0].restored = "Đại"
    line.words[1].restored = "hội"
    assert line.restored_text == "Đại  hội"
    assert line.word_offsets() == [(0, 3), (5, 8)]


def test_document_json_round_trip_is_lossless():
    reading = Reading.from_text("pdf_text", "Pai hdi Pang\nb cac cap", engine="pdfplumber")
    reading.lines[0].words[0].box = (10.0, 20.0, 30.0, 32.5)
    reading.lines[0].words[0].ocr_conf = 0.42
    reading.lines[0].words[0].restored = "Đại"
    reading.lines[0].words[0].confidence = 0.97
    reading.lines[0].words[0].alternatives = [Alternative("Đại", 0.97), Alternative("Dại", 0.02)]
    doc = Document(
        doc_id="abc",
        source="data/raw/x.pdf",
        media_type="pdf",
        pages=[Page(number=1, width=595.0, height=842.0, readings=[reading], primary="pdf_text")],
    )
    doc.record = CampaignRecord(
        doc_id="abc",
        source="data/raw/x.pdf",
        issued_on="2019-12-25",
        period=Period(start="2020-01-01", end=None, text="Từ tháng 01/2020"),
        signer=Signer(name="Phạm Ngọc Thưởng", title="CHỦ TỊCH", capacity="TM."),
        spans={"issued_on": [Span(page=1, line=0, start=0, end=3)]},
        confidence={"issued_on": 0.9},
    )
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert isinstance(again.pages[0].readings[0].lines[0].words[0].box, tuple)
    assert again.to_json() == doc.to_json()


def several_pages(count: int, source: str = "kho/a.pdf") -> Document:
    """A document of `count` OCR'd pages whose text holds what JSON must escape or a reader could
    take for structure (quotes, braces, brackets, the key "pages")."""
    pages = []
    for n in range(1, count + 1):
        text = f"Trang {n}: \"pages\": [ phong trào thi đua\n{{Đại hội}} ], các cấp"
        reading = Reading.from_text("ocr_vie", text, engine="t")
        reading.lines[0].words[0].alternatives = [Alternative("Trang", 0.9), Alternative("Tráng", 0.1)]
        pages.append(Page(number=n, readings=[reading], primary="ocr_vie"))
    return Document(doc_id="abc", source=source, media_type="pdf", pages=pages, page_count=count,
                    warnings=["trang 3: mờ"],
                    record=CampaignRecord(doc_id="abc", source="kho/a.pdf", title="Về phong trào"))


def test_a_packed_document_is_its_json_compressed_and_unpacks_to_the_same_document():
    doc = several_pages(3)
    # Written a page at a time, the JSON is exactly the whole document's.
    assert "".join(doc.json_chunks()) == doc.to_json()
    assert "".join(Document(doc_id="e", source="e.txt", media_type="text").json_chunks()) == \
        Document(doc_id="e", source="e.txt", media_type="text").to_json()
    packed = doc.pack()
    assert isinstance(packed, PackedDocument)
    assert (packed.doc_id, packed.source, packed.pages) == ("abc", "kho/a.pdf", 3)
    assert packed.record == doc.record and packed.restored_text == doc.restored_text
    assert len(packed.payload) < len(doc.to_json().encode("utf-8"))
    assert packed.unpack() == doc


def test_alternatives_share_their_forms_and_scores():
    a = Alternative("".join(["thi", " đua"]), round(0.1 + 0.2, 4))
    b = Alternative("".join(["thi ", "đua"]), round(0.3, 4))
    assert a == b and a.text is b.text and a.score is b.score


def test_a_document_is_read_back_a_page_at_a_time_from_pieces_of_any_size():
    import zlib

    import pytest

    from pipeline.document import inflated, read_document

    doc = several_pages(5, source='kho/"pages": [a].pdf')
    text = doc.to_json()
    for size in (1, 7, 64, len(text)):
        pieces = [text[i:i + size] for i in range(0, len(text), size)]
        assert read_document(pieces) == doc, size
    assert read_document(inflated(zlib.compress(text.encode("utf-8")), size=5)) == doc
    empty = Document(doc_id="e", source="e.txt", media_type="text")
    assert read_document([empty.to_json()]) == empty
    with pytest.raises(ValueError):
        read_document([text[: len(text) // 2]])  # cut off inside a page
