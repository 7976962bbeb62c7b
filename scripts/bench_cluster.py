"""Benchmark: one batch of scanned pages through `decree run` on the local process pool (1 and 2
workers) and on a Dask distributed cluster on this machine (a scheduler and 2 single-threaded worker
processes), against bare Tesseract on the same page images (1 and 2 at a time), all in one run so the
ratios compare like with like on a machine whose load varies.

    .venv/bin/python scripts/bench_cluster.py [--pages 16] [--no-dask]
    .venv/bin/python scripts/bench_cluster.py --profile [--pages 16]

Prints seconds per page of each, the pipeline's cost over the OCR it wraps (`decree run` on 1 worker
over bare Tesseract 1 at a time; issue 11's target is <= 1.25x on 50 pages) and the speed-up of 2
workers over 1 (target >= 1.9x). `--profile` instead runs the batch on 1 worker inside this process
under cProfile (the process pool replaced by a synchronous executor: the same tasks and code) and
prints where the time goes: Tesseract, each step around it, the stages, the store, the export.

The Dask run needs the `cluster` extra (pip install -e '.[cluster]'); `--no-dask` leaves it out. The
pages are the sample scans in data/raw (each a full A4 page at 200 dpi), with a white border of a few
pixels added to repeat them as distinct files (decree skips a file whose bytes it has seen). Every
`decree run` starts with an empty output folder and store and is timed whole (start-up, model
loading, OCR, stages, store, export), as a user would; the Dask cluster is started before the clock
(a cluster outlives runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's pipeline, not another one installed in the environment
SAMPLES = [ROOT / "data" / "raw" / "sample_page.png", ROOT / "data" / "raw" / "sample_pages.tiff"]


def make_pages(folder: Path, n: int) -> list[Path]:
    frames: list[Image.Image] = []
    for sample in SAMPLES:
        with Image.open(sample) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                frames.append(im.convert("L").copy())
    folder.mkdir(parents=True)
    pages = []
    for i in range(n):
        page = frames[i % len(frames)]
        if i >= len(frames):
            page = ImageOps.expand(page, border=i // len(frames), fill=255)
        path = folder / f"page_{i:03d}.png"
        page.save(path, dpi=(200, 200))
        pages.append(path)
    return pages


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["OMP_THREAD_LIMIT"] = "1"  # as decree runs Tesseract: one thread, parallelism from the workers
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    for name in ("DECREE_TEST_SLOW", "DECREE_TEST_TASK_SLOW", "DECREE_SCHEDULER"):
        e.pop(name, None)
    return e


def bare_tesseract(pages: list[Path], parallel: int) -> float:
    from pipeline.ingest.ocr import LANG, PSM

    def one(page: Path) -> None:
        subprocess.run(["tesseract", str(page), "stdout", "-l", LANG, "--psm", str(PSM), "tsv"],
                       check=True, capture_output=True, env=env())

    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - started


def decree_run(pages_dir: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "pipeline", "run", str(pages_dir), "--out", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=env(), cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"decree run {' '.join(extra)} failed:\n{done.stderr[-2000:]}")
    return seconds


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


# --------------------------------------------------------------------------- --profile


class _Synchronous(Executor):
    """Runs each task at once in this process, so cProfile sees the worker's code too."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the batch as a worker's failure would be
            future.set_exception(exc)
        return future


# What the breakdown names, each a function (file, name) whose cumulative time is counted, and the
# functions inside it counted on their own lines (subtracted from it; a third item names the caller
# whose calls only are meant). Tesseract's own time is the wait on its process (pytesseract's
# run_tesseract).
_PARTS = [
    ("Tesseract (every call)", ("pytesseract.py", "run_tesseract"), []),
    ("OCR: Tesseract's TSV read into words", ("ingest/ocr.py", "ocr_page"), ["tesseract"]),
    ("image decoding, page image kept", ("pipeline/ingest/__init__.py", "ingest"),
     [("ingest/pages.py", "ocr_into")]),
    ("page image to pixels", ("ingest/pages.py", "ocr_into"), [("ingest/passes.py", "read_page")]),
    ("diagnosis", ("ingest/diagnose.py", "diagnose"), []),
    ("clean-up (binarise, despeckle, deskew)", ("ingest/passes.py", "prepare"), []),
    ("OCR: page written for it, boxes mapped", ("ingest/passes.py", "ocr_prepared"),
     [("ingest/ocr.py", "ocr_page")]),
    ("dropped-text search (not its OCR)", ("ingest/passes.py", "recover_dropped"),
     [("ingest/passes.py", "ocr_prepared", "_read_dropped")]),
    ("fusion of passes", ("ingest/passes.py", "fuse"), []),
    ("restore", ("pipeline/restore/__init__.py", "restore"), []),
    ("segment", ("pipeline/segment.py", "segment"), []),
    ("extract", ("pipeline/extract/__init__.py", "extract"), []),
    ("document packed in the worker", ("pipeline/document.py", "of"), []),
    ("records, restored text, store", ("pipeline/batch.py", "_save"), []),
    ("export", ("pipeline/batch.py", "_export"), []),
    ("adaptation to the batch", ("pipeline/batch.py", "_adaptation"), []),
]


def profile(pages_dir: Path, out: Path, n: int) -> None:
    import cProfile
    import pstats

    from pipeline import batch

    batch.BatchRun._local_pool = lambda self, workers: _Synchronous()  # type: ignore[method-assign]
    os.environ["OMP_THREAD_LIMIT"] = "1"
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    summary = batch.run_batch([pages_dir], batch.RunOptions(out=out, workers=1))
    profiler.disable()
    total = time.perf_counter() - started
    if summary.failed:
        raise SystemExit(f"decree run failed: {summary.failed[0].reason}")
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]

    def find(where: tuple[str, ...]) -> tuple[int, float]:
        calls, seconds = 0, 0.0
        for (file, _line, name), (_cc, nc, _tt, ct, callers) in stats.items():
            if name == where[1] and file.replace(os.sep, "/").endswith(where[0]):
                if len(where) > 2:  # only the calls from that caller
                    for (_f, _l, caller), (_c, n, _t, c) in callers.items():
                        if caller == where[2]:
                            calls, seconds = calls + n, seconds + c
                else:
                    calls, seconds = calls + nc, seconds + ct
        return calls, seconds

    tesseract_calls, tesseract = find(("pytesseract.py", "run_tesseract"))
    counted = 0.0
    print(f"{n} pages, 1 worker in this process, {total:.1f} s in all (load {load()})")
    print(f"{'':44} {'seconds':>8} {'s/page':>7} {'share':>6} {'calls':>6}")
    for label, where, inside in _PARTS:
        calls, seconds = find(where)
        for sub in inside:
            seconds -= tesseract if sub == "tesseract" else find(sub)[1]
        counted += seconds
        print(f"{label:44} {seconds:8.2f} {seconds / n:7.3f} {seconds / total:6.1%} {calls:6d}")
    rest = total - counted
    print(f"{'the rest (imports, start-up, batch loop)':44} {rest:8.2f} {rest / n:7.3f} {rest / total:6.1%}")
    print(f"Tesseract calls per page: {tesseract_calls / n:.2f}; everything but Tesseract: "
          f"{(total - tesseract) / n:.3f} s/page, {(total - tesseract) / tesseract:.1%} of Tesseract's time")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask run")
    parser.add_argument("--profile", action="store_true",
                        help="profile `decree run` on 1 worker in this process instead")
    args = parser.parse_args()
    dask = not args.no_dask and not args.profile
    if dask:
        import distributed

    with tempfile.TemporaryDirectory(prefix="decree-bench-") as tmp:
        work = Path(tmp)
        pages = make_pages(work / "pages", args.pages)
        n = len(pages)
        if args.profile:
            profile(work / "pages", work / "out", n)
            return
        print(f"{n} scanned pages (A4, 200 dpi), {os.cpu_count()} CPU cores on this machine "
              f"(load average at the start {load()})")
        t = {}
        t["tess1"] = bare_tesseract(pages, 1)
        t["tess2"] = bare_tesseract(pages, 2)
        t["local1"] = decree_run(work / "pages", work / "local1", "--workers", "1")
        t["local2"] = decree_run(work / "pages", work / "local2", "--workers", "2")
        if dask:
            started = time.perf_counter()
            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address=None,
                                          silence_logs=50) as cluster:
                cluster_start = time.perf_counter() - started
                t["dask2"] = decree_run(work / "pages", work / "dask2", "--scheduler",
                                        cluster.scheduler_address)

    rows = [("bare Tesseract, 1 at a time", t["tess1"]), ("bare Tesseract, 2 at a time", t["tess2"]),
            ("decree run, local pool, 1 worker", t["local1"]),
            ("decree run, local pool, 2 workers", t["local2"])]
    if dask:
        rows.append(("decree run, Dask, 2 workers", t["dask2"]))
    print(f"{'':40} {'seconds':>8} {'s/page':>7}")
    for name, seconds in rows:
        print(f"{name:40} {seconds:8.1f} {seconds / n:7.2f}")
    if dask:
        print(f"(Dask cluster start, not in the run's time: {cluster_start:.1f} s)")
    print(f"ratios, measured in this run (load average at the end {load()}):")
    print(f"  pipeline / bare Tesseract, 1 worker:      {t['local1'] / t['tess1']:.2f}x  (target <= 1.25x)")
    print(f"  pipeline / bare Tesseract, 2 workers:     {t['local2'] / t['tess2']:.2f}x")
    print(f"  local pool, 2 workers vs 1 (speed-up):    {t['local1'] / t['local2']:.2f}x  (target >= 1.9x)")
    print(f"  bare Tesseract, 2 at a time vs 1:         {t['tess1'] / t['tess2']:.2f}x")
    if dask:
        print(f"  Dask 2 workers / local pool 2 workers:    {t['dask2'] / t['local2']:.2f}x")


if __name__ == "__main__":
    main()
