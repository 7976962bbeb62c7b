"""Make the garbled twins of the labelled documents: each tests/data/labelled/<name>.txt is rendered
to page images (pipeline.training.synth.render_pages) and read back by Tesseract's ENGLISH model, which loses
the diacritics and confuses letters the way the archive's OCR did. Writes <name>.eng.txt (pages
separated by form feeds) and, for the documents named with --boxes, <name>.eng.doc.json: the
Document with every word's box, for the tests of two-column separation by boxes.

    python scripts/make_labelled.py [--dir DIR] [--only NAME ...] [--boxes NAME ...]

The sealed part (tests/data/labelled_sealed) is made the same way: --dir tests/data/labelled_sealed.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pytesseract

from pipeline.document import Document, Line, Page, Reading, Word
from pipeline.files import write_atomic
from pipeline.training.synth import render_pages
from pipeline.vietnamese import nfc

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled"
# Uniform-block layout keeps a two-column line as one line, as the archive's OCR does.
TESSERACT_CONFIG = "--psm 6"
# Every third document is scanned rather than printed clean, for variety.
STYLES = ("clean", "clean", "scan")


def ocr_page(image, number: int) -> Page:  # noqa: ANN001 - a PIL image
    data = pytesseract.image_to_data(image, lang="eng", config=TESSERACT_CONFIG,
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        if not text.strip():
            continue
        box = (float(data["left"][i]), float(data["top"][i]),
               float(data["left"][i] + data["width"][i]), float(data["top"][i] + data["height"][i]))
        conf = float(data["conf"][i])
        word = Word(text=nfc(text), box=box, ocr_conf=conf / 100 if conf >= 0 else None)
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    out = []
    for words in lines.values():
        words[-1].space_after = ""
        out.append(Line(words=words, box=(min(w.box[0] for w in words), min(w.box[1] for w in words),
                                          max(w.box[2] for w in words), max(w.box[3] for w in words))))
    reading = Reading(kind="ocr_vie", lines=out, engine=f"tesseract eng {TESSERACT_CONFIG}")
    return Page(number=number, width=image.width, height=image.height, readings=[reading], primary="ocr_vie")


def make(path: Path, seed: int, boxes: bool) -> None:
    text = path.read_text(encoding="utf-8")
    style = STYLES[seed % len(STYLES)]
    images = render_pages(text, style, seed=seed)
    pages = [pytesseract.image_to_string(img, lang="eng", config=TESSERACT_CONFIG).rstrip("\n")
             for img in images]
    name = path.name[: -len(".txt")]
    write_atomic(path.with_name(f"{name}.eng.txt"), nfc("\f".join(pages)) + "\n")
    if boxes:
        doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest()[:16], source=f"{name}.eng",
                       media_type="image", pages=[ocr_page(img, n + 1) for n, img in enumerate(images)])
        write_atomic(path.with_name(f"{name}.eng.doc.json"), doc.to_json() + "\n")
    print(f"{name}: {len(images)} page(s), style {style}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=LABELLED, help="folder of <name>.txt documents")
    parser.add_argument("--only", nargs="*", default=None, help="names to (re)make (default: all)")
    parser.add_argument("--boxes", nargs="*", default=["pd_bacgiang_tinh"], help="also save word boxes")
    args = parser.parse_args()
    sources = sorted(p for p in args.dir.glob("*.txt") if not p.name.endswith(".eng.txt"))
    for path in sources:
        name = path.name[: -len(".txt")]
        # The seed (and so the scan style) comes from the name: adding a document changes no other twin.
        seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
        if args.only is None or name in args.only:
            make(path, seed, name in args.boxes)


if __name__ == "__main__":
    main()
