"""`decree run --scheduler`: the same documents, done the same way, on a real Dask distributed cluster
(a scheduler and two single-threaded worker processes on 127.0.0.1); small text files go several to a
task there, each saved or failed as if alone; a worker killed mid-task (a file's or a group's) loses
nothing and duplicates nothing; the models are loaded once per worker process."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from pipeline.batch import BatchRun, Outcome, RunOptions, _worker_init, files_per_task, process_files  # noqa: E402
from pipeline.cluster import DaskRunner, model_cache_info  # noqa: E402
from tests.ingest_inputs import paragraph_order, scanned_pdf  # noqa: E402
from tests.test_page_tasks import outputs, stored  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = ROOT / "data" / "raw" / "003_d03dbde7257b0f58.txt"


def decree_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DECREE_TEST_SLOW", "DECREE_TEST_TASK_SLOW", "DECREE_SCHEDULER"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env


def decree(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(decree_cmd(*args), capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env=env or _env())


def make_archive(folder: Path, n: int) -> Path:
    """n distinct small Vietnamese documents cut from the clean sample document."""
    paras = [p for p in SEED_003.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"doc_{i:02d}.txt").write_text(f"Văn bản số {i}\n\n{paras[i % len(paras)]}\n",
                                                 encoding="utf-8")
    return folder


BINARY = b"\x00\x01\x02\xff\xfe\x00 not text \x00\x00"  # a .txt that ingest refuses: undecodable


def versions(db: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT doc_id, seq, pipeline_version FROM document_versions "
                           "ORDER BY doc_id, seq").fetchall()


def set_worker_env(client: distributed.Client, name: str, value: str | None,
                   workers: list[str] | None = None) -> None:
    """Set (or remove) an environment variable in the worker processes. Through the builtin exec: a
    bound method of os.environ would be pickled with a copy of the environment, not run on the real one."""
    code = (f"import os; os.environ[{name!r}] = {value!r}" if value is not None
            else f"import os; os.environ.pop({name!r}, None)")
    client.run(exec, code, workers=workers)
    assert set(client.run(os.getenv, name, workers=workers).values()) == {value}


def run_and_kill_a_worker(cluster: distributed.Client, archive: Path, out: Path, slow: str,
                          task: str = "") -> tuple[int, int, str]:
    """`decree run` of `archive` on the cluster, each task `slow` seconds longer (test-only hook,
    pipeline.batch), with the first worker seen running a task whose key starts with `task` killed
    mid-task. Returns (the killed pid, the run's exit code, its stderr)."""
    set_worker_env(cluster, "DECREE_TEST_TASK_SLOW", slow)
    run = subprocess.Popen(decree_cmd("run", str(archive), "--out", str(out), "--scheduler",
                                      cluster.scheduler.address),
                           cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        victim = None
        deadline = time.monotonic() + 300
        while victim is None and time.monotonic() < deadline:
            busy = {w for w, keys in cluster.processing().items()
                    if any(str(k).startswith(task) for k in keys)}
            if busy and (out / "decrees.db").exists():
                victim = sorted(busy)[0]
            else:
                time.sleep(0.1)
        assert victim is not None, f"no {task or 'task'} ever started"
        pid = cluster.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        _, stderr = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
        set_worker_env(cluster, "DECREE_TEST_TASK_SLOW", None)
    return pid, run.returncode, stderr


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.Client]:
    """A scheduler and two single-threaded worker processes on 127.0.0.1 (nannies restart a killed one)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as local:
        with distributed.Client(local, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
            yield client


def test_a_batch_on_dask_gives_what_the_local_pool_gives_and_resumes(cluster: distributed.Client,
                                                                     tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 4)
    address = cluster.scheduler.address
    on_dask = decree("run", str(archive), "--out", str(tmp_path / "dask"), "--scheduler", address)
    assert on_dask.returncode == 0, on_dask.stderr
    local = decree("run", str(archive), "--out", str(tmp_path / "local"), "--workers", "1")
    assert local.returncode == 0, local.stderr

    # The same documents, the same restored text and records, the same source paths as given.
    rows = versions(tmp_path / "dask" / "decrees.db")
    assert len(rows) == 4 and {seq for _, seq, _ in rows} == {1}
    assert rows == versions(tmp_path / "local" / "decrees.db")
    for kind in ("restored", "records"):
        names = sorted(p.name for p in (tmp_path / "dask" / kind).iterdir())
        assert names == sorted(p.name for p in (tmp_path / "local" / kind).iterdir()) and len(names) == 4
        for name in names:
            dask_file, local_file = tmp_path / "dask" / kind / name, tmp_path / "local" / kind / name
            assert dask_file.read_bytes() == local_file.read_bytes()
    with sqlite3.connect(tmp_path / "dask" / "decrees.db") as con:
        sources = sorted(s for (s,) in con.execute("SELECT source FROM documents"))
    assert sources == sorted(str(archive / f"doc_{i:02d}.txt") for i in range(4))

    # Models are loaded once per worker process, not once per document.
    caches = cluster.run(model_cache_info)
    assert all(c["loads"] <= 1 for c in caches.values()), caches
    used = sum(c["loads"] + c["reuses"] for c in caches.values())
    assert used >= 4 > sum(c["loads"] for c in caches.values()), caches

    # The store is the ledger: a second run through the scheduler (or DECREE_SCHEDULER) skips them all.
    env = _env() | {"DECREE_SCHEDULER": address}
    again = decree("run", str(archive), "--out", str(tmp_path / "dask"), env=env)
    assert again.returncode == 0, again.stderr
    assert re.search(r"skipped \(already done or duplicate\)\s+4\b", again.stderr), again.stderr
    assert re.search(r"^\s*done\s+0\b", again.stderr, re.M), again.stderr
    assert versions(tmp_path / "dask" / "decrees.db") == rows


def test_a_long_scan_as_page_tasks_on_dask_gives_the_local_one_task_document(cluster: distributed.Client,
                                                                             tmp_path: Path):
    scan = scanned_pdf(tmp_path / "long.pdf")
    options = {"ocr_effort": "fast"}
    on_dask = BatchRun(RunOptions(out=tmp_path / "dask", scheduler=cluster.scheduler.address,
                                  pages_per_task=2, **options)).run([scan])  # type: ignore[arg-type]
    local = BatchRun(RunOptions(out=tmp_path / "local", workers=1, **options)).run([scan])  # type: ignore[arg-type]
    assert on_dask.count("done") == local.count("done") == 1, (on_dask.failed, local.failed)
    assert on_dask.tasks == {"pages": 3, "join": 1} and local.tasks == {"file": 1}
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    [dask_doc], [local_doc] = stored(tmp_path / "dask" / "decrees.db").values(), \
        stored(tmp_path / "local" / "decrees.db").values()
    # Dask's workers are given absolute paths (page images under OUT included).
    same_out = dask_doc.to_json().replace(str((tmp_path / "dask").absolute()), str(tmp_path / "local"))
    assert same_out == local_doc.to_json()
    assert paragraph_order(dask_doc) == list(range(5))
    # The restoration model is loaded once per worker process, by the join tasks only.
    assert all(c["loads"] <= 1 for c in cluster.run(model_cache_info).values())


def test_a_worker_killed_mid_task_loses_and_duplicates_nothing(cluster: distributed.Client, tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 6)
    # Test-only hook (pipeline.batch): each task lasts 3 s more, so the kill below lands mid-task.
    out = tmp_path / "out"
    pid, returncode, stderr = run_and_kill_a_worker(cluster, archive, out, slow="3")
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert returncode == 0, stderr
    rows = versions(out / "decrees.db")
    assert len(rows) == 6 and len({d for d, _, _ in rows}) == 6 and {seq for _, seq, _ in rows} == {1}
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert len(list((out / "restored").glob("*.txt"))) == 6
    assert re.search(r"^\s*done\s+6\b", stderr, re.M), stderr


def test_no_scheduler_or_a_worker_with_other_models_is_one_line_and_exit_2(cluster: distributed.Client,
                                                                          tmp_path: Path):
    import shutil

    archive = make_archive(tmp_path / "archive", 1)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    refused = decree("run", str(archive), "--out", str(tmp_path / "a"), "--scheduler", dead)
    assert refused.returncode == 2, refused.stderr
    last = refused.stderr.strip().splitlines()[-1]
    assert last.startswith(f"decree: cannot reach the Dask scheduler at {dead}"), refused.stderr
    assert "Traceback" not in refused.stderr

    # One worker whose models differ from the client's would stamp documents with another version.
    other = tmp_path / "models"
    shutil.copytree(ROOT / "models", other)
    with open(other / "restore" / "params.json", "a", encoding="utf-8") as fh:
        fh.write("\n")
    [victim] = sorted(cluster.scheduler_info()["workers"])[:1]
    set_worker_env(cluster, "DECREE_MODELS", str(other), workers=[victim])
    try:
        mismatch = decree("run", str(archive), "--out", str(tmp_path / "b"), "--scheduler",
                          cluster.scheduler.address)
    finally:
        set_worker_env(cluster, "DECREE_MODELS", None, workers=[victim])
    assert mismatch.returncode == 2, mismatch.stderr
    last = mismatch.stderr.strip().splitlines()[-1]
    assert last.startswith(f"decree: Dask worker {victim} runs decree ") and "1 of 2 workers differ" in last
    assert not list((tmp_path / "b").glob("restored/*"))  # nothing was run


def outcomes(summary_outcomes: list[Outcome]) -> list[tuple[str, str, str | None]]:
    return sorted((o.path.name, o.status, o.reason) for o in summary_outcomes)


def errors(out: Path) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def test_small_text_files_go_several_to_a_task_on_dask_and_each_fails_alone(cluster: distributed.Client,
                                                                            tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 25)
    (archive / "doc_07.txt").write_bytes(BINARY)
    files = sorted(archive.iterdir())
    on_dask = BatchRun(RunOptions(out=tmp_path / "dask", scheduler=cluster.scheduler.address)).run(files)
    local = BatchRun(RunOptions(out=tmp_path / "local", workers=2)).run(files)

    # 25 text files on 2 slots: 3 to a task (at least 4 tasks a slot), the last one alone.
    assert files_per_task(25, 2) == 3
    assert on_dask.tasks == {"files": 8, "file": 1} and local.tasks == {"file": 25}
    # The corrupt file fails alone, for the reason the local pool gives; the rest are done.
    assert on_dask.count("done") == 24 and [o.path.name for o in on_dask.failed] == ["doc_07.txt"]
    assert outcomes(on_dask.outcomes) == outcomes(local.outcomes)
    [dask_error], [local_error] = errors(tmp_path / "dask"), errors(tmp_path / "local")
    assert dask_error["error"] == local_error["error"] == "undecodable text: binary content, not a text file"
    assert dask_error["source"] == local_error["source"] and "IngestError" in dask_error["detail"]
    # The same restored texts and records, byte for byte, and the same versions in the store.
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert len(outputs(tmp_path / "dask")) == 2 * 24
    assert versions(tmp_path / "dask" / "decrees.db") == versions(tmp_path / "local" / "decrees.db")
    dask_docs, local_docs = (stored(tmp_path / out / "decrees.db") for out in ("dask", "local"))
    assert {name: doc.to_json() for name, doc in dask_docs.items()} == \
        {name: doc.to_json() for name, doc in local_docs.items()}
    assert all(c["loads"] <= 1 for c in cluster.run(model_cache_info).values())

    # The store stays the ledger: a second run sends only the file that failed, alone.
    again = BatchRun(RunOptions(out=tmp_path / "dask", scheduler=cluster.scheduler.address)).run(files)
    assert again.tasks == {"file": 1} and again.count("skipped") == 24 and again.count("failed") == 1
    assert versions(tmp_path / "dask" / "decrees.db") == versions(tmp_path / "local" / "decrees.db")


class DyingCluster:
    """Stands in for pipeline.cluster.DaskRunner: a local process pool of 2, except that a task holding
    `culprit` comes back as KilledWorker, as Dask reports a task that kept killing its workers."""

    def __init__(self, culprit: str) -> None:
        self.culprit = culprit
        self.pool: ProcessPoolExecutor | None = None

    def __call__(self, address: str, version: str, probe: Callable[[str | None], str]) -> DyingCluster:
        return self

    def __enter__(self) -> DyingCluster:
        self.pool = ProcessPoolExecutor(max_workers=2, initializer=_worker_init)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.pool is not None
        self.pool.shutdown()

    def slots(self) -> int:
        return 2

    lost_worker = staticmethod(DaskRunner.lost_worker)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        assert self.pool is not None
        paths = [call[0] for call in args[0]] if fn is process_files else [args[0]]
        if not any(Path(p).name == self.culprit for p in paths):
            return self.pool.submit(fn, *args)
        killed: Future[Any] = Future()
        killed.set_exception(distributed.KilledWorker(f"{fn.__name__}-0", None, 3))
        return killed


def test_a_group_whose_workers_kept_dying_fails_only_its_culprit(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 24)
    monkeypatch.setattr("pipeline.cluster.DaskRunner", DyingCluster("doc_04.txt"))
    summary = BatchRun(RunOptions(out=tmp_path / "out", scheduler="tcp://nowhere:8786")).run(
        sorted(archive.iterdir()))
    # 8 groups of 3; the one of doc_03-05 came back as KilledWorker: its 3 files were sent again alone.
    assert summary.tasks == {"files": 8, "file": 3}
    assert summary.count("done") == 23
    assert [(o.path.name, o.reason) for o in summary.failed] == [
        ("doc_04.txt", "the worker processes running it died (crash or out of memory), on several workers")]
    assert len(versions(tmp_path / "out" / "decrees.db")) == 23
    assert [e["source"] for e in errors(tmp_path / "out")] == [str(archive / "doc_04.txt")]


def test_a_worker_killed_mid_group_loses_and_duplicates_nothing(cluster: distributed.Client, tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 16)  # 2 files to a task on 2 slots
    out = tmp_path / "out"
    # A group of 2 files then lasts 2 s.
    _, returncode, stderr = run_and_kill_a_worker(cluster, archive, out, slow="1", task="process_files")
    assert returncode == 0, stderr
    rows = versions(out / "decrees.db")
    assert len(rows) == 16 and len({d for d, _, _ in rows}) == 16 and {seq for _, seq, _ in rows} == {1}
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert len(list((out / "restored").glob("*.txt"))) == 16
    assert re.search(r"^\s*done\s+16\b", stderr, re.M), stderr
