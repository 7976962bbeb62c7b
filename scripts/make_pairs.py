#!/usr/bin/env python3
"""Generate (clean, garbled) OCR line pairs from the training corpus.

usage: make_pairs.py --engine eng|vie --pages N --seed S --out PATH [--corpus DIR] [--workers 2]

Pages 0..N-1 of the seeded run are rendered, degraded and OCR'd; their rows are appended to PATH
page by page. Re-running with a larger N (same seed) extends the file; pages already there are
skipped, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.training.pairs import ENGINES, generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=ENGINES, required=True)
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpus")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"error: corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    start, n = time.time(), 0
    for index in generate(args.corpus, args.out, engine=args.engine, pages=args.pages, seed=args.seed,
                          workers=args.workers):
        n += 1
        if n % 10 == 0:
            print(f"{n} pages ({time.time() - start:.0f} s), last page {index}", flush=True)
    print(f"done: {n} new pages in {time.time() - start:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
