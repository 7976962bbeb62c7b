"""Long PDFs as page tasks (`decree run`, pipeline.batch): a scanned PDF read in page ranges by several
workers, joined and restored once, gives the very Document, record and text one task gives; pages stay
in order; a damaged range fails its document alone, named with the range. (On Dask: tests/test_cluster.py.)"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchRun, RunOptions, RunSummary, page_ranges
from pipeline.document import Document, unpack
from pipeline.files import file_id
from pipeline.ingest import ingest, join, page_count
from tests.ingest_inputs import SEED_003, damage_page, paragraph_order, scanned_pdf

PAGES = 5


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scanned_pdf(tmp_path_factory.mktemp("scan") / "long.pdf")


def stored(db: Path) -> dict[str, Document]:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT d.source, v.document_z FROM documents d JOIN document_versions v "
                           "ON v.doc_id = d.doc_id").fetchall()
    return {Path(source).name: unpack(payload) for source, payload in rows}


def outputs(out: Path) -> dict[str, bytes]:
    return {f"{kind}/{p.name}": p.read_bytes() for kind in ("restored", "records")
            for p in sorted((out / kind).iterdir())}


def test_page_ranges_cover_every_page_once_in_even_ranges():
    assert page_ranges(10, 4) == [(1, 3), (4, 6), (7, 10)]
    assert page_ranges(4, 4) == [(1, 4)]
    assert page_ranges(5, 2) == [(1, 1), (2, 3), (4, 5)]
    for pages in range(1, 40):
        for per_task in range(1, 9):
            ranges = page_ranges(pages, per_task)
            assert [n for a, b in ranges for n in range(a, b + 1)] == list(range(1, pages + 1))
            assert all(b - a + 1 <= per_task for a, b in ranges)


def test_ranges_read_apart_join_into_what_the_whole_file_gives(scan: Path, tmp_path: Path):
    assert page_count(scan) == PAGES and page_count(SEED_003) is None
    whole = ingest(scan, ocr_effort="fast")
    parts = [ingest(scan, ocr_effort="fast", pages=r) for r in [(1, 2), (3, 3), (4, 5)]]
    assert [[p.number for p in part.pages] for part in parts] == [[1, 2], [3], [4, 5]]
    assert join(parts).to_json() == whole.to_json()
    assert paragraph_order(whole) == list(range(PAGES))
    with pytest.raises(ValueError, match="not each page once in order"):
        join([parts[0], parts[2], parts[1]])
    with pytest.raises(ValueError, match="pages 1-2, 4-5 of 5"):
        join([parts[0], parts[2]])


def run(inputs: list[Path], out: Path, **options: object) -> RunSummary:
    return BatchRun(RunOptions(out=out, ocr_effort="fast", **options)).run(inputs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def one_task(scan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OUT of the one-task path (page tasks off) over the scan and a short text file."""
    folder = tmp_path_factory.mktemp("one_task")
    short = folder / "short.txt"
    short.write_text("Văn bản ngắn\n\nPhong trào thi đua yêu nước năm 2019\n", encoding="utf-8")
    summary = run([scan, short], folder / "out", workers=2, pages_per_task=0)
    assert summary.count("done") == 2 and summary.tasks == {"file": 2}
    return folder / "out"


def same_document(out: Path, reference: Path, name: str = "long.pdf") -> Document:
    """The stored Document of `name` under `out`, checked to be the one under `reference`."""
    doc = stored(out / "decrees.db")[name]
    # (page images are kept under each run's own OUT)
    assert doc.to_json().replace(str(out), str(reference)) == stored(reference / "decrees.db")[name].to_json()
    return doc


def test_page_tasks_on_the_local_pool_give_the_one_task_document(scan: Path, one_task: Path, tmp_path: Path):
    short = one_task.parent / "short.txt"
    split = run([scan, short], tmp_path / "split", workers=2, pages_per_task=2)
    assert split.count("done") == 2 and not split.failed
    # 5 pages by 2: ranges 1, 2-3, 4-5, then one join; the text file is one task as ever.
    assert split.tasks == {"pages": 3, "join": 1, "file": 1}

    # The same files under OUT, and the same Document in the store (pages in order, every reading).
    assert outputs(tmp_path / "split") == outputs(one_task)
    doc = same_document(tmp_path / "split", one_task)
    assert [p.number for p in doc.pages] == list(range(1, PAGES + 1))
    assert paragraph_order(doc) == list(range(PAGES))
    assert len(list((tmp_path / "split" / "pages").rglob("*.png"))) == PAGES

    # The store is the ledger: run again, nothing is redone, and no page task is sent.
    again = run([scan, short], tmp_path / "split", workers=2, pages_per_task=2)
    assert again.count("skipped") == 2 and not again.tasks


def test_a_worker_killed_on_a_page_task_is_retried_and_nothing_is_lost(scan: Path, one_task: Path,
                                                                       tmp_path: Path, monkeypatch):
    # Test-only hook (pipeline.batch): every task waits 2 s first, so the kill lands while ranges run.
    monkeypatch.setenv("DECREE_TEST_TASK_SLOW", "2")
    out = tmp_path / "out"
    result: list[RunSummary] = []
    runner = threading.Thread(target=lambda: result.append(run([scan], out, workers=2, pages_per_task=2)))
    runner.start()
    try:
        deadline = time.monotonic() + 300
        while not list((out / "pages").rglob("*.png")) and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = multiprocessing.active_children()
        assert workers, "no worker process to kill"
        os.kill(workers[0].pid, signal.SIGKILL)  # type: ignore[arg-type]
    finally:
        runner.join(timeout=600)
    [summary] = result
    # The pool broke under every task in flight; the document was tried again alone and completed.
    assert summary.count("done") == 1 and not summary.failed
    assert summary.tasks["join"] >= 1 and summary.tasks["pages"] >= 3
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert outputs(out) == {k: v for k, v in outputs(one_task).items() if file_id(scan) in k}
    same_document(out, one_task)


def test_a_damaged_range_fails_its_document_alone_named_with_the_range(scan: Path, tmp_path: Path):
    damaged = damage_page(scan, 4, tmp_path / "damaged.pdf")
    out = tmp_path / "out"
    summary = run([damaged, scan], out, workers=2, pages_per_task=2)
    assert summary.count("done") == 1
    [failed] = summary.failed
    assert failed.path == damaged and failed.reason == "pages 4-5: page 4 is damaged: it cannot be read"
    [row] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["source"].endswith("damaged.pdf") and row["error"] == failed.reason
    assert list(stored(out / "decrees.db")) == ["long.pdf"]  # nothing of the damaged file committed
    # One task gives the same reason, less the range.
    alone = run([damaged], tmp_path / "alone", workers=1)
    assert [o.reason for o in alone.failed] == ["page 4 is damaged: it cannot be read"]
