"""kill -9 at the worst moment (inside a store transaction, between an export's files) loses nothing:
the database stays consistent and every file is complete or absent, never half-written.

DECREE_TEST_SLOW (a test-only hook, see pipeline.store.pause_for_crash_tests) holds the process at those
moments so the kill lands there on any machine."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from factory import make_document

from pipeline.export import TABLES, export
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "store_driver.py"


def driver(*args: str, slow: float | None = None, **popen: object) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("DECREE_TEST_SLOW", None)
    if slow:
        env["DECREE_TEST_SLOW"] = str(slow)
    return subprocess.Popen([sys.executable, str(DRIVER), *args], cwd=ROOT, env=env, text=True,
                            start_new_session=True, **popen)  # type: ignore[call-overload]


def kill_9(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def check_consistent(db: Path) -> int:
    """Asserts the store's invariants; returns how many versions it holds."""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = con.execute("SELECT doc_id, current_version FROM documents").fetchall()
        for doc_id, current in docs:
            query = "SELECT seq FROM document_versions WHERE doc_id = ? ORDER BY seq"
            seqs = [s for (s,) in con.execute(query, (doc_id,))]
            assert seqs == list(range(1, current + 1)), f"{doc_id}: versions {seqs}, current {current}"
        versions = con.execute("SELECT count(*) FROM document_versions").fetchone()[0]
        with_record = con.execute("SELECT count(*) FROM records").fetchone()[0]
        audited = con.execute("SELECT count(*) FROM audit_log WHERE action = 'save_version'").fetchone()[0]
    assert versions == with_record == audited, "a version without its record or its audit entry"
    return versions


def test_kill_9_while_saving_leaves_a_consistent_store_and_the_rerun_completes(tmp_path: Path):
    db = tmp_path / "decrees.db"
    proc = driver("save", str(db), "40", slow=0.1, stdout=subprocess.PIPE)
    saved = [proc.stdout.readline() for _ in range(3)]
    kill_9(proc)
    assert all(line.strip() for line in saved), "the driver stopped before saving three documents"
    committed = check_consistent(db)
    assert 3 <= committed < 40

    rerun = driver("save", str(db), "40", stdout=subprocess.PIPE)
    out, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    assert len(out.split()) == 40 - committed, "the rerun redid only what was not committed"
    assert check_consistent(db) == 40
    with Store(db) as store:
        assert len(store.doc_ids()) == 40


def file_is_complete(path: Path, rows: int) -> bool:
    if path.suffix == ".parquet":
        return pq.read_table(path).num_rows == rows
    if path.suffix == ".csv":
        return len(pd.read_csv(path)) == rows
    text = path.read_text(encoding="utf-8")
    return (not text or text.endswith("\n")) and len([json.loads(x) for x in text.splitlines()]) == rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_kill_9_during_export_leaves_complete_files_and_no_manifest(tmp_path: Path):
    db, out = tmp_path / "decrees.db", tmp_path / "out"
    with Store(db) as store:
        docs = [make_document(i) for i in range(40)]
        for doc in docs:
            store.save_version(doc, pipeline_version="v1", model_version="m1")
        export(store, out)
        old = json.loads((out / "export.json").read_text(encoding="utf-8"))
        # Every table changes, so the old and new forms of each file can be told apart.
        store.correct_field(docs[0].doc_id, "recipients", ["Ban TĐKT Trung ương"], who="lan",
                            before=docs[0].record.recipients, base_version=1)
        store.correct_field(docs[0].doc_id, "commemorations", [], who="lan",
                            before=[{"event": c.event, "start": c.start, "end": c.end, "years": c.years}
                                    for c in docs[0].record.commemorations], base_version=1)

    proc = driver("export", str(db), str(out), slow=0.3)
    deadline = time.monotonic() + 60
    first = old["files"]["documents.parquet"]["sha256"]
    while time.monotonic() < deadline and sha256(out / "documents.parquet") == first:
        time.sleep(0.02)
    kill_9(proc)

    assert not (out / "export.json").exists(), "an interrupted export must not claim to be complete"
    fresh = 0
    for name, entry in old["files"].items():
        path = out / name
        if sha256(path) == entry["sha256"]:
            continue
        fresh += 1
        rows = entry["rows"] - (1 if name.startswith("recipients.") else 0)
        if name.startswith("commemorations."):
            rows = old["tables"]["commemorations"] - len(docs[0].record.commemorations)
        assert file_is_complete(path, rows), f"{name} is half-written"
    assert 0 < fresh < len(old["files"]), "the kill did not land in the middle of the export"
    assert check_consistent(db) == 40

    result = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", str(db), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(TABLES)
    for name, entry in manifest["files"].items():
        assert sha256(out / name) == entry["sha256"], name
    assert not list(out.glob(".*.tmp")), "the next export cleared the killed one's temporary files"
