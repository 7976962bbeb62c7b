"""The review app's secrets: the session-signing key kept next to the database, and CSRF tokens."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path


def secret_path(db: str | Path) -> Path:
    """Where the signing key lives: beside a SQLite file, or in the working folder for a URL."""
    text = str(db)
    if "://" in text:
        return Path("decree.review-secret")
    path = Path(text)
    return path.with_name(path.name + ".review-secret")


def load_or_create_secret(path: Path) -> str:
    """The key in `path`, created (mode 0600, atomically) on first use so sessions survive restarts."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    try:
        # Two servers starting at once: the first key written wins, both then read it.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
