"""Every error the user can meet, in one table: its kind, its exit code and its one-line message.

As OCRmyPDF's exceptions module does, each kind is a class that carries its exit code; a command
raises one and the CLI prints `decree: <message>` on one line and exits with the code (never a
traceback). Exit codes (docs/architecture.md, README "Errors"):

    0  every document done
    1  some documents or files failed (each named, the rest done)
    2  usage: a bad argument, a missing or damaged store or model, an output that would overwrite
       an input

Errors about one input file during a batch are not raised to the CLI: the batch names the file on
stderr and in errors.jsonl and goes on (exit 1 at the end).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    documents_failed = 1
    usage = 2


class DecreeError(Exception):
    """Base of every error meant for the user; `str()` is the one-line message."""

    exit_code: ExitCode = ExitCode.documents_failed

    def __str__(self) -> str:
        return " ".join(super().__str__().split()) or type(self).__name__


class InputFileError(DecreeError):
    """One input file cannot be read as a document (the message names the file, or the caller does)."""

    exit_code = ExitCode.documents_failed


class OutputError(DecreeError):
    """An output cannot be written (disk full, no permission): the message names where."""

    exit_code = ExitCode.documents_failed


class UsageError(DecreeError):
    """The command cannot start as asked."""

    exit_code = ExitCode.usage


class StoreMissing(UsageError):
    """`--db` names a store that does not exist (for commands that need an existing one)."""


class StoreDamaged(UsageError):
    """`--db` names a file that is not a decree store, or one that cannot be opened."""


class ModelMissing(UsageError):
    """A model file the product needs is not where the models are looked up."""


class ModelDamaged(UsageError):
    """A model file is there but cannot be read."""


class RefusedOverwrite(UsageError):
    """An output path that is one of the inputs: nothing a user produced is overwritten."""


def one_line(exc: BaseException) -> str:
    """Any exception as a single line: its message, or its type when it has none."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__

