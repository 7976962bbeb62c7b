"""Input files the ingest tests make: clean Vietnamese text, scans of it, text-layer PDFs, and the
damaged files an archive also holds."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

from pipeline.document import Document
from pipeline.training.synth import ScanStyle, find_fonts, render_pages
from pipeline.training.textpdf import VIETNAMESE_FONTS, write_text_pdf
from pipeline.vietnamese import nfc

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = next((ROOT / "data" / "raw").glob("003_*.txt"))
SEED_001 = next((ROOT / "data" / "raw").glob("001_*.txt"))
SAMPLES = ROOT / "data" / "raw"


def clean_text(paragraphs: int = 4) -> str:
    """The first paragraphs of the clean seed document (NFC)."""
    paras = [p for p in SEED_003.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return nfc("\n\n".join(paras[:paragraphs]))


def scan_pages(text: str, *, style: str = "clean", dpi: int = 200, seed: int = 0) -> list[Image.Image]:
    """Grayscale page images of `text`, as a scanner gives them."""
    base = ScanStyle.named(style)
    fields = {k: getattr(base, k) for k in base.__dataclass_fields__}
    fields.update(dpi=dpi, scan_dpi=min(base.scan_dpi, dpi) if base.scan_dpi else None)
    return render_pages(text, ScanStyle(**fields), font=find_fonts(VIETNAMESE_FONTS)[0], seed=seed)


def seed_paragraphs() -> list[str]:
    return [p for p in SEED_003.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]


def scanned_pdf(path: Path, pages: int = 5) -> Path:
    """A scanned PDF of `pages` pages, page N holding paragraph N (of 20, then again from the first),
    at 100 dpi: small files, and each page rendered at 300 dpi for OCR as a real scan would be."""
    paras = seed_paragraphs()
    text = "\f".join(f"Trang {i + 1}\n\n{paras[i % len(paras)]}" for i in range(pages))
    images = scan_pages(nfc(text), dpi=100)
    assert len(images) == pages
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=100)
    return path


def paragraph_order(doc: Document) -> list[int]:
    """For each page as stored, the paragraph its OCR'd words share most with (page N shows N - 1)."""
    paras = [set(nfc(p).lower().split()) for p in seed_paragraphs()[:len(doc.pages)]]
    order = []
    for page in doc.pages:
        words = set((page.main.restored_text if page.main else "").lower().split())
        order.append(max(range(len(paras)), key=lambda i: len(paras[i] & words)))
    return order


def damage_page(pdf: Path, number: int, out: Path) -> Path:
    """`pdf` with page `number`'s page object broken (same length, so the cross-reference table still
    holds): the page tree still counts it, and reading it fails."""
    data = pdf.read_bytes()
    kids = re.search(rb"/Kids \[([^\]]*)\]", data)
    assert kids is not None
    obj = kids.group(1).split(b"R")[number - 1].split()[0]
    start = re.search(rb"\b" + obj + rb" 0 obj", data)
    assert start is not None
    end = data.index(b"endobj", start.end())
    body = data[start.end():end]
    assert b"/Type /Page\n" in body
    out.write_bytes(data[:start.end()] + body.replace(b"/Type /Page\n", b"/Type /Font\n") + data[end:])
    return out


def tiff_bytes(images: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw")
    return buf.getvalue()


def text_pdf(path: Path, pages: list[list[str]]) -> Path:
    write_text_pdf(pages, path)
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf(path.with_name("plain_for_encryption.pdf"), [["Phong trào thi đua yêu nước"]])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="mật khẩu", owner_password="chủ")
    with open(path, "wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def bad_inputs(folder: Path) -> dict[str, str]:
    """Every kind of file ingest must refuse: file name -> a word its one-line reason must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really a word file")
    whole = text_pdf(folder / "whole.pdf", [["Kế hoạch phát động phong trào thi đua"]] * 3).read_bytes()
    (folder / "whole.pdf").unlink()
    (folder / "broken.pdf").write_bytes(whole[: len(whole) // 3])
    encrypted_pdf(folder / "locked.pdf")
    (folder / "fake.png").write_bytes(b"this is not an image at all")
    tiff = tiff_bytes(scan_pages(clean_text(2), dpi=100))
    (folder / "cut.tiff").write_bytes(tiff[: len(tiff) * 2 // 3])
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 20)
    return {
        "empty.txt": "empty",
        "notes.docx": "unsupported",
        "broken.pdf": "damaged",
        "locked.pdf": "encrypted",
        "fake.png": "not a PNG",
        "cut.tiff": "truncated",
        "noise.txt": "undecodable",
    }


def decree(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env=env)
