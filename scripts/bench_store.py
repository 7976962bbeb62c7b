"""Store and export throughput on a generated archive: documents per second saved (one transaction each,
as `decree run` does), corrected, exported, and the size of the export.

    python scripts/bench_store.py [--docs 5000] [--corrections 500] [--keep DIR]

The documents are complete records built with the document model (tests/factory.py), so the figures
do not depend on the state of the restoration and extraction stages.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from factory import make_document  # noqa: E402

from pipeline.export import export  # noqa: E402
from pipeline.store import Store, word_target  # noqa: E402


def size(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--corrections", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        docs = [make_document(i) for i in range(args.docs)]
        with Store(work / "decrees.db") as store:
            t0 = time.perf_counter()
            for doc in docs:
                store.save_version(doc, pipeline_version="bench", model_version="bench")
            saved = time.perf_counter() - t0

            t0 = time.perf_counter()
            step = max(1, args.docs // max(1, args.corrections))
            for doc in docs[::step][:args.corrections]:
                store.correct_word(doc.doc_id, word_target(1, 0, 0), "UỶ", who="bench", before="ỦY",
                                   base_version=1)
            corrected = time.perf_counter() - t0
            n_fixes = min(args.corrections, len(docs[::step]))

            t0 = time.perf_counter()
            for doc in docs[:200]:
                store.current_document(doc.doc_id)
            current_ms = (time.perf_counter() - t0) / min(200, len(docs)) * 1000

            out = work / "out"
            t0 = time.perf_counter()
            counts = export(store, out)
            exported = time.perf_counter() - t0
            t0 = time.perf_counter()
            export(store, out)
            reexported = time.perf_counter() - t0

        print(f"documents                {args.docs}")
        print(f"store: saved             {args.docs / saved:8.1f} docs/s  ({saved:.1f} s, one transaction "
              "each)")
        print(f"store: corrections       {n_fixes / corrected:8.1f} /s      ({n_fixes} word corrections)")
        print(f"store: current_document  {current_ms:8.2f} ms/doc  (newest version + corrections)")
        print(f"store: database          {size([work / 'decrees.db']):8.2f} MB")
        print(f"export: first            {args.docs / exported:8.1f} docs/s  ({exported:.1f} s, per-document "
              "files included)")
        print(f"export: again            {args.docs / reexported:8.1f} docs/s  ({reexported:.1f} s, "
              "unchanged files not rewritten)")
        for suffix in ("parquet", "csv", "jsonl"):
            print(f"export: {suffix:<16} {size(list(out.glob(f'*.{suffix}'))):8.2f} MB")
        per_document = list(out.glob("records/*")) + list(out.glob("restored/*"))
        print(f"export: records+restored {size(per_document):8.2f} MB")
        print("rows:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
