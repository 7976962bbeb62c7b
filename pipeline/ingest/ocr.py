"""Tesseract with the Vietnamese model over one page image: words, boxes, confidences.

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1): pages and documents run in parallel instead,
which is much faster than one Tesseract using every core.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

import numpy as np
from PIL import Image

from pipeline.document import Line, Reading, Word
from pipeline.errors import one_line
from pipeline.ingest.errors import IngestError
from pipeline.ingest.layout import box_union
from pipeline.vietnamese import nfc


def _import_pytesseract() -> ModuleType:
    """pytesseract, imported without pandas: it loads pandas (and pyarrow, ~70 MB in every worker
    process) only to offer DataFrame output, which the pipeline never asks for. Where pandas is
    already loaded it is used as it is; a later `import pandas` works as usual."""
    if "pandas" in sys.modules:
        import pytesseract
        return pytesseract
    sys.modules["pandas"] = None  # type: ignore[assignment] # makes `import pandas` fail at once
    try:
        import pytesseract
    finally:
        del sys.modules["pandas"]
    return pytesseract


pytesseract = _import_pytesseract()

LANG = "vie"
PSM = 3  # automatic page segmentation, as for a full page of text


class OcrTimeout(Exception):
    """Tesseract took longer than the page timeout and was stopped."""


class OcrFailed(Exception):
    """Tesseract could not read the page image."""


@lru_cache(maxsize=1)
def engine_name() -> str:
    return f"tesseract {pytesseract.get_tesseract_version()} {LANG} psm{PSM}"


def otsu_threshold(gray: Image.Image) -> int:
    """The grey level that best separates ink from paper (Otsu's method), from the image's histogram:
    no copy of the pixels is made."""
    hist = np.asarray(gray.histogram()[:256], dtype=np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * np.arange(256))
    total = weight[-1]
    between = (mass[-1] * weight / total - mass) ** 2 / np.maximum(weight * (total - weight), 1e-9)
    return int(np.argmax(between))


def _ink_table(threshold: int) -> list[int]:
    return [255 if level > threshold else 0 for level in range(256)]


def binarise(image: Image.Image) -> Image.Image:
    """Black ink on white paper at the threshold that best separates the two (Otsu's method).

    Measured with scripts/measure_ocr_prepare.py on generated scans: it cuts Tesseract's character
    error rate on faded photocopies with a stamp by a tenth and changes nothing on good scans, so
    every page is binarised before OCR. (Deskewing, on the same pages, doubled the error rate.)
    """
    gray = image if image.mode == "L" else image.convert("L")
    return gray.point(_ink_table(otsu_threshold(gray)))


# Rows binarised at a time when writing a page for Tesseract: a few MB whatever the page's size.
STRIP_ROWS = 256


def write_binarised(image: Image.Image, fh: BinaryIO) -> None:
    """The page binarised (as `binarise`) into `fh` as a PGM, a strip of rows at a time, so that a
    large page costs its grey image and one strip, never a second full-size copy."""
    gray = image if image.mode == "L" else image.convert("L")
    table = _ink_table(otsu_threshold(gray))
    width, height = gray.size
    fh.write(b"P5\n%d %d\n255\n" % (width, height))
    for top in range(0, height, STRIP_ROWS):
        strip = gray.crop((0, top, width, min(height, top + STRIP_ROWS)))
        fh.write(strip.point(table).tobytes())


def ocr_image(image: Image.Image, *, timeout: float) -> Reading:
    """Binarise a page image and OCR it. Handed to Tesseract as an uncompressed file: nothing to
    encode or decode on the way. The file goes to the temporary folder, which a batch sets to its
    own folder (pipeline.runtemp), so a killed run leaves nothing behind that the next one keeps."""
    try:
        with tempfile.NamedTemporaryFile(prefix="decree_", suffix=".pgm") as tmp:
            write_binarised(image, tmp)
            tmp.flush()
            return ocr_page(Path(tmp.name), timeout=timeout)
    except OSError as exc:  # the temporary folder is full or gone
        reason = exc.strerror or one_line(exc)
        raise OcrFailed(f"OCR failed: cannot write the page for Tesseract ({reason})") from None


def ocr_page(image: Path, *, timeout: float, psm: int = PSM, dpi: float | None = None) -> Reading:
    """Read the page image at `image` with Tesseract `vie`. Word boxes are in the image's pixels,
    confidences 0..1; paragraphs are separated by an empty line. `dpi`: the image's resolution
    where the file cannot say it (a PGM has none, and Tesseract then guesses)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    config = f"--psm {psm}" + (f" --dpi {round(dpi)}" if dpi and 50 <= dpi <= 2400 else "")
    try:
        tsv = pytesseract.image_to_data(str(image), lang=LANG, config=config, timeout=timeout)
    except pytesseract.TesseractNotFoundError:
        raise IngestError("cannot OCR: Tesseract is not installed (see scripts/setup.sh)") from None
    except pytesseract.TesseractError as exc:
        # A TesseractError is a RuntimeError whose str() is a (status, message) tuple: it must be
        # caught before the timeout's plain RuntimeError below, and said in words.
        raise OcrFailed(f"OCR failed: {_tesseract_message(exc)}") from None
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeout(f"OCR stopped after {timeout:g} s") from None
        raise OcrFailed(f"OCR failed: {one_line(exc)}") from None
    except OSError as exc:
        # Tesseract could not be started or its output read (out of processes, disk full).
        raise OcrFailed(f"OCR failed: {exc.strerror or one_line(exc)}") from None
    return reading_from_tsv(tsv, psm)


def _tesseract_message(exc: pytesseract.TesseractError) -> str:
    """Tesseract's complaint in one line, with the exit status when it said nothing. (pytesseract
    joins Tesseract's stderr lines into one; its closing "Error during processing." says nothing.)"""
    text = " ".join(str(exc.message or "").split())
    text = text.replace("Error during processing.", "").strip()
    return text or f"Tesseract exited with status {exc.status}"


def reading_from_tsv(tsv: str, psm: int = PSM) -> Reading:
    """Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text)
    to a Reading."""
    # `psm`: Tesseract's page segmentation mode (pipeline/ingest/passes.py reads poor pages with more
    # than one), named in the engine when not the default.
    engine = engine_name() if psm == PSM else engine_name().replace(f"psm{PSM}", f"psm{psm}")
    reading = Reading(kind="ocr_vie", engine=engine)
    lines: dict[tuple[int, int, int], Line] = {}
    confs: list[float] = []
    last_par: tuple[int, int] | None = None
    for row in tsv.split("\n")[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = sys.intern(nfc(cols[11].strip()))  # a long document repeats a few thousand words
        if not text:
            continue
        block, par, line_no = int(cols[2]), int(cols[3]), int(cols[4])
        left, top, width, height = (float(c) for c in cols[6:10])
        conf = float(cols[10])
        key = (block, par, line_no)
        line = lines.get(key)
        if line is None:
            if last_par is not None and last_par != (block, par):
                reading.lines.append(Line())  # a blank line between paragraphs, as in the page
            last_par = (block, par)
            line = lines[key] = Line()
            reading.lines.append(line)
        box = (left, top, left + width, top + height)
        word_conf = conf / 100 if conf >= 0 else None
        if word_conf is not None:
            confs.append(word_conf)
        line.words.append(Word(text=text, box=box, ocr_conf=word_conf))
    for line in lines.values():
        line.words[-1].space_after = ""
        line.box = box_union([w.box for w in line.words if w.box])
    reading.mean_conf = round(sum(confs) / len(confs), 4) if confs else None
    return reading



# Tesseract's orientation detection says how a page must be turned to stand upright, with a
# confidence; under this it is a guess (Tesseract's own documentation puts reliable at about 2).
ORIENTATION_MIN_CONF = 2.0
# It reads a page at this many pixels on its long side: letters stay legible, and it costs a third.
ORIENTATION_SIDE = 1800


def upright_turns(page: np.ndarray, *, timeout: float) -> int:
    """Quarter turns counter-clockwise (numpy.rot90's k) that stand the page's text upright, by
    Tesseract's orientation and script detection (OSD); 0 when it is upright or OSD is unsure or
    cannot tell (too few letters)."""
    image = Image.fromarray(page)
    scale = ORIENTATION_SIDE / max(image.size)
    if scale < 1:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.BILINEAR)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", timeout=timeout,
                                       output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, RuntimeError, OSError):
        return 0  # too few letters to tell, no OSD data, or out of time: read as it is
    if float(osd.get("orientation_conf", 0.0)) < ORIENTATION_MIN_CONF:
        return 0
    # "rotate" is the clockwise turn that makes the page upright.
    return (-int(osd.get("rotate", 0)) // 90) % 4
