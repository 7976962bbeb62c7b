#!/usr/bin/env python3
"""Write the held-out measurement set: corpus documents never used for training or pairs.

usage: make_heldout.py [--corpus DIR] [--out data/heldout] [--docs 48] [--seed 1]

For each chosen held-out document (pipeline.training.corpus.is_heldout), its first page is rendered as an
archive page in a seeded random scan style and read by Tesseract `eng` and `vie`. Written (text only):
  OUT/eng/<name>.clean.txt    the printed lines
  OUT/eng/<name>.garbled.txt  the eng reading, line for line ("" where OCR read nothing)
  OUT/vie/...                 the same page image read by vie
  OUT/{eng,vie}/manifest.json {name: {doc, source, style, seed, lines}}
Both engines read the same image, so a restorer can combine the two readings of a page.
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
from pipeline.training.pairs import PageTask, _printable, read_page, render_task  # noqa: E402
from pipeline.training.synth import random_style  # noqa: E402


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--corpus", type=Path, default=root / "../shared/corpus")
    ap.add_argument("--out", type=Path, default=root / "data/heldout")
    ap.add_argument("--docs", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"error: corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    manifests: dict[str, dict] = {"eng": {}, "vie": {}}
    for engine in manifests:
        (args.out / engine).mkdir(parents=True, exist_ok=True)
    for k, doc in enumerate(choose(args.corpus, args.docs, args.seed)):
        rng = random.Random(f"heldout:{args.seed}:{doc.doc_id}")
        paragraphs = [p for p in doc.text.split("\n") if p.strip() and _printable(p)]
        task = PageTask(k, doc, "\n".join(paragraphs[:120]), True, random_style(rng), rng.randrange(2**31))
        page = render_task(task)
        name = f"{doc.source}-{hashlib.sha1(doc.doc_id.encode()).hexdigest()[:12]}"
        clean = "\n".join(line.text for line in page.lines) + "\n"
        for engine, manifest in manifests.items():
            garbled = "\n".join(read_page(page, engine)) + "\n"
            write_atomic(args.out / engine / f"{name}.clean.txt", clean)
            write_atomic(args.out / engine / f"{name}.garbled.txt", garbled)
            manifest[name] = {"doc": doc.doc_id, "source": doc.source, "seed": args.seed,
                              "render_seed": task.render_seed, "lines": len(page.lines),
                              "style": task.style.as_dict()}
        print(f"{k + 1}: {name} ({len(page.lines)} lines)", flush=True)
    for engine, manifest in manifests.items():
        write_atomic(args.out / engine / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
