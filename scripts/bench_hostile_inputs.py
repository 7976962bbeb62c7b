"""`decree run` over a folder of hostile real-world files: every file done or named, memory bounded.

Made for OCRmyPDF's test corpus (tests/resources in its repository or its sdist: 60 PDFs and images
with enormous pages, a 35000 x 35000 monochrome JBIG2/CCITT image, broken and odd files). Those files
carry several licences and are not committed here; get them with

    pip download ocrmypdf --no-deps --no-binary :all: && tar xzf ocrmypdf-*.tar.gz

and run

    python scripts/bench_hostile_inputs.py ocrmypdf-*/tests/resources [--ocr auto] [--workers 2]
        [--each] [--max-rss-mb 1000] [--timeout 1800]

It prints, for each file, what became of it (done, with its page warnings; failed, with the reason
named; skipped as a copy), then the peak RSS of the largest process and the time, and exits 1 when a
file is neither done nor named, when the run fails to finish, or when the peak is over --max-rss-mb.
With --each, every file runs alone (its own peak and time; slower, but shows which file costs what).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.batch import collect_inputs  # noqa: E402
from pipeline.files import display_path, file_id  # noqa: E402
from pipeline.inputs import not_a_file  # noqa: E402
from pipeline.store import Store  # noqa: E402


def run(args: list[str], timeout: float) -> tuple[int | None, str, float, float]:
    """Run `decree` with args: exit code (None when killed at the timeout), stderr, peak RSS in MB
    of its largest process (wait4: itself or a waited-for worker) and seconds."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               COLUMNS="250")
    with tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdout=subprocess.DEVNULL,
                                stderr=err, env=env, cwd=ROOT, start_new_session=True)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout and not killed:
                os.killpg(proc.pid, 9)
                killed = True
            time.sleep(0.2)
        seconds = time.monotonic() - started
        err.seek(0)
        code = None if killed else os.waitstatus_to_exitcode(status)
        return code, err.read(), usage.ru_maxrss / 1024, seconds


def outcomes(files: list[Path], out: Path, stderr: str) -> tuple[dict[str, str], list[str]]:
    """What became of each file (its printable path -> a line), and the files nothing names."""
    done: dict[str, str] = {}  # doc_id -> source
    db = out / "decrees.db"
    if db.is_file():
        with Store(db) as store:
            done = {info.doc_id: info.source for info in store.list_documents()}
    failed = {}
    errors = out / "errors.jsonl"
    if errors.is_file():
        for line in errors.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            failed[row["source"]] = row["error"]
    result: dict[str, str] = {}
    unnamed: list[str] = []
    for path in files:
        shown = display_path(path)
        warnings = [ln.split(f"{shown}: ", 1)[1] for ln in stderr.splitlines()
                    if ln.startswith(f"decree: {shown}: ")]
        doc_id = None if not_a_file(path) else file_id(path)
        if shown in failed:
            result[shown] = f"failed: {failed[shown]}"
        elif doc_id in done:
            what = "done" if done[doc_id] == shown else f"same content as {done[doc_id]} (done)"
            result[shown] = what + (f" ({len(warnings)} warnings: {warnings[0]} ...)" if warnings else "")
        else:
            result[shown] = "NOT NAMED"
            unnamed.append(shown)
    return result, unnamed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ocr", default="auto")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--each", action="store_true", help="run every file alone")
    parser.add_argument("--max-rss-mb", type=float, default=1000)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the whole run (or a file)")
    args = parser.parse_args()
    files, missing = collect_inputs([args.folder])
    if missing:
        print("; ".join(missing), file=sys.stderr)
        return 2
    print(f"{len(files)} files in {display_path(args.folder)}, --ocr {args.ocr}")
    bad = False
    with tempfile.TemporaryDirectory(prefix="bench_hostile_") as tmp:
        groups = [[f] for f in files] if args.each else [files]
        peak = total = 0.0
        for n, group in enumerate(groups):
            out = Path(tmp) / f"out{n}"
            given = [str(f) for f in group] if args.each else [str(args.folder)]
            code, stderr, rss, seconds = run(["run", *given, "--out", str(out), "--ocr", args.ocr,
                                              "--workers", str(args.workers)], args.timeout)
            peak, total = max(peak, rss), total + seconds
            if code is None or code > 1 or "Traceback" in stderr:
                bad = True
                print(f"RUN DID NOT FINISH CLEANLY (exit {code}): {stderr.strip().splitlines()[-3:]}")
            result, unnamed = outcomes(group, out, stderr)
            bad |= bool(unnamed)
            for shown, what in result.items():
                cost = f"  [{rss:5.0f} MB {seconds:5.1f} s]" if args.each else ""
                print(f"{Path(shown).name:32} {what[:150]}{cost}")
    print(f"peak RSS of the largest process: {peak:.0f} MB (limit {args.max_rss_mb:.0f}); time {total:.0f} s")
    bad |= peak > args.max_rss_mb
    print("every file done or named, memory bounded" if not bad else "FAILED")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
