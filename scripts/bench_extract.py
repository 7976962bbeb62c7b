"""Extraction accuracy on the labelled set (tests/data/labelled), field by field.

For every document <name>.txt with an answer key <name>.json, three readings are scored:
  clean     the text as written
  garbled   its English-model OCR twin <name>.eng.txt, as read
  restored  the same twin after pipeline.restore (only when that stage is installed)

Prints, per field, the share of documents where the field is exactly right (lists: when precision
and recall are both 1), the item precision/recall of list fields, the overall accuracy and the count
of false values (a field filled where the key says null). `--wrong` lists every miss.

    python scripts/bench_extract.py [--wrong] [--dir DIR]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.document import Document
from pipeline.extract import extract
from pipeline.extract.score import FIELDS, LISTS, Score
from pipeline.segment import segment
from pipeline.textdoc import document_from_text

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled"


def _restore_stage() -> Callable[[Document], Document] | None:
    try:
        return importlib.import_module("pipeline.restore").restore
    except ModuleNotFoundError as exc:
        if exc.name != "pipeline.restore":
            raise
        return None


def record(text: str, name: str, restore: Callable[[Document], Document] | None = None) -> dict:
    doc = document_from_text(text, source=name)
    if restore is not None:
        doc = restore(doc)
    doc = extract(segment(doc))
    assert doc.record is not None
    return doc.record.to_json_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=LABELLED, help="folder of <name>.txt + <name>.json keys")
    parser.add_argument("--wrong", action="store_true", help="list every field that is not right")
    args = parser.parse_args()
    keys = sorted(p for p in args.dir.glob("*.json") if (p.with_suffix(".txt")).exists())
    if not keys:
        print(f"no labelled documents in {args.dir}", file=sys.stderr)
        return 2
    restore = _restore_stage()
    # "no-diacritics": the garbled reading scored without diacritics and case, what the layout and
    # rules get right whatever the words' restoration (an upper bound for "restored").
    modes = {"clean": Score(), "garbled": Score(), "no-diacritics": Score(folded=True)}
    if restore is not None:
        modes["restored"] = Score()
    started = time.monotonic()
    for key_path in keys:
        name = key_path.stem
        key = json.loads(key_path.read_text(encoding="utf-8"))
        modes["clean"].add(name, record(key_path.with_suffix(".txt").read_text(encoding="utf-8"), name), key)
        twin = key_path.with_name(f"{name}.eng.txt")
        if twin.exists():
            garbled = twin.read_text(encoding="utf-8")
            garbled_record = record(garbled, name)
            modes["garbled"].add(name, garbled_record, key)
            modes["no-diacritics"].add(name, garbled_record, key)
            if restore is not None:
                modes["restored"].add(name, record(garbled, name, restore), key)
    seconds = time.monotonic() - started

    names = list(modes)
    print(f"{len(keys)} labelled documents; restore stage: {'yes' if restore else 'not installed'}")
    print(f"{'field':18}" + "".join(f"{n:>14}" for n in names))
    for f in FIELDS:
        row = "".join(f"{modes[n].fields[f].accuracy:>14.1%}" for n in names)
        print(f"{f:18}{row}")
    print("-" * (18 + 14 * len(names)))
    print(f"{'ALL FIELDS':18}" + "".join(f"{modes[n].accuracy:>14.1%}" for n in names))
    print(f"{'false values':18}" + "".join(f"{modes[n].false_values:>14d}" for n in names))
    print("\nlist items, precision / recall:")
    for f in LISTS:
        cells = []
        for n in names:
            s = modes[n].fields[f]
            p = s.tp / s.found if s.found else 1.0
            r = s.tp / s.expected if s.expected else 1.0
            cells.append(f"{p:6.1%}/{r:6.1%}")
        print(f"  {f:16}" + "".join(f"{c:>16}" for c in cells))
    print(f"\n{seconds:.1f} s")
    if args.wrong:
        for n in names:
            print(f"\n[{n}] {len(modes[n].wrong)} wrong")
            for line in modes[n].wrong:
                print("  " + line[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
