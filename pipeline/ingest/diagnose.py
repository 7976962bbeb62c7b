"""Page diagnosis: what is wrong with a page image, measured before OCR (and Tesseract's own mean word
confidence after the first pass). Decides which clean-ups a page gets and whether it is read more
than once; kept on the Page (`Page.scan`) for the review app.

All measures run on a reduced copy (at most ~1000 px wide for skew, 2500 px for text size), so a
600 dpi A3 page costs no more memory than a 300 dpi A4 one.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.ingest.cleanup import components, skew_angle

# The median letter of the archive's 13-14 pt body text (with its marks) is about 27 px high at
# 300 dpi (measured on generated pages); the effective resolution scales with it.
CAP_PX_AT_300 = 27.0
# Thresholds for a poor page, checked by scripts/bench_scans.py.
POOR_DPI = 240
POOR_SKEW = 0.6
POOR_CONTRAST = 120
POOR_NOISE = 1.0
POOR_CONF = 0.80
# Specks per letter above which a page's letters cannot be measured: a page that holds a line or two
# (a signer's name alone, a back side) under a photocopy's toner dust, where the dust's JPEG halos
# pass for small letters. There the letters' size says nothing, as on a page with no letters: the
# "letters" of 9 px had made a 300 dpi page 106 dpi, upscaled 2.8 times, and Tesseract then ran past
# its three minutes on it.
UNMEASURABLE_NOISE = 50.0


@dataclass
class Diagnosis:
    text_px: float | None  # typical height of letters (connected components) in pixels
    effective_dpi: int | None  # resolution the text is drawn at, judged by its letter size
    skew: float  # degrees counter-clockwise
    contrast: int  # paper level minus ink level, 0..255
    noise: float  # specks (components far smaller than a letter) per letter-sized component
    seal: float  # share of the page covered by red seal ink (0 on grey pages)
    colour: bool

    @property
    def poor_reasons(self) -> list[str]:
        reasons = []
        if self.effective_dpi is not None and self.effective_dpi < POOR_DPI:
            reasons.append("low resolution")
        if abs(self.skew) >= POOR_SKEW:
            reasons.append("skewed")
        if self.contrast < POOR_CONTRAST:
            reasons.append("low contrast")
        if self.noise > POOR_NOISE:
            reasons.append("noisy")
        if self.seal > 0.0005:
            reasons.append("seal")
        return reasons

    def as_dict(self) -> dict:
        return {"text_px": self.text_px, "effective_dpi": self.effective_dpi, "skew": self.skew,
                "contrast": self.contrast, "noise": self.noise, "seal": self.seal}


def seal_share(page: np.ndarray) -> float:
    """Share of pixels in red seal ink: red well above green and blue (JPEG smears colour, so the
    margin is generous)."""
    if page.ndim == 2:
        return 0.0
    step = max(1, page.shape[1] // 1000)
    small = page[::step, ::step]
    r, g, b = small[:, :, 0], small[:, :, 1], small[:, :, 2]
    # r - max(g, b) > 60 in uint8, with no int16 copy (a third of the time): where r > 120, r - 60
    # cannot wrap, and elsewhere the pixel is not red whatever the wrapped value says.
    red = (r > 120) & (np.maximum(g, b) < r - 60)
    return round(np.count_nonzero(red) / red.size, 4)


def letter_stats(grey: np.ndarray) -> tuple[float | None, float]:
    """(typical letter height in pixels, specks per letter) from the connected components of ink."""
    scale = min(1.0, 2500 / grey.shape[1])
    img = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    _, ink = cv2.threshold(img, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _labels, stats = components(ink)
    if n < 20:
        return None, 0.0
    h = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    letters = (h >= 6 * scale) & (h <= img.shape[0] / 20) & (w <= 3 * h) & (w >= h / 8)
    if letters.sum() < 20:
        return None, 0.0
    # The median letter: x-height letters with their tone marks, which blur and spread toner join
    # less often than they join the taller letters.
    text_px = float(np.median(h[letters])) / scale
    area = stats[1:, cv2.CC_STAT_AREA]
    specks = area <= max(2.0, (text_px * scale / 10) ** 2)
    return round(text_px, 1), round(float(specks.sum()) / float(letters.sum()), 3)


def contrast(grey: np.ndarray) -> int:
    step = max(1, grey.shape[1] // 1000)
    small = grey[::step, ::step]
    thresh, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # From the grey levels' histogram, not the pixels sorted: the median paper level and the ink's
    # 20th percentile come out as numpy's median and percentile would give them.
    t = int(thresh)
    hist = cv2.calcHist([small], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    ink_hist, paper_hist = hist[:t + 1], hist[t + 1:]
    if not ink_hist.any() or not paper_hist.any():
        return 0
    paper = _median_level(paper_hist) + t + 1
    # The percentile on the ink levels in order (a few per cent of the pixels): numpy's own
    # interpolation, exactly.
    ink = np.repeat(np.arange(t + 1, dtype=np.uint8), ink_hist)
    return int(paper) - int(np.percentile(ink, 20))


def _median_level(hist: np.ndarray) -> float:
    """numpy's median of the levels counted in `hist` (the mean of the two middle ones when even)."""
    n = int(hist.sum())
    cum = np.cumsum(hist)
    lo = int(np.searchsorted(cum, (n - 1) // 2, side="right"))
    hi = int(np.searchsorted(cum, n // 2, side="right"))
    return (lo + hi) / 2


def diagnose(page: np.ndarray, page_dpi: float | None = None) -> Diagnosis:
    """Measure a page image (grey or RGB uint8). `page_dpi`: pixels per inch of the page as a sheet
    (from the file's resolution or the PDF page's size), when known. The effective resolution is the
    lower of that and the one the letters' size implies: blur and spread toner make letters of a
    low-resolution scan look taller than they are, and an upsampled scan has the pixels but not the
    detail."""
    colour = page.ndim == 3
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY) if colour else page
    text_px, noise = letter_stats(grey)
    if noise > UNMEASURABLE_NOISE:
        text_px = None
    dpi = round(300 * text_px / CAP_PX_AT_300) if text_px else None
    if page_dpi and dpi:
        dpi = min(dpi, round(page_dpi))
    return Diagnosis(text_px=text_px, effective_dpi=dpi, skew=skew_angle(grey), contrast=contrast(grey),
                     noise=noise, seal=seal_share(page), colour=colour)


def scale_for(diag: Diagnosis) -> float:
    """The factor that brings the page to about 300 dpi, where Tesseract reads best."""
    if not diag.effective_dpi:
        return 1.0
    return 300 / diag.effective_dpi


__all__ = ["Diagnosis", "diagnose", "scale_for", "POOR_CONF"]
