"""A stand-in for `decree run`'s saving loop, run as a subprocess by the crash tests so they can kill -9
it mid-write: `python tests/store_driver.py save DB N` saves generated documents 0..N-1 (skipping those
already done, as the batch runner does); `python tests/store_driver.py export DB OUT` exports."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factory import make_document  # noqa: E402

from pipeline.export import export  # noqa: E402
from pipeline.store import Store  # noqa: E402

VERSION = "0.1.0+test"


def main(argv: list[str]) -> None:
    action, db = argv[0], argv[1]
    with Store(db) as store:
        if action == "save":
            for i in range(int(argv[2])):
                doc = make_document(i)
                if not store.has_version(doc.doc_id, VERSION):
                    store.save_version(doc, pipeline_version=VERSION, model_version="test")
                    print(i, flush=True)
        else:
            export(store, argv[2])


if __name__ == "__main__":
    main(sys.argv[1:])
