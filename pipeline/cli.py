"""The `decree` command line: each command parses its arguments and calls the library."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from pipeline import __version__, models
from pipeline.batch import PAGES_PER_TASK, BatchRun, Outcome, Reporter, RunOptions, RunSummary, collect_inputs
from pipeline.errors import DecreeError, InputFileError, OutputError, RefusedOverwrite, UsageError, one_line
from pipeline.files import display_path, write_atomic

if TYPE_CHECKING:
    from pipeline.review.users import Users


class _Commands(TyperGroup):
    """Every command's errors end the same way (pipeline.errors): `decree: <one line>` on stderr and
    the error kind's exit code; never a traceback."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except DecreeError as exc:
            typer.echo(f"decree: {exc}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None


app = typer.Typer(
    cls=_Commands,
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
    models_dir: Path = typer.Option(None, "--models", help=f"The models folder (default: ${models.ENV}, "
                                    "else the models shipped with the package)."),
) -> None:
    """decree: scanned decrees, plans and reports to restored text, records and datasets."""
    if models_dir is not None:
        if not models_dir.is_dir():
            raise typer.BadParameter(f"no such folder {display_path(models_dir)}", param_hint="--models")
        models.use(models_dir)


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
        if self.task is not None:
            # The final render is the bar's last line on stderr: it names no file (each failed file is
            # named exactly once, on its error line).
            self.progress.update(self.task, current="")
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
    ocr_effort: str = typer.Option("auto", "--ocr-effort", help="fast (one pass per page), auto (poor "
                                   "scans cleaned up and read several times), or best (every page so)."),
    max_pixels: int = typer.Option(200_000_000, "--max-pixels", min=1,
                                   help="Largest page image read, in pixels: a larger image is refused "
                                   "from its declared size, before decoding."),
    scheduler: str = typer.Option(None, "--scheduler", envvar="DECREE_SCHEDULER",
                                  help="A Dask scheduler (tcp://HOST:8786): run the documents on that "
                                       "cluster instead of local processes. Inputs and OUT must be on "
                                       "storage every worker sees (README: Beyond one machine)."),
    pages_per_task: int = typer.Option(PAGES_PER_TASK, "--pages-per-task", min=0,
                                       help="With several workers, a longer PDF is read in ranges of "
                                            "about this many pages, each a task of its own, so that its "
                                            "OCR is shared among workers (0: one task per file)."),
) -> None:
    """Run every stage over the given files and folders into OUT.

    Resumable: documents already done by this pipeline version are skipped, so an interrupted run
    just carries on. Exit code 0 when every document is done, 1 when some failed (each named on
    stderr and in OUT/errors.jsonl), 2 for usage errors.
    """
    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    if ocr_effort not in ("fast", "auto", "best"):
        raise typer.BadParameter("must be fast, auto or best", param_hint="--ocr-effort")
    files, missing = collect_inputs(inputs)
    for message in missing[:-1]:
        typer.echo(f"decree: {message}", err=True)
    if missing:
        raise UsageError(missing[-1])
    models.check()
    options = RunOptions(out=out, workers=workers, ocr=ocr, page_timeout=page_timeout, db=db, force=force,
                         max_pixels=max_pixels, ocr_effort=ocr_effort, scheduler=scheduler or None,
                         pages_per_task=pages_per_task)
    summary = BatchRun(options, _ProgressReporter()).run(files)
    _print_summary(summary, out)
    raise typer.Exit(1 if summary.failed or summary.export_error else 0)


@app.command("ocr")
def ocr_command(
    file: Path = typer.Argument(..., help="A scan, PDF, image (PNG/JPEG/TIFF) or text file."),
    ocr: str = typer.Option("auto", "--ocr", help="OCR pages: auto (when the text layer is missing or "
                            "not Vietnamese), always, or never."),
    page_timeout: float = typer.Option(180.0, "--page-timeout", min=1,
                                       help="Give up OCR of one page after this many seconds."),
    ocr_effort: str = typer.Option("auto", "--ocr-effort", help="fast (one pass per page), auto (poor "
                                   "scans cleaned up and read several times), or best (every page so)."),
    max_pixels: int = typer.Option(200_000_000, "--max-pixels", min=1,
                                   help="Largest page image read, in pixels: a larger image is refused "
                                   "from its declared size, before decoding."),
) -> None:
    """Print the text of one file as read (each page's main reading; pages separated by form feeds).

    Warnings (a page whose OCR gave up, text that is not Vietnamese) go to stderr. Exit code 1 with a
    one-line reason when the file cannot be read.
    """
    from pipeline.ingest import IngestError, ingest

    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    if ocr_effort not in ("fast", "auto", "best"):
        raise typer.BadParameter("must be fast, auto or best", param_hint="--ocr-effort")
    from pipeline.runtemp import run_tempdir

    try:
        with run_tempdir():
            doc = ingest(file, ocr=ocr, page_timeout=page_timeout, max_pixels=max_pixels,
                         ocr_effort=ocr_effort)
    except IngestError as exc:
        raise InputFileError(f"{display_path(file)}: {exc}") from None
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
    if summary.export_error:
        table.add_row("export failed", summary.export_error)
    console.print(table)


@app.command("export")
def export_command(
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the datasets."),
    force: bool = typer.Option(False, "--force", help="Write everything again even when OUT already holds "
                               "an export of the store as it is now."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0,
                                    help="Words and fields less sure than this count as doubtful in "
                                    "document_quality."),
) -> None:
    """Write the datasets (Parquet, CSV, JSONL; docs/datasets.md) from the store into OUT.

    The archivists' corrections are applied. OUT/export.json is written last: when it is there, every
    table is complete.
    """
    from pipeline.export import export
    from pipeline.store import Store

    try:
        with Store.open_existing(db) as store:
            counts = export(store, out, force=force, threshold=threshold)
    except OSError as exc:
        where = display_path(exc.filename or out)
        raise OutputError(f"cannot export to {where}: {exc.strerror or one_line(exc)}") from None
    for table, rows in counts.items():
        typer.echo(f"{table}\t{rows}")


@app.command("report")
def report_command(
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    out: Path = typer.Option(..., "--out", "-o", help="The HTML file to write (one page, nothing else "
                             "needed to open it)."),
    lang: str = typer.Option("vi", "--lang", help="Language of the page: vi (Vietnamese) or en (English)."),
    records: Path = typer.Option(None, "--records", help="Folder of the records each campaign links to "
                                 "(default: records/ beside the store, as `decree run` writes it)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0,
                                    help="Words and fields less sure than this count as doubtful."),
) -> None:
    """The archive at a glance: campaigns per year and per issuer, commemorations, rewards, awards,
    data quality and review progress, and every campaign linking to its record, in one HTML page."""
    from pipeline.report import LANGS, write_report
    from pipeline.store import Store

    if lang not in LANGS:
        raise UsageError(f"--lang must be one of {', '.join(LANGS)}, not {lang}")
    if records is None:
        records = (Path(db).parent if "://" not in db else out.parent) / "records"
    try:
        with Store.open_existing(db) as store:
            write_report(store, out, lang=lang, records_dir=records, threshold=threshold)
    except OSError as exc:
        where = display_path(exc.filename or out)
        raise OutputError(f"cannot write the report to {where}: {exc.strerror or one_line(exc)}") from None
    typer.echo(display_path(out))


@app.command("review")
def review_command(
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (this machine only by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    data: Path = typer.Option(None, "--data", help="Folder the page images are served from "
                              "(default: the store's folder, i.e. the run's OUT)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0,
                                    help="Words restored with less confidence than this are doubtful."),
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark the session cookie Secure "
                                        "(HTTPS only) even on 127.0.0.1; always so on any other address."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (sessions and "
                                "sign-in limits are kept in the store, so they hold across processes)."),
) -> None:
    """The archivists' web app: correct words and record fields beside the page image.

    Create an account first with `decree users add NAME --db DB`.
    """
    import uvicorn

    from pipeline.review.app import Settings, create_app
    from pipeline.store import Store

    Store.open_existing(db).close()
    data_dir = data if data is not None else (Path(db).parent if "://" not in db else Path.cwd())
    if not data_dir.is_dir():
        raise UsageError(f"no such folder {display_path(data_dir)}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"decree: warning: listening on {host}: the app is reachable from other machines; "
                   "put it behind HTTPS", err=True)
    from pipeline.review.app import cookies_secure

    settings = Settings(db=db, data_dir=data_dir, threshold=threshold,
                        secure_cookies=cookies_secure(host, secure_cookies))
    application = create_app(settings)
    typer.echo("decree review: preparing the document list (documents new or changed since the last "
               "start are read once)...", err=True)
    documents, measured = application.state.desk.prepare()
    typer.echo(f"decree review: {documents} documents ({measured} read now)", err=True)
    if workers > 1:
        import os

        from pipeline.review.app import SETTINGS_ENV, settings_environment

        os.environ[SETTINGS_ENV] = settings_environment(settings)
        uvicorn.run("pipeline.review.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level="info")
    else:
        uvicorn.run(application, host=host, port=port, log_level="info")


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help="Words, a number and symbol (12/KH-UBND), an issuer; diacritics "
                                "and case do not matter."),
    db: str = typer.Option(..., "--db", help="The store (a SQLite file)."),
    field: str = typer.Option(None, "--in", help="Search only one part: body, title, issuer or number."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="At most this many documents."),
) -> None:
    """Full-text search over every document of the store: one line per document, best first
    (doc id, page of the first match, title, the matching text with [matches] bracketed)."""
    from pipeline.search import FIELDS, SearchIndex, SearchUnavailable
    from pipeline.store import Store
    from pipeline.vietnamese import nfc

    if field is not None and field not in FIELDS:
        raise UsageError(f"--in must be one of {', '.join(FIELDS)}")
    store = Store.open_existing(db)
    try:
        hits = SearchIndex(store).search(nfc(query), field, limit)
    except SearchUnavailable as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    for hit in hits:
        text = "".join(f"[{piece}]" if matched else piece for piece, matched in hit.snippet)
        page = f"p{hit.page}" if hit.page else "-"
        typer.echo(f"{hit.doc_id}\t{page}\t{hit.title or hit.source}\t{text}")
    typer.echo(f"{len(hits)} document(s)", err=True)


users_app = typer.Typer(cls=_Commands, help="Accounts of the review app.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@contextmanager
def _accounts(db: str) -> Iterator[Users]:
    """The review app's accounts in the store at `db`; a refused request ends the command in one line."""
    from pipeline.review.users import UserError, Users
    from pipeline.store import Store

    store = Store.open_existing(db)
    try:
        yield Users(store)
    except UserError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()


def _new_password(password_stdin: bool) -> str:
    import sys

    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user's sign-in name."),
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    role: str = typer.Option("reviewer", "--role", help="reviewer or admin (admins may undo anyone's "
                             "corrections)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first "
                                        "line of standard input instead of prompting."),
) -> None:
    """Add a user of the review app (asks for the password twice)."""
    with _accounts(db) as users:
        account = users.add(name, _new_password(password_stdin), role=role)
    typer.echo(f"added {account.name} ({account.role})")


@users_app.command("passwd")
def users_passwd(
    name: str = typer.Argument(..., help="The user whose password to change."),
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the new password from the "
                                        "first line of standard input instead of prompting."),
) -> None:
    """Change a user's password (signs them out everywhere)."""
    import getpass

    with _accounts(db) as users:
        users.set_password(name, _new_password(password_stdin), who=f"cli:{getpass.getuser()}")
    typer.echo(f"password of {name} changed")


@users_app.command("disable")
def users_disable(
    name: str = typer.Argument(..., help="The user to disable."),
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
    enable: bool = typer.Option(False, "--enable", help="Enable the account again instead."),
) -> None:
    """Disable a user: no more sign-ins, open sessions end now; corrections are kept."""
    import getpass

    with _accounts(db) as users:
        ended = users.disable(name, who=f"cli:{getpass.getuser()}", disabled=not enable)
    typer.echo(f"{name} enabled" if enable else f"{name} disabled ({ended} session(s) ended)")


@users_app.command("list")
def users_list(
    db: str = typer.Option(..., "--db", help="The store: a SQLite file or a postgresql:// URL."),
) -> None:
    """List the users: name, role, created, disabled."""
    with _accounts(db) as users:
        for account in users.list():
            state = "\tdisabled" if account.disabled else ""
            typer.echo(f"{account.name}\t{account.role}\t{account.created_at[:19]}{state}")
@app.command()
def extract(
    file: Path = typer.Argument(..., help="One document: a PDF, a scan (PNG/JPG/TIFF) or a text file."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the record here (default: print it)."),
) -> None:
    """Read one document and print (or write) its CampaignRecord as JSON: who issued it, when, what
    it commemorates, its period, rewards, signer and recipients, each field with its source text."""
    from pipeline.stages import record_json

    models.check()
    text = record_json(file)
    if out is None:
        typer.echo(text)
        return
    _refuse_overwrite(out, [file])
    write_atomic(out, text + "\n")
# --------------------------------------------------------------------------- restoration


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A text file of OCR output (UTF-8)."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the restored text here (default: print it)."),
    engine: str = typer.Option("auto", "--engine", help="How the text was read: eng (an OCR engine without "
                               "Vietnamese, as the archive's text layers), vie, or auto."),
    profile: Path = typer.Option(None, "--profile", help="An adaptation profile (decree adapt) to use."),
) -> None:
    """Restore one text file: diacritics and OCR confusions, keeping its line structure and every
    character that is not part of a word (punctuation, numbers, spacing) as it was."""
    from pipeline.ingest import read_text_file
    from pipeline.restore import restore_text

    if engine not in ("auto", "eng", "vie"):
        raise typer.BadParameter("must be auto, eng or vie", param_hint="--engine")
    if out is not None:
        _refuse_overwrite(out, [file])
    models.check()
    text = read_text_file(file)
    model = None
    if profile is not None:
        from pipeline.restore.adapt_cli import profile_model

        model = profile_model(profile)
    restored = restore_text(text, None if engine == "auto" else engine, model)
    if out is None:
        typer.echo(restored, nl=False)
    else:
        write_atomic(out, restored)


def _refuse_overwrite(out: Path, inputs: list[Path]) -> None:
    if any(out.resolve() == given.resolve() for given in inputs):
        raise RefusedOverwrite(f"{display_path(out)}: refusing to overwrite the input")


@app.command()
def adapt(
    inputs: list[Path] = typer.Argument(..., help="The batch: garbled text files, PDFs (their text layers) "
                                        "and folders of them."),
    profile: Path = typer.Option(..., "--profile", help="Write the adaptation profile here."),
    rounds: int = typer.Option(2, "--rounds", min=1, max=10, help="Restore-and-recount rounds."),
) -> None:
    """Learn the batch's own OCR engine from its garbled text (no gold text needed) and write a
    profile for `decree restore --profile`; prints what it learned against the trained channel."""
    from pipeline.restore.adapt_cli import run_adapt

    files, missing = collect_inputs(inputs)
    for message in missing[:-1]:
        typer.echo(f"decree: {message}", err=True)
    if missing:
        raise UsageError(missing[-1])
    models.check()
    raise typer.Exit(run_adapt(files, profile, rounds, lambda m: typer.echo(m, err=True), typer.echo))


@app.command()
def train(
    corpus: Path = typer.Option(None, "--corpus", help="Clean corpus folder (*.jsonl); needed for a full "
                                "retrain, not for --corrections DB."),
    domain: Path = typer.Option(None, "--domain",
                                help="A folder of clean documents of the archive's own kind (NAME.txt, e.g. "
                                "tests/data/labelled, the labelled set's open part): the language, case and "
                                "name models learn from them too."),
    domain_weight: int = typer.Option(4, "--domain-weight", min=1,
                                      help="How many times each --domain document counts."),
    pairs: Path = typer.Option(Path("build/pairs"), "--pairs",
                               help="Folder with eng.jsonl / vie.jsonl (clean, garbled) line pairs."),
    out: Path = typer.Option(None, "--out", help="Where the models go (default: the models folder's "
                             "restore/, see --models)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the calibration split."),
    steps: str = typer.Option("language,channel,cache,calibrate", "--steps",
                              help="Comma-separated: language, channel, cache, calibrate."),
    # Text, not a Path: a postgresql:// URL must reach the store intact (a Path folds its "//").
    corrections: str = typer.Option(None, "--corrections",
                                     help="The review app's store (decrees.db or a postgresql:// URL): "
                                          "fold the archivists' word corrections into the models in --out "
                                          "(no corpus needed); or a "
                                          "JSONL of {printed, corrected, engine} used in a full retrain."),
) -> None:
    """Rebuild the restoration models from the corpus and the synthetic OCR pairs (seeded), or fold the
    archivists' corrections from a store into them (`--corrections DB`)."""
    from pipeline.restore.model import restore_dir

    out = out or restore_dir()
    if corrections is not None and not corrections.endswith(".jsonl"):
        _learn_from_store(corrections, out)
        return
    from pipeline.training.corpus import DomainText
    from pipeline.training.train import read_corrections
    from pipeline.training.train import train as train_models

    if corpus is None:
        raise UsageError("a retrain needs --corpus DIR (clean text as *.jsonl)")
    if not corpus.is_dir():
        raise UsageError(f"{display_path(corpus)}: corpus folder not found")
    if domain is not None and not domain.is_dir():
        raise UsageError(f"{display_path(domain)}: domain folder not found")
    extra = read_corrections(Path(corrections)) if corrections else None
    seconds = train_models(corpus, pairs, out, seed=seed, steps=tuple(steps.split(",")), corrections=extra,
                           log=lambda m: typer.echo(m, err=True),
                           domain=DomainText(domain, domain_weight) if domain is not None else None)
    typer.echo(f"trained in {seconds:.0f} s", err=True)


def _learn_from_store(db: str, model_dir: Path) -> None:
    from pipeline.store import Store
    from pipeline.training.learning import learn

    models.require_restore(model_dir)
    with Store.open_existing(db) as store:
        used = learn(store, model_dir)
    total = sum(used.values())
    detail = ", ".join(f"{engine}: {n}" for engine, n in used.items()) or "none new"
    typer.echo(f"folded {total} corrected words into {display_path(model_dir)} ({detail})")


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="The hand-checked text."),
    hyp: Path = typer.Argument(..., help="The OCR text (restored first) or, with --as-is, a restored text."),
    noise: Path = typer.Option(None, "--noise", help="Gold line numbers (1-based) that are not scored."),
    as_is: bool = typer.Option(False, "--as-is", help="Score HYP as it is, without restoring it."),
    engine: str = typer.Option("auto", "--engine", help="eng, vie or auto (see restore)."),
) -> None:
    """Syllable accuracy and character error rate of a restoration against a gold text."""
    from pipeline.ingest import read_text_file
    from pipeline.restore import restore_text
    from pipeline.training.metrics import drop_lines, score

    gold_text = read_text_file(gold)
    hyp_text = read_text_file(hyp)
    try:
        noise_lines = {int(x) for x in read_text_file(noise).split()} if noise else set()
    except ValueError:
        raise UsageError(f"{display_path(noise)}: expected line numbers") from None
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
