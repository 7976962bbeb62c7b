"""Scanned documents for the review app's tests: a page image rendered with PIL from the true text,
an OCR reading of it as the archive's garbled OCR reads it (word boxes measured on the image), the
restoration's forms, confidences and alternatives, and a record whose fields point at their lines.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from pipeline.document import (
    Alternative,
    Awarded,
    CampaignRecord,
    Commemoration,
    Document,
    Line,
    Page,
    Period,
    Reading,
    Signer,
    Span,
    Word,
)
from pipeline.store import Store
from pipeline.training.synth import find_fonts

SURE = 0.97

# (as read, restored, alternatives for the doubtful words). A word whose restored form differs from
# the reading is doubtful (confidence under the default threshold), with the listed alternatives.
LINES: tuple[tuple[str, str, dict[str, tuple[str, ...]]], ...] = (
    ("UY BAN NHAN DAN", "ỦY BAN NHÂN DÂN", {}),
    ("TINH LANG SON", "TỈNH LẠNG SƠN", {"LANG": ("LẠNG", "LĂNG", "LÀNG")}),
    ("KE HOACH", "KẾ HOẠCH", {}),
    ("Phat dong phong trao thi dua nam 2020", "Phát động phong trào thi dựa năm 2020",
     {"dua": ("dựa", "đua", "dưa", "dừa")}),
    ("Tu thang 01/2020 den thang 12/2020", "Từ tháng 01/2020 đến tháng 12/2020", {}),
    ("CHU TICH", "CHỦ TỊCH", {}),
    ("Nguyen Van A", "Nguyễn Văn A", {}),
)
# The word the restoration got wrong in LINES, and its truth.
WRONG_WORD = ("p1/ocr_vie/l3/w5", "dựa", "đua")


def _font(size: int, text: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The first installed serif face that draws every letter of `text` (some builds of Liberation
    Serif lack the Vietnamese letters with two marks, such as Ủ and ự)."""
    for path in find_fonts():
        font = ImageFont.truetype(str(path), size)
        missing = bytes(font.getmask("\U0010fffd"))
        if all(bytes(font.getmask(ch)) != missing for ch in set(text) if not ch.isspace()):
            return font
    return ImageFont.load_default(size)


def render_page(lines: list[str], path: Path) -> list[list[tuple[float, float, float, float]]]:
    """Draw the lines on a white page; return each word's box (x0, top, x1, bottom) in pixels."""
    width, height, size, margin = 1000, 80 + 60 * len(lines), 32, 50
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = _font(size, "".join(lines))
    boxes = []
    for i, text in enumerate(lines):
        y = margin + 60 * i
        x = float(margin)
        line_boxes = []
        for word in text.split(" "):
            x0, top, x1, bottom = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            line_boxes.append((float(x0), float(top), float(x1), float(bottom)))
            x = x1 + draw.textlength(" ", font=font)
        boxes.append(line_boxes)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return boxes


def scanned_document(data_dir: Path, name: str = "kh-2020", *, title_line: str | None = None,
                     issuer: str = "UBND tỉnh Lạng Sơn", doc_type: str = "ke_hoach",
                     issued_on: str = "2020-01-15", with_image: bool = True) -> Document:
    """A one-page scanned plan as the pipeline would leave it; its image under data_dir/pages/."""
    spec = list(LINES)
    if title_line is not None:
        spec[3] = (title_line, title_line, {})
    doc_id = hashlib.sha256(name.encode()).hexdigest()[:16]
    image = Path("pages") / doc_id / "1.png"
    boxes = render_page([restored for _, restored, _ in spec], data_dir / image) if with_image else None
    lines = []
    for li, (read, restored, doubts) in enumerate(spec):
        line = Line.from_text(read)
        for wi, (word, form) in enumerate(zip(line.words, restored.split(" "), strict=True)):
            _restore(word, form, doubts.get(word.text))
            word.box = boxes[li][wi] if boxes else None
            word.ocr_conf = 0.6
        lines.append(line)
    page = Page(number=1, width=1000.0, height=80.0 + 60 * len(spec), dpi=300,
                image=str(image) if with_image else None,
                readings=[Reading(kind="ocr_vie", lines=lines, engine="tesseract test")], primary="ocr_vie")
    doc = Document(doc_id=doc_id, source=f"archive/{name}.png", media_type="image", pages=[page],
                   page_count=1)
    title = lines[3].restored_text
    doc.record = CampaignRecord(
        doc_id=doc_id, source=doc.source, doc_type=doc_type, number="12", symbol="KH-UBND", issuer=issuer,
        place="Lạng Sơn", issued_on=issued_on, title=title, theme=None,
        period=Period(start="2020-01-01", end="2020-12-31", text=lines[4].restored_text),
        recipients=["Ban TĐKT Trung ương", "Lưu: VT"],
        commemorations=[Commemoration("90 năm Ngày thành lập Đảng Cộng sản Việt Nam", "1930-02-03",
                                      "2020-02-03", 90)],
        awarded=[Awarded("Giấy khen", "Chủ tịch UBND tỉnh", collectives=3, individuals=15)],
        signer=Signer(name="Nguyễn Văn A", title="Chủ tịch", capacity=None),
        confidence={"title": 0.62, "issuer": 0.9, "period": 0.7, "doc_type": 0.95, "signer": 0.8},
        spans={"title": [Span(1, 3, 0, len(title))],
               "issuer": [Span(1, i, 0, len(lines[i].restored_text)) for i in (0, 1)],
               "period": [Span(1, 4, 0, len(lines[4].restored_text))],
               "signer": [Span(1, 6, 0, len(lines[6].restored_text))]},
    )
    doc.stages = ["ingest test", "restore test", "extract test"]
    return doc


def _restore(word: Word, form: str, doubts: tuple[str, ...] | None) -> None:
    word.restored = form
    if doubts:
        word.confidence = 0.45
        word.alternatives = [Alternative(text, round(0.45 - 0.1 * i, 2)) for i, text in enumerate(doubts)]
    else:
        word.confidence = SURE
        word.alternatives = [Alternative(form, SURE)]


def store_with(db: Path, docs: list[Document]) -> None:
    with Store(db) as store:
        for doc in docs:
            store.save_version(doc, pipeline_version="test", model_version="test")


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free local port in a background thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the review app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def chromium(width: int = 1500, height: int = 900) -> Any:
    """Debian's chromium driven by Selenium (headless), or None when either is not installed."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=vi"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=options)
