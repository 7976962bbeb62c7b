"""Build pipeline/ingest/data/syllables.txt: the Vietnamese syllables ingest scores text against.

Input: a syllable frequency list (TSV: syllable, count), e.g. shared/corpus/syllable-freq.tsv.
Kept: lower-case tokens with a valid Vietnamese syllable shape seen at least --min-count times.

    python scripts/build_syllables.py ../shared/corpus/syllable-freq.tsv
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.files import write_atomic  # noqa: E402
from pipeline.ingest.syllables import DATA  # noqa: E402
from pipeline.vietnamese import is_syllable  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("freq", type=Path, help="TSV of syllable and count, with a header line")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DATA / "syllables.txt")
    args = parser.parse_args()

    kept: set[str] = set()
    seen = 0
    for line in args.freq.read_text(encoding="utf-8").splitlines()[1:]:
        token, _, count = line.partition("\t")
        seen += 1
        token = unicodedata.normalize("NFC", token.strip()).lower()
        if count.strip().isdigit() and int(count) >= args.min_count and is_syllable(token):
            kept.add(token)
    write_atomic(args.out, "".join(f"{s}\n" for s in sorted(kept)))
    print(f"{len(kept)} syllables kept of {seen} -> {args.out}")


if __name__ == "__main__":
    main()
