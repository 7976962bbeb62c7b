"""Which paths are files to read: special files and symbolic-link loops are named, never opened.

Opening a named pipe blocks until someone writes to it (forever, in a batch), a character device
such as /dev/zero never ends, a socket cannot be opened at all, and a symbolic-link loop makes most
path functions raise. Every input is checked here, with one stat call that does not open it, before
anything reads it. Light on imports: the CLI and the batch runner use it before any stage is loaded.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_a_file(path: Path | str) -> str | None:
    """Why `path` is not a regular file that can be read, in a few words ("a named pipe, not a
    regular file"), or None when it is one. Follows symbolic links, as reading it would."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "a broken symbolic link (its target does not exist)"
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return f"{kind}, not a regular file"
    return "not a regular file"


def real_path(path: Path) -> Path:
    """The path with every symbolic link resolved, as far as they resolve: a loop or a broken link
    is kept as it is (Path.resolve raises on a loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))
