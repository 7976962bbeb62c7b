"""Synthetic scans: clean text rendered to page images the way the archive's pages look.

Used to make the sample archive, the tests' generated scans, and the (clean, OCR) pairs the
restoration models learn their channel from. Everything is seeded, so a given text, style and seed
always gives the same pixels.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Serif faces with full Vietnamese coverage from Debian's font packages (fonts-liberation,
# fonts-dejavu-core, fonts-noto-core); the first one found is the default.
FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype", "/usr/local/share/fonts")
SERIF_FONTS = (
    "LiberationSerif-Regular.ttf",
    "NotoSerif-Regular.ttf",
    "DejaVuSerif.ttf",
)
BOLD_FONTS = ("LiberationSerif-Bold.ttf", "NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf")

A4_INCHES = (8.27, 11.69)


def find_fonts(names: tuple[str, ...] = SERIF_FONTS) -> list[Path]:
    """Installed font files among `names`, in that order."""
    found: list[Path] = []
    for name in names:
        for root in FONT_DIRS:
            hits = sorted(Path(root).rglob(name)) if Path(root).is_dir() else []
            if hits:
                found.append(hits[0])
                break
    return found


@dataclass(frozen=True)
class ScanStyle:
    """How a page is printed and scanned. `clean` is a good office scan; the others degrade it."""

    font_size: float = 13.0  # points
    dpi: int = 300
    rotation: float = 0.0  # degrees
    blur: float = 0.0  # Gaussian radius in pixels at `dpi`
    speckle: float = 0.0  # fraction of pixels flipped to noise
    fade: float = 0.0  # 0..1, how much lighter the ink is
    scan_dpi: int | None = None  # scanned at this lower resolution, then brought back to `dpi`
    jpeg_quality: int | None = None
    stamp: bool = False  # a round stamp over the signature block

    @classmethod
    def named(cls, name: str) -> ScanStyle:
        return STYLES[name]


STYLES = {
    "clean": ScanStyle(),
    "scan": ScanStyle(rotation=0.6, blur=0.8, speckle=0.002),
    "photocopy": ScanStyle(rotation=-1.0, blur=1.2, speckle=0.006, fade=0.35, scan_dpi=150,
                           jpeg_quality=40, stamp=True),
    "small": ScanStyle(font_size=10.5, blur=0.6, scan_dpi=200, jpeg_quality=60),
}


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break one source line into lines that fit `width` pixels, at spaces."""
    if not text.strip():
        return [""]
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


def render_pages(
    text: str,
    style: ScanStyle | str = "clean",
    *,
    font: Path | str | None = None,
    seed: int = 0,
) -> list[Image.Image]:
    """Render `text` (lines separated by newlines, pages by form feeds or overflow) onto A4 pages
    and degrade them by `style`. Returns grayscale ("L") images at `style.dpi`."""
    style = STYLES[style] if isinstance(style, str) else style
    rng = random.Random(seed)
    font_path = Path(font) if font else find_fonts()[0]
    px = style.font_size * style.dpi / 72
    face = ImageFont.truetype(str(font_path), size=round(px))
    width, height = (round(s * style.dpi) for s in A4_INCHES)
    margin_x, margin_y = round(0.9 * style.dpi), round(0.8 * style.dpi)
    line_h = round(px * 1.45)

    pages: list[list[str]] = []
    for chunk in text.split("\f"):
        lines: list[str] = []
        for src in chunk.split("\n"):
            lines.extend(_wrap(src, face, width - 2 * margin_x))
        per_page = max(1, (height - 2 * margin_y) // line_h)
        for i in range(0, max(len(lines), 1), per_page):
            pages.append(lines[i : i + per_page])

    images = []
    for lines in pages:
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        y = margin_y
        for line in lines:
            draw.text((margin_x, y), line, font=face, fill=0)
            y += line_h
        images.append(degrade(img, style, rng))
    return images


def degrade(img: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """Apply the scan defects of `style` to a clean page image."""
    if style.stamp:
        img = _stamp(img, rng)
    if style.fade:
        arr = np.asarray(img, dtype=np.float32)
        arr = 255 - (255 - arr) * (1 - style.fade)
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    if style.rotation:
        img = img.rotate(style.rotation, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    if style.scan_dpi and style.scan_dpi < style.dpi:
        scale = style.scan_dpi / style.dpi
        small = (round(img.width * scale), round(img.height * scale))
        img = img.resize(small, Image.Resampling.BILINEAR).resize(img.size, Image.Resampling.BILINEAR)
    if style.speckle:
        arr = np.asarray(img).copy()
        gen = np.random.default_rng(rng.randrange(2**32))
        mask = gen.random(arr.shape) < style.speckle
        arr[mask] = gen.choice(np.array([0, 255], dtype=np.uint8), size=int(mask.sum()))
        img = Image.fromarray(arr)
    if style.jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=style.jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def _stamp(img: Image.Image, rng: random.Random) -> Image.Image:
    """A grey ring with a star where a signature block usually is (lower right)."""
    w, h = img.size
    r = round(w * 0.09)
    cx = round(w * rng.uniform(0.62, 0.75))
    cy = round(h * rng.uniform(0.72, 0.85))
    overlay = Image.new("L", img.size, 255)
    draw = ImageDraw.Draw(overlay)
    for k in range(3):
        draw.ellipse((cx - r + k * 9, cy - r + k * 9, cx + r - k * 9, cy + r - k * 9), outline=150, width=6)
    draw.regular_polygon((cx, cy, r // 4), n_sides=5, fill=170)
    return Image.fromarray(np.minimum(np.asarray(img), np.asarray(overlay)))
