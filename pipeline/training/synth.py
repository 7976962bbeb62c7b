"""Synthetic scans: clean text rendered to page images the way the archive's pages look.

Used to make the sample archive, the tests' generated scans, and the (clean, OCR) pairs the
restoration models learn their channel from. Everything is seeded, so a given text, style and seed
always gives the same pixels.

Two layouts: "plain" (the text's lines, wrapped, top to bottom) and "letter", the administrative
document of the archive: issuer and national motto side by side, title, justified body, and the
"Nơi nhận" list beside the signature block with a red stamp over it. `render_document` also returns
where every line was drawn, so OCR output can be matched back to the clean line it came from.
"""

from __future__ import annotations

import functools
import io
import json
import math
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (
    "/usr/share/fonts/truetype",
    "/usr/share/fonts/opentype",
    "/usr/share/texmf/fonts/opentype",
    "/usr/local/share/fonts",
)

# Every letter a Vietnamese text can hold (NFC, precomposed), plus the punctuation the archive uses.
# A face missing any of them would print tofu boxes, which OCR reads as noise no real page has.
VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + "“”–…"


@dataclass(frozen=True)
class FontFace:
    """A serif family: regular, bold and italic files, and how often pages are set in it."""

    family: str
    regular: str
    bold: str
    italic: str
    weight: float


# Administrative documents are set in Times New Roman; Termes and FreeSerif are its free clones, so
# they dominate. The others vary stroke shapes so the channel is not one face's quirks. Liberation
# Serif is listed because newer releases cover Vietnamese; faces lacking glyphs are skipped at run time.
SERIF_FACES = (
    FontFace("TeX Gyre Termes", "texgyretermes-regular.otf", "texgyretermes-bold.otf",
             "texgyretermes-italic.otf", 4.0),
    FontFace("FreeSerif", "FreeSerif.ttf", "FreeSerifBold.ttf", "FreeSerifItalic.ttf", 3.0),
    FontFace("Liberation Serif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
             "LiberationSerif-Italic.ttf", 2.0),
    FontFace("Noto Serif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", 1.0),
    FontFace("DejaVu Serif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", 0.7),
    FontFace("DejaVu Serif Condensed", "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf",
             "DejaVuSerifCondensed-Italic.ttf", 0.5),
    FontFace("TeX Gyre Pagella", "texgyrepagella-regular.otf", "texgyrepagella-bold.otf",
             "texgyrepagella-italic.otf", 0.8),
    FontFace("TeX Gyre Bonum", "texgyrebonum-regular.otf", "texgyrebonum-bold.otf",
             "texgyrebonum-italic.otf", 0.4),
    FontFace("TeX Gyre Schola", "texgyreschola-regular.otf", "texgyreschola-bold.otf",
             "texgyreschola-italic.otf", 0.4),
)
# Kept for callers of the first version of this module.
SERIF_FONTS = tuple(f.regular for f in SERIF_FACES)
BOLD_FONTS = tuple(f.bold for f in SERIF_FACES)

A4_INCHES = (8.27, 11.69)
LAYOUT_DATA = Path(__file__).with_name("synth_layout.json")


@functools.cache
def _font_file(name: str) -> Path | None:
    for root in FONT_DIRS:
        hits = sorted(Path(root).rglob(name)) if Path(root).is_dir() else []
        if hits:
            return hits[0]
    return None


def find_fonts(names: tuple[str, ...] = SERIF_FONTS) -> list[Path]:
    """Installed font files among `names` that draw every Vietnamese letter, in that order."""
    found = [p for p in (_font_file(n) for n in names) if p is not None]
    return [p for p in found if not missing_glyphs(p, VIETNAMESE_LETTERS)]


@functools.cache
def _notdef(font_path: str) -> tuple[bytes, tuple[int, int, int, int]]:
    face = ImageFont.truetype(font_path, 40)
    # U+FFFF is a noncharacter: no font maps it, so this is the face's tofu box.
    return bytes(face.getmask("\uffff")), face.getbbox("\uffff")


@functools.cache
def _char_missing(font_path: str, char: str) -> bool:
    face = ImageFont.truetype(font_path, 40)
    mask, box = _notdef(font_path)
    return bytes(face.getmask(char)) == mask and face.getbbox(char) == box


def missing_glyphs(font: Path | str, text: str) -> str:
    """The characters of `text` (spaces aside) that `font` would draw as its missing-glyph box."""
    seen = dict.fromkeys(c for c in text if not c.isspace())
    return "".join(c for c in seen if _char_missing(str(font), c))


@functools.cache
def installed_faces() -> tuple[FontFace, ...]:
    """The serif faces whose three files are installed and cover every Vietnamese letter."""
    faces = []
    for face in SERIF_FACES:
        paths = [_font_file(n) for n in (face.regular, face.bold, face.italic)]
        if all(p is not None and not missing_glyphs(p, VIETNAMESE_LETTERS) for p in paths):
            faces.append(face)
    return tuple(faces)


@dataclass(frozen=True)
class ScanStyle:
    """How a page is printed and scanned. `clean` is a good office scan; the others degrade it."""

    font_size: float = 13.0  # points
    dpi: int = 300
    rotation: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian radius in pixels at `dpi`
    speckle: float = 0.0  # fraction of pixels flipped to noise
    fade: float = 0.0  # 0..1, how much lighter the ink is
    scan_dpi: int | None = None  # scanned at this lower resolution, then brought back to `dpi`
    jpeg_quality: int | None = None
    stamp: bool = False  # a red round stamp over the signature block
    ink: int = 0  # stroke weight change in pixels: > 0 toner spread (bolder), < 0 worn (thinner)
    keep_scan_dpi: bool = False  # leave the image at `scan_dpi` (a low-resolution scan) instead of `dpi`
    layout: str = "plain"  # "plain" or "letter"
    face: str | None = None  # family of SERIF_FACES; None: the first installed one
    bold_body: bool = False
    line_spacing: float = 1.45  # baseline to baseline, in font sizes
    justify: bool = False
    # Heavier Đ crossbar than the face's own (0: the face's glyph): thickness as a share of the font
    # size, and how far right of the stem it reaches as a share of the letter's width. Typewritten
    # and Word-era pages vary here, and the bar's weight decides what an English OCR takes Đ for.
    d_bar: float = 0.0
    d_bar_reach: float = 0.6

    @classmethod
    def named(cls, name: str) -> ScanStyle:
        return STYLES[name]

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


STYLES = {
    "clean": ScanStyle(),
    "scan": ScanStyle(rotation=0.6, blur=0.8, speckle=0.002),
    "photocopy": ScanStyle(rotation=-1.0, blur=1.2, speckle=0.006, fade=0.35, scan_dpi=150,
                           jpeg_quality=40, stamp=True),
    "small": ScanStyle(font_size=10.5, blur=0.6, scan_dpi=200, jpeg_quality=60),
    "letter": ScanStyle(layout="letter", justify=True, line_spacing=1.3, rotation=0.3, blur=0.7,
                        speckle=0.001, stamp=True),
}


def random_style(rng: random.Random, *, layout: str = "letter") -> ScanStyle:
    """A style drawn from the range of the archive's scans: mostly fair office scans of Times-like
    pages, with a tail of poor photocopies (low resolution, JPEG, faded or spread toner)."""
    faces = installed_faces()
    face = rng.choices(faces, weights=[f.weight for f in faces])[0] if faces else None
    poor = rng.random() < 0.2
    if poor:
        scan_dpi = rng.choice((150, 170, 200))
    else:
        scan_dpi = rng.choice((200, 240)) if rng.random() < 0.2 else None
    heavy_bar = rng.random() < 0.6
    return ScanStyle(
        font_size=rng.choice((12.0, 13.0, 13.0, 14.0, 14.0)),
        dpi=300,
        rotation=round(rng.uniform(-1.0, 1.0), 2) if rng.random() < 0.7 else 0.0,
        blur=round(rng.uniform(0.3, 1.1 if poor else 0.8), 2),
        speckle=round(rng.uniform(0.0, 0.004 if poor else 0.001), 4),
        fade=round(rng.uniform(0.15, 0.45), 2) if rng.random() < 0.25 else 0.0,
        scan_dpi=scan_dpi,
        jpeg_quality=rng.choice((30, 45, 60, 75)) if rng.random() < (0.7 if poor else 0.1) else None,
        stamp=layout == "letter",
        # Worn toner (thinner strokes) wrecks OCR quickly: rare, and never on top of a poor copy.
        ink=rng.choices((-1, 0, 1), weights=(0.0 if poor else 0.08, 0.72, 0.2))[0],
        keep_scan_dpi=scan_dpi is not None and rng.random() < 0.6,
        layout=layout,
        face=face.family if face else None,
        bold_body=rng.random() < 0.05,
        line_spacing=round(rng.uniform(1.2, 1.5), 2),
        justify=rng.random() < 0.8,
        d_bar=round(rng.uniform(0.13, 0.2), 3) if heavy_bar else 0.0,
        d_bar_reach=round(rng.uniform(0.6, 0.72), 2),
    )


@dataclass(frozen=True)
class PlacedLine:
    """One printed line: its clean text and its ink box in the undegraded page's pixels."""

    text: str
    box: tuple[int, int, int, int]
    role: str = "body"  # header, title, body, recipients, signature


@dataclass
class RenderedPage:
    """A degraded page image and the geometry to map its pixels back to the clean layout."""

    image: Image.Image
    lines: list[PlacedLine]
    style: ScanStyle
    clean_size: tuple[int, int]
    angle: float = 0.0  # rotation applied, degrees counter-clockwise
    extra: dict = field(default_factory=dict)

    def to_clean(self, x: float, y: float) -> tuple[float, float]:
        """A point of `image` in the coordinates of the clean page the lines were placed on."""
        w, h = self.clean_size
        sx, sy = w / self.image.width, h / self.image.height
        x, y = x * sx, y * sy
        if self.angle:
            # PIL rotates about the centre: undo it (y grows downward, the angle is counter-clockwise).
            t = math.radians(self.angle)
            dx, dy = x - w / 2, y - h / 2
            x = w / 2 + dx * math.cos(t) - dy * math.sin(t)
            y = h / 2 + dx * math.sin(t) + dy * math.cos(t)
        return x, y

    def line_at(self, x: float, y: float) -> int | None:
        """Index of the placed line under image point (x, y), or the vertically nearest one within
        half a line; None for ink that belongs to no line (stamp, speckle)."""
        cx, cy = self.to_clean(x, y)
        best, best_d = None, float("inf")
        for i, line in enumerate(self.lines):
            x0, y0, x1, y1 = line.box
            if not (x0 - 40 <= cx <= x1 + 40):
                continue
            d = 0.0 if y0 <= cy <= y1 else min(abs(cy - y0), abs(cy - y1))
            if d < best_d:
                best, best_d = i, d
        if best is None:
            return None
        x0, y0, x1, y1 = self.lines[best].box
        return best if best_d <= max(8.0, (y1 - y0) * 0.6) else None


class _Fonts:
    """The three cuts of one face at one pixel size, plus sized variants on demand."""

    def __init__(self, style: ScanStyle, font: Path | str | None):
        faces = {f.family: f for f in installed_faces()}
        face = faces.get(style.face or "") or (next(iter(faces.values())) if faces else None)
        if font:
            self.paths = {"regular": Path(font), "bold": Path(font), "italic": Path(font)}
        elif face:
            self.paths = {k: _font_file(getattr(face, k)) for k in ("regular", "bold", "italic")}
        else:
            raise RuntimeError("no installed serif font covers Vietnamese (see scripts/setup.sh)")
        self.px = style.font_size * style.dpi / 72
        self.dpi = style.dpi
        self.body_cut = "bold" if style.bold_body else "regular"

    @functools.cache  # noqa: B019 - one _Fonts per rendered document
    def get(self, cut: str = "regular", points: float | None = None) -> ImageFont.FreeTypeFont:
        px = self.px if points is None else points * self.dpi / 72
        return ImageFont.truetype(str(self.paths[cut]), size=round(px))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, indent: int = 0) -> list[str]:
    """Break one source line into lines that fit `width` pixels (the first `indent` narrower)."""
    if not text.strip():
        return [""]
    out: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        room = width - (indent if not out else 0)
        if font.getlength(trial) <= room or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


class _Sheet:
    """A clean page being filled top to bottom; records every line's box."""

    def __init__(self, style: ScanStyle, fonts: _Fonts, rng: random.Random):
        self.style, self.fonts, self.rng = style, fonts, rng
        dpi = style.dpi
        self.width, self.height = (round(s * dpi) for s in A4_INCHES)
        # Vietnamese administrative pages: 30-35 mm left margin, 15-20 mm right, 20-25 mm top/bottom.
        if style.layout == "letter":
            self.left, self.right = round(1.2 * dpi), self.width - round(0.75 * dpi)
            self.top, self.bottom = round(0.85 * dpi), self.height - round(0.85 * dpi)
        else:
            self.left, self.right = round(0.9 * dpi), self.width - round(0.9 * dpi)
            self.top, self.bottom = round(0.8 * dpi), self.height - round(0.8 * dpi)
        self.image = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = self.top
        self.lines: list[PlacedLine] = []

    def line_height(self, font: ImageFont.FreeTypeFont) -> int:
        return round(font.size * self.style.line_spacing)

    def room(self, n_lines: int, font: ImageFont.FreeTypeFont) -> bool:
        return self.y + n_lines * self.line_height(font) <= self.bottom

    def _text(self, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont) -> tuple:
        """Draw `text`, with the style's own Đ crossbar if it has one; returns the ink box."""
        box = self.draw.textbbox(xy, text, font=font)
        if not self.style.d_bar or "Đ" not in text:
            self.draw.text(xy, text, font=font, fill=0)
            return box
        self.draw.text(xy, text.replace("Đ", "D"), font=font, fill=0)
        x, y = xy
        for i, ch in enumerate(text):
            if ch != "Đ":
                continue
            left = x + font.getlength(text[:i])
            x0, y0, x1, y1 = self.draw.textbbox((left, y), "D", font=font)
            thick = max(1.0, self.style.d_bar * font.size)
            mid = (y0 + y1) / 2
            self.draw.rectangle((x0 - font.size * 0.04, mid - thick / 2,
                                 x0 + (x1 - x0) * self.style.d_bar_reach, mid + thick / 2), fill=0)
        return box

    def put(self, text: str, font: ImageFont.FreeTypeFont, x: float, y: float, role: str,
            justify_to: int | None = None) -> None:
        if not text.strip():
            return
        words = text.split()
        if justify_to and len(words) > 1:
            gap = (justify_to - x - sum(font.getlength(w) for w in words)) / (len(words) - 1)
            pos, boxes = x, []
            for w in words:
                boxes.append(self._text((pos, y), w, font))
                pos += font.getlength(w) + gap
            box = (boxes[0][0], min(b[1] for b in boxes), boxes[-1][2], max(b[3] for b in boxes))
        else:
            box = self._text((x, y), text, font)
        self.lines.append(PlacedLine(" ".join(words), tuple(round(v) for v in box), role))

    def centred(self, text: str, font: ImageFont.FreeTypeFont, centre: float, y: float, role: str) -> None:
        self.put(text, font, centre - font.getlength(text) / 2, y, role)


def _header(sheet: _Sheet, rng: random.Random, data: dict) -> None:
    """Issuer (left) and national motto (right) columns, then the document title."""
    fonts = sheet.fonts
    size = fonts.px * 72 / fonts.dpi
    small = fonts.get("regular", size - 1)
    small_bold = fonts.get("bold", size - 1)
    motto = fonts.get("bold", size)
    italic = fonts.get("italic", size)
    span = sheet.right - sheet.left
    left_c = sheet.left + span * 0.2
    right_c = sheet.left + span * 0.66
    place = rng.choice(data["places"])
    issuer = [s.format(province=place.upper(), district=rng.choice(data["places"]).upper())
              for s in rng.choice(data["issuers"])]
    lh = sheet.line_height(small)
    y = sheet.y
    sheet.centred(issuer[0], small, left_c, y, "header")
    sheet.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", small_bold, right_c, y, "header")
    y += lh
    if issuer[1]:
        sheet.centred(issuer[1], small_bold, left_c, y, "header")
    motto_text = "Độc lập - Tự do - Hạnh phúc"
    sheet.centred(motto_text, motto, right_c, y, "header")
    rule_y = y + lh - round(lh * 0.15)
    half = motto.getlength(motto_text) / 2
    rule = max(1, round(fonts.dpi / 150))
    sheet.draw.line((right_c - half, rule_y, right_c + half, rule_y), fill=0, width=rule)
    sheet.draw.line((left_c - span * 0.06, rule_y, left_c + span * 0.06, rule_y), fill=0, width=rule)
    y += round(lh * 1.5)
    number = f"Số: {rng.randint(1, 350)}/{rng.choice(data['doc_codes'])}"
    sheet.centred(number, small, left_c, y, "header")
    date = f"{place}, ngày {rng.randint(1, 28):02d} tháng {rng.randint(1, 12)} năm {rng.randint(2015, 2025)}"
    sheet.centred(date, italic, right_c, y, "header")
    y += round(lh * 2)
    title = fonts.get("bold", size + 1)
    sheet.centred(rng.choice(data["titles"]), title, (sheet.left + sheet.right) / 2, y, "title")
    sheet.y = y + round(sheet.line_height(title) * 1.6)


def _signature_height(sheet: _Sheet) -> int:
    return round(sheet.line_height(sheet.fonts.get()) * 7.5)


def _signature(sheet: _Sheet, rng: random.Random, data: dict) -> None:
    """'Nơi nhận' list (left) beside the signer's title, signature, stamp and name (right)."""
    fonts = sheet.fonts
    size = fonts.px * 72 / fonts.dpi
    y0 = sheet.y + round(sheet.line_height(fonts.get()) * 0.6)
    span = sheet.right - sheet.left
    right_c = sheet.left + span * 0.7
    head = fonts.get("bold", size)
    recipient_font = fonts.get("regular", size - 2.5)
    label = fonts.get("bold", size - 1)
    lh_small = sheet.line_height(recipient_font)
    sheet.put(data["recipients"][0], label, sheet.left, y0, "recipients")
    picks = rng.sample(data["recipients"][1:-1], k=rng.randint(2, 4)) + [data["recipients"][-1]]
    y = y0 + sheet.line_height(label)
    for item in picks:
        sheet.put(item, recipient_font, sheet.left, y, "recipients")
        y += lh_small
    signer = rng.choice(data["signers"])
    lh = sheet.line_height(head)
    y = y0
    for part in signer:
        if part:
            sheet.centred(part, head, right_c, y, "signature")
            y += lh
    sig_top = y
    y += round(lh * 3.2)
    name = " ".join(rng.choice(data[k]) for k in ("surnames", "middle_names", "given_names"))
    sheet.centred(name, head, right_c, y, "signature")
    # A handwritten stroke across the signature space: ink OCR must not read as a line of text.
    pts, x = [], right_c - span * 0.12
    for _ in range(14):
        pts.append((x, sig_top + lh * rng.uniform(0.6, 2.4)))
        x += span * 0.018
    sheet.draw.line(pts, fill=40, width=max(2, round(fonts.dpi / 100)), joint="curve")
    sheet.extra_stamp = (right_c - span * 0.12, sig_top + lh * 1.4)
    sheet.y = y + lh


def _body(sheet: _Sheet, paragraphs: list[str], rng: random.Random) -> int:
    """Fill the sheet with paragraphs; returns how many paragraphs fully fit."""
    font = sheet.fonts.get(sheet.fonts.body_cut)
    lh = sheet.line_height(font)
    width = sheet.right - sheet.left
    indent = round(0.5 * sheet.style.dpi) if sheet.style.justify else 0
    done = 0
    for para in paragraphs:
        lines = _wrap(para, font, width, indent)
        for i, line in enumerate(lines):
            if not sheet.room(1, font):
                if i:  # the rest of a broken paragraph goes on the next page
                    paragraphs[done] = " ".join(lines[i:])
                return done
            x = sheet.left + (indent if i == 0 else 0)
            last = i == len(lines) - 1
            sheet.put(line, font, x, sheet.y, "body", justify_to=None if last or not sheet.style.justify
                      else sheet.right)
            sheet.y += lh
        done += 1
    return done


@functools.lru_cache(maxsize=1)
def _layout_data() -> dict:
    return json.loads(LAYOUT_DATA.read_text(encoding="utf-8"))


def render_document(
    text: str,
    style: ScanStyle | str = "clean",
    *,
    font: Path | str | None = None,
    seed: int = 0,
    max_pages: int | None = None,
    header: bool | None = None,
    signature: bool | None = None,
) -> list[RenderedPage]:
    """Lay `text` out on A4 pages (form feeds force a new page), degrade each by `style`, and keep
    every printed line's clean text and box. In the "letter" layout the first page gets the issuer
    header and the last the signature block (unless `header`/`signature` say otherwise)."""
    style = STYLES[style] if isinstance(style, str) else style
    rng = random.Random(seed)
    fonts = _Fonts(style, font)
    data = _layout_data()
    letter = style.layout == "letter"
    chunks = text.split("\f")
    pages: list[_Sheet] = []
    cut = False  # stopped at max_pages with text left over
    for c, chunk in enumerate(chunks):
        paragraphs = chunk.split("\n")
        while True:
            sheet = _Sheet(style, fonts, rng)
            if letter and not pages and (header if header is not None else True):
                _header(sheet, rng, data)
            paragraphs = paragraphs[_body(sheet, paragraphs, rng):]
            pages.append(sheet)
            if not paragraphs or (max_pages and len(pages) >= max_pages):
                break
        if max_pages and len(pages) >= max_pages:
            cut = bool(paragraphs) or c < len(chunks) - 1
            break
    last = pages[-1]
    want_sig = signature if signature is not None else (letter and not cut)
    if want_sig and last.y + _signature_height(last) <= last.bottom:
        _signature(last, rng, data)

    out = []
    for sheet in pages:
        stamp_at = getattr(sheet, "extra_stamp", None)
        page_style = style if (stamp_at or not letter) else replace(style, stamp=False)
        image, angle = _degrade(sheet.image, page_style, rng, stamp_at)
        out.append(RenderedPage(image, sheet.lines, style, (sheet.width, sheet.height), angle,
                                {"font": str(fonts.paths[fonts.body_cut])}))
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
    return [page.image for page in render_document(text, style, font=font, seed=seed)]


def degrade(img: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """Apply the scan defects of `style` to a clean page image."""
    return _degrade(img, style, rng, None)[0]


def _degrade(img: Image.Image, style: ScanStyle, rng: random.Random,
             stamp_at: tuple[float, float] | None) -> tuple[Image.Image, float]:
    if style.stamp:
        img = _stamp(img, rng, stamp_at)
    if style.ink:
        size = 2 * abs(style.ink) + 1
        # Dark ink on white: a min filter spreads the strokes, a max filter wears them away.
        img = img.filter(ImageFilter.MinFilter(size) if style.ink > 0 else ImageFilter.MaxFilter(size))
    if style.fade:
        arr = np.asarray(img, dtype=np.float32)
        arr = 255 - (255 - arr) * (1 - style.fade)
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    angle = 0.0
    if style.rotation:
        angle = style.rotation
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    if style.scan_dpi and style.scan_dpi < style.dpi:
        scale = style.scan_dpi / style.dpi
        small = (round(img.width * scale), round(img.height * scale))
        low = img.resize(small, Image.Resampling.BILINEAR)
        img = low if style.keep_scan_dpi else low.resize(img.size, Image.Resampling.BILINEAR)
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
    return img, angle


def _stamp(img: Image.Image, rng: random.Random, at: tuple[float, float] | None = None) -> Image.Image:
    """A red seal (rings, a star, lettering round the rim) over the signature, seen in grey."""
    w, h = img.size
    r = round(w * rng.uniform(0.075, 0.095))
    if at:
        cx, cy = round(at[0] + rng.uniform(-0.02, 0.02) * w), round(at[1] + rng.uniform(-0.01, 0.01) * h)
    else:
        cx, cy = round(w * rng.uniform(0.62, 0.75)), round(h * rng.uniform(0.72, 0.85))
    overlay = Image.new("RGB", img.size, (255, 255, 255))
    draw = ImageDraw.Draw(overlay)
    red = (rng.randint(190, 235), rng.randint(20, 70), rng.randint(30, 80))
    stroke = max(3, round(w / 400))
    for k, inset in enumerate((0, round(r * 0.08), round(r * 0.55))):
        draw.ellipse((cx - r + inset, cy - r + inset, cx + r - inset, cy + r - inset), outline=red,
                     width=stroke if k != 1 else max(2, stroke // 2))
    draw.regular_polygon((cx, cy, r // 4), n_sides=5, fill=red, rotation=rng.uniform(0, 72))
    # Rim lettering: short red strokes round the ring, which OCR turns into stray characters.
    for k in range(34):
        a = 2 * math.pi * k / 34
        rr = r * 0.78
        x, y = cx + rr * math.cos(a), cy + rr * math.sin(a)
        draw.line((x, y, x + stroke * 2 * math.cos(a + 1.4), y + stroke * 2 * math.sin(a + 1.4)), fill=red,
                  width=stroke)
    # Only the seal's square is blended: the rest of the page is untouched (and blending it is slow).
    x0, y0 = max(0, cx - r - stroke * 3), max(0, cy - r - stroke * 3)
    x1, y1 = min(w, cx + r + stroke * 3), min(h, cy + r + stroke * 3)
    grey = np.asarray(overlay.crop((x0, y0, x1, y1)).convert("L")).astype(np.float32)
    # Seal ink is translucent: text under it darkens, it does not disappear.
    page = np.asarray(img, dtype=np.float32).copy()
    base = page[y0:y1, x0:x1]
    mixed = np.minimum(base, grey * 0.55 + base * 0.45)
    page[y0:y1, x0:x1] = np.where(grey < 250, mixed, base)
    mixed = page
    return Image.fromarray(mixed.clip(0, 255).astype(np.uint8))
