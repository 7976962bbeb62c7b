#!/usr/bin/env python3
"""How realistic is the synthetic OCR channel? Character error rate and confusion profile of
generated (clean, garbled) pairs beside those of a real archive page and its hand-checked gold.

usage: bench_ocr_channel.py PAIRS.jsonl [PAIRS2.jsonl ...] [--seed-text SEED.txt --gold GOLD.txt
       [--noise NOISE]] [--max-rows N] [--run-seed S]

CER is the metric of ../shared/tools/score.py (NFC, whitespace runs folded), summed over lines.
The profile classifies what became of each clean character, from a Levenshtein alignment:
  kept, base (marks lost: ộ->o, Đ->D), marks-wrong (ộ->é), other (Đ->P, ư->ir), dropped,
and counts inserted characters, for letter classes where the archive's OCR errs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

OUTCOMES = ("kept", "base", "marks", "other", "dropped")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def base(ch: str) -> str:
    """The letter without any diacritic (đ counts as d)."""
    d = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


def char_class(ch: str) -> str | None:
    low = ch.lower()
    if low == "đ":
        return "đ"
    if not ch.isalpha():
        return None
    b = base(low)
    if b == low:
        return "plain letter"
    d = unicodedata.normalize("NFD", low)
    vowel_mark = any(c in d for c in "\u0306\u0302\u031b")  # breve, circumflex, horn
    tone = any(c in d for c in "\u0300\u0301\u0303\u0309\u0323")
    if vowel_mark and tone:
        return "ăâêôơư + tone"
    if vowel_mark:
        return "ăâêôơư"
    return "vowel + tone"


class Profile:
    def __init__(self) -> None:
        self.errors = 0
        self.chars = 0
        self.outcomes: dict[str, Counter] = {}
        self.inserted = 0
        self.confusions: dict[str, Counter] = {}

    def add(self, clean: str, garbled: str) -> None:
        clean, garbled = norm(clean), norm(garbled)
        self.errors += Levenshtein.distance(clean, garbled)
        self.chars += len(clean)
        fate: list[str | None] = list(clean)  # what each clean char became (None: dropped)
        for op in Levenshtein.editops(clean, garbled):
            if op.tag == "replace":
                fate[op.src_pos] = garbled[op.dest_pos]
            elif op.tag == "delete":
                fate[op.src_pos] = None
            else:
                self.inserted += 1
        for ch, out in zip(clean, fate, strict=True):
            cls = char_class(ch)
            if cls is None:
                continue
            if out is None:
                outcome = "dropped"
            elif out == ch:
                outcome = "kept"
            elif out.lower() == base(ch).lower() and out.lower() != ch.lower():
                outcome = "base"
            elif base(out).lower() == base(ch).lower():
                outcome = "marks"
            else:
                outcome = "other"
            self.outcomes.setdefault(cls, Counter())[outcome] += 1
            if ch in "ĐđơưƠƯ":
                self.confusions.setdefault(ch, Counter())[out if out is not None else "∅"] += 1

    @property
    def cer(self) -> float:
        return self.errors / max(1, self.chars)


def read_pairs(path: Path, max_rows: int | None, seed: int | None = None) -> Profile:
    prof, n = Profile(), 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if max_rows and n >= max_rows:
                break
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line still being written
            if seed is not None and row.get("seed", 1) != seed:
                continue
            prof.add(row["clean"], row["garbled"])
            n += 1
    return prof


def read_page(seed: Path, gold: Path, noise: Path | None) -> Profile:
    """A real page: its garbled text layer line for line against the gold restoration."""
    bad = {int(x) for x in noise.read_text().split()} if noise else set()
    g_lines = gold.read_text(encoding="utf-8").split("\n")
    s_lines = seed.read_text(encoding="utf-8").split("\n")
    prof = Profile()
    if len(g_lines) == len(s_lines):
        for i, (g, s) in enumerate(zip(g_lines, s_lines, strict=True), 1):
            if i not in bad and (g.strip() or s.strip()):
                prof.add(g, s)
    else:
        prof.add(" ".join(line for i, line in enumerate(g_lines, 1) if i not in bad), " ".join(s_lines))
    return prof


def table(profiles: dict[str, Profile]) -> None:
    names = list(profiles)
    width = max(14, *(len(n) for n in names))
    print(f"{'':<22}" + "".join(f"{n:>{width + 2}}" for n in names))
    print(f"{'CER':<22}" + "".join(f"{p.cer:>{width + 2}.3f}" for p in profiles.values()))
    print(f"{'chars':<22}" + "".join(f"{p.chars:>{width + 2}}" for p in profiles.values()))
    print(f"{'inserted / char':<22}" + "".join(f"{p.inserted / max(1, p.chars):>{width + 2}.3f}"
                                              for p in profiles.values()))
    classes = ["plain letter", "vowel + tone", "ăâêôơư", "ăâêôơư + tone", "đ"]
    for cls in classes:
        print(f"-- {cls}")
        for outcome in OUTCOMES:
            cells = []
            for p in profiles.values():
                c = p.outcomes.get(cls, Counter())
                cells.append(f"{c[outcome] / max(1, sum(c.values())):>{width + 2}.3f}")
            print(f"   {outcome:<19}" + "".join(cells))
    print("-- what became of (top 5, share)")
    for ch in "ĐđơưƠƯ":
        cells = []
        for p in profiles.values():
            c = p.confusions.get(ch, Counter())
            total = max(1, sum(c.values()))
            cells.append(" ".join(f"{k}:{v / total:.2f}" for k, v in c.most_common(5)) or "-")
        print(f"   {ch}: " + " | ".join(f"{names[i]}: {cells[i]}" for i in range(len(names))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", type=Path)
    ap.add_argument("--seed-text", type=Path)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--noise", type=Path)
    ap.add_argument("--max-rows", type=int)
    ap.add_argument("--run-seed", type=int, help="only the rows of the run with this seed")
    args = ap.parse_args()
    profiles: dict[str, Profile] = {}
    if args.seed_text and args.gold:
        profiles["archive"] = read_page(args.seed_text, args.gold, args.noise)
    for path in args.pairs:
        if not path.exists():
            print(f"error: pairs file not found: {path}", file=sys.stderr)
            return 2
        profiles[path.stem] = read_pairs(path, args.max_rows, args.run_seed)
    table(profiles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
