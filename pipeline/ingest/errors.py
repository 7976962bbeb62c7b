"""Why a file cannot be ingested, in one line the user can act on."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be read as a document. `str()` is a one-line reason for the user (the
    caller names the file)."""
