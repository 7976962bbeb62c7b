#!/usr/bin/env python3
"""Scale: a generated archive through `decree run` on the local process pool (1 and 2 workers) and on
a Dask cluster on this machine (a scheduler and 2 single-threaded workers), all in one run: pages per
second and the peak memory of the largest process; then store writes per second on SQLite and on
PostgreSQL, and the export's time; and one long scanned PDF on 1 and 2 workers, with and without page
tasks (pipeline.batch: its page ranges read by several workers).

    .venv/bin/python scripts/bench_scale.py [--pages 10000] [--scan-share 0.01] [--pdf-share 0.3]
                                             [--no-dask] [--no-postgres] [--keep DIR] [--long-scan 16]

`--pages 0`, `--long-scan 0` or `--store-docs 0` leaves that part out.

The archive is what the province's archive mostly holds: the held-out pages' garbled English-OCR text
layers (data/heldout/eng) as .txt files of one page and as text-layer PDFs of four pages, and a share
of scanned pages (data/raw's sample scans). Every file gets a line of its own ("Trang N") so that no
two files are the same bytes (decree skips a file whose content it has seen). Each `decree run`
starts with an empty output folder and store and is timed whole (start-up, models, every stage, the
store and the export), as an archivist would run it; the Dask cluster is started before the clock.

The default is 400 pages (a few minutes here); `--pages 10000` is the issue's archive (hours on a
2-core machine). The README extrapolates to N machines from the per-worker rate measured here.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from bench_cluster import env  # noqa: E402  (decree's environment for a timed run)

PAGES_PER_PDF = 4


def make_archive(folder: Path, pages: int, scan_share: float, pdf_share: float) -> dict[str, int]:
    from pipeline.training.textpdf import write_text_pdf

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/heldout/eng").glob("*.garbled.txt"))]
    with Image.open(ROOT / "data/raw/sample_page.png") as im:
        scan = im.convert("L").copy()
    folder.mkdir(parents=True)
    counts = {"txt": 0, "pdf": 0, "scan": 0}
    n_scans = round(pages * scan_share)
    n_pdf_pages = round(pages * pdf_share) // PAGES_PER_PDF * PAGES_PER_PDF
    page = 0
    for i in range(n_scans):
        ImageOps.expand(scan, border=2 + i % 40, fill=255).save(folder / f"scan_{i:05d}.png")
        page += 1
        counts["scan"] += 1
    for i in range(n_pdf_pages // PAGES_PER_PDF):
        body = [(texts[(i * PAGES_PER_PDF + k) % len(texts)] + f"\nTrang {page + k}").split("\n")
                for k in range(PAGES_PER_PDF)]
        write_text_pdf(body, folder / f"layer_{i:05d}.pdf")
        page += PAGES_PER_PDF
        counts["pdf"] += PAGES_PER_PDF
    i = 0
    while page < pages:
        text = texts[i % len(texts)] + f"\nTrang {page}\n"
        (folder / f"page_{i:05d}.txt").write_text(text, encoding="utf-8")
        page += 1
        i += 1
        counts["txt"] += 1
    return counts


def decree_run(archive: Path, out: Path, *extra: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process of the run: decree or one of its workers)."""
    # A wrapper process of its own, so that the peak it reports is this run's alone.
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.stderr.write(r.stderr[-2000:]); sys.exit(r.returncode)")
    command = [sys.executable, "-c", code, sys.executable, "-m", "pipeline", "run", str(archive),
               "--out", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=env(), cwd=ROOT)
    if done.returncode not in (0, 1):  # 1: some files were named as unreadable, the rest is done
        raise SystemExit(f"decree run {' '.join(extra)} failed:\n{done.stderr[-2000:]}")
    seconds, kb = done.stdout.split()[-2:]
    return float(seconds), int(kb) / 1024


def dask_run(archive: Path, out: Path) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB of the decree process, the largest worker's peak RSS in MB)."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as cluster:
        seconds, client_mb = decree_run(archive, out, "--scheduler", cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return seconds, client_mb, max(peaks.values()) / 1024


def archive_runs(work: Path, args: argparse.Namespace) -> None:
    """The generated archive through decree run: the local pool (1, 2 workers) and Dask (2 workers)."""
    counts = make_archive(work / "archive", args.pages, args.scan_share, args.pdf_share)
    print(f"archive: {args.pages} pages ({counts['txt']} text files, {counts['pdf']} pages in "
          f"{counts['pdf'] // PAGES_PER_PDF} text-layer PDFs, {counts['scan']} scans); "
          f"{os.cpu_count()} CPU cores (shared), load {os.getloadavg()[0]:.1f}")
    rows = []
    for workers in (1, 2):
        seconds, mb = decree_run(work / "archive", work / f"local{workers}", "--workers", str(workers))
        rows.append((f"local pool, {workers} worker{'s' if workers > 1 else ''}", seconds, mb, None))
    if not args.no_dask:
        try:
            seconds, mb, worker_mb = dask_run(work / "archive", work / "dask2")
            rows.append(("Dask, scheduler and 2 workers", seconds, mb, worker_mb))
        except ImportError:
            print("(no Dask: pip install -e '.[cluster]')")
    print(f"{'':32} {'seconds':>8} {'pages/s':>8} {'peak MB':>8} {'worker MB':>10}")
    for name, seconds, mb, worker_mb in rows:
        worker = f"{worker_mb:10.0f}" if worker_mb is not None else f"{'':10}"
        print(f"{name:32} {seconds:8.1f} {args.pages / seconds:8.2f} {mb:8.0f} {worker}")
    by_name = {name: seconds for name, seconds, _, _ in rows}
    one, two = by_name["local pool, 1 worker"], by_name["local pool, 2 workers"]
    print(f"  2 workers vs 1: {one / two:.2f}x")
    dask = by_name.get("Dask, scheduler and 2 workers")
    if dask:
        print(f"  Dask 2 workers / local pool 2 workers: {dask / two:.2f}x")
    rate = args.pages / one
    print(f"  one worker: {rate:.2f} pages/s; N machines of k cores, at this rate per worker and no "
          f"other limit: {rate:.2f} x N x k pages/s (10,000 pages on 4 machines of 8 cores: "
          f"{10000 / (rate * 32) / 60:.1f} min)")


def long_scan(work: Path, pages: int) -> None:
    """One scanned PDF of `pages` pages (generated: tests/ingest_inputs.py) through `decree run` on one
    worker, on two as one task (--pages-per-task 0), and on two as page tasks (the default)."""
    from ingest_inputs import scanned_pdf

    folder = work / "long_scan"
    folder.mkdir(parents=True, exist_ok=True)
    scanned_pdf(folder / "long.pdf", pages)
    runs = [("1 worker", ("--workers", "1")),
            ("2 workers, one task", ("--workers", "2", "--pages-per-task", "0")),
            ("2 workers, page tasks", ("--workers", "2"))]
    seconds = {}
    print(f"\none scanned PDF of {pages} pages (A4, rendered at 300 dpi for OCR), load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'':32} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    for name, extra in runs:
        seconds[name], mb = decree_run(folder / "long.pdf", work / f"long_{len(seconds)}", *extra)
        print(f"{name:32} {seconds[name]:8.1f} {pages / seconds[name]:8.2f} {mb:8.0f}")
    one = seconds["1 worker"]
    print(f"  2 workers vs 1, one task: {one / seconds['2 workers, one task']:.2f}x; "
          f"page tasks: {one / seconds['2 workers, page tasks']:.2f}x")
    print(f"  page tasks vs one task, 2 workers: "
          f"{seconds['2 workers, one task'] / seconds['2 workers, page tasks']:.2f}x")


def store_rates(docs: int, url: str | None, folder: Path) -> tuple[float, float]:
    """Documents saved per second (one transaction each, as `decree run` does) and export seconds."""
    from factory import make_document

    from pipeline.export import export
    from pipeline.store import Store

    made = [make_document(i, body_lines=30) for i in range(docs)]
    with Store(url or folder / "decrees.db") as store:
        started = time.perf_counter()
        for doc in made:
            store.save_version(doc, pipeline_version="bench", model_version="bench")
        saved = time.perf_counter() - started
        started = time.perf_counter()
        export(store, folder / "out")
        exported = time.perf_counter() - started
    return docs / saved, exported


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--scan-share", type=float, default=0.01)
    ap.add_argument("--pdf-share", type=float, default=0.3)
    ap.add_argument("--store-docs", type=int, default=1000)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--long-scan", type=int, default=16, help="pages of the long scanned PDF")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="decree-scale-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.pages > 0:
            archive_runs(work, args)
        if args.long_scan > 0:
            long_scan(work, args.long_scan)
        if args.store_docs <= 0:
            return 0
        print(f"\nstore: {args.store_docs} documents of a page each, saved one transaction each, "
              "then exported")
        sqlite_rate, sqlite_export = store_rates(args.store_docs, None, work / "store_sqlite")
        print(f"  SQLite      {sqlite_rate:8.1f} documents/s   export {sqlite_export:6.1f} s")
        if not args.no_postgres:
            from pgserver import PostgresServer, missing_reason

            why = missing_reason()
            if why:
                print(f"  PostgreSQL  (skipped: {why})")
            else:
                server = PostgresServer().start()
                try:
                    url = server.new_database()
                    pg_rate, pg_export = store_rates(args.store_docs, url, work / "store_pg")
                    print(f"  PostgreSQL  {pg_rate:8.1f} documents/s   export {pg_export:6.1f} s")
                finally:
                    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
