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


# --------------------------------------------------------------------------- restoration


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A text file of OCR output (UTF-8)."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the restored text here (default: print it)."),
    engine: str = typer.Option("auto", "--engine", help="How the text was read: eng (an OCR engine without "
                               "Vietnamese, as the archive's text layers), vie, or auto."),
) -> None:
    """Restore one text file: diacritics and OCR confusions, keeping its line structure and every
    character that is not part of a word (punctuation, numbers, spacing) as it was."""
    from pipeline.restore import restore_text
    from pipeline.restore.cli_support import InputError, read_text_file, write_text_atomic

    if engine not in ("auto", "eng", "vie"):
        raise typer.BadParameter("must be auto, eng or vie", param_hint="--engine")
    try:
        text = read_text_file(file)
    except InputError as exc:
        typer.echo(f"decree: {exc}", err=True)
        raise typer.Exit(1) from None
    restored = restore_text(text, None if engine == "auto" else engine)
    if out is None:
        typer.echo(restored, nl=False)
    else:
        if out.resolve() == file.resolve():
            typer.echo(f"decree: {out}: refusing to overwrite the input", err=True)
            raise typer.Exit(2)
        write_text_atomic(out, restored)


@app.command()
def train(
    corpus: Path = typer.Option(Path("../shared/corpus"), "--corpus", help="Clean corpus folder (*.jsonl)."),
    pairs: Path = typer.Option(Path("build/pairs"), "--pairs",
                               help="Folder with eng.jsonl / vie.jsonl (clean, garbled) line pairs."),
    out: Path = typer.Option(Path("models/restore"), "--out", help="Where the models go."),
    seed: int = typer.Option(1, "--seed", help="Seed of the calibration split."),
    steps: str = typer.Option("language,channel,cache,calibrate", "--steps",
                              help="Comma-separated: language, channel, cache, calibrate."),
    corrections: Path = typer.Option(None, "--corrections",
                                     help="JSONL of archivists' corrections {printed, corrected, engine} "
                                          "folded into the channel and lexicon."),
) -> None:
    """Rebuild the restoration models from the corpus and the synthetic OCR pairs (seeded)."""
    from pipeline.restore.train import read_corrections
    from pipeline.restore.train import train as train_models

    if not corpus.is_dir():
        typer.echo(f"decree: {corpus}: corpus folder not found", err=True)
        raise typer.Exit(2)
    extra = read_corrections(corrections) if corrections else None
    seconds = train_models(corpus, pairs, out, seed=seed, steps=tuple(steps.split(",")), corrections=extra,
                           log=lambda m: typer.echo(m, err=True))
    typer.echo(f"trained in {seconds:.0f} s", err=True)


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="The hand-checked text."),
    hyp: Path = typer.Argument(..., help="The OCR text (restored first) or, with --as-is, a restored text."),
    noise: Path = typer.Option(None, "--noise", help="Gold line numbers (1-based) that are not scored."),
    as_is: bool = typer.Option(False, "--as-is", help="Score HYP as it is, without restoring it."),
    engine: str = typer.Option("auto", "--engine", help="eng, vie or auto (see restore)."),
) -> None:
    """Syllable accuracy and character error rate of a restoration against a gold text."""
    from pipeline.metrics import drop_lines, score
    from pipeline.restore import restore_text
    from pipeline.restore.cli_support import InputError, read_text_file

    try:
        gold_text = read_text_file(gold)
        hyp_text = read_text_file(hyp)
        noise_lines = {int(x) for x in read_text_file(noise).split()} if noise else set()
    except (InputError, ValueError) as exc:
        typer.echo(f"decree: {exc}", err=True)
        raise typer.Exit(1) from None
    gold_text = drop_lines(gold_text, noise_lines)
    rows = [("as read", score(gold_text, hyp_text))]
    if not as_is:
        restored = restore_text(hyp_text, None if engine == "auto" else engine)
        rows.append(("restored", score(gold_text, restored)))
    for name, r in rows:
        typer.echo(f"{name:9} syl_acc={r['syl_acc']:.4f} syl_acc_cs={r['syl_acc_cs']:.4f} cer={r['cer']:.4f} "
                   f"gold_tokens={r['gold_tokens']}")


if __name__ == "__main__":
    app()
