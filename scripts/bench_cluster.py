"""Benchmark: one batch of scanned pages through `decree run` on the local process pool (1 and 2
workers) and on a Dask distributed cluster on this machine (a scheduler and 2 single-threaded worker
processes), against bare Tesseract on the same page images (1 and 2 at a time), all in one run so the
ratios compare like with like on a machine whose load varies.

    .venv/bin/python scripts/bench_cluster.py [--pages 4]

Needs the `cluster` extra (pip install -e '.[cluster]'). The pages are the sample scans in data/raw
(each a full A4 page at 200 dpi), with a white border of a few pixels added to repeat them as distinct
files (decree skips a file whose bytes it has seen). Every `decree run` starts with an empty output
folder and store and is timed whole (start-up, model loading, OCR, stages, store, export), as a user
would; the Dask cluster is started before the clock (a cluster outlives runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
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
            page = ImageOps.expand(page, border=i, fill=255)
        path = folder / f"page_{i:03d}.png"
        page.save(path)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    import distributed

    with tempfile.TemporaryDirectory(prefix="decree-bench-") as tmp:
        work = Path(tmp)
        pages = make_pages(work / "pages", args.pages)
        n = len(pages)
        print(f"{n} scanned pages (A4, 200 dpi), {os.cpu_count()} CPU cores on this machine (shared)")
        t = {}
        t["tess1"] = bare_tesseract(pages, 1)
        t["tess2"] = bare_tesseract(pages, 2)
        t["local1"] = decree_run(work / "pages", work / "local1", "--workers", "1")
        t["local2"] = decree_run(work / "pages", work / "local2", "--workers", "2")
        started = time.perf_counter()
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, silence_logs=50) as cluster:
            cluster_start = time.perf_counter() - started
            t["dask2"] = decree_run(work / "pages", work / "dask2", "--scheduler", cluster.scheduler_address)

    rows = [("bare Tesseract, 1 at a time", t["tess1"]), ("bare Tesseract, 2 at a time", t["tess2"]),
            ("decree run, local pool, 1 worker", t["local1"]),
            ("decree run, local pool, 2 workers", t["local2"]),
            ("decree run, Dask, 2 workers", t["dask2"])]
    print(f"{'':40} {'seconds':>8} {'s/page':>7}")
    for name, seconds in rows:
        print(f"{name:40} {seconds:8.1f} {seconds / n:7.2f}")
    print(f"(Dask cluster start, not in the run's time: {cluster_start:.1f} s)")
    print("ratios, measured in this run:")
    print(f"  pipeline / bare Tesseract, 1 worker:      {t['local1'] / t['tess1']:.2f}x")
    print(f"  pipeline / bare Tesseract, 2 workers:     {t['local2'] / t['tess2']:.2f}x")
    print(f"  local pool, 2 workers vs 1 (speed-up):    {t['local1'] / t['local2']:.2f}x")
    print(f"  bare Tesseract, 2 at a time vs 1:         {t['tess1'] / t['tess2']:.2f}x")
    print(f"  Dask 2 workers / local pool 2 workers:    {t['dask2'] / t['local2']:.2f}x")


if __name__ == "__main__":
    main()
