"""The batch runner behind `decree run`: every stage over every file, resumable, in a process pool
or, with a scheduler address, as tasks on a Dask distributed cluster (pipeline.cluster).

The store is the ledger: a document counts as done once its version for this pipeline version is
committed there, so a run killed at any moment (kill -9 included) and started again redoes exactly the
documents that were not committed, and never duplicates one. Per-document outputs are written to a
temporary name and renamed, so a file under the output folder is always complete.

Both ways of running share everything but the executor: the same tasks, the same loop over
concurrent.futures futures, the same saving into the store as results come. A task is a whole file
(`process_file`: every stage) or, for a long PDF when the run has several workers, a range of its pages
(`read_part`: ingest only, OCR being the cost), whose parts are then joined in page order and taken
through the later stages once (`finish_parts`). A document is committed once, whole, when its last
task is in; one failing range fails its document (named with the range), never the batch. On a cluster
only, small text files also go several to a task (`process_files`: see FILES_PER_TASK_MAX), each
saved, or failed, on its own as if it had been sent alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import json
import os
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__, models
from pipeline.document import Document, PackedDocument, pack, unpack
from pipeline.errors import one_line
from pipeline.files import display_path, file_id, write_atomic
from pipeline.inputs import not_a_file, real_path
from pipeline.runtemp import run_tempdir, use_tempdir


def pipeline_version(model_version: str | None = None) -> str:
    """This code's version with the models' digest: a new one makes every document due again."""
    return f"{__version__}+{model_version or models.version()}"


def collect_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Every file under the given files and folders (recursively, sorted, hidden ones skipped), and
    a message for each input that does not exist.

    Nothing is opened here. Entries that are not regular files (named pipes, sockets, devices,
    symbolic-link loops, broken links) are kept in the list: the batch names each one and skips it
    (pipeline.inputs.not_a_file). Links to folders inside a folder are not followed, so a link back
    up the tree cannot make the walk endless."""
    files: list[Path] = []
    missing: list[str] = []
    for given in inputs:
        if given.is_dir():
            for root, dirs, names in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
        elif os.path.lexists(given):
            files.append(given)  # a file, or something that is not one: the batch says which
        else:
            missing.append(f"{display_path(given)}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = real_path(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


# A PDF of more pages than this, in a run with more than one worker, is read in page ranges of about
# this many pages, each a task of its own. Why 4: OCR costs 1-13 s a page (300 dpi scans, one Tesseract
# thread), so a range is seconds of work, against about 40 ms that a range adds (opening the PDF and its
# text layer again, sending the part back; measured on a 40-page text-layer PDF, ingest alone); a range
# of 4 keeps that under 1 % of a scanned range's OCR, and still gives a 200-page scan 50 tasks to share
# among tens of workers. More pages a task would leave workers idle at the end of a long document.
# Not split: images and text files (one page or cheap), and PDFs when there is one worker (nothing to
# share; the ranges would only add their cost) or with --ocr never (no OCR: a page costs about 12 ms).
# `--pages-per-task 0` turns page tasks off.
PAGES_PER_TASK = 4


def page_ranges(pages: int, per_task: int) -> list[tuple[int, int]]:
    """Pages 1..`pages` in ranges (first, last) of at most `per_task` pages, as even as can be (10 pages
    by 4 are 3, 3, 4 rather than 4, 4, 2: the last range is not left the shortest)."""
    tasks = -(-pages // per_task)
    bounds = [i * pages // tasks for i in range(tasks + 1)]
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(tasks)]


# On a Dask cluster, text files (pipeline.restore.adapt_cli.TEXT_SUFFIXES) go up to this many to a task.
# Why: a text file is 0.07-0.1 s of work, and each task costs the scheduler and the client about 30 ms
# of CPU, taken from the workers when they share the machine (600 one-page text files on 2 cores: 68.1 s
# on Dask against 52.8 s on the local pool; not queuing, which worker-saturation inf made no better,
# 77.3 s). Eight files to a task make that cost a few percent. Fewer in a small batch: every slot still
# gets at least 4 tasks (files_per_task), so the work stays spread over the workers to the end. The
# local pool has no scheduler and sends each file alone, and so does a cluster for PDFs and images
# (seconds of work each; long PDFs keep their page tasks).
FILES_PER_TASK_MAX = 8


def files_per_task(text_files: int, slots: int) -> int:
    """How many of a cluster run's `text_files` text files go to a task, with `slots` tasks at once."""
    return max(1, min(FILES_PER_TASK_MAX, text_files // (slots * 4)))


def is_text_file(path: Path) -> bool:
    """Whether `path` is read as a text file (by its suffix): small, cheap work, sent in groups on a
    cluster."""
    try:
        from pipeline.restore.adapt_cli import TEXT_SUFFIXES
    except ModuleNotFoundError:
        return False
    return path.suffix.lower() in TEXT_SUFFIXES


def process_file(path: str, ocr: str, page_timeout: float, image_dir: str | None = None,
                 max_pixels: int | None = None, profile: str | None = None, ocr_effort: str = "auto",
                 models_dir: str | None = None, source: str | None = None) -> PackedDocument:
    """Every stage over one file (in a worker process, local or on a cluster). Returns the Document
    packed (compressed JSON and the few fields the batch needs): the worker then never holds the
    JSON of a long document whole, and the client never unpacks it. `source`: the file as the user
    named it (a cluster's worker is sent an absolute path). `image_dir`: where ingest keeps the page
    images (for the review app). `profile`: the batch's adaptation profile
    (pipeline.restore.batch_adapt), which restoration then uses. `models_dir`: the models folder the
    client was told to use (a cluster's workers do not inherit its environment). The models are
    loaded once per worker process and cached there."""
    from pipeline.ingest import DEFAULT_MAX_PIXELS
    from pipeline.restore import use_profile
    from pipeline.stages import process  # the stages load their models in the worker, not the CLI

    _task_setup(models_dir)
    use_profile(profile)
    doc = process(Path(path), ocr=ocr, page_timeout=page_timeout,
                  image_dir=Path(image_dir) if image_dir else None,
                  max_pixels=max_pixels or DEFAULT_MAX_PIXELS, ocr_effort=ocr_effort)
    return _as_given(doc, source).pack()


@dataclass(frozen=True)
class FileFailure:
    """Why one file of a `process_files` task failed: what the single-file task would have raised, as
    the batch reports it (one line, and the formatted traceback for errors.jsonl)."""

    reason: str
    detail: list[str]


def process_files(calls: list[tuple[Any, ...]]) -> list[PackedDocument | FileFailure]:
    """`process_file(*args)` for each of `calls` in one task (in a worker on a cluster: see
    FILES_PER_TASK_MAX), in their order: each file's packed Document or, when it raised, its
    FileFailure. One corrupt file fails only itself, with the reason it would have had alone."""
    results: list[PackedDocument | FileFailure] = []
    for args in calls:
        try:
            results.append(process_file(*args))
        except Exception as exc:  # noqa: BLE001 - reported for this file alone, as a task's error would be
            results.append(FileFailure(one_line(exc), traceback.format_exception(exc)))
    return results


def read_part(path: str, first: int, last: int, ocr: str, page_timeout: float,
              image_dir: str | None = None, max_pixels: int | None = None, ocr_effort: str = "auto",
              models_dir: str | None = None) -> bytes:
    """Ingest of pages first..last of a long PDF (in a worker process, local or on a cluster), packed:
    one part for `finish_parts`. Arguments as for `process_file`."""
    from pipeline.ingest import DEFAULT_MAX_PIXELS
    from pipeline.stages import read_pages

    _task_setup(models_dir)
    doc = read_pages(Path(path), (first, last), ocr=ocr, page_timeout=page_timeout,
                     image_dir=Path(image_dir) if image_dir else None,
                     max_pixels=max_pixels or DEFAULT_MAX_PIXELS, ocr_effort=ocr_effort)
    return pack(doc)


def finish_parts(parts: list[bytes], profile: str | None = None, models_dir: str | None = None,
                 source: str | None = None) -> PackedDocument:
    """Every part `read_part` gave of one PDF, in page order, joined and taken through the stages after
    ingest (in a worker process): the same packed Document `process_file` gives for that file."""
    from pipeline.restore import use_profile
    from pipeline.stages import process_parts

    _task_setup(models_dir)
    use_profile(profile)
    doc = process_parts([unpack(part) for part in parts])
    return _as_given(doc, source).pack()


def _task_setup(models_dir: str | None) -> None:
    one_thread()  # (see _worker_init; a cluster's workers run no initializer)
    return_large_buffers()
    if models_dir:
        models.use(Path(models_dir))
    _pause_for_cluster_tests()


def _as_given(doc: Document, source: str | None) -> Document:
    if source is not None:
        doc.source = source
        if doc.record is not None:
            doc.record.source = source
    return doc


def worker_pipeline_version(models_dir: str | None) -> str:
    """The pipeline version a cluster's worker would stamp on its documents (run on every worker
    before the first task: all must match the client's)."""
    if models_dir:
        models.use(Path(models_dir))
    try:
        return pipeline_version()
    except Exception as exc:  # noqa: BLE001 - reported to the client as text
        return f"unusable ({one_line(exc)})"


def _pause_for_cluster_tests() -> None:
    # Test-only hook: DECREE_TEST_TASK_SLOW=<seconds> makes every task last that long, so a
    # test can kill a worker while it is busy with one, however fast the machine.
    pause = os.environ.get("DECREE_TEST_TASK_SLOW")
    if pause:
        time.sleep(float(pause))


M_MMAP_THRESHOLD = -3  # glibc's malloc.h


@functools.cache
def return_large_buffers() -> None:
    """Have glibc's malloc give every buffer of 256 KB or more its own mapping, returned to the system
    when freed. By default the threshold rises to 32 MB after the first large free, so each page's
    images (9-26 MB) then come from the heap, between the document's small objects, and the heap
    never shrinks again: over a 300-page scan that held ~130 MB for nothing (scripts/bench_ingest.py).
    Elsewhere than glibc, nothing to do."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 256 * 1024)
    except (OSError, AttributeError):
        pass


def one_thread() -> None:
    """Tesseract and OpenCV run single-threaded in a worker: parallelism comes from the pool, one
    worker per core (much faster than one Tesseract using every core). OpenCV would otherwise
    start a thread per core in every worker for its filters and labelling: on one worker they
    borrow the idle cores, on a full pool they only contend with the other workers' Tesseract."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import cv2

    # A forked worker must not reconfigure a thread pool it inherited: the parent's idle pool threads
    # were waiting on condition variables, and tearing the pool down in the child waits for them
    # forever. forking_from_here() leaves the parent at one thread before it forks.
    if cv2.getNumThreads() != 1:
        cv2.setNumThreads(1)


@contextmanager
def forking_from_here() -> Iterator[None]:
    """While workers are forked from this process, OpenCV runs single-threaded in it (its setting
    restored after). OpenCV's thread pool does not survive fork(): a child that inherits a pool
    whose threads are idle hangs as soon as it changes the pool's size (one_thread()) or uses it.
    Setting one thread here joins the pool's threads in the process that owns them."""
    cv2 = sys.modules.get("cv2")  # never imported here: no pool to inherit
    if cv2 is None:
        yield
        return
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def _worker_init(tempdir: str | None = None) -> None:
    one_thread()
    return_large_buffers()
    if tempdir:
        use_tempdir(tempdir)  # the run's own temporary folder (pipeline.runtemp)


# --------------------------------------------------------------------------- the run


@dataclass
class Outcome:
    path: Path
    status: str  # "done" | "skipped" | "failed"
    doc_id: str | None = None
    reason: str | None = None
    pages: int = 0


@dataclass
class RunSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    exported: dict[str, int] = field(default_factory=dict)
    export_error: str | None = None
    tasks: Counter[str] = field(default_factory=Counter)  # tasks sent, by kind (see Task)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass
class RunOptions:
    out: Path
    workers: int = 0  # 0: one per core
    ocr: str = "auto"
    page_timeout: float = 180.0
    db: str | None = None  # default: OUT/decrees.db
    force: bool = False  # redo documents already done for this pipeline version
    max_pixels: int | None = None  # largest page image decoded (None: ingest's default)
    ocr_effort: str = "auto"  # fast | auto | best (pipeline/ingest/passes.py)
    scheduler: str | None = None  # a Dask scheduler's address: run the documents on that cluster
    pages_per_task: int = PAGES_PER_TASK  # page ranges of long PDFs as tasks of their own; 0: whole files


@dataclass(eq=False)
class DocJob:
    """One document of the run and how far its tasks are. Kept across the pools of one run, so a long
    PDF retried after a worker died keeps the ranges already read."""

    path: Path
    doc_id: str
    planned: bool = False  # whether it was decided how to split it
    ranges: list[tuple[int, int]] | None = None  # its page ranges as tasks; None: one task
    parts: dict[tuple[int, int], bytes] = field(default_factory=dict)  # the ranges read, packed
    joining: bool = False  # its join task is sent
    settled: bool = False  # its outcome is recorded (done, skipped or failed)


@dataclass(frozen=True)
class Task:
    job: DocJob  # for "files": the first of `group`
    kind: str  # "file": every stage over the file | "pages": ingest of a range | "join": the rest
    #            | "files": every stage over each of several small text files (on a cluster)
    pages: tuple[int, int] | None = None
    group: tuple[DocJob, ...] = ()  # the documents of a "files" task, in order

    @property
    def jobs(self) -> tuple[DocJob, ...]:
        """The documents this task settles."""
        return self.group or (self.job,)


class Reporter:
    """What the runner tells the user as it goes; the CLI gives a progress bar, tests a silent one."""

    def start(self, total: int) -> None: ...
    def working_on(self, path: Path) -> None: ...
    def finished(self, outcome: Outcome) -> None: ...
    def stop(self) -> None: ...


class BatchRun:
    def __init__(self, options: RunOptions, reporter: Reporter | None = None) -> None:
        from pipeline.store import Store

        self.options = options
        self.reporter = reporter or Reporter()
        self.out = options.out
        self.out.mkdir(parents=True, exist_ok=True)
        self.store = Store(options.db or self.out / "decrees.db")
        self.models = models.version()
        self.version = pipeline_version(self.models)
        self.errors_path = self.out / "errors.jsonl"
        self.tempdir: str | None = None
        self.profile: str | None = None
        # Half-written files of a run that was killed: their documents were never committed to the
        # store, so they are redone now.
        for stale in self.out.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)

    def run(self, files: list[Path]) -> RunSummary:
        started = time.monotonic()
        summary = RunSummary()
        self.errors_path.write_text("", encoding="utf-8")
        self.reporter.start(len(files))
        try:
            with run_tempdir() as tempdir, forking_from_here():
                self.tempdir = str(tempdir)
                self._run_all(files, summary)
            try:
                summary.exported = self._export()
            except OSError as exc:
                where = display_path(exc.filename or self.out)
                summary.export_error = f"{where}: {exc.strerror or one_line(exc)}"
        finally:
            self.reporter.stop()
            self.store.close()
        summary.seconds = time.monotonic() - started
        return summary

    def _adaptation(self, files: list[Path]) -> str | None:
        """The batch's adaptation profile when it holds enough garbled text (restoration learns the
        archive's own OCR engine), kept in the store; None otherwise."""
        if not files:
            return None
        try:
            from pipeline.restore.adapt_cli import TEXT_SUFFIXES
            from pipeline.restore.batch_adapt import learn_profile, prepare_profile
        except ModuleNotFoundError:
            return None

        def learn_in_a_child(paths: list[Path]) -> tuple[dict | None, int]:
            # Only text files and PDFs have text to learn from (batch_adapt.garbled_texts reads
            # nothing else): for a batch of scanned images the child would be started, and would load
            # the restoration model, to find no garbled word (0.6 s a run, bench_cluster.py --profile).
            if not any(p.suffix.lower() in (*TEXT_SUFFIXES, ".pdf") for p in paths):
                return None, 0
            # Reading 300 pages of text layers grows a process by hundreds of MB that it never gives
            # back, and the workers are forked from this one: the child takes that with it.
            with ProcessPoolExecutor(max_workers=1, initializer=_worker_init,
                                     initargs=(self.tempdir,)) as pool:
                return pool.submit(learn_profile, paths).result()

        try:
            path = prepare_profile(self.store, files, self.out, learn=learn_in_a_child)
        except Exception as exc:  # noqa: BLE001 - adaptation only improves restoration; never stops a run
            print(f"decree: adapting to the batch failed ({one_line(exc)}); restoring without it",
                  file=sys.stderr)
            return None
        return os.fsdecode(path) if path else None

    def _run_all(self, files: list[Path], summary: RunSummary) -> None:
        todo: list[DocJob] = []
        first_of: dict[str, Path] = {}
        copies: dict[str, list[Path]] = {}  # doc_id -> the other files with the same content
        for path in files:
            special = not_a_file(path)
            if special:
                self._record(summary, Outcome(path, "failed", reason=f"{special}: skipped"))
                continue
            try:
                doc_id = file_id(path)
            except OSError as exc:
                self._record(summary, Outcome(path, "failed", reason=f"cannot read: {exc.strerror}"))
                continue
            if doc_id in first_of:
                copies.setdefault(doc_id, []).append(path)
                continue
            first_of[doc_id] = path
            if not self.options.force and self.store.has_version(doc_id, self.version):
                self._record(summary, Outcome(path, "skipped", doc_id, "already done"))
                continue
            todo.append(DocJob(path, doc_id))
        self.profile = self._adaptation([job.path for job in todo])
        if self.options.scheduler:
            # On a cluster the scheduler itself gives the tasks of a worker that died to another one
            # (pipeline.cluster); a task that kept killing workers comes back as failed.
            self._run_pool(todo, summary, 0, last_try=True)
        else:
            crashed = self._run_pool(todo, summary, self.options.workers or os.cpu_count() or 1)
            # A worker that died (a crash or the memory killer) takes its neighbours' work with it:
            # give each of those documents one more try alone, so only the culprit fails. A long PDF
            # keeps the page ranges already read: only the rest is read again.
            for job in crashed:
                self._run_pool([job], summary, 1, last_try=True)
        # Copies are settled once their original's fate is known: a copy of a failed file failed
        # too, for the same reason, and is named with it.
        failed = {o.doc_id: o for o in summary.outcomes if o.status == "failed" and o.doc_id}
        for doc_id, paths in copies.items():
            original = display_path(first_of[doc_id])
            for path in paths:
                if doc_id in failed:
                    reason = f"same content as {original}, which failed: {failed[doc_id].reason}"
                    self._record(summary, Outcome(path, "failed", doc_id, reason))
                else:
                    self._record(summary, Outcome(path, "skipped", doc_id, f"same content as {original}"))

    def _run_pool(self, todo: list[DocJob], summary: RunSummary, workers: int,
                  last_try: bool = False) -> list[DocJob]:
        """Run the documents' tasks on `workers` local processes (on the cluster with a scheduler).
        Returns the documents left undone because a local worker died (none when `last_try`: they
        are failed instead)."""
        if not todo:
            return []
        running: dict[Future[Any], Task] = {}
        # Sent before new tasks: the joins of documents whose every range is read (joined before more
        # is read), and the documents of a group whose workers kept dying, each alone.
        ready: deque[Task] = deque()
        for job in todo:
            job.joining = False  # a join in flight in a pool that broke is to be sent again
        cluster = None
        if self.options.scheduler:
            from pipeline.cluster import DaskRunner

            cluster = DaskRunner(self.options.scheduler, self.version, probe=worker_pipeline_version)

        with cluster or self._local_pool(workers) as pool:
            per_task = 1
            if cluster is not None:
                workers = cluster.slots()
                per_task = files_per_task(sum(1 for job in todo if is_text_file(job.path)), workers)
            tasks = self._tasks(todo, summary, workers, per_task)

            def submit_next() -> bool:
                task = ready.popleft() if ready else next(tasks, None)
                if task is None:
                    return False
                fn, args = self._call(task, on_cluster=cluster is not None)
                running[pool.submit(fn, *args)] = task
                summary.tasks[task.kind] += 1
                return True

            def fill() -> None:
                # Two tasks a slot in flight: each worker has the next one at hand. A failed task frees
                # its slot too: without this, as many failures as slots in flight would end the run
                # with files never tried.
                while len(running) < workers * 2 and submit_next():
                    pass

            broken = False
            fill()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = running.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if last_try:
                            for job in task.jobs:
                                if not job.settled:
                                    self._fail(job, task, summary,
                                               "the worker process died (crash or out of memory)")
                        continue
                    except Exception as exc:  # noqa: BLE001 - any failure of one file is reported, never fatal
                        lost = cluster.lost_worker(exc) if cluster is not None else None
                        if lost and task.kind == "files":
                            # Its workers kept dying: one of its files is the likely culprit. Each is
                            # sent again alone (once: a "file" task is failed as lost), so only the
                            # culprit fails, as after a crash in the local pool (_run_all).
                            ready.extend(Task(job, "file") for job in task.jobs if not job.settled)
                            continue
                        for job in task.jobs:
                            if job.settled:
                                continue
                            if lost:
                                self._fail(job, task, summary, lost)
                            else:
                                self._fail(job, task, summary, one_line(exc),
                                           detail=traceback.format_exception(exc))
                    else:
                        self._task_done(task, result, summary, ready)
                if not broken:
                    fill()
        if broken:
            return [job for job in todo if not job.settled]
        return []

    def _task_done(self, task: Task, result: Any, summary: RunSummary, ready: deque[Task]) -> None:
        """What a task gave: a document saved (each of a group's saved or failed as if sent alone), or a
        range kept until its document's join (queued in `ready` once every range is in)."""
        job = task.job
        if task.kind == "files":
            for one, outcome in zip(task.group, result, strict=True):
                if one.settled:
                    continue
                if isinstance(outcome, FileFailure):
                    self._fail(one, task, summary, outcome.reason, detail=outcome.detail)
                else:
                    one.settled = True
                    self._save(outcome, one.path, one.doc_id, summary)
        elif job.settled:
            pass  # another range of its document failed: this part is not needed
        elif task.kind == "pages":
            assert task.pages is not None and job.ranges is not None
            job.parts[task.pages] = result
            if len(job.parts) == len(job.ranges) and not job.joining:
                job.joining = True
                ready.append(Task(job, "join"))
        else:
            job.settled = True
            job.parts.clear()
            self._save(result, job.path, job.doc_id, summary)

    def _tasks(self, todo: list[DocJob], summary: RunSummary, slots: int,
               files_per_task: int = 1) -> Iterator[Task]:
        """The tasks of the documents in `todo`, a document's after the one before it, made as they are
        taken (so a document done meanwhile by another run, or failed by one of its ranges, is left).
        With `files_per_task` over 1 (on a cluster), text files go that many to a "files" task, each
        checked as it joins its group; the last group may be shorter (of one file: a "file" task)."""
        group: list[DocJob] = []
        for job in todo:
            # Another run on the same store may have done it since this one started.
            if not self.options.force and self.store.has_version(job.doc_id, self.version):
                job.settled = True
                self._record(summary, Outcome(job.path, "skipped", job.doc_id, "already done"))
                continue
            self.reporter.working_on(job.path)
            if files_per_task > 1 and is_text_file(job.path):
                group.append(job)
                if len(group) == files_per_task:
                    yield Task(group[0], "files", group=tuple(group))
                    group = []
                continue
            if not job.planned:
                job.ranges = self._page_ranges(job.path, slots)
                job.planned = True
            if job.ranges is None:
                yield Task(job, "file")
                continue
            for pages in job.ranges:
                if job.settled:
                    break  # a range failed: the rest of its document is not read
                if pages not in job.parts:
                    yield Task(job, "pages", pages)
            # Every range read before (a retried document whose join was lost): join it now.
            if not job.settled and len(job.parts) == len(job.ranges) and not job.joining:
                job.joining = True
                yield Task(job, "join")
        if len(group) > 1:
            yield Task(group[0], "files", group=tuple(group))
        elif group:
            yield Task(group[0], "file")

    def _page_ranges(self, path: Path, slots: int) -> list[tuple[int, int]] | None:
        """The page ranges to read `path` in as tasks of their own, or None for one task (see
        PAGES_PER_TASK)."""
        per_task = self.options.pages_per_task
        # Without OCR a page is read in about 12 ms, less than a range's own cost: nothing to share.
        if per_task <= 0 or slots < 2 or self.options.ocr == "never":
            return None
        from pipeline.ingest import page_count

        pages = page_count(path)
        if pages is None or pages <= per_task:
            return None
        return page_ranges(pages, per_task)

    def _call(self, task: Task, on_cluster: bool) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """The function a task runs in a worker, and its arguments."""
        if task.kind == "files":
            return process_files, ([self._call(Task(one, "file"), on_cluster)[1] for one in task.group],)
        job, opts = task.job, self.options
        # On a cluster, workers in other folders (or machines) need absolute paths on shared storage.
        path = job.path.absolute() if on_cluster else job.path
        image_dir = self.out / "pages" / job.doc_id
        image_dir = image_dir.absolute() if on_cluster else image_dir
        models_dir = os.environ.get(models.ENV)
        if task.kind == "file":
            return process_file, (os.fsdecode(path), opts.ocr, opts.page_timeout, os.fsdecode(image_dir),
                                  opts.max_pixels, self.profile, opts.ocr_effort, models_dir,
                                  display_path(job.path))
        if task.kind == "pages":
            assert task.pages is not None
            return read_part, (os.fsdecode(path), *task.pages, opts.ocr, opts.page_timeout,
                               os.fsdecode(image_dir), opts.max_pixels, opts.ocr_effort, models_dir)
        assert job.ranges is not None
        return finish_parts, ([job.parts[r] for r in job.ranges], self.profile, models_dir,
                              display_path(job.path))

    def _fail(self, job: DocJob, task: Task, summary: RunSummary, reason: str,
              detail: list[str] | None = None) -> None:
        job.settled = True
        job.parts.clear()
        if task.pages is not None:
            reason = f"pages {task.pages[0]}-{task.pages[1]}: {reason}"
        self._record(summary, Outcome(job.path, "failed", job.doc_id, reason), detail=detail)

    def _local_pool(self, workers: int) -> Executor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(self.tempdir,))

    def _save(self, doc: PackedDocument, path: Path, doc_id: str, summary: RunSummary) -> None:
        # Files first, then the store: the store's commit is what marks the document done, so a kill
        # in between only means the (identical) files are written again next time.
        try:
            if doc.record is not None:
                write_atomic(self.out / "records" / f"{doc_id}.json",
                             json.dumps(doc.record.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
            write_atomic(self.out / "restored" / f"{doc_id}.txt", doc.restored_text + "\n")
            if self.options.force:
                saved: int | None = self.store.save_version(doc, pipeline_version=self.version,
                                                            model_version=self.models)
            else:
                # Another run on the same store may have saved it meanwhile: never a second copy.
                saved = self.store.save_version_once(doc, pipeline_version=self.version,
                                                     model_version=self.models)
        except Exception as exc:  # noqa: BLE001
            self._record(summary, Outcome(path, "failed", doc_id, f"cannot save: {one_line(exc)}"))
            return
        if saved is None:
            self._record(summary, Outcome(path, "skipped", doc_id, "done by another run meanwhile"))
            return
        self._record(summary, Outcome(path, "done", doc_id, pages=doc.pages))

    def _record(self, summary: RunSummary, outcome: Outcome, detail: list[str] | None = None) -> None:
        summary.outcomes.append(outcome)
        if outcome.status == "failed":
            row = {"source": display_path(outcome.path), "doc_id": outcome.doc_id, "error": outcome.reason,
                   "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            if detail:
                row["detail"] = "".join(detail)[-4000:]
            with open(self.errors_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        self.reporter.finished(outcome)

    def _export(self) -> dict[str, int]:
        try:
            from pipeline.export import export
        except ModuleNotFoundError:
            return {}
        return export(self.store, self.out)


def run_batch(inputs: list[Path], options: RunOptions, reporter: Reporter | None = None) -> RunSummary:
    files, missing = collect_inputs(inputs)
    if missing:
        raise FileNotFoundError("; ".join(missing))
    return BatchRun(options, reporter).run(files)


def as_json(summary: RunSummary) -> dict[str, Any]:
    return {
        "done": summary.count("done"),
        "skipped": summary.count("skipped"),
        "failed": summary.count("failed"),
        "seconds": round(summary.seconds, 2),
        "exported": summary.exported,
        "export_error": summary.export_error,
    }
