"""File helpers every stage and command shares: the document id, printable paths, atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

ID_DIGITS = 16


def display_path(path: Path | str) -> str:
    """A path as text that is always printable: undecodable bytes of a file name become \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def file_id(path: Path) -> str:
    """The document id: the first 16 hex digits of the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:ID_DIGITS]


def bytes_id(data: bytes) -> str:
    """The id a file holding exactly `data` gets (file_id), for documents made in memory."""
    return hashlib.sha256(data).hexdigest()[:ID_DIGITS]


@contextlib.contextmanager
def atomic_path(path: Path, *, mode: int | None = None) -> Iterator[Path]:
    """A temporary path in the same folder to write `path` through: synced and renamed into place
    once the block ends without error, removed otherwise, so a reader (or a run killed half-way)
    never sees half a file. The project's one way of writing a file. `mode`: the file's permissions
    (default: what the umask gives a new file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode() if mode is None else mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Write a whole file atomically (see atomic_path)."""
    with atomic_path(path, mode=mode) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _default_mode() -> int:
    # mkstemp makes 0600 files; a written output gets what any new file would (0644 with umask 022).
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
