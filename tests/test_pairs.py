"""Synthetic pages and OCR pairs: no tofu, lines matched to what was printed, held-out docs kept out."""

from __future__ import annotations

import json
import math
import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from pipeline.training.corpus import is_heldout
from pipeline.training.pairs import OcrWord, align_words, generate, load_training_docs, plan_page
from pipeline.training.synth import (
    STYLES,
    VIETNAMESE_LETTERS,
    _font_file,
    installed_faces,
    missing_glyphs,
    render_document,
    render_pages,
)

REPO = Path(__file__).resolve().parents[1]
VIET_SAMPLE = "Đảng bộ tỉnh Lạng Sơn tổ chức Đại hội lần thứ XVII: ưu tiên khen thưởng, thi đua yêu nước."
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def test_missing_glyphs_detects_tofu() -> None:
    face = installed_faces()[0]
    path = _font_file(face.regular)
    # Han characters are in none of the serif faces: they must be reported, Latin letters must not.
    assert missing_glyphs(path, "a漢b") == "漢"
    assert missing_glyphs(path, VIET_SAMPLE) == ""


def test_rendered_fonts_draw_every_vietnamese_letter() -> None:
    assert installed_faces(), "no Vietnamese-capable serif face installed"
    for face in installed_faces():
        style = replace(STYLES["clean"], face=face.family)
        page = render_document(VIET_SAMPLE, style, seed=3)[0]
        assert missing_glyphs(page.extra["font"], VIETNAMESE_LETTERS) == ""
    # A face known to lack glyphs on this machine is never chosen.
    liberation = _font_file("LiberationSerif-Regular.ttf")
    if liberation and missing_glyphs(liberation, VIETNAMESE_LETTERS):
        assert "Liberation Serif" not in {f.family for f in installed_faces()}


def test_render_pages_keeps_its_api() -> None:
    pages = render_pages("Dòng một\nDòng hai", "scan", seed=1)
    assert len(pages) == 1 and pages[0].mode == "L" and pages[0].size == (2481, 3507)
    assert render_pages("x", "scan", seed=1)[0].tobytes() == render_pages("x", "scan", seed=1)[0].tobytes()


def _forward(page, x: float, y: float) -> tuple[float, float]:
    """Where a clean-page point lands in the degraded image (rotation about the centre, then scale)."""
    w, h = page.clean_size
    t = math.radians(page.angle)
    dx, dy = x - w / 2, y - h / 2
    rx = w / 2 + dx * math.cos(t) + dy * math.sin(t)
    ry = h / 2 - dx * math.sin(t) + dy * math.cos(t)
    return rx * page.image.width / w, ry * page.image.height / h


def test_alignment_geometry_follows_rotation_and_rescan() -> None:
    style = replace(STYLES["letter"], rotation=1.1, scan_dpi=150, keep_scan_dpi=True)
    text = "\n".join(f"dòng số {i} của văn bản thử nghiệm" for i in range(12))
    page = render_document(text, style, seed=5)[0]
    assert page.image.width < page.clean_size[0]  # really a low-resolution scan
    words = []
    for i, line in enumerate(page.lines):
        x0, y0, x1, y1 = line.box
        for k, frac in enumerate((0.1, 0.5, 0.9)):  # left, middle and right of the line
            cx, cy = _forward(page, x0 + (x1 - x0) * frac, (y0 + y1) / 2)
            words.append(OcrWord(f"w{i}.{k}", round(cx) - 3, round(cy) - 3, 6, 6, 90.0))
    readings = align_words(page, reversed(words))
    assert readings == [f"w{i}.0 w{i}.1 w{i}.2" for i in range(len(page.lines))]


def _fold(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c)).lower()


@needs_tesseract
def test_ocr_lines_pair_with_the_lines_printed() -> None:
    from pipeline.training.pairs import read_page

    lines = [
        "Kế hoạch tổ chức phong trào thi đua yêu nước năm 2024",
        "Ủy ban nhân dân huyện Cao Lộc ban hành kế hoạch như sau",
        "Khen thưởng 15 tập thể và 42 cá nhân có thành tích xuất sắc",
        "Thời gian thực hiện từ ngày 01/3/2024 đến ngày 30/11/2024",
        "Giao Phòng Nội vụ theo dõi, đôn đốc và tổng hợp kết quả",
    ]
    style = replace(STYLES["letter"], rotation=0.7, blur=0.6)
    page = render_document("\n".join(lines), style, seed=11, header=True)[0]
    readings = read_page(page, "eng")
    body = [i for i, line in enumerate(page.lines) if line.role == "body"]
    assert [page.lines[i].text for i in body] == lines
    for i in body:
        clean, got = _fold(page.lines[i].text), _fold(readings[i])
        others = [_fold(page.lines[j].text) for j in body if j != i]
        own = Levenshtein.normalized_distance(clean, got)
        assert own < 0.25, (page.lines[i].text, readings[i])
        assert all(own < Levenshtein.normalized_distance(o, got) for o in others)


def _tiny_corpus(tmp_path: Path) -> Path:
    """Two sources, a third of whose documents fall in the held-out bucket."""
    held = [f"doc-{i}" for i in range(2000) if is_heldout(f"doc-{i}")][:4]
    train = [f"doc-{i}" for i in range(20) if not is_heldout(f"doc-{i}")][:8]
    text = "Ủy ban nhân dân tỉnh phát động phong trào thi đua.\nKhen thưởng các tập thể có thành tích."
    for source, ids in (("admin-a", held[:2] + train[:4]), ("legal-b", held[2:] + train[4:])):
        rows = [json.dumps({"id": i, "text": f"{i}\n{text}"}, ensure_ascii=False) for i in ids]
        (tmp_path / f"{source}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_planned_pages_never_use_heldout_documents(tmp_path: Path) -> None:
    docs = load_training_docs(_tiny_corpus(tmp_path))
    planned = {plan_page(i, 3, docs).doc.doc_id for i in range(300)}
    assert planned and not any(is_heldout(d) for d in planned)
    assert len(planned) == 8  # every training document is reachable


@needs_tesseract
def test_generate_is_resumable_and_excludes_heldout(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    corpus = _tiny_corpus(tmp_path / "corpus")
    out = tmp_path / "pairs.jsonl"
    assert list(generate(corpus, out, engine="eng", pages=1, seed=4, workers=1)) == [0]
    assert list(generate(corpus, out, engine="eng", pages=2, seed=4, workers=1)) == [1]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["page"] for r in rows} == {0, 1} and {r["seed"] for r in rows} == {4}
    assert len({(r["page"], r["line"]) for r in rows}) == len(rows)  # nothing written twice
    assert rows and not any(is_heldout(r["doc"]) for r in rows)
    assert all(r["engine"] == "eng" and r["clean"] and r["garbled"] for r in rows)


def test_committed_heldout_set_is_heldout() -> None:
    for engine in ("eng", "vie"):
        folder = REPO / "data" / "heldout" / engine
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert len(manifest) >= 40
        assert len({m["source"] for m in manifest.values()}) >= 3
        for name, meta in manifest.items():
            assert is_heldout(meta["doc"]), meta["doc"]
            clean = (folder / f"{name}.clean.txt").read_text(encoding="utf-8").split("\n")
            garbled = (folder / f"{name}.garbled.txt").read_text(encoding="utf-8").split("\n")
            assert len(clean) == len(garbled) == meta["lines"] + 1


def test_letter_layout_has_side_by_side_header_signature_and_stamp() -> None:
    style = replace(STYLES["letter"], rotation=0.0, blur=0.0, speckle=0.0)
    text = "Căn cứ Luật Thi đua, khen thưởng năm 2022.\nỦy ban nhân dân huyện phát động phong trào thi đua."
    page = render_document(text, style, seed=2)[0]
    by_text = {line.text: line for line in page.lines}
    motto = by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    issuer = next(line for line in page.lines if line.role == "header" and line.box[1] == page.lines[0].box[1]
                  and line is not motto)
    assert issuer.box[2] < motto.box[0]  # two columns on one row
    assert abs(issuer.box[1] - motto.box[1]) < 20
    recipients = by_text["Nơi nhận:"]
    signer = next(line for line in page.lines if line.role == "signature")
    assert recipients.box[2] < signer.box[0] and abs(recipients.box[1] - signer.box[1]) < 80
    # The red seal shows as mid grey over the signature block; without it that area is black and white.
    plain = render_document(text, replace(style, stamp=False), seed=2)[0]
    region = (signer.box[0] - 300, signer.box[1], signer.box[2] + 300, signer.box[3] + 700)

    def greys(img) -> int:
        arr = np.asarray(img.crop(region))
        return int(((arr > 140) & (arr < 200)).sum())

    assert greys(page.image) > 3 * greys(plain.image), (greys(page.image), greys(plain.image))
