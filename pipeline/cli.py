"""The `decree` command line: each command parses its arguments and calls the library."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from pipeline import __version__
from pipeline.batch import BatchRun, Outcome, Reporter, RunOptions, RunSummary, collect_inputs, display_path

app = typer.Typer(
    help="Turn scanned Vietnamese government documents into clean, structured data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"decree {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """decree: scanned decrees, plans and reports to restored text, records and datasets."""


class _ProgressReporter(Reporter):
    """A rich progress bar on stderr: current file, done/failed counts, ETA; one line per failure."""

    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.fields[current]}", table_column=None),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[done]} done[/] [red]{task.fields[failed]} failed[/]"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.done = self.failed = 0

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("run", total=total, current="", done=0, failed=0)

    def working_on(self, path: Path) -> None:
        assert self.task is not None
        self.progress.update(self.task, current=_short(display_path(path)))

    def finished(self, outcome: Outcome) -> None:
        assert self.task is not None
        if outcome.status == "failed":
            self.failed += 1
            self.progress.console.print(f"[red]error[/] {escape(display_path(outcome.path))}: "
                                        f"{escape(outcome.reason or '')}", soft_wrap=True, highlight=False)
        else:
            self.done += 1
        self.progress.update(self.task, advance=1, done=self.done, failed=self.failed)

    def stop(self) -> None:
        self.progress.stop()


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="Files and folders to process (folders recursively)."),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="Output folder."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Worker processes (0: one per core)."),
    ocr: str = typer.Option("auto", "--ocr", help="OCR pages: auto (when the text layer is missing or "
                            "not Vietnamese), always, or never."),
    page_timeout: float = typer.Option(180.0, "--page-timeout", min=1,
                                       help="Give up OCR of one page after this many seconds."),
    db: str = typer.Option(None, "--db", help="The store (default: OUT/decrees.db)."),
    force: bool = typer.Option(False, "--force", help="Redo documents already done by this version."),
) -> None:
    """Run every stage over the given files and folders into OUT.

    Resumable: documents already done by this pipeline version are skipped, so an interrupted run
    just carries on. Exit code 0 when every document is done, 1 when some failed (each named on
    stderr and in OUT/errors.jsonl), 2 for usage errors.
    """
    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    files, missing = collect_inputs(inputs)
    for message in missing:
        typer.echo(f"decree: {message}", err=True)
    if missing:
        raise typer.Exit(2)
    options = RunOptions(out=out, workers=workers, ocr=ocr, page_timeout=page_timeout, db=db, force=force)
    summary = BatchRun(options, _ProgressReporter()).run(files)
    _print_summary(summary, out)
    raise typer.Exit(1 if summary.failed else 0)


@app.command("ocr")
def ocr_command(
    file: Path = typer.Argument(..., help="A scan, PDF, image (PNG/JPEG/TIFF) or text file."),
    ocr: str = typer.Option("auto", "--ocr", help="OCR pages: auto (when the text layer is missing or "
                            "not Vietnamese), always, or never."),
    page_timeout: float = typer.Option(180.0, "--page-timeout", min=1,
                                       help="Give up OCR of one page after this many seconds."),
) -> None:
    """Print the text of one file as read (each page's main reading; pages separated by form feeds).

    Warnings (a page whose OCR gave up, text that is not Vietnamese) go to stderr. Exit code 1 with a
    one-line reason when the file cannot be read.
    """
    from pipeline.ingest import IngestError, ingest

    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    try:
        doc = ingest(file, ocr=ocr, page_timeout=page_timeout)
    except IngestError as exc:
        typer.echo(f"decree: {display_path(file)}: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(doc.text)


def _print_summary(summary: RunSummary, out: Path) -> None:
    console = Console(stderr=True)
    table = Table(title="decree run", show_header=False, box=None)
    table.add_row("done", str(summary.count("done")))
    table.add_row("skipped (already done or duplicate)", str(summary.count("skipped")))
    table.add_row("failed", str(summary.count("failed")))
    pages = sum(o.pages for o in summary.outcomes)
    table.add_row("pages", str(pages))
    table.add_row("time", f"{summary.seconds:.1f} s")
    table.add_row("output", display_path(out))
    if summary.failed:
        table.add_row("errors", display_path(out / "errors.jsonl"))
    console.print(table)


if __name__ == "__main__":
    app()
