"""Several OCR passes over a poor page and their word-by-word fusion (ROVER-style voting).

A page is diagnosed (pipeline/ingest/diagnose.py), cleaned by what the diagnosis calls for
(pipeline/ingest/cleanup.py) and read once. A poor page (by the diagnosis, or by Tesseract's own
mean word confidence on that first reading) is read again with other clean-ups and segmentation
modes, and the readings are aligned word by word and voted on, each word weighted by its engine
confidence. The fused word keeps every reading's form as an alternative with its share of the
vote, and that share as its confidence, so restoration sees where the readings disagreed.

    reading, info = read_page(pixels, effort="auto", timeout=180.0)
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.document import Alternative, Line, Reading, Word
from pipeline.ingest.cleanup import Prepared, components, deskew, despeckle, grey, otsu, rescale, sauvola
from pipeline.ingest.diagnose import POOR_CONF, Diagnosis, diagnose, scale_for
from pipeline.ingest.layout import box_union
from pipeline.ingest.ocr import OcrFailed, OcrTimeout, ocr_page, upright_turns

EFFORTS = ("fast", "auto", "best")
# ROVER's weighting: a reading's vote for a word is NULL_MIX + (1 - NULL_MIX) * its confidence; a
# reading with no word at a place votes for "nothing" with confidence NULL_CONF.
NULL_MIX = 0.5
NULL_CONF = 0.7
# Letters are brought to the target height only when this far off it: resizing costs time and
# changes nothing for Tesseract close to its preferred size.
RESCALE_BELOW = 0.6
RESCALE_ABOVE = 2.4
DESKEW_FROM = 0.3  # degrees
# A page scanned at this many pixels per inch or more is not read again for its low effective
# resolution alone (small letters on a 200 dpi scan: the diagnosis still says "low resolution").
# Measured with generated office scans (scanset's "good" pages, image files, conf 0.93-0.96): at a
# 200 dpi sheet one pass read as well as three fused (8 pages of 13-14 pt letters: 94.65 % against
# 94.39 %, 7 equal; 6 pages of 11 pt letters, effective 167-200 dpi: all equal), at a 170 dpi sheet
# the extra passes helped (8 pages: 94.83 % one pass, 95.28 % three). The bench's degraded pages
# (150-190 dpi) are all noisy as well, so their passes are as before. 195, not 200: a PNG keeps its
# resolution in pixels per metre, and 200 dpi comes back as 199.9996.
SHARP_SHEET_DPI = 195
# A page the diagnosis finds nothing wrong with (a seal aside) is read first as given, in colour
# where it has colour, with its resolution, not binarised and despeckled: on six good generated
# office scans (12 pages, JPEG and image-only PDF) 95.35 % -> 96.33 %, bare `tesseract -l vie`
# 95.85 %; degraded pages unchanged. Its colour costs time (2.5 s against 1.7 s a page in grey) but
# not reading it lost what it bought: the channels averaged to grey read 95.53 %, luminance grey
# less (the red seal's ink darkens the letters it covers). False reads every page cleaned, as before.
GOOD_PAGE_AS_GIVEN = True
# A first reading under this mean confidence is checked for a page scanned sideways or upside down:
# generated pages read 0.96 upright and 0.44 turned; the degraded bench pages' first readings
# are well above it. OSD costs about a second a page, so it is not asked of every page.
TURNED_BELOW = 0.6
ORIENTATION_TIMEOUT = 30.0


@dataclass
class PageReport:
    """What was done to a page: its diagnosis, the passes run, their mean confidences, seconds."""

    diagnosis: Diagnosis | None
    passes: list[str] = field(default_factory=list)
    confidences: list[float | None] = field(default_factory=list)
    seconds: float = 0.0
    poor: bool = False


# --------------------------------------------------------------------------- preparing a page


def prepare(page: np.ndarray, diag: Diagnosis | None, *, binarise: Callable[[np.ndarray], np.ndarray] = otsu,
            suppress_seal: bool = False, clean_specks: bool = True) -> Prepared:
    """The clean-ups the diagnosis calls for, each kept because scripts/bench_scans.py showed it
    helps: binarised, isolated specks removed, lines levelled (projection profiles). Resizing is
    only for pages far from 300 dpi (upscaling a 170 dpi page to 300 cost 10 points on the bench:
    its specks grow into marks Tesseract reads), and seal ink by colour only on request (it cost
    1-2 points: the seal rarely covers letters in the archive's layout, and the brightest channel
    loses contrast on faded toner)."""
    prep = Prepared(grey(page, suppress_seal=suppress_seal))
    text_px = diag.text_px if diag is not None and diag.text_px else 27.0
    if diag is not None:
        factor = scale_for(diag)
        if not RESCALE_BELOW <= factor <= RESCALE_ABOVE:
            prep = rescale(prep, factor)
            text_px *= prep.image.shape[1] / page.shape[1]
    binary = binarise(prep.image)
    steps = prep.steps + [getattr(binarise, "__name__", "binarised")]
    if clean_specks:
        binary = despeckle(binary, text_px)
        steps.append("despeckle")
    if diag is not None and abs(diag.skew) >= DESKEW_FROM:
        # Levelled after despeckling, and the black-and-white page rather than the grey one:
        # rotation's interpolation spreads every speck it meets into a blob Tesseract reads as a mark.
        turned = deskew(Prepared(binary, prep.to_page, steps), diag.skew)
        return Prepared(otsu(turned.image), turned.to_page, turned.steps)
    return Prepared(binary, prep.to_page, steps)


def ocr_prepared(prep: Prepared, *, timeout: float, psm: int = 3, dpi: float | None = None) -> Reading:
    """OCR a prepared image; word and line boxes mapped back to the page as given. `dpi`: the
    prepared image's resolution, when known."""
    try:
        # Uncompressed TIFF: written as fast as a PNM, and read by Leptonica far faster (its PNM
        # reader took 0.6 s more per colour A4 page at 300 dpi, 25 % of the OCR).
        fd, name = tempfile.mkstemp(prefix="decree_", suffix=".tif")
        os.close(fd)
    except OSError as exc:  # the temporary folder is full or gone
        raise OcrFailed(f"OCR failed: cannot write the page for Tesseract ({exc.strerror or exc})") from None
    try:
        try:
            write_tiff(name, prep.image)
        except OSError as exc:
            reason = exc.strerror or exc
            raise OcrFailed(f"OCR failed: cannot write the page for Tesseract ({reason})") from None
        reading = ocr_page(Path(name), timeout=timeout, psm=psm, dpi=dpi)
    finally:
        Path(name).unlink(missing_ok=True)
    for line in reading.lines:
        for word in line.words:
            if word.box is not None:
                word.box = prep.map_box(word.box)
        boxes = [w.box for w in line.words if w.box]
        line.box = box_union(boxes) if boxes else None
    return reading


def write_tiff(path: str | Path, image: np.ndarray) -> None:
    """An 8-bit grey or RGB page as an uncompressed one-strip TIFF: the file PIL writes (the same tags
    and pixels), written straight from the array. PIL first copied an RGB page into its own
    four-byte pixels and then encoded it in 64 kB pieces: 30-45 ms for an A4 colour page at 300 dpi,
    against 6 ms. Anything else (another depth, an alpha channel) goes through PIL."""
    if image.dtype != np.uint8 or not (image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)):
        Image.fromarray(image).save(path, format="TIFF")
        return
    height, width = image.shape[:2]
    spp = 1 if image.ndim == 2 else 3
    # (tag, type, count, value): type 3 SHORT, 4 LONG; entries in tag order, as TIFF asks.
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, spp, 8), (259, 3, 1, 1),
               (262, 3, 1, 1 if spp == 1 else 2), (273, 4, 1, 0), (277, 3, 1, spp), (278, 4, 1, height),
               (279, 4, 1, width * height * spp), (284, 3, 1, 1)]
    ifd_size = 2 + 12 * len(entries) + 4
    bits_at = 8 + ifd_size  # BitsPerSample's three values, for RGB, follow the directory
    data_at = bits_at + (6 if spp == 3 else 0)
    ifd = bytearray(struct.pack("<2sHI", b"II", 42, 8) + struct.pack("<H", len(entries)))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = data_at
        if tag == 258 and spp == 3:
            ifd += struct.pack("<HHII", tag, kind, count, bits_at)
        elif kind == 3:
            ifd += struct.pack("<HHIHH", tag, kind, count, value, 0)
        else:
            ifd += struct.pack("<HHII", tag, kind, count, value)
    ifd += struct.pack("<I", 0)
    if spp == 3:
        ifd += struct.pack("<3H", 8, 8, 8)
    with open(path, "wb") as fh:
        fh.write(ifd)
        fh.write(memoryview(np.ascontiguousarray(image)).cast("B"))


# The passes a poor page gets after the first, in order; `best` runs them all.
# Chosen on the bench: each alone reads about as well as the first pass, but they err in different
# places (Sauvola keeps faded strokes Otsu loses; single-column segmentation orders skewed lines
# differently), so their vote beats the best of them.
EXTRA_PASSES: tuple[tuple[str, dict, int], ...] = (
    ("sauvola", {"binarise": sauvola}, 3),
    ("psm4", {}, 4),
    ("seal by colour", {"suppress_seal": True}, 3),
)
AUTO_PASSES = 3  # the first and two more: the cost limit for poor pages is 3x bare Tesseract


def read_page(page: np.ndarray, *, effort: str = "auto", timeout: float = 180.0,
              max_passes: int | None = None, page_dpi: float | None = None,
              turn: bool = True) -> tuple[Reading, PageReport]:
    """Read one page image (grey or RGB uint8). fast: one pass as ingest always did (Otsu, no
    clean-up); auto: diagnosed and cleaned, more passes only on a poor page; best: every pass.
    A page whose first reading is far below a good page's confidence is checked for being scanned
    sideways or upside down (`turn`), and read turned upright if it is; its boxes stay on the page
    as given. Raises OcrTimeout/OcrFailed when the first pass does; a later pass that fails is left out."""
    if effort not in EFFORTS:
        raise ValueError(f"effort must be one of {', '.join(EFFORTS)}, not {effort!r}")
    started = time.perf_counter()
    if effort == "fast":
        prep = Prepared(otsu(grey(page)))
        reading = ocr_prepared(prep, timeout=timeout)
        return reading, PageReport(None, ["otsu"], [reading.mean_conf], time.perf_counter() - started)
    diag = diagnose(page, page_dpi)
    if GOOD_PAGE_AS_GIVEN and not set(diag.poor_reasons) - {"seal"}:
        # A good page is read as given, at its resolution, as Tesseract reads a scan's file: our
        # Otsu and despeckling lose strokes its own thresholding keeps.
        first = ocr_prepared(Prepared(page), timeout=timeout, dpi=page_dpi)
        report = PageReport(diag, ["as given"], [first.mean_conf])
    else:
        first = ocr_prepared(prepare(page, diag), timeout=timeout)
        report = PageReport(diag, ["cleaned"], [first.mean_conf])
    conf = first.mean_conf or 0.0
    if turn and conf < TURNED_BELOW:
        upright = _read_upright(page, conf, effort=effort, timeout=timeout - (time.perf_counter() - started),
                                max_passes=max_passes, page_dpi=page_dpi)
        if upright is not None:
            upright[1].seconds = round(time.perf_counter() - started, 3)
            return upright
    reasons = set(diag.poor_reasons)
    if page_dpi is not None and page_dpi >= SHARP_SHEET_DPI:
        reasons.discard("low resolution")
    report.poor = effort == "best" or conf < POOR_CONF or bool(
        {"low resolution", "low contrast", "noisy"} & reasons)
    readings = [first]
    if report.poor:
        limit = max_passes or (AUTO_PASSES if effort == "auto" else len(EXTRA_PASSES) + 1)
        extra = EXTRA_PASSES[: limit - 1]
        for name, options, psm in extra:
            left = timeout - (time.perf_counter() - started)
            if left <= 1:
                break
            try:
                readings.append(ocr_prepared(prepare(page, diag, **options), timeout=left, psm=psm))
            except (OcrTimeout, OcrFailed):
                break
            report.passes.append(name)
            report.confidences.append(readings[-1].mean_conf)
    fused = fuse(readings) if len(readings) > 1 else first
    left = timeout - (time.perf_counter() - started)
    if left > 1:
        try:
            found = recover_dropped(page, fused, diag, timeout=left)
        except (OcrTimeout, OcrFailed):
            found = 0
        if found:
            report.passes.append(f"dropped text x{found}")
    report.seconds = round(time.perf_counter() - started, 3)
    return fused, report


def _read_upright(page: np.ndarray, conf: float, *, effort: str, timeout: float, max_passes: int | None,
                  page_dpi: float | None) -> tuple[Reading, PageReport] | None:
    """The page read turned upright, when OSD finds it sideways or upside down and the turned page
    reads with more confidence than `conf`; its word and line boxes put back on the page as given."""
    if timeout <= 1:
        return None
    started = time.perf_counter()
    turns = upright_turns(page, timeout=min(timeout, ORIENTATION_TIMEOUT))
    if not turns:
        return None
    left = timeout - (time.perf_counter() - started)
    if left <= 1:
        return None
    reading, report = read_page(np.ascontiguousarray(np.rot90(page, turns)), effort=effort, timeout=left,
                                max_passes=max_passes, page_dpi=page_dpi, turn=False)
    if (reading.mean_conf or 0.0) <= conf:
        return None
    height, width = page.shape[:2]
    for line in reading.lines:
        for word in line.words:
            if word.box is not None:
                word.box = _unturned(word.box, turns, height, width)
        if line.box is not None:
            line.box = _unturned(line.box, turns, height, width)
    report.passes.insert(0, f"turned {90 * turns}°")
    return reading, report


def _unturned(box: tuple[float, float, float, float], turns: int, height: int, width: int
              ) -> tuple[float, float, float, float]:
    """A box on numpy.rot90(page, turns) put back on the page (`height` x `width` pixels)."""
    x0, y0, x1, y1 = box
    if turns % 4 == 1:
        return (width - y1, x0, width - y0, x1)
    if turns % 4 == 2:
        return (width - x1, height - y1, width - x0, height - y0)
    if turns % 4 == 3:
        return (y0, height - x1, y1, height - x0)
    return box


# --------------------------------------------------------------------------- text Tesseract dropped


def recover_dropped(page: np.ndarray, reading: Reading, diag: Diagnosis | None, *, timeout: float) -> int:
    """Read again the lines of text a full-page pass left out, and put them into `reading` in page
    order; returns how many regions were read.

    Tesseract's page layout analysis takes a region with a seal and a signature over it for a picture
    and drops it whole: on the bench, the signer's title and name were missing from half of the good
    pages. Here letter-sized ink no word box covers is grouped into lines, and each group is cropped,
    cleared of seal ink by colour, and read as one block of text."""
    text_px = diag.text_px if diag is not None and diag.text_px else 27.0
    # The seal-free grey page (each pixel's brightest channel) and the red seal ink, from one split of
    # a colour page's channels.
    g, seal = page, None
    if page.ndim == 3:
        r, gr, b = cv2.split(np.ascontiguousarray(page[..., :3]))
        g = cv2.max(cv2.max(r, gr), b)
        seal = _seal_ink(r, gr, b)
        del r, gr, b
    # A page far over 300 dpi (600 dpi A3) is searched at about 300: the label image of a full
    # 70-megapixel page alone would take 280 MB.
    f = min(1.0, scale_for(diag)) if diag is not None else 1.0
    if f < RESCALE_BELOW:
        g = cv2.resize(g, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        if seal is not None:
            seal = cv2.resize(seal, (g.shape[1], g.shape[0]), interpolation=cv2.INTER_NEAREST)
        text_px *= f
    else:
        f = 1.0
    ink = (otsu(g) == 0).astype(np.uint8)
    covered = np.zeros_like(ink)
    pad = max(2, round(text_px * 0.3))
    for line in reading.lines:
        for w in line.words:
            if w.box:
                x0, y0, x1, y1 = (round(v * f) for v in w.box)
                covered[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 1
    ink[covered > 0] = 0
    n, labels, stats = components(ink)
    h = stats[:, cv2.CC_STAT_HEIGHT]
    w = stats[:, cv2.CC_STAT_WIDTH]
    small = (h >= text_px * 0.4) & (h <= text_px * 2.2)
    small[0] = False
    # Under a seal (its red ink around the region) the letters of a bold name run together in pairs
    # and threes ("Hữu" one blob) and what is left of a line is short; elsewhere such blobs and
    # scraps are mostly a body line the pass read badly, which a second reading would only repeat.
    if seal is not None and not seal.any():
        seal = None
    regions = _letter_regions(labels, stats, small & (w <= text_px * 2.5), text_px, 4)
    if seal is not None:
        regions += [r for r in _letter_regions(labels, stats, small & (w <= text_px * 4.0), text_px, 3)
                    if _near_seal(seal, r, text_px)]
    regions = sorted(set(regions))
    if not regions:
        return 0
    # Nearby lines form one block (a signature block: title, signature space, name).
    regions.sort(key=lambda r: (r[1], r[0]))
    blocks: list[tuple[list[int], list[tuple[int, int, int, int]]]] = []
    for x0, y0, x1, y1 in regions:
        for b, members in blocks:
            if x0 < b[2] + text_px and x1 > b[0] - text_px and y0 < b[3] + text_px * 10:
                b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)
                members.append((x0, y0, x1, y1))
                break
        else:
            blocks.append(([x0, y0, x1, y1], [(x0, y0, x1, y1)]))
    found = 0
    page_text = reading.text
    for block, members in blocks:
        lines = _read_dropped(g, block, f, text_px, timeout)
        # A line by a seal that the block's reading left out (the signer's name under the signature
        # strokes, which spoil a reading of the whole block) is read again on its own.
        for member in members:
            if seal is None or not _near_seal(seal, member, text_px):
                continue
            x0, y0, x1, y1 = (v / f for v in member)
            beside = [ln for ln in lines if ln.box and ln.box[1] < y1 and ln.box[3] > y0]
            width = sum(min(x1, ln.box[2]) - max(x0, ln.box[0])
                        for ln in beside if ln.box[2] > x0 and ln.box[0] < x1)
            if width < 0.6 * (x1 - x0):
                again = _read_dropped(g, list(member), f, text_px, timeout)
                if sum(len(ln.text) for ln in again) > sum(len(ln.text) for ln in beside):
                    lines = [ln for ln in lines if ln not in beside] + again
        # A region beside words the pass read badly (a skewed line cut short) gives that line again,
        # and signature strokes give scraps: neither is dropped text.
        lines = [ln for ln in lines if _is_text(ln) and not _already_read(ln.text, page_text)]
        if lines:
            lines.sort(key=lambda ln: ln.box[1] if ln.box else 0.0)
            _insert_lines(reading, lines)
            page_text += "\n" + "\n".join(ln.text for ln in lines)
            found += 1
    return found


def _letter_regions(labels: np.ndarray, stats: np.ndarray, letters: np.ndarray, text_px: float,
                    min_letters: int) -> list[tuple[int, int, int, int]]:
    """Boxes of lines of letter-sized ink: letters joined into bars, bars of at least `min_letters`.
    `labels`/`stats`: the page's connected components; `letters`: which of them are letters."""
    if letters.sum() < min_letters:
        return []
    reach = max(3, round(text_px * 1.2))
    # Only the part of the page around the letters is searched (the letters left over on a good page
    # are a signature block): labelling the whole page's bars cost a third of this search.
    found = np.flatnonzero(letters)
    left, top = stats[found, cv2.CC_STAT_LEFT], stats[found, cv2.CC_STAT_TOP]
    x0, y0 = max(0, int(left.min()) - reach), int(top.min())
    x1 = min(labels.shape[1], int((left + stats[found, cv2.CC_STAT_WIDTH]).max()) + reach)
    y1 = int((top + stats[found, cv2.CC_STAT_HEIGHT]).max())
    mask = letters[labels[y0:y1, x0:x1]].astype(np.uint8)
    bars = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    m, _lab, bstats = components(bars)
    regions = []
    for k in range(1, m):
        x, y, bw, bh, _area = bstats[k]
        count = cv2.connectedComponents(mask[y:y + bh, x:x + bw])[0] - 1
        if bw >= text_px * 3 and count >= min_letters:
            regions.append((int(x) + x0, int(y) + y0, int(x + bw) + x0, int(y + bh) + y0))
    return regions


def _seal_ink(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where a colour page (its R, G, B channels) has red ink (a seal): 1 where red is more than 60
    over the other two. OpenCV's subtraction saturates at 0, so only a difference over 60 counts, as
    in signed arithmetic, with no int16 copy of the page; the answer is written over the one
    page-sized buffer it needs."""
    red = cv2.max(g, b)
    cv2.subtract(r, red, dst=red)
    np.greater(red, 60, out=red.view(bool))
    return red


def _near_seal(seal: np.ndarray, box: tuple[int, int, int, int], text_px: float) -> bool:
    reach = round(text_px * 2)
    x0, y0, x1, y1 = box
    area = seal[max(0, y0 - reach):y1 + reach, max(0, x0 - reach):x1 + reach]
    return area.size > 0 and float(area.mean()) > 0.01


def _is_text(line: Line) -> bool:
    """Two words with letters, or one of four letters or more: not a scrap of strokes."""
    lettered = [w.text for w in line.words if sum(c.isalpha() for c in w.text) >= 1]
    return len(lettered) >= 2 or any(sum(c.isalpha() for c in t) >= 4 for t in lettered)


def _already_read(text: str, page_text: str) -> bool:
    return len(text) >= 8 and fuzz.partial_ratio(text.lower(), page_text.lower()) >= 85


def _read_dropped(g: np.ndarray, box: list[int], f: float, text_px: float, timeout: float) -> list[Line]:
    """The lines Tesseract reads with some confidence in one region of the seal-cleared grey page."""
    margin = round(text_px * 0.8)
    x0, y0 = max(0, box[0] - margin), max(0, box[1] - margin)
    x1, y1 = min(g.shape[1], box[2] + margin), min(g.shape[0], box[3] + margin)
    crop = despeckle(otsu(g[y0:y1, x0:x1]), text_px)
    prep = Prepared(crop, np.array([[1 / f, 0, x0 / f], [0, 1 / f, y0 / f]]), ["dropped text"])
    extra = ocr_prepared(prep, timeout=timeout, psm=6)
    lines = []
    for line in extra.lines:
        # Signature strokes and seal remains read as short low-confidence marks: only words
        # Tesseract is fairly sure of are kept.
        line.words = [wd for wd in line.words
                      if (wd.ocr_conf or 0) >= 0.5 and any(c.isalnum() for c in wd.text)]
        if line.words:
            line.words[-1].space_after = ""
            line.box = box_union([wd.box for wd in line.words if wd.box])
            lines.append(line)
    return lines


def _insert_lines(reading: Reading, new: list[Line]) -> None:
    """Put a block of lines into a reading in reading order: after every line that starts above it,
    and after lines beside it in a column to its left (the "Nơi nhận" list beside a signature)."""
    boxes = [ln.box for ln in new if ln.box]
    bx0, by0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    by1 = max(b[3] for b in boxes)
    at = 0
    for i, line in enumerate(reading.lines):
        if line.box and (line.box[1] < by0 or (line.box[1] < by1 and line.box[2] <= bx0)):
            at = i + 1
    reading.lines[at:at] = [Line()] + new + [Line()]


# --------------------------------------------------------------------------- fusion


@dataclass
class _Slot:
    """One place in the backbone: each reading's word there (None: nothing) and the words a reading
    has after it that the backbone lacks."""

    words: list[Word | None]
    inserted: list[list[Word]]


def _flat(reading: Reading) -> list[tuple[int, Word]]:
    return [(i, w) for i, line in enumerate(reading.lines) for w in line.words]


def _align(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """Word alignment of two readings: exact matches by edit distance over words, and inside each
    differing stretch a small dynamic programme pairing words by how alike their letters are."""
    pairs: list[tuple[int | None, int | None]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            pairs.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True))
        elif op.tag == "delete":
            pairs.extend((i, None) for i in range(op.src_start, op.src_end))
        elif op.tag == "insert":
            pairs.extend((None, j) for j in range(op.dest_start, op.dest_end))
        else:
            pairs.extend(_align_block(a, b, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return pairs


def _align_block(a: list[str], b: list[str], i0: int, i1: int, j0: int, j1: int
                 ) -> list[tuple[int | None, int | None]]:
    m, n = i1 - i0, j1 - j0
    if m == n:
        return list(zip(range(i0, i1), range(j0, j1), strict=True))
    if m * n > 4000:  # a long garbled stretch: pair in order, pad the rest
        k = min(m, n)
        out: list[tuple[int | None, int | None]] = list(zip(range(i0, i0 + k), range(j0, j0 + k),
                                                            strict=True))
        out += [(i, None) for i in range(i0 + k, i1)] + [(None, j) for j in range(j0 + k, j1)]
        return out
    gap = 0.6
    cost = np.zeros((m + 1, n + 1))
    cost[:, 0] = np.arange(m + 1) * gap
    cost[0, :] = np.arange(n + 1) * gap
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            sub = 1 - Levenshtein.normalized_similarity(a[i0 + i - 1].lower(), b[j0 + j - 1].lower())
            cost[i, j] = min(cost[i - 1, j - 1] + sub, cost[i - 1, j] + gap, cost[i, j - 1] + gap)
    out = []
    i, j = m, n
    while i or j:
        if i and j and np.isclose(cost[i, j], cost[i - 1, j - 1] + 1 - Levenshtein.normalized_similarity(
                a[i0 + i - 1].lower(), b[j0 + j - 1].lower())):
            out.append((i0 + i - 1, j0 + j - 1))
            i, j = i - 1, j - 1
        elif i and np.isclose(cost[i, j], cost[i - 1, j] + gap):
            out.append((i0 + i - 1, None))
            i -= 1
        else:
            out.append((None, j0 + j - 1))
            j -= 1
    return out[::-1]


def _vote(word: Word | None) -> float:
    conf = NULL_CONF if word is None else (word.ocr_conf if word.ocr_conf is not None else 0.5)
    return NULL_MIX + (1 - NULL_MIX) * conf


def fuse(readings: list[Reading]) -> Reading:
    """ROVER over several readings of one page: the most confident reading is the backbone (its
    lines and boxes); every other reading is aligned to it word by word; at each place the form
    with the most confidence-weighted votes wins, "nothing" included."""
    if len(readings) == 1:
        return readings[0]
    order = sorted(range(len(readings)), key=lambda k: -(readings[k].mean_conf or 0.0))
    base = readings[order[0]]
    base_words = _flat(base)
    slots = [_Slot([w] + [None] * (len(readings) - 1), [[] for _ in readings]) for _, w in base_words]
    lead: list[list[Word]] = [[] for _ in readings]  # words before the backbone's first word
    base_text = [w.text for _, w in base_words]
    for r, k in enumerate(order[1:], start=1):
        other = [w for _, w in _flat(readings[k])]
        last = -1
        for i, j in _align(base_text, [w.text for w in other]):
            if i is not None:
                last = i
                if j is not None:
                    slots[i].words[r] = other[j]
            elif j is not None:
                (slots[last].inserted[r] if last >= 0 else lead[r]).append(other[j])
    out = Reading(kind="ocr_vie", engine=f"{base.engine} fused x{len(readings)}")
    lines: list[Line] = [Line(leading=line.leading) for line in base.lines]
    confs = []
    head = _vote_inserted(lead, len(readings))
    if head and lines:
        lines[0].words.extend(head)
    for (line_no, _), slot in zip(base_words, slots, strict=True):
        word = _vote_slot(slot.words)
        if word is not None:
            lines[line_no].words.append(word)
            confs.append(word.ocr_conf or 0.0)
        lines[line_no].words.extend(_vote_inserted(slot.inserted, len(readings)))
    for line in lines:
        if line.words:
            for w in line.words:
                w.space_after = " "
            line.words[-1].space_after = ""
            boxes = [w.box for w in line.words if w.box]
            line.box = box_union(boxes) if boxes else None
    # Blank lines (paragraph breaks) stay; lines whose every word was voted out go.
    out.lines = [line for line, src in zip(lines, base.lines, strict=True) if line.words or not src.words]
    out.mean_conf = round(sum(confs) / len(confs), 4) if confs else None
    return out


def _vote_slot(words: list[Word | None]) -> Word | None:
    scores: dict[str | None, float] = {}
    first: dict[str, Word] = {}
    for w in words:
        key = None if w is None else w.text
        scores[key] = scores.get(key, 0.0) + _vote(w)
        if w is not None:
            first.setdefault(w.text, w)
    total = sum(scores.values())
    # Ties go to the backbone's form (the first reading voting), then to a word over nothing.
    backbone = words[0].text if words[0] is not None else None
    winner = max(scores, key=lambda t: (round(scores[t], 9), t is not None and t == backbone, t is not None))
    if winner is None:
        return None
    src = first[winner]
    alts = sorted(((t, s) for t, s in scores.items() if t is not None), key=lambda ts: -ts[1])
    return Word(text=winner, box=src.box, ocr_conf=round(scores[winner] / total, 4),
                alternatives=[Alternative(t, round(s / total, 4)) for t, s in alts] if len(alts) > 1 else [])


def _vote_inserted(groups: list[list[Word]], n: int) -> list[Word]:
    """Words some readings have where the backbone has none: kept only when they outvote the
    readings that have nothing there."""
    scores: dict[tuple[str, ...], float] = {}
    first: dict[tuple[str, ...], list[Word]] = {}
    empty = 0.0
    for k, group in enumerate(groups):
        if k == 0:
            empty += _vote(None)  # the backbone has nothing here
            continue
        if not group:
            empty += _vote(None)
            continue
        key = tuple(w.text for w in group)
        scores[key] = scores.get(key, 0.0) + sum(_vote(w) for w in group) / len(group)
        first.setdefault(key, group)
    if not scores:
        return []
    best = max(scores, key=lambda t: scores[t])
    if scores[best] <= empty:
        return []
    total = empty + sum(scores.values())
    return [Word(text=w.text, box=w.box, ocr_conf=round(scores[best] / total, 4)) for w in first[best]]


def page_pixels(image: Image.Image) -> np.ndarray:
    """A PIL page image as the uint8 array the passes take: RGB where the scan has colour, else grey."""
    if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        arr = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
        # A colour file holding a grey scan: grey is a third of the memory and the same pixels.
        step = max(1, arr.shape[0] // 200)
        sample = arr[::step, ::step].astype(np.int16)
        if int(np.abs(sample[:, :, 0] - sample[:, :, 1]).max()) < 12 and int(
                np.abs(sample[:, :, 1] - sample[:, :, 2]).max()) < 12:
            return cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
        return arr
    return np.asarray(grey_image(image))


# 16-bit and 32-bit grey modes: an archival scanner's 16-bit grey TIFF or PNG opens as one of these,
# and PIL's convert("L") clips them at 255 (every level above it white) where they must be scaled.
_DEEP_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")


def grey_image(image: Image.Image) -> Image.Image:
    """An 8-bit grey ("L") copy of a page image, a deep grey one scaled down, not clipped."""
    if image.mode not in _DEEP_GREY:
        return image if image.mode == "L" else image.convert("L")
    arr = np.asarray(image, dtype=np.float32)
    top = float(arr.max()) if arr.size else 0.0
    if image.mode == "F" and top <= 1.0:
        arr = arr * 255.0  # levels as fractions
    elif top > 255.0:
        arr = arr / 257.0  # 16-bit levels (65535 / 255)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


__all__ = ["EFFORTS", "PageReport", "fuse", "grey_image", "ocr_prepared", "page_pixels", "prepare",
           "read_page"]
