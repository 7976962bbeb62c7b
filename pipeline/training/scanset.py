"""The degraded scan set: archive pages as a provincial archive holds them, made from held-out text.

Photocopies of photocopies of signed and stamped originals, scanned at low resolution and kept as
strong colour JPEGs: 150-190 dpi, 1-2.5 degrees of skew, JPEG quality about 30, uneven light, faded
or spread toner, speckle, and a red seal over the signature block. "good" pages are fair office scans
of the same layout for the other end of the range. Everything is seeded: a text, a kind and a seed
always give the same pixels.

The page is laid out by `synth.render_document` (the archive's letter layout, with every printed
line's clean text and role), then degraded here in colour: synth degrades in grey, and a seal's
colour is exactly what a scanner keeps and a clean-up can use.

    pages = make_set(load_texts(TEXTS))          # ScanPage list: image (RGB), gold, signer lines
    python -m pipeline.training.scanset --corpus DIR   # (re)write data/scans/texts.jsonl
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from pipeline.training.synth import RenderedPage, ScanStyle, installed_faces, render_document

TEXTS = Path(__file__).resolve().parents[2] / "data" / "scans" / "texts.jsonl"
KINDS = ("degraded", "good")


@dataclass(frozen=True)
class Degradation:
    """The scan defects of one page, applied in colour after layout."""

    scan_dpi: int = 300  # the resolution the page is stored at (the layout is drawn at 300)
    rotation: float = 0.0  # degrees counter-clockwise
    blur: float = 0.0  # Gaussian radius at 300 dpi
    fade: float = 0.0  # 0..1, how much lighter the toner is
    ink: int = 0  # > 0: toner spread (min filter), < 0: worn strokes
    speckle: float = 0.0  # share of pixels turned to toner dust
    light: float = 0.0  # 0..1, depth of the uneven-light gradient across the page
    jpeg_quality: int | None = None
    seal: bool = True
    broken: float = 0.0  # share of stroke pixels dropped in small patches (worn photocopy)


@dataclass
class ScanPage:
    name: str
    kind: str  # "degraded" or "good"
    image: Image.Image  # RGB, at `dpi`
    dpi: int
    gold: str  # the printed lines, top to bottom
    signer_name: str | None
    signer_title: list[str]  # the signature block's lines above the name
    degradation: Degradation
    rendered: RenderedPage


def load_texts(path: Path = TEXTS) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def degradation_for(kind: str, rng: random.Random) -> Degradation:
    if kind == "good":
        return Degradation(scan_dpi=300, rotation=round(rng.uniform(-0.3, 0.3), 2),
                           blur=round(rng.uniform(0.3, 0.6), 2),
                           speckle=0.00003, light=round(rng.uniform(0.0, 0.08), 2), jpeg_quality=85)
    return Degradation(
        scan_dpi=rng.choice((150, 160, 170, 180, 190)),
        rotation=round(rng.choice((-1, 1)) * rng.uniform(1.0, 2.5), 2),
        blur=round(rng.uniform(0.7, 1.2), 2),
        fade=round(rng.uniform(0.15, 0.4), 2),
        ink=rng.choice((0, 0, 1)),
        speckle=round(rng.uniform(0.002, 0.005), 4),
        light=round(rng.uniform(0.1, 0.3), 2),
        jpeg_quality=rng.choice((25, 30, 35)),
        broken=round(rng.uniform(0.0, 0.04), 3),
    )


def make_page(entry: dict, kind: str, seed: int) -> ScanPage:
    rng = random.Random(f"scanset:{kind}:{seed}:{entry['name']}")
    faces = installed_faces()
    face = rng.choices(faces, weights=[f.weight for f in faces])[0] if faces else None
    layout = ScanStyle(font_size=rng.choice((13.0, 13.0, 14.0)), dpi=300, layout="letter",
                       face=face.family if face else None, justify=rng.random() < 0.8,
                       line_spacing=round(rng.uniform(1.2, 1.45), 2))
    page = render_document(entry["text"], layout, seed=rng.randrange(2**31), max_pages=1, signature=True)[0]
    deg = degradation_for(kind, rng)
    image = degrade(page, deg, rng)
    signature = [line.text for line in page.lines if line.role == "signature"]
    return ScanPage(name=f"{kind}-{entry['name']}", kind=kind, image=image, dpi=deg.scan_dpi,
                    gold="\n".join(line.text for line in page.lines),
                    signer_name=signature[-1] if signature else None, signer_title=signature[:-1],
                    degradation=deg, rendered=page)


def make_set(texts: list[dict], kinds: tuple[str, ...] = KINDS, seed: int = 1) -> list[ScanPage]:
    return [make_page(entry, kind, seed) for kind in kinds for entry in texts]


# --------------------------------------------------------------------------- degradation


def degrade(page: RenderedPage, deg: Degradation, rng: random.Random) -> Image.Image:
    """The clean grey page to a colour scan with the defects of `deg`."""
    grey = page.image
    if deg.ink:
        size = 2 * abs(deg.ink) + 1
        grey = grey.filter(ImageFilter.MinFilter(size) if deg.ink > 0 else ImageFilter.MaxFilter(size))
    ink = 255 - np.asarray(grey, dtype=np.float32)  # 0 paper .. 255 full toner
    gen = np.random.default_rng(rng.randrange(2**32))
    if deg.broken:
        # Worn patches: toner missing in small blobs, so strokes break (a photocopy of a photocopy).
        h, w = ink.shape
        holes = gen.random((h // 6 + 1, w // 6 + 1)) < deg.broken
        holes = np.kron(holes, np.ones((6, 6), dtype=bool))[:h, :w]
        ink[holes] *= 0.25
    ink *= 1 - deg.fade
    rgb = np.repeat((255 - ink)[:, :, None], 3, axis=2)
    rgb *= np.array([1.0, 0.985, 0.95], dtype=np.float32)  # off-white paper
    if deg.seal:
        rgb = _seal(rgb, page, rng)
    if deg.light:
        # Light falling off towards one corner, as under a copier lid not shut flat.
        h, w = rgb.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ax, ay = rng.choice((0, w)), rng.choice((0, h))
        dist = np.hypot(xx - ax, yy - ay) / math.hypot(w, h)
        rgb *= (1 - deg.light * (1 - dist))[:, :, None]
    img = Image.fromarray(rgb.clip(0, 255).astype(np.uint8), "RGB")
    if deg.blur:
        img = img.filter(ImageFilter.GaussianBlur(deg.blur))
    if deg.rotation:
        img = img.rotate(deg.rotation, resample=Image.Resampling.BILINEAR, fillcolor=(250, 248, 240))
    if deg.scan_dpi < 300:
        scale = deg.scan_dpi / 300
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.BILINEAR)
    if deg.speckle:
        arr = np.asarray(img).copy()
        mask = gen.random(arr.shape[:2]) < deg.speckle
        arr[mask] = gen.integers(0, 90, size=(int(mask.sum()), 1), dtype=np.uint8)
        img = Image.fromarray(arr, "RGB")
    if deg.jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=deg.jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


def _seal(rgb: np.ndarray, page: RenderedPage, rng: random.Random) -> np.ndarray:
    """A red round seal (rings, star, rim lettering) over the signature block, printed as ink that
    multiplies what is under it: text under the seal stays dark, paper turns red."""
    sig = [line.box for line in page.lines if line.role == "signature"]
    h, w = rgb.shape[:2]
    if sig:
        cx = (sig[-1][0] + sig[-1][2]) / 2 - w * rng.uniform(0.05, 0.1)
        cy = (sig[0][1] + sig[-1][3]) / 2 + rng.uniform(-0.01, 0.01) * h
    else:
        cx, cy = w * 0.68, h * 0.78
    r = w * rng.uniform(0.075, 0.09)
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    stroke = max(3, round(w / 400))
    for k, inset in enumerate((0, r * 0.08, r * 0.55)):
        draw.ellipse((cx - r + inset, cy - r + inset, cx + r - inset, cy + r - inset), outline=255,
                     width=stroke if k != 1 else max(2, stroke // 2))
    draw.regular_polygon((cx, cy, r / 4), n_sides=5, fill=255, rotation=rng.uniform(0, 72))
    for k in range(34):
        a = 2 * math.pi * k / 34
        x, y = cx + r * 0.78 * math.cos(a), cy + r * 0.78 * math.sin(a)
        draw.line((x, y, x + stroke * 2 * math.cos(a + 1.4), y + stroke * 2 * math.sin(a + 1.4)), fill=255,
                  width=stroke)
    alpha = np.asarray(mask, dtype=np.float32)[:, :, None] / 255 * rng.uniform(0.7, 0.9)
    red = np.array([rng.uniform(200, 235), rng.uniform(25, 70), rng.uniform(35, 80)], dtype=np.float32) / 255
    return rgb * (1 - alpha + alpha * red)


# --------------------------------------------------------------------------- texts


def pick_texts(corpus: Path, n: int, seed: int, skip: set[str]) -> list[dict]:
    """`n` held-out corpus documents (never trained on, none of `skip`), each cut to what fits one
    archive page with its signature block."""
    from pipeline.training.corpus import iter_corpus
    from pipeline.training.pairs import _printable

    by_source: dict[str, list] = {}
    for d in iter_corpus(corpus, split="heldout"):
        if d.doc_id not in skip:
            by_source.setdefault(d.source, []).append(d)
    rng = random.Random(f"scanset-texts:{seed}")
    for docs in by_source.values():
        rng.shuffle(docs)
    # Administrative documents first (the archive's own kind), then the other sources in turn.
    order = sorted(by_source, key=lambda s: (not s.startswith("admin"), s))
    docs = [d for group in zip_longest(*(by_source[s] for s in order)) for d in group if d is not None]
    out = []
    seen: set[str] = set()
    for doc in docs:
        if doc.doc_id in seen:
            continue
        seen.add(doc.doc_id)
        paras, size = [], 0
        for p in doc.text.split("\n"):
            p = " ".join(p.split())
            # The document's own header lines (issuer, motto, number) are left out: the layout
            # prints its own header, and short lines before the body would print twice.
            if not p or not _printable(p) or (not paras and len(p) < 60):
                continue
            if size + len(p) > 1300 and paras:
                break
            paras.append(p)
            size += len(p)
        if size < 700:
            continue
        out.append({"name": f"{len(out):02d}", "doc": doc.doc_id, "source": doc.source,
                    "text": "\n".join(paras)})
        if len(out) == n:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="write the scan set's held-out texts")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=TEXTS)
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = pick_texts(args.corpus, args.n, args.seed, set())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    print(f"{len(texts)} texts -> {args.out}")


if __name__ == "__main__":
    main()


__all__ = ["Degradation", "ScanPage", "KINDS", "TEXTS", "degrade", "load_texts", "make_page", "make_set"]
