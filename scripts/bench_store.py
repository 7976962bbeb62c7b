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


class Clock:
    """Wall and CPU seconds of a block: on a shared machine the CPU figure is the one that compares."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def rate(self, n: int, unit: str = "docs/s") -> str:
        return f"{n / self.wall:8.1f} {unit} wall, {n / self.cpu:8.1f} {unit} CPU ({self.wall:.1f} s)"


def size(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--corrections", type=int, default=500)
    parser.add_argument("--body-lines", type=int, default=0,
                        help="lines of 10 boxed words added to each document (150: a page of 1,500 words)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        docs = [make_document(i, body_lines=args.body_lines) for i in range(args.docs)]
        with Store(work / "decrees.db") as store:
            with Clock() as saved:
                for doc in docs:
                    store.save_version(doc, pipeline_version="bench", model_version="bench")
            step = max(1, args.docs // max(1, args.corrections))
            fixed = docs[::step][:args.corrections]
            with Clock() as corrected:
                for doc in fixed:
                    store.correct_word(doc.doc_id, word_target(1, 0, 0), "UỶ", who="bench", before="ỦY",
                                       base_version=1)
            sample = docs[:200]
            with Clock() as current:
                for doc in sample:
                    store.current_document(doc.doc_id)
            out = work / "out"
            with Clock() as exported:
                counts = export(store, out)
            with Clock() as reexported:
                export(store, out)

        words = sum(len(line.words) for _, _, line in docs[0].lines())
        print(f"documents                {args.docs} ({words} words each)")
        print(f"store: saved             {saved.rate(args.docs)}, one transaction each")
        print(f"store: corrections       {corrected.rate(len(fixed), 'fixes/s')}")
        print(f"store: current_document  {current.wall / len(sample) * 1000:8.2f} ms/doc wall "
              "(newest version + corrections)")
        print(f"store: database          {size([work / 'decrees.db']):8.2f} MB")
        print(f"export: first            {exported.rate(args.docs)}, per-document files included")
        print(f"export: again            {reexported.rate(args.docs)}, unchanged files not rewritten")
        for suffix in ("parquet", "csv", "jsonl"):
            print(f"export: {suffix:<16} {size(list(out.glob(f'*.{suffix}'))):8.2f} MB")
        per_document = list(out.glob("records/*")) + list(out.glob("restored/*"))
        print(f"export: records+restored {size(per_document):8.2f} MB")
        print("rows:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
