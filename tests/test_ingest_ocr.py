"""Scans and photos of pages: Tesseract `vie` finds the words; a page over its time limit is reported
and the document goes on."""

from __future__ import annotations

import pytest
from ingest_inputs import clean_text, decree, scan_pages, tiff_bytes

from pipeline.ingest import ingest

PAGE_ONE = "PHÁT ĐỘNG\n\nPhong trào thi đua đặc biệt chào mừng kỷ niệm ngày thành lập tỉnh Lạng Sơn"
PAGE_TWO = "Nơi nhận:\n- Ban Thi đua - Khen thưởng Trung ương;\n- Lưu: Văn thư."


def found_share(expected: str, read: str) -> float:
    """Share of the expected words that OCR read exactly (accents included)."""
    want = expected.lower().split()
    got = set(read.lower().split())
    return sum(1 for w in want if w in got) / len(want)


def test_ocr_of_a_scanned_page_finds_its_words(tmp_path):
    path = tmp_path / "scan.png"
    scan_pages(PAGE_ONE, style="scan", seed=1)[0].save(path)
    doc = ingest(path)
    assert doc.media_type == "image" and doc.page_count == 1
    page = doc.pages[0]
    assert page.primary == "ocr_vie" and page.image == str(path)
    assert found_share(PAGE_ONE, doc.text) >= 0.8, doc.text
    for line in page.main.lines:
        for w in line.words:
            assert 0 <= w.ocr_conf <= 1
            x0, top, x1, bottom = w.box
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height


def test_every_page_of_a_multipage_tiff_is_read(tmp_path):
    path = tmp_path / "pages.tiff"
    path.write_bytes(tiff_bytes(scan_pages(f"{PAGE_ONE}\f{PAGE_TWO}")))
    pages_dir = tmp_path / "pages"
    doc = ingest(path, image_dir=pages_dir)
    assert doc.page_count == 2 and [p.number for p in doc.pages] == [1, 2]
    assert found_share(PAGE_ONE, doc.pages[0].main.text) >= 0.8
    assert found_share(PAGE_TWO, doc.pages[1].main.text) >= 0.8
    assert sorted(p.name for p in pages_dir.iterdir()) == ["1.png", "2.png"]


def test_a_page_over_its_time_limit_is_reported_and_the_rest_goes_on(tmp_path, capsys):
    path = tmp_path / "slow.tiff"
    path.write_bytes(tiff_bytes(scan_pages(f"{PAGE_ONE}\f{PAGE_TWO}")))
    doc = ingest(path, page_timeout=0.05)
    assert doc.page_count == 2 and len(doc.pages) == 2, "every page is still there"
    assert all(not p.readings for p in doc.pages)
    assert [w.split(":")[0] for w in doc.warnings] == ["page 1", "page 2"]
    assert all("0.05 s" in w for w in doc.warnings)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(str(path) in line and "OCR stopped" in line for line in err)


def test_decree_ocr_prints_the_text_of_a_scan(tmp_path):
    path = tmp_path / "page.jpg"
    scan_pages(PAGE_TWO, seed=2)[0].save(path, quality=80)
    result = decree("ocr", str(path))
    assert result.returncode == 0, result.stderr
    assert found_share(PAGE_TWO, result.stdout) >= 0.8, result.stdout


@pytest.mark.parametrize("degrees", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_read_upright(tmp_path, degrees):
    text = clean_text(4)
    upright = scan_pages(text, style="scan", seed=2)[0]
    upright.save(tmp_path / "upright.png")
    upright.rotate(degrees, expand=True).save(tmp_path / "turned.png")
    straight, turned = ingest(tmp_path / "upright.png"), ingest(tmp_path / "turned.png")
    assert found_share(text, turned.text) >= 0.9 * found_share(text, straight.text) > 0.5
    assert turned.pages[0].scan is not None and turned.pages[0].scan.passes[0].startswith("turned")
    assert any("turned" in w for w in turned.warnings)
    # Boxes stay on the page as scanned (the turned image): the first word's box is the upright
    # page's, turned with it.
    page, first = turned.pages[0], turned.pages[0].main.lines[0].words[0]
    x0, top, x1, bottom = first.box
    assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height
    ux0, utop, ux1, ubottom = straight.pages[0].main.lines[0].words[0].box
    width, height = upright.size
    expected = {90: (utop, width - ux1, ubottom, width - ux0),
                180: (width - ux1, height - ubottom, width - ux0, height - utop)}[degrees]
    assert all(abs(a - b) <= 12 for a, b in zip(first.box, expected, strict=True))


def test_an_upright_page_is_not_checked_for_its_orientation(tmp_path):
    path = tmp_path / "scan.png"
    scan_pages(PAGE_ONE, style="scan", seed=1)[0].save(path)
    doc = ingest(path)
    assert not doc.pages[0].scan.passes[0].startswith("turned")
    assert not doc.warnings


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_a_16_bit_grey_scan_is_read_as_its_8_bit_twin(tmp_path, suffix):
    # An archival scanner's 16-bit grey file: converted to 8 bits by clipping, every level above 255
    # was white and the letters' edges lost.
    import numpy as np
    from PIL import Image

    text = clean_text(2)
    page = scan_pages(text, style="scan", seed=4)[0].convert("L")
    deep = Image.fromarray(np.asarray(page).astype(np.uint16) * 257)
    deep.save(tmp_path / f"deep{suffix}")
    page.save(tmp_path / "eight.png")
    eight = ingest(tmp_path / "eight.png")
    sixteen = ingest(tmp_path / f"deep{suffix}", image_dir=tmp_path / "kept")
    assert found_share(text, sixteen.text) >= found_share(text, eight.text) - 0.02
    assert found_share(text, sixteen.text) > 0.8
    if suffix == ".tif":  # a TIFF is kept for the review app as an 8-bit grey copy
        kept = np.asarray(Image.open(sixteen.pages[0].image))
        assert abs(float(kept.mean()) - float(np.asarray(page).mean())) < 2
