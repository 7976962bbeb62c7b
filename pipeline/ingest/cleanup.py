"""Page clean-ups before OCR, each measured by scripts/bench_scans.py on degraded archive pages.

Pages are numpy arrays: grey (H, W) uint8, or colour (H, W, 3) RGB uint8 where the scan has colour.
Every clean-up that moves pixels returns the affine map from the cleaned image back to the page as
given, so word boxes read on a cleaned image land on the page image the review app shows.

OpenCV (the headless wheel) does the pixel work: resizing, rotation, box filters and connected
components in C, on one page at a time, with float32 buffers only as large as the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Tesseract reads best with capital letters about 30 px high (its own guidance: about 300 dpi for
# 10-12 pt text). A page's text is brought to this height, up or down, before OCR.
TARGET_TEXT_PX = 30.0
MAX_SCALE = 2.5
MIN_SCALE = 0.4


@dataclass
class Prepared:
    """A page image made ready for OCR, and how to map its pixels back to the page as given."""

    image: np.ndarray  # grey uint8 (binary 0/255 when binarised)
    # 2x3 affine map from prepared-image pixels to page pixels.
    to_page: np.ndarray = field(default_factory=lambda: np.array([[1.0, 0, 0], [0, 1.0, 0]]))
    steps: list[str] = field(default_factory=list)

    def map_box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64)
        mapped = pts @ self.to_page.T
        return (round(float(mapped[:, 0].min()), 1), round(float(mapped[:, 1].min()), 1),
                round(float(mapped[:, 0].max()), 1), round(float(mapped[:, 1].max()), 1))

    def then(self, image: np.ndarray, to_prev: np.ndarray, step: str) -> Prepared:
        """This preparation followed by one more step whose map back to the previous image is `to_prev`."""
        a = np.vstack([self.to_page, [0, 0, 1]])
        b = np.vstack([to_prev, [0, 0, 1]])
        return Prepared(image, (a @ b)[:2], self.steps + [step])


# --------------------------------------------------------------------------- colour


def grey(page: np.ndarray, suppress_seal: bool = False) -> np.ndarray:
    """The page in grey. With `suppress_seal` on a colour page, each pixel's brightest channel: red
    seal ink (and blue or violet signature ink) is bright in its own channel and drops to paper,
    while black text is dark in every channel and stays, even where the seal covers it."""
    if page.ndim == 2:
        return page
    if suppress_seal:
        # cv2 on the split channels: numpy's max over the last axis took 0.23 s on an A4 page.
        r, g, b = cv2.split(np.ascontiguousarray(page[..., :3]))
        return cv2.max(cv2.max(r, g), b)
    return cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)


# --------------------------------------------------------------------------- resolution


def rescale(prep: Prepared, factor: float) -> Prepared:
    """Resize by `factor` (cubic up, area down), clamped to [MIN_SCALE, MAX_SCALE]."""
    factor = min(MAX_SCALE, max(MIN_SCALE, factor))
    if abs(factor - 1) < 0.08:
        return prep
    img = prep.image
    size = (max(1, round(img.shape[1] * factor)), max(1, round(img.shape[0] * factor)))
    interp = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    out = cv2.resize(img, size, interpolation=interp)
    sx, sy = img.shape[1] / size[0], img.shape[0] / size[1]
    return prep.then(out, np.array([[sx, 0, 0], [0, sy, 0]]), f"scale {factor:.2f}")


# --------------------------------------------------------------------------- skew


def _ink_mask(img: np.ndarray, width: int = 1000) -> np.ndarray:
    """A reduced ink mask (1 = ink) of the page for skew estimation."""
    scale = min(1.0, width / img.shape[1])
    small = cv2.resize(img, (max(1, round(img.shape[1] * scale)), max(1, round(img.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else img
    _, mask = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask


def _profile_score(mask: np.ndarray, angle: float) -> float:
    h, w = mask.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(mask, rot, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = cv2.reduce(turned, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
    # Sharp peaks on text lines and empty rows between them: the squared differences between
    # neighbouring rows are largest when the lines are level.
    return float(np.square(np.diff(rows)).sum())


def skew_angle(img: np.ndarray, limit: float = 5.0) -> float:
    """Degrees counter-clockwise the page's text lines are turned (rotate by minus this to level
    them), by projection profiles: the rotation whose row profile of ink is sharpest, searched
    coarse (0.25 degree) then fine (0.025 degree) on a reduced copy. The coarse search, two thirds
    of the rotations, runs on that copy's ink counted in 2 x 2 cells (a quarter of the pixels): its
    steps shift a line's ends by 2 px even there, and it only picks where the fine search looks."""
    mask = _ink_mask(img)
    coarse_mask = mask
    if mask.shape[1] >= 400:
        m = mask[: mask.shape[0] // 2 * 2, : mask.shape[1] // 2 * 2]
        coarse_mask = m[0::2, 0::2] + m[1::2, 0::2] + m[0::2, 1::2] + m[1::2, 1::2]
    coarse = np.arange(-limit, limit + 1e-9, 0.25)
    best = max(coarse, key=lambda a: _profile_score(coarse_mask, float(a)))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025)
    best = max(fine, key=lambda a: _profile_score(mask, float(a)))
    # cv2 rotates counter-clockwise by `angle` to level the lines: the page is turned by -angle.
    return round(-float(best), 3)


def deskew(prep: Prepared, angle: float | None = None, min_angle: float = 0.2) -> Prepared:
    """Level the text lines (projection-profile angle unless given); nothing under `min_angle`."""
    img = prep.image
    if angle is None:
        angle = skew_angle(img)
    if abs(angle) < min_angle:
        return prep
    h, w = img.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    out = cv2.warpAffine(img, rot, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    back = cv2.invertAffineTransform(rot)
    return prep.then(out, back, f"deskew {angle:+.2f}")


# --------------------------------------------------------------------------- binarisation


def otsu(img: np.ndarray) -> np.ndarray:
    _, out = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def sauvola(img: np.ndarray, window: int | None = None, k: float = 0.2, r: float = 128.0,
            strip: int = 512) -> np.ndarray:
    """Sauvola's local threshold T = m * (1 + k (s / r - 1)) over a window about two text lines
    high: faded strokes and uneven light keep their ink where one global threshold loses it.

    Worked out in strips of `strip` rows, each with half a window of real rows above and below, so
    every window sees what it would on the whole page while the float buffers stay a strip high (a
    600 dpi A3 page would otherwise need five float copies of itself, 1.4 GB)."""
    if window is None:
        window = max(15, (img.shape[0] // 60) | 1)
    half = window // 2
    out = np.empty(img.shape, dtype=np.uint8)
    for top in range(0, img.shape[0], strip):
        bottom = min(img.shape[0], top + strip)
        lo, hi = max(0, top - half), min(img.shape[0], bottom + half)
        f = img[lo:hi].astype(np.float32)
        mean = cv2.boxFilter(f, -1, (window, window), borderType=cv2.BORDER_REFLECT)
        sq = cv2.boxFilter(f * f, -1, (window, window), borderType=cv2.BORDER_REFLECT)
        std = np.sqrt(np.maximum(sq - mean * mean, 0, out=sq), out=sq)
        # T = mean * (1 + k (std / r - 1)), computed in place in the std buffer.
        thresh = np.multiply(std, k / r, out=std)
        thresh += 1 - k
        thresh *= mean
        rows = slice(top - lo, top - lo + bottom - top)
        out[top:bottom] = np.where(f[rows] > thresh[rows], 255, 0)
    return out


def components(ink: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of the 8-connected components of a 0/1 uint8 image, as
    cv2.connectedComponentsWithStats gives them. Labelled in 16 bits where the page has fewer than
    65,535 components (the bench's pages have 1,400-13,000, speckled ones included): the same labels
    and stats in half the memory, and twice as fast (20 ms against 42-57 ms on an A4 page at 300
    dpi). OpenCV refuses 16-bit labels that would overflow, and the page is then labelled in 32."""
    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_32S)
    return n, labels, stats


def despeckle(binary: np.ndarray, text_px: float = TARGET_TEXT_PX) -> np.ndarray:
    """Remove isolated dark specks smaller than a diacritic's dot: toner dust and JPEG crumbs that
    Tesseract reads as stray marks or accents. `text_px`: the median letter height in this image.
    A speck near a letter (within a ninth of a letter's height, 3 px at least) is kept: tone marks,
    the dot of "ạ" and the i's dot sit there."""
    max_area = max(2, round((text_px * 0.13) ** 2))
    reach = max(3, round(text_px / 9))
    ink = (binary < 128).astype(np.uint8)
    n, labels, stats = components(ink)
    small = stats[:, cv2.CC_STAT_AREA] <= max_area
    small[0] = False
    if not small.any():
        return binary
    big = ink.copy()
    big[small[labels]] = 0
    near = cv2.dilate(big, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    # A small component is kept when any of its pixels lies near a big one.
    touch = np.zeros(n, dtype=bool)
    touch[np.unique(labels[(near > 0) & (ink > 0)])] = True
    drop = small & ~touch
    out = binary.copy()
    out[drop[labels]] = 255
    return out


__all__ = ["Prepared", "TARGET_TEXT_PX", "components", "deskew", "despeckle", "grey", "otsu", "rescale",
           "sauvola", "skew_angle"]
