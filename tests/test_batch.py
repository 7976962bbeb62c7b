"""`decree run` over whole folders: bad files never stop the batch, re-runs resume, kill -9 loses nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

# `decree run` needs the ingest stage (its own branch); until it is merged these tests wait for it.
pytest.importorskip("pipeline.ingest")

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = ROOT / "data" / "raw" / "003_d03dbde7257b0f58.txt"


def decree(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout, env=_env())


def _env(slow: float | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DECREE_TEST_SLOW", None)
    if slow:
        # Test-only hook (pipeline.store.pause_for_crash_tests): each document's save holds its transaction
        # open this long, so the kill below lands mid-run, inside a transaction, however fast the machine.
        env["DECREE_TEST_SLOW"] = str(slow)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env


def paragraphs(n: int) -> list[str]:
    """n distinct small Vietnamese documents cut from the clean sample document."""
    paras = [p for p in SEED_003.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    return [f"Văn bản số {i}\n\n{paras[i % len(paras)]}\n" for i in range(n)]


def version_rows(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT doc_id, pipeline_version FROM document_versions").fetchall()


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    for i, text in enumerate(paragraphs(3)):
        (folder / f"good_{i}.txt").write_text(text, encoding="utf-8")
    (folder / "sub" / "empty.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really a word file")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage without xref")
    (folder / "fake.png").write_bytes(b"this is not an image at all")
    return folder


def test_bad_files_are_named_on_stderr_and_the_rest_of_the_batch_completes(mixed_folder, tmp_path):
    out = tmp_path / "out"
    result = decree("run", str(mixed_folder), "--out", str(out), "--workers", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for bad in ("empty.txt", "notes.docx", "broken.pdf", "fake.png"):
        lines = [ln for ln in result.stderr.splitlines() if bad in ln]
        assert len(lines) == 1, f"expected one line naming {bad} on stderr:\n{result.stderr}"
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = sorted(Path(e["source"]).name for e in errors)
    assert failed == ["broken.pdf", "empty.txt", "fake.png", "notes.docx"]
    assert all(e["error"] for e in errors)
    assert len(list((out / "restored").glob("*.txt"))) == 3


def test_a_second_run_skips_what_is_done_and_adds_no_version(mixed_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    decree("run", str(mixed_folder), "--out", str(out))
    before = version_rows(out / "decrees.db")
    again = decree("run", str(mixed_folder), "--out", str(out))
    assert again.returncode == 1  # the bad files still fail
    assert version_rows(out / "decrees.db") == before
    assert len(before) == 3


def test_missing_input_is_a_usage_error(tmp_path: Path):
    result = decree("run", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "nope" in result.stderr and "Traceback" not in result.stderr


def test_identical_files_are_processed_once(tmp_path: Path):
    folder = tmp_path / "a"
    folder.mkdir()
    text = paragraphs(1)[0]
    (folder / "one.txt").write_text(text, encoding="utf-8")
    (folder / "copy of one.txt").write_text(text, encoding="utf-8")
    result = decree("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(version_rows(tmp_path / "out" / "decrees.db")) == 1


def test_kill_9_mid_run_then_rerun_finishes_with_nothing_lost_or_duplicated(tmp_path: Path):
    folder = tmp_path / "archive"
    folder.mkdir()
    docs = paragraphs(24)
    for i, text in enumerate(docs):
        (folder / f"doc_{i:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out),
                             "--workers", "1"], cwd=ROOT, env=_env(slow=0.3), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / "restored").glob("*.txt"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(version_rows(out / "decrees.db"))
    assert done_before < len(docs)

    result = decree("run", str(folder), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    rows = version_rows(out / "decrees.db")
    doc_ids = {doc_id for doc_id, _ in rows}
    assert len(rows) == len(docs) == len(doc_ids), "a document is missing or duplicated"
    restored = list((out / "restored").glob("*.txt"))
    assert len(restored) == len(docs)
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    for path in (out / "records").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every record file is complete


def test_a_run_started_from_a_process_whose_opencv_pool_is_idle_does_not_hang(tmp_path: Path):
    """OpenCV's thread pool does not survive fork(): a worker forked while the parent's pool threads
    sat idle hung for ever as soon as it set its own thread count (CI timed out on this). BatchRun
    used as a library, from a process that ran OpenCV first, must still finish."""
    paras = paragraphs(2)
    for i, para in enumerate(paras):
        (tmp_path / f"doc_{i}.txt").write_text(f"Văn bản số {i}\n\n{para}\n", encoding="utf-8")
    script = f"""
import time
from pathlib import Path
import cv2
import numpy as np
from pipeline.batch import BatchRun, RunOptions

page = np.random.default_rng(0).integers(0, 255, (2000, 2000), dtype=np.uint8)
cv2.GaussianBlur(page, (15, 15), 0)   # starts OpenCV's pool in this process
time.sleep(1)                         # its threads go idle, waiting on their condition variables
summary = BatchRun(RunOptions(out=Path({str(tmp_path / 'out')!r}), workers=2)).run(
    sorted(Path({str(tmp_path)!r}).glob('*.txt')))
print(summary.count('done'), cv2.getNumThreads())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, env=_env())
    assert result.returncode == 0, result.stderr
    done, threads = result.stdout.split()
    # Both documents done, and the caller's own OpenCV setting is given back after the run.
    assert done == "2" and int(threads) == os.cpu_count()
