"""A run's own temporary folder, so that a run killed at any moment (kill -9 included) leaves
nothing behind that the next run does not remove.

Tesseract's input and output files (ours and pytesseract's) go to the system's temporary folder; a
killed worker never removes them. Each run works in `<tmp>/decree-<uid>/run-<pid>-<random>/`, with
TMPDIR and tempfile.tempdir pointing there for the run and its workers (and their Tesseracts). The
run holds an exclusive lock on a file in its folder for its whole life: the kernel drops the lock
when the process dies, however it dies, so at its start every run removes the folders whose lock
nobody holds, and at its end its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK = ".lock"


def base_folder() -> Path:
    """Where every run's folder lives: one per user, in the system's temporary folder (as it is
    before any run changes it)."""
    return Path(_system_tmp) / f"decree-{os.getuid()}"


_system_tmp = tempfile.gettempdir()


def remove_stale(base: Path | None = None) -> int:
    """Remove the folders of runs that ended without cleaning up (their lock is free). Returns how
    many were removed."""
    base = base or base_folder()
    removed = 0
    try:
        entries = list(base.iterdir())
    except OSError:
        return 0
    for folder in entries:
        if not folder.name.startswith("run-") or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            fd = os.open(folder / LOCK, os.O_RDWR)
        except OSError:
            # No lock file: a run killed while creating its folder (or not ours); the lock is
            # created first thing, so a folder without one is never in use.
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live run holds it
        finally:
            # Closing drops the lock we may have taken; the folder goes right after, so a run
            # starting in between at worst finds it gone.
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


@contextlib.contextmanager
def run_tempdir() -> Iterator[Path]:
    """A fresh temporary folder for this run, made the process's temporary folder (TMPDIR and
    tempfile.tempdir, inherited by worker processes and Tesseract) for the block; stale folders of
    killed runs are removed first, and this one at the end."""
    base = base_folder()
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    remove_stale(base)
    folder = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=base))
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    saved_env, saved_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def use_tempdir(folder: str) -> None:
    """Make `folder` this process's temporary folder (a worker's initializer)."""
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder
