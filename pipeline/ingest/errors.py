"""Why a file cannot be ingested, in one line the user can act on (a kind of pipeline.errors)."""

from __future__ import annotations

from pipeline.errors import InputFileError


class IngestError(InputFileError):
    """A file that cannot be read as a document. `str()` is a one-line reason for the user (the
    caller names the file)."""
