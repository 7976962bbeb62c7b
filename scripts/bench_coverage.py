#!/usr/bin/env python3
"""Oracle candidate coverage: how often the gold syllable is among a printed word's candidates.

usage: scripts/bench_coverage.py [--heldout data/heldout] [--readings eng,legacy] [--half all|study|measure]
                                 [--show N] [--generic-weight W]

The restorer can only choose among the candidates Decoder.candidates proposes; when the gold
syllable is not there no language model can put the word right. Per reading (data/heldout/<reading>,
made by scripts/make_heldout.py), printed word tokens are aligned with the clean line's tokens
(letters without marks, edit distance), and for every one-to-one pair whose gold word is a syllable
this counts whether the gold is a candidate (and whether it is the channel's first). One printed
token for two gold words (merged) and two printed tokens for one gold word (split) are counted too.

--half study/measure: the pages with an even / odd position in the sorted list, so errors can be
studied on one half and the fix measured on the other. --show N: the N most frequent misses.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.restore.decode import Decoder  # noqa: E402
from pipeline.restore.model import get_model  # noqa: E402
from pipeline.restore.text import CORE_RE  # noqa: E402
from pipeline.vietnamese import base_key, nfc, tone_style  # noqa: E402


def pages(folder: Path, half: str) -> list[tuple[str, str, str]]:
    out = []
    for k, garbled in enumerate(sorted(folder.glob("*.garbled.txt"))):
        if (half == "study" and k % 2) or (half == "measure" and not k % 2):
            continue
        clean = garbled.with_name(garbled.name.replace(".garbled.txt", ".clean.txt"))
        out.append((garbled.name, garbled.read_text(encoding="utf-8"), clean.read_text(encoding="utf-8")))
    return out


def _dist(a: str, b: str) -> float:
    return Levenshtein.normalized_distance(base_key(a), base_key(b))


def align_tokens(printed: list[str], gold: list[str]) -> list[tuple[list[str], list[str]]]:
    """Token alignment with 1-1, 1-2 (merged), 2-1 (split), 1-0 and 0-1 steps, cheapest overall."""
    n, m = len(printed), len(gold)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            for a, b in ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1)):
                if i + a > n or j + b > m:
                    continue
                if a and b:
                    cost = _dist("".join(printed[i:i + a]), "".join(gold[j:j + b])) * 1.0 + 0.3 * (a + b - 2)
                else:
                    cost = 0.8
                if here + cost < best[i + a][j + b]:
                    best[i + a][j + b] = here + cost
                    back[i + a][j + b] = (a, b)
    out = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        out.append((printed[i - a:i], gold[j - b:j]))
        i, j = i - a, j - b
    out.reverse()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heldout", type=Path, default=ROOT / "data" / "heldout")
    ap.add_argument("--readings", default="eng,legacy")
    ap.add_argument("--half", choices=("all", "study", "measure"), default="all")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--generic-weight", type=float, default=None,
                    help="Override rules.json generic_channel.weight (0: no generic fallback).")
    args = ap.parse_args()
    model = get_model()
    if args.generic_weight is not None:
        model.rules = dict(model.rules, generic_channel=dict(model.rules["generic_channel"],
                                                             weight=args.generic_weight))
        for engine in model.engines.values():
            engine.fallback_cache = {}
    lex = model.lexicon
    for reading in args.readings.split(","):
        decoder = Decoder(model, "eng")
        # As a reading from an engine the channel does not know is planned (ReadingRestorer.plan);
        # --generic-weight 0: the trained channel's candidates alone.
        decoder.fallback = bool(model.rules["generic_channel"].get("weight"))
        stats: Counter[str] = Counter()
        misses: Counter[tuple[str, str]] = Counter()
        for _, garbled, clean in pages(args.heldout / reading, args.half):
            for gline, cline in zip(garbled.split("\n"), clean.split("\n"), strict=False):
                ptoks = CORE_RE.findall(nfc(gline))
                ctoks = CORE_RE.findall(tone_style(nfc(cline)))
                for ps, cs in align_tokens(ptoks, ctoks):
                    if len(ps) == 1 and len(cs) == 2:
                        stats["merged"] += 1
                    elif len(ps) == 2 and len(cs) == 1:
                        stats["split"] += 1
                    elif not ps:
                        stats["gold dropped"] += 1
                    elif not cs:
                        stats["extra printed"] += 1
                    if len(ps) != 1 or len(cs) != 1:
                        continue
                    p, c = ps[0], cs[0].lower()
                    if c not in lex.syllables or any(ch.isdigit() for ch in p):
                        continue
                    stats["pairs"] += 1
                    forms = [x.form.lower() for x in decoder.candidates(tone_style(p))]
                    if p.lower() == c:
                        stats["printed right"] += 1
                    if c in forms:
                        stats["covered"] += 1
                        stats["first"] += forms[0] == c
                    else:
                        misses[(p.lower(), c)] += 1
        n = stats["pairs"] or 1
        print(f"{reading} ({args.half}): {stats['pairs']} one-to-one syllable pairs; printed right "
              f"{stats['printed right'] / n:.4f}; gold among candidates {stats['covered'] / n:.4f}; "
              f"first {stats['first'] / n:.4f}; merged {stats['merged']}, split {stats['split']}, "
              f"gold dropped {stats['gold dropped']}, extra printed {stats['extra printed']}")
        for (p, c), k in misses.most_common(args.show):
            print(f"   {k:4d}  {p!r} -> {c!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
