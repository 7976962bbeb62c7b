"""The store: every pipeline run's output of every document, and every archivist's correction.

One interface over SQLAlchemy Core: a path is an embedded SQLite file (WAL mode), a
``postgresql://`` URL is PostgreSQL through the same code. Every write is one transaction that also
appends to the audit log, so a process killed at any moment (kill -9 included) leaves either all of a
write or none of it.

Nothing is ever overwritten. Re-running the pipeline over a document adds a *version*; an archivist's
edit is a *correction* row (who, when, before, after, the version it was made against); undoing one is
a new correction row that puts the old value back. What users see is the newest version with every
correction applied on top, in order (``current_document`` / ``current_record``).

API (stable: later additions only, no renames)
----------------------------------------------
``Store(path_or_url)``                       open (creating and migrating the schema); ``close()``;
                                             also a context manager; ``schema_version() -> int``;
                                             ``revision() -> int`` (grows with every write);
                                             ``reader``: the engine for reads (takes no write lock).
Pipeline side
  ``has_version(doc_id, pipeline_version) -> bool``
  ``save_version(doc, *, pipeline_version, model_version) -> int``  the new version's seq (1, 2, ...)
  ``save_version_once(doc, *, pipeline_version, model_version) -> int | None``  the same unless this
      pipeline version of the document is already there (another run saved it first): None then.
      Concurrent runs on one store never duplicate a document (decree run uses it).
Documents
  ``list_documents(status=None, doc_type=None, search=None, limit=None, offset=0) -> list[DocumentInfo]``
  ``count_documents(status=None, doc_type=None, search=None) -> int``
  ``status_counts() -> dict[str, int]``      documents per status (new / in_review / reviewed)
  ``document_info(doc_id) -> DocumentInfo``  raises ``DocumentNotFound``
  ``set_status(doc_id, status, *, who) -> None``  status is one of ``STATUSES``
  ``doc_ids() -> list[str]``
Versions
  ``versions(doc_id) -> list[VersionInfo]``  oldest first
  ``document(doc_id, version=None) -> Document``  one version as the pipeline made it (newest: None)
  ``current_document(doc_id) -> Document``   newest version + word and field corrections
  ``current_record(doc_id) -> CampaignRecord | None``  its record
  ``iter_current_documents() -> Iterator[tuple[DocumentInfo, Document]]``  all, for exports
  ``iter_current() -> Iterator[tuple[DocumentInfo, VersionInfo, Document]]``  the same with versions
Corrections (optimistic locking: see ``Conflict``)
  ``word_target(page, line, word, reading=None) -> str``  e.g. ``"p1/ocr_vie/l12/w3"``
  ``locate_word(doc, target) -> (resolved target, Word)``  the word a target points at
  ``current_value(doc_id, kind, target) -> Any``  the value users see now at a word or field
  ``correct_word(doc_id, target, after, *, who, before, base_version, note=None) -> Correction``
  ``correct_field(doc_id, path, after, *, who, before, base_version, note=None) -> Correction``
      ``path`` is a record field path: ``"title"``, ``"period.start"``, ``"commemorations[0].event"``,
      ``"recipients[2]"``, or a whole list (``"commemorations"``) to add or remove items.
  ``undo(correction_id, *, who, base_version=None) -> Correction``  a new row restoring the value
  ``corrections(doc_id=None) -> list[Correction]``  oldest first, undos included
  ``correction(correction_id) -> Correction``
  ``correct_all(doc_id, [(kind, target, after, before), ...], *, who, base_version) -> list[Correction]``
      several corrections in one transaction: all written or none
  ``unapplied_corrections(doc_id) -> list[Correction]``  whose target the newest version lacks
Audit and users
  ``audit(doc_id=None, limit=100) -> list[AuditEntry]``  newest first
  ``log(action, *, who, doc_id=None, detail=None) -> None``  e.g. a login, an export
  ``add_user(username, password_hash, role="archivist") -> int``; ``user(username) -> User | None``;
  ``users() -> list[User]``; ``set_password(username, password_hash, *, who) -> None``;
  ``set_disabled(username, disabled, *, who) -> None``
  (hashing is the caller's: the store keeps the hash only)

Errors: ``DocumentNotFound`` (a KeyError), ``TargetNotFound`` (no such word or field), ``Conflict``,
``ValueError`` (a bad status, an empty author, a word with spaces).

Values: word corrections carry strings (the word's restored form); field corrections any JSON value.
A correction's ``before`` must equal what users see now at its target and its ``base_version`` must be
the document's newest version, otherwise ``Conflict`` is raised (it carries both values) and nothing is
written: two archivists editing the same thing never overwrite each other silently.

Statuses: a document is ``new`` until its first correction (then ``in_review``), ``reviewed`` when an
archivist says so (``set_status``); a new pipeline version leaves the status as it was.

Test hook: ``DECREE_TEST_SLOW=<seconds>`` (tests only) pauses inside every ``save_version`` transaction
and between an export's files, so crash tests can kill -9 there (``pause_for_crash_tests``).

SQLite durability: WAL with ``synchronous=NORMAL``: a committed write survives any process crash; only
a power loss may drop the last transactions, never corrupt the file.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from pipeline.document import (
    CampaignRecord,
    Document,
    PackedDocument,
    from_dict,
    to_dict,
    unpack,
)
from pipeline.errors import StoreDamaged, StoreMissing
from pipeline.vietnamese import nfc

STATUSES = ("new", "in_review", "reviewed")
KINDS = ("word", "field")

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("media_type", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, default="new"),
    sa.Column("current_version", sa.Integer, nullable=False),  # seq of the newest version
    # The record's headline values as users see them (corrections applied), for lists and filters.
    sa.Column("doc_type", sa.String(40)),
    sa.Column("title", sa.Text),
    sa.Column("issued_on", sa.String(10)),
    sa.Column("corrections", sa.Integer, nullable=False, default=0),
    sa.Column("first_seen", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

document_versions = sa.Table(
    "document_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.doc_id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("pipeline_version", sa.String(100), nullable=False),
    sa.Column("model_version", sa.String(100), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    # The full Document: zlib-compressed JSON in `document_z` (schema 2 on; a page of boxed words is
    # ~350 KB of JSON, ~20 KB compressed), plain JSON in `document_json` for rows written before.
    sa.Column("document_json", sa.Text, nullable=False),
    sa.Column("document_z", sa.LargeBinary),
    sa.UniqueConstraint("doc_id", "seq", name="uq_document_versions_doc_seq"),
    sa.Index("ix_document_versions_doc_pipeline", "doc_id", "pipeline_version"),
)

records = sa.Table(
    "records", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("document_versions.id"), primary_key=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.doc_id"), nullable=False, index=True),
    sa.Column("doc_type", sa.String(40)),
    sa.Column("number", sa.String(100)),
    sa.Column("symbol", sa.String(100)),
    sa.Column("issuer", sa.Text),
    sa.Column("issued_on", sa.String(10)),
    sa.Column("title", sa.Text),
    sa.Column("record_json", sa.Text, nullable=False),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.doc_id"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),  # 1, 2, ... within the document
    sa.Column("kind", sa.String(10), nullable=False),  # word | field
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("before_json", sa.Text, nullable=False),
    sa.Column("after_json", sa.Text, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("base_version", sa.Integer, nullable=False),
    sa.Column("undoes", sa.Integer, sa.ForeignKey("corrections.id")),
    sa.Column("note", sa.Text),
    sa.UniqueConstraint("doc_id", "seq", name="uq_corrections_doc_seq"),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("doc_id", sa.String(64), index=True),
    sa.Column("detail_json", sa.Text),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(40), nullable=False, default="archivist"),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
)


def _initial_schema(conn: Connection) -> None:
    metadata.create_all(conn, tables=[documents, document_versions, records, corrections, audit_log, users])


def _compressed_documents(conn: Connection) -> None:
    # A database made by schema 1 lacks the column; one made since got it from the table definition.
    if "document_z" not in {c["name"] for c in sa.inspect(conn).get_columns("document_versions")}:
        kind = sa.LargeBinary().compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE document_versions ADD COLUMN document_z {kind}"))


# The schema's history, oldest first: (version, name, step). A step runs in the transaction that
# records it, so a database is always at exactly one version. Add new steps at the end, never edit one.
MIGRATIONS: tuple[tuple[int, str, Any], ...] = (
    (1, "initial schema", _initial_schema),
    (2, "compressed document versions", _compressed_documents),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
MIGRATION_LOCK = 0x6465637265650001  # PostgreSQL advisory lock key held while migrating ("decree" 1)


# --------------------------------------------------------------------------- values handed out


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    source: str
    media_type: str
    status: str
    current_version: int
    doc_type: str | None
    title: str | None
    issued_on: str | None
    corrections: int
    first_seen: str
    updated_at: str


@dataclass(frozen=True)
class VersionInfo:
    doc_id: str
    seq: int
    pipeline_version: str
    model_version: str
    created_at: str


@dataclass(frozen=True)
class Correction:
    id: int
    doc_id: str
    seq: int
    kind: str  # word | field
    target: str
    before: Any
    after: Any
    who: str
    at: str
    base_version: int
    undoes: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    doc_id: str | None
    detail: Any


@dataclass(frozen=True)
class User:
    id: int
    username: str
    password_hash: str
    role: str
    created_at: str
    disabled: bool


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split("\n")[0].split()) or type(orig).__name__


class DocumentNotFound(KeyError):
    def __str__(self) -> str:
        return f"no document {self.args[0]!r} in the store"


class Conflict(Exception):
    """A correction made against something that changed since the editor saw it. Nothing was written;
    `current` is the value users see now, `attempted` the one that was refused."""

    def __init__(self, doc_id: str, target: str, *, current: Any, attempted: Any, before: Any,
                 current_version: int, base_version: int | None, reason: str) -> None:
        self.doc_id, self.target = doc_id, target
        self.current, self.attempted, self.before = current, attempted, before
        self.current_version, self.base_version = current_version, base_version
        self.reason = reason
        super().__init__(f"{doc_id} {target}: {reason} (now {current!r}, yours {attempted!r})")


class TargetNotFound(LookupError):
    """A word or field path that does not exist in the document."""


# --------------------------------------------------------------------------- targets


_WORD_TARGET = re.compile(r"^p(\d+)/([a-z_]+)/l(\d+)/w(\d+)$")
_FIELD_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*|\[\d+\])*$")
_PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def word_target(page: int, line: int, word: int, reading: str | None = None) -> str:
    """The target of a word correction: page number (1-based), reading kind ("main": the page's
    main reading when the correction is made), line index in that reading, word index in the line."""
    return f"p{page}/{reading or 'main'}/l{line}/w{word}"


def locate_word(doc: Document, target: str) -> tuple[str, Any]:
    """The word at `target`, and the target with "main" resolved to the reading's kind."""
    m = _WORD_TARGET.match(target)
    if not m:
        raise TargetNotFound(f"not a word target: {target!r} (expected like 'p1/main/l3/w2')")
    page_no, kind, line_no, word_no = int(m[1]), m[2], int(m[3]), int(m[4])
    page = next((p for p in doc.pages if p.number == page_no), None)
    if page is None:
        raise TargetNotFound(f"no page {page_no}")
    reading = page.main if kind == "main" else page.reading(kind)  # type: ignore[arg-type]
    if reading is None:
        raise TargetNotFound(f"no reading {kind!r} on page {page_no}")
    if line_no >= len(reading.lines) or word_no >= len(reading.lines[line_no].words):
        raise TargetNotFound(f"no word {word_no} in line {line_no} of page {page_no}")
    return f"p{page_no}/{reading.kind}/l{line_no}/w{word_no}", reading.lines[line_no].words[word_no]


def _parse_path(path: str) -> list[str | int]:
    if not _FIELD_PATH.match(path):
        raise TargetNotFound(f"not a field path: {path!r} (expected like 'commemorations[0].event')")
    parts: list[str | int] = [m[1] if m[1] else int(m[2]) for m in _PATH_PART.finditer(path)]
    if parts[0] in ("doc_id", "source"):
        raise TargetNotFound(f"{parts[0]} is not correctable")
    return parts


def _get_path(data: Any, parts: list[str | int], path: str) -> Any:
    for part in parts:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            raise TargetNotFound(f"no field {path!r} in the record")
    return data


def _set_path(data: dict[str, Any], parts: list[str | int], value: Any, path: str) -> None:
    parent = _get_path(data, parts[:-1], path)
    last = parts[-1]
    if isinstance(last, int) and isinstance(parent, list) and last < len(parent):
        parent[last] = value
    elif isinstance(last, str) and isinstance(parent, dict) and last in parent:
        parent[last] = value
    elif isinstance(last, str) and parent is None:
        raise TargetNotFound(f"no field {path!r} in the record (its parent is empty)")
    else:
        raise TargetNotFound(f"no field {path!r} in the record")


def _normal(value: Any) -> Any:
    """Text values are stored and compared NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def pause_for_crash_tests() -> None:
    """TEST ONLY: sleep DECREE_TEST_SLOW seconds (unset: no pause) at the points where a crash is most
    harmful (inside a store transaction, between an export's files), so that tests can kill -9 a run
    there deterministically whatever the machine's speed. Never set it in production."""
    delay = os.environ.get("DECREE_TEST_SLOW")
    if delay:
        time.sleep(float(delay))


def _unpack(document_json: str, document_z: bytes | None) -> Document:
    # A page at a time: a long document's whole JSON and its dict of plain values are never held.
    return unpack(document_z) if document_z else Document.from_json(document_json)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- applying corrections


def _apply_fields(record: dict[str, Any] | None, fixes: list[Correction]) -> list[Correction]:
    """Apply the field corrections among `fixes`, in order, to `record` (the record's plain form, in
    place); returns those whose field it lacks."""
    unapplied: list[Correction] = []
    for fix in fixes:
        if fix.kind != "field":
            continue
        if record is None:
            unapplied.append(fix)
            continue
        try:
            parts = _parse_path(fix.target)
            _set_path(record, parts, fix.after, fix.target)
        except TargetNotFound:
            unapplied.append(fix)
            continue
        record.setdefault("confidence", {})[parts[0]] = 1.0
    return unapplied


def _field_value(record: dict[str, Any] | None, path: str) -> Any:
    if record is None:
        raise TargetNotFound("the document has no record")
    return _get_path(record, _parse_path(path), path)


def _apply(doc: Document, fixes: list[Correction]) -> tuple[Document, list[Correction]]:
    """The document with `fixes` applied in order, and those whose target it lacks."""
    unapplied: list[Correction] = []
    lines: set[tuple[int, int]] = set()  # (page, line) of the main readings whose words changed
    for fix in fixes:
        if fix.kind != "word":
            continue
        try:
            resolved, word = locate_word(doc, fix.target)
        except TargetNotFound:
            unapplied.append(fix)
            continue
        word.restored = fix.after
        # An archivist's word is certain; the pipeline's guesses no longer apply.
        word.confidence = 1.0
        m = _WORD_TARGET.match(resolved)
        page = next((p for p in doc.pages if p.number == int(m[1])), None) if m else None
        if m and page is not None and page.main is not None and page.main.kind == m[2]:
            lines.add((int(m[1]), int(m[3])))
    if lines and doc.record is not None:
        # Fields read from corrected words are read again; field corrections below still win.
        from pipeline.stages import reread_fields

        reread_fields(doc, lines)
    if any(fix.kind == "field" for fix in fixes):
        record = to_dict(doc.record) if doc.record is not None else None
        unapplied += _apply_fields(record, fixes)
        if record is not None:
            doc.record = from_dict(CampaignRecord, record)
    return doc, sorted(unapplied, key=lambda fix: fix.id)


def _value_at(doc: Document, kind: str, target: str) -> tuple[str, Any]:
    """The normalised target and the value users see there."""
    if kind == "word":
        resolved, word = locate_word(doc, target)
        return resolved, word.best
    if kind != "field":
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return target, _field_value(to_dict(doc.record) if doc.record is not None else None, target)


# --------------------------------------------------------------------------- the store


def _create_private(path: Path) -> None:
    """Create a new store's file readable by its owner only (0600): it holds password hashes and the
    archive's documents. SQLite gives its -wal and -shm files the same mode as the database file.
    An existing file is left as it is (its owner chose its mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # a folder, a read-only place...: SQLite says what is wrong when it opens it
    os.close(fd)


def _engine_for(path_or_url: str | Path) -> tuple[Engine, Engine]:
    """A writer and a reader engine. SQLite: the writer takes the write lock when its transaction
    begins (BEGIN IMMEDIATE), so two writers queue up instead of failing half-way; readers see a
    consistent snapshot without blocking anyone (WAL)."""
    text = str(path_or_url)
    if "://" in text:
        url = sa.engine.make_url(text)
        if url.drivername == "postgresql":
            # The `postgres` extra installs psycopg 3; SQLAlchemy's default PostgreSQL driver is psycopg2.
            url = url.set(drivername="postgresql+psycopg")
        engine = sa.create_engine(url, pool_pre_ping=True)
        return engine, engine
    path = Path(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    _create_private(path)
    url = sa.engine.URL.create("sqlite", database=str(path))

    def make(begin: str) -> Engine:
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's BEGIN below, not the driver, decide where transactions start.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql(begin)

        return engine

    return make("BEGIN IMMEDIATE"), make("BEGIN")


class Store:
    """Documents, their versions, records, corrections and the audit log (API in the module doc)."""

    def __init__(self, path_or_url: str | Path) -> None:
        self.url = str(path_or_url)
        self.engine, self._reader = _engine_for(path_or_url)
        try:
            self._refuse_foreign()
            self._migrate()
        except sa.exc.DatabaseError as exc:
            self.engine.dispose()
            raise StoreDamaged(f"{self.url}: not a decree store ({_first_line(exc)})") from None
        except StoreDamaged:
            self.engine.dispose()
            raise

    @classmethod
    def open_existing(cls, path_or_url: str | Path) -> Store:
        """The store at `path_or_url`, which must exist (commands that read a store: export, review,
        users): StoreMissing or StoreDamaged otherwise, one line each, exit code 2."""
        text = str(path_or_url)
        if "://" not in text:
            if not Path(text).is_file():
                raise StoreMissing(f"no store at {text}")
            if Path(text).stat().st_size == 0:
                # SQLite would take an empty file for a new database and make a store of it.
                raise StoreDamaged(f"{text}: not a decree store (an empty file)")
        return cls(path_or_url)

    def _refuse_foreign(self) -> None:
        """A database that holds tables but none of ours is someone else's: never write into it."""
        names = set(sa.inspect(self.engine).get_table_names())
        if names and "schema_migrations" not in names:
            raise StoreDamaged(f"{self.url}: not a decree store (it holds other tables: "
                               f"{', '.join(sorted(names)[:3])})")

    # ----------------------------------------------------------------- life cycle

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two processes opening a new store at once (two `decree run`s, a cluster's first
                # tasks) migrate one after the other, not into each other's half-made tables.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            schema_migrations.create(conn, checkfirst=True)
            done = set(conn.execute(sa.select(schema_migrations.c.version)).scalars())
            for version, name, step in MIGRATIONS:
                if version in done:
                    continue
                step(conn)
                conn.execute(schema_migrations.insert().values(version=version, name=name,
                                                               applied_at=_now()))

    def revision(self) -> int:
        """A number that grows with every write to the store (0 for an empty one): two equal readings
        mean nothing changed in between. (PostgreSQL: concurrent writers may commit out of id order, so
        there a reader may miss a write that was in flight; SQLite has one writer at a time.)"""
        with self._reader.connect() as conn:
            return conn.execute(sa.select(sa.func.max(audit_log.c.id))).scalar() or 0

    def schema_version(self) -> int:
        with self._reader.connect() as conn:
            return conn.execute(sa.select(sa.func.max(schema_migrations.c.version))).scalar_one()

    @property
    def reader(self) -> Engine:
        """The engine for reading only: with SQLite, a plain BEGIN (a snapshot that blocks no one)
        where `engine` takes the write lock at every transaction."""
        return self._reader

    def close(self) -> None:
        self.engine.dispose()
        self._reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- pipeline side

    def has_version(self, doc_id: str, pipeline_version: str) -> bool:
        query = sa.select(document_versions.c.id).where(
            document_versions.c.doc_id == doc_id, document_versions.c.pipeline_version == pipeline_version
        ).limit(1)
        with self._reader.connect() as conn:
            return conn.execute(query).first() is not None

    def save_version(self, doc: Document | PackedDocument, *, pipeline_version: str,
                     model_version: str) -> int:
        """Add the pipeline's output of `doc` as its newest version (one transaction: the document row,
        the version with the full Document JSON, its record). Returns the version's seq. A batch hands
        the document over packed, as its worker sent it: never unpacked here."""
        seq = self._save_version(doc, pipeline_version=pipeline_version, model_version=model_version,
                                 once=False)
        assert seq is not None
        return seq

    def save_version_once(self, doc: Document | PackedDocument, *, pipeline_version: str,
                          model_version: str) -> int | None:
        """save_version, unless a version of this document by `pipeline_version` is already stored
        (another run on the same store got there first): then nothing is written and None returned."""
        return self._save_version(doc, pipeline_version=pipeline_version, model_version=model_version,
                                  once=True)

    def _save_version(self, doc: Document | PackedDocument, *, pipeline_version: str, model_version: str,
                      once: bool) -> int | None:
        now = _now()
        if isinstance(doc, Document):
            doc = doc.pack()
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Writers of one document queue up here, the document row existing yet or not (a row
                # lock cannot cover a row not yet inserted): the second then sees the first's version.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(
                    sa.func.hashtextextended(doc.doc_id, 0))))
            # (SQLite: BEGIN IMMEDIATE already made this the only writer.)
            if once and conn.execute(sa.select(document_versions.c.id).where(
                    document_versions.c.doc_id == doc.doc_id,
                    document_versions.c.pipeline_version == pipeline_version).limit(1)).first():
                return None
            row = conn.execute(sa.select(documents.c.current_version, documents.c.status)
                               .where(documents.c.doc_id == doc.doc_id).with_for_update()).first()
            seq = (row.current_version if row else 0) + 1
            if row is None:
                conn.execute(documents.insert().values(
                    doc_id=doc.doc_id, source=doc.source, media_type=doc.media_type, status="new",
                    current_version=seq, corrections=0, first_seen=now, updated_at=now))
            else:
                conn.execute(documents.update().where(documents.c.doc_id == doc.doc_id).values(
                    source=doc.source, media_type=doc.media_type, current_version=seq, updated_at=now))
            version_id = conn.execute(document_versions.insert().values(
                doc_id=doc.doc_id, seq=seq, pipeline_version=pipeline_version, model_version=model_version,
                created_at=now, document_json="", document_z=doc.payload)).inserted_primary_key[0]
            if doc.record is not None:
                rec = doc.record
                conn.execute(records.insert().values(
                    version_id=version_id, doc_id=doc.doc_id, doc_type=rec.doc_type, number=rec.number,
                    symbol=rec.symbol, issuer=rec.issuer, issued_on=rec.issued_on, title=rec.title,
                    record_json=_dump(to_dict(rec))))
            record = self._record_dict(conn, self._info(conn, doc.doc_id))
            self._refresh_headline(conn, doc.doc_id, record)
            self._log(conn, "save_version", "pipeline", doc.doc_id,
                      {"seq": seq, "pipeline_version": pipeline_version, "model_version": model_version})
            pause_for_crash_tests()
        return seq

    # ----------------------------------------------------------------- documents

    @staticmethod
    def _filtered(query: Any, status: str | None, doc_type: str | None) -> Any:
        if status is not None:
            query = query.where(documents.c.status == status)
        if doc_type is not None:
            query = query.where(documents.c.doc_type == doc_type)
        return query

    def list_documents(self, status: str | None = None, doc_type: str | None = None,
                       search: str | None = None, limit: int | None = None,
                       offset: int = 0) -> list[DocumentInfo]:
        """Documents in a stable order (issue date, then source), optionally filtered; `search` finds
        text in the title, source or doc_id whatever its case (Vietnamese included)."""
        query = self._filtered(sa.select(documents), status, doc_type)
        query = query.order_by(documents.c.issued_on, documents.c.source, documents.c.doc_id)
        if not search:
            query = query.offset(offset)
            if limit is not None:
                query = query.limit(limit)
        with self._reader.connect() as conn:
            found = [DocumentInfo(**row._mapping) for row in conn.execute(query)]
        if not search:
            return found
        # Matched here, not in SQL: SQLite's lower() folds ASCII letters only ("Ế" stays "Ế").
        needle = nfc(search).casefold()
        found = [d for d in found if any(needle in nfc(text).casefold()
                                         for text in (d.title or "", d.source, d.doc_id))]
        return found[offset:None if limit is None else offset + limit]

    def count_documents(self, status: str | None = None, doc_type: str | None = None,
                        search: str | None = None) -> int:
        if search:
            return len(self.list_documents(status, doc_type, search))
        query = self._filtered(sa.select(sa.func.count()).select_from(documents), status, doc_type)
        with self._reader.connect() as conn:
            return conn.execute(query).scalar_one()

    def status_counts(self) -> dict[str, int]:
        query = sa.select(documents.c.status, sa.func.count()).group_by(documents.c.status)
        with self._reader.connect() as conn:
            found = dict(conn.execute(query).all())
        return {status: found.get(status, 0) for status in STATUSES}

    def document_info(self, doc_id: str) -> DocumentInfo:
        with self._reader.connect() as conn:
            return self._info(conn, doc_id)

    def doc_ids(self) -> list[str]:
        with self._reader.connect() as conn:
            return list(conn.execute(sa.select(documents.c.doc_id).order_by(documents.c.doc_id)).scalars())

    def set_status(self, doc_id: str, status: str, *, who: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
        with self.engine.begin() as conn:
            before = self._info(conn, doc_id, lock=True).status
            conn.execute(documents.update().where(documents.c.doc_id == doc_id)
                         .values(status=status, updated_at=_now()))
            self._log(conn, "set_status", who, doc_id, {"before": before, "after": status})

    # ----------------------------------------------------------------- versions

    def versions(self, doc_id: str) -> list[VersionInfo]:
        query = (sa.select(document_versions.c.doc_id, document_versions.c.seq,
                           document_versions.c.pipeline_version, document_versions.c.model_version,
                           document_versions.c.created_at)
                 .where(document_versions.c.doc_id == doc_id).order_by(document_versions.c.seq))
        with self._reader.connect() as conn:
            return [VersionInfo(**row._mapping) for row in conn.execute(query)]

    def document(self, doc_id: str, version: int | None = None) -> Document:
        """One version exactly as the pipeline made it, without corrections (newest by default)."""
        with self._reader.connect() as conn:
            return self._version_doc(conn, doc_id, version)

    def current_document(self, doc_id: str) -> Document:
        """The newest version with every correction applied on top, in the order they were made."""
        with self._reader.connect() as conn:
            doc = self._version_doc(conn, doc_id, None)
            return _apply(doc, self._fixes(conn, doc_id))[0]

    def current_record(self, doc_id: str) -> CampaignRecord | None:
        """The newest version's record with the field corrections applied (None: it has no record)."""
        with self._reader.connect() as conn:
            record = self._record_dict(conn, self._info(conn, doc_id))
        return from_dict(CampaignRecord, record) if record is not None else None

    def iter_current_documents(self, batch: int = 200) -> Iterator[tuple[DocumentInfo, Document]]:
        """Every document's current form (corrections applied), in doc_id order."""
        for info, _, doc in self.iter_current(batch):
            yield info, doc

    def iter_current(self, batch: int = 200) -> Iterator[tuple[DocumentInfo, VersionInfo, Document]]:
        """Every document with its newest version's info and its current form (corrections applied),
        in doc_id order, read from one consistent snapshot in batches so memory stays bounded."""
        with self._reader.connect() as conn:
            if conn.dialect.name == "postgresql":
                # One snapshot for the whole read, as SQLite's WAL gives every read transaction.
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            yield from self._iter_current(conn, batch)

    def _iter_current(self, conn: Connection,
                      batch: int) -> Iterator[tuple[DocumentInfo, VersionInfo, Document]]:
        v = document_versions.c
        with conn.begin():
            ids = list(conn.execute(sa.select(documents.c.doc_id).order_by(documents.c.doc_id)).scalars())
            for start in range(0, len(ids), batch):
                chunk = ids[start:start + batch]
                infos = {row.doc_id: DocumentInfo(**row._mapping)
                         for row in conn.execute(sa.select(documents).where(documents.c.doc_id.in_(chunk)))}
                newest = {row.doc_id: row for row in conn.execute(
                    sa.select(v.doc_id, v.seq, v.pipeline_version, v.model_version, v.created_at,
                              v.document_json, v.document_z)
                    .join(documents, sa.and_(documents.c.doc_id == v.doc_id,
                                             documents.c.current_version == v.seq))
                    .where(v.doc_id.in_(chunk)))}
                fixes: dict[str, list[Correction]] = {}
                for row in conn.execute(sa.select(corrections).where(corrections.c.doc_id.in_(chunk))
                                        .order_by(corrections.c.id)):
                    fixes.setdefault(row.doc_id, []).append(_correction(row._mapping))
                for doc_id in chunk:
                    row = newest[doc_id]
                    version = VersionInfo(doc_id=doc_id, seq=row.seq, pipeline_version=row.pipeline_version,
                                          model_version=row.model_version, created_at=row.created_at)
                    doc = _unpack(row.document_json, row.document_z)
                    yield infos[doc_id], version, _apply(doc, fixes.get(doc_id, []))[0]

    # ----------------------------------------------------------------- corrections

    word_target = staticmethod(word_target)

    def current_value(self, doc_id: str, kind: str, target: str) -> Any:
        return _value_at(self.current_document(doc_id), kind, target)[1]

    def correct_word(self, doc_id: str, target: str, after: str, *, who: str, before: str,
                     base_version: int, note: str | None = None) -> Correction:
        """Set the restored form of one word. `target` from `word_target`."""
        if not isinstance(after, str) or not after.strip() or any(c.isspace() for c in after.strip()):
            raise ValueError("a word correction is one word (no spaces, not empty)")
        return self._correct(doc_id, "word", target, after.strip(), who=who, before=before,
                             base_version=base_version, note=note)

    def correct_field(self, doc_id: str, path: str, after: Any, *, who: str, before: Any,
                      base_version: int, note: str | None = None) -> Correction:
        """Set one field (or list item, or whole list) of the record."""
        return self._correct(doc_id, "field", path, after, who=who, before=before,
                             base_version=base_version, note=note)

    def undo(self, correction_id: int, *, who: str, base_version: int | None = None) -> Correction:
        """Undo a correction by a new correction that puts back its `before`. Refused (`Conflict`) when
        the value has changed since (a later correction of the same target): undo that one first."""
        fix = self.correction(correction_id)
        return self._correct(fix.doc_id, fix.kind, fix.target, fix.before, who=who, before=fix.after,
                             base_version=base_version, note=f"undo of correction {fix.id}", undoes=fix.id)

    def corrections(self, doc_id: str | None = None) -> list[Correction]:
        query = sa.select(corrections).order_by(corrections.c.id)
        if doc_id is not None:
            query = query.where(corrections.c.doc_id == doc_id)
        with self._reader.connect() as conn:
            return [_correction(row._mapping) for row in conn.execute(query)]

    def correction(self, correction_id: int) -> Correction:
        with self._reader.connect() as conn:
            row = conn.execute(sa.select(corrections).where(corrections.c.id == correction_id)).first()
        if row is None:
            raise KeyError(f"no correction {correction_id}")
        return _correction(row._mapping)

    def unapplied_corrections(self, doc_id: str) -> list[Correction]:
        with self._reader.connect() as conn:
            doc = self._version_doc(conn, doc_id, None)
            return _apply(doc, self._fixes(conn, doc_id))[1]

    def _correct(self, doc_id: str, kind: str, target: str, after: Any, *, who: str, before: Any,
                 base_version: int | None, note: str | None, undoes: int | None = None) -> Correction:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        if not who:
            raise ValueError("a correction needs its author (who)")
        after, before = _normal(after), _normal(before)
        with self.engine.begin() as conn:
            info = self._info(conn, doc_id, lock=True)
            # A field correction needs only the record, not the whole document with its pages.
            record = self._record_dict(conn, info) if kind == "field" else None
            doc = None if kind == "field" else _apply(self._version_doc(conn, doc_id, None),
                                                      self._fixes(conn, doc_id))[0]
            if doc is None:
                current = _field_value(record, target)
            else:
                target, current = _value_at(doc, kind, target)
            if base_version is not None and base_version != info.current_version:
                raise Conflict(doc_id, target, current=current, attempted=after, before=before,
                               current_version=info.current_version, base_version=base_version,
                               reason=f"made against version {base_version}, the newest is "
                                      f"{info.current_version}")
            if current != before:
                raise Conflict(doc_id, target, current=current, attempted=after, before=before,
                               current_version=info.current_version, base_version=base_version,
                               reason="the value changed since it was read")
            seq = (conn.execute(sa.select(sa.func.max(corrections.c.seq))
                                .where(corrections.c.doc_id == doc_id)).scalar() or 0) + 1
            now = _now()
            values = dict(doc_id=doc_id, seq=seq, kind=kind, target=target, before_json=_dump(current),
                          after_json=_dump(after), who=who, at=now, base_version=info.current_version,
                          undoes=undoes, note=note)
            new_id = conn.execute(corrections.insert().values(**values)).inserted_primary_key[0]
            fix = _correction({**values, "id": new_id})
            if (_apply(doc, [fix])[1] if doc is not None else _apply_fields(record, [fix])):
                raise TargetNotFound(f"cannot apply to {target!r}")
            status = "in_review" if info.status == "new" else info.status
            conn.execute(documents.update().where(documents.c.doc_id == doc_id)
                         .values(corrections=info.corrections + 1, status=status, updated_at=now))
            if doc is None:
                self._refresh_headline(conn, doc_id, record)
            else:
                # A corrected word may change the fields read from it (the title in the list).
                self._refresh_headline(conn, doc_id, self._record_dict(conn, info))
            self._log(conn, "undo" if undoes else f"correct_{kind}", who, doc_id,
                      {"correction": new_id, "target": target, "before": current, "after": after,
                       "base_version": info.current_version, "undoes": undoes})
        return fix

    def correct_all(self, doc_id: str, edits: list[tuple[str, str, Any, Any]], *, who: str,
                    base_version: int, note: str | None = None) -> list[Correction]:
        """Several corrections of one document, `(kind, target, after, before)` each, in one
        transaction: all are written, or none when any one raises (`Conflict`, `TargetNotFound`,
        `ValueError`). Later edits see the earlier ones' values."""
        if not who:
            raise ValueError("a correction needs its author (who)")
        with self.engine.begin() as conn:
            info = self._info(conn, doc_id, lock=True)
            kinds = {kind for kind, *_ in edits}
            if not kinds <= set(KINDS):
                raise ValueError(f"kind must be one of {KINDS}, not {sorted(kinds - set(KINDS))}")
            doc = (_apply(self._version_doc(conn, doc_id, None), self._fixes(conn, doc_id))[0]
                   if "word" in kinds else None)
            record = self._record_dict(conn, info) if "field" in kinds else None
            seq = (conn.execute(sa.select(sa.func.max(corrections.c.seq))
                                .where(corrections.c.doc_id == doc_id)).scalar() or 0) + 1
            now = _now()
            written: list[Correction] = []
            for kind, target, after, before in edits:
                after, before = _normal(after), _normal(before)
                if kind == "word":
                    if not isinstance(after, str) or not after.strip() or len(after.split()) != 1:
                        raise ValueError("a word correction is one word (no spaces, not empty)")
                    after = after.strip()
                    target, current = _value_at(doc, kind, target)  # type: ignore[arg-type]
                else:
                    current = _field_value(record, target)
                reason = (f"made against version {base_version}, the newest is {info.current_version}"
                          if base_version != info.current_version
                          else "the value changed since it was read" if current != before else None)
                if reason is not None:
                    raise Conflict(doc_id, target, current=current, attempted=after, before=before,
                                   current_version=info.current_version, base_version=base_version,
                                   reason=reason)
                values = dict(doc_id=doc_id, seq=seq, kind=kind, target=target, before_json=_dump(current),
                              after_json=_dump(after), who=who, at=now, base_version=info.current_version,
                              undoes=None, note=note)
                new_id = conn.execute(corrections.insert().values(**values)).inserted_primary_key[0]
                fix = _correction({**values, "id": new_id})
                if (_apply(doc, [fix])[1] if kind == "word" else _apply_fields(record, [fix])):  # type: ignore[arg-type]
                    raise TargetNotFound(f"cannot apply to {target!r}")
                self._log(conn, f"correct_{kind}", who, doc_id,
                          {"correction": new_id, "target": target, "before": current, "after": after,
                           "base_version": info.current_version, "undoes": None})
                written.append(fix)
                seq += 1
            if written:
                status = "in_review" if info.status == "new" else info.status
                conn.execute(documents.update().where(documents.c.doc_id == doc_id).values(
                    corrections=info.corrections + len(written), status=status, updated_at=now))
                if "word" in kinds:
                    # Corrected words may change the fields read from them (the title in the list).
                    self._refresh_headline(conn, doc_id, self._record_dict(conn, info))
                elif record is not None:
                    self._refresh_headline(conn, doc_id, record)
        return written

    # ----------------------------------------------------------------- audit and users

    def log(self, action: str, *, who: str, doc_id: str | None = None, detail: Any = None) -> None:
        with self.engine.begin() as conn:
            self._log(conn, action, who, doc_id, detail)

    def audit(self, doc_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
        query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if doc_id is not None:
            query = query.where(audit_log.c.doc_id == doc_id)
        with self._reader.connect() as conn:
            return [AuditEntry(id=r.id, at=r.at, who=r.who, action=r.action, doc_id=r.doc_id,
                               detail=json.loads(r.detail_json) if r.detail_json else None)
                    for r in conn.execute(query)]

    # ----------------------------------------------------------------- the batch's OCR engine

    PROFILE_ACTION = "adaptation profile"

    def save_profile(self, profile: dict[str, Any], *, who: str) -> None:
        """Keep the batch's adaptation profile (pipeline.restore.adapt) with its documents: an entry
        of the audit log, so the schema is unchanged and every profile ever used stays on record."""
        self.log(self.PROFILE_ACTION, who=who, detail=profile)

    def profile(self) -> dict[str, Any] | None:
        """The newest adaptation profile kept in the store, or None."""
        query = (sa.select(audit_log.c.detail_json).where(audit_log.c.action == self.PROFILE_ACTION)
                 .order_by(audit_log.c.id.desc()).limit(1))
        with self._reader.connect() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else None

    def add_user(self, username: str, password_hash: str, role: str = "archivist") -> int:
        username = nfc(username.strip())
        if not username:
            raise ValueError("a user needs a name")
        with self.engine.begin() as conn:
            try:
                new_id = conn.execute(users.insert().values(
                    username=username, password_hash=password_hash, role=role, created_at=_now(),
                    disabled=False)).inserted_primary_key[0]
            except IntegrityError as exc:
                raise ValueError(f"user {username!r} already exists") from exc
            self._log(conn, "add_user", "admin", None, {"username": username, "role": role})
        return new_id

    def user(self, username: str) -> User | None:
        with self._reader.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == nfc(username.strip()))).first()
        return User(**row._mapping) if row else None

    def users(self) -> list[User]:
        with self._reader.connect() as conn:
            return [User(**row._mapping) for row in conn.execute(sa.select(users).order_by(users.c.username))]

    def set_password(self, username: str, password_hash: str, *, who: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(users.update().where(users.c.username == username)
                                .values(password_hash=password_hash)).rowcount
            if not done:
                raise KeyError(f"no user {username!r}")
            self._log(conn, "set_password", who, None, {"username": username})

    def set_disabled(self, username: str, disabled: bool, *, who: str) -> None:
        """Disable (or enable again) a user; the account and its corrections are kept."""
        with self.engine.begin() as conn:
            done = conn.execute(users.update().where(users.c.username == username)
                                .values(disabled=disabled)).rowcount
            if not done:
                raise KeyError(f"no user {username!r}")
            self._log(conn, "disable_user" if disabled else "enable_user", who, None, {"username": username})

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _log(conn: Connection, action: str, who: str, doc_id: str | None, detail: Any) -> None:
        conn.execute(audit_log.insert().values(at=_now(), who=who, action=action, doc_id=doc_id,
                                               detail_json=_dump(detail) if detail is not None else None))

    @staticmethod
    def _info(conn: Connection, doc_id: str, lock: bool = False) -> DocumentInfo:
        query = sa.select(documents).where(documents.c.doc_id == doc_id)
        # PostgreSQL: lock the row so concurrent writers of one document queue up (SQLite's writer
        # already holds the database's write lock).
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise DocumentNotFound(doc_id)
        return DocumentInfo(**row._mapping)

    @staticmethod
    def _version_doc(conn: Connection, doc_id: str, version: int | None) -> Document:
        query = (sa.select(document_versions.c.document_json, document_versions.c.document_z)
                 .where(document_versions.c.doc_id == doc_id))
        if version is None:
            query = query.order_by(document_versions.c.seq.desc()).limit(1)
        else:
            query = query.where(document_versions.c.seq == version)
        row = conn.execute(query).first()
        if row is None:
            raise DocumentNotFound(doc_id if version is None else f"{doc_id} version {version}")
        return _unpack(*row)

    @staticmethod
    def _fixes(conn: Connection, doc_id: str) -> list[Correction]:
        query = sa.select(corrections).where(corrections.c.doc_id == doc_id).order_by(corrections.c.id)
        return [_correction(row._mapping) for row in conn.execute(query)]

    @staticmethod
    def _refresh_headline(conn: Connection, doc_id: str, record: dict[str, Any] | None) -> None:
        rec = record or {}
        conn.execute(documents.update().where(documents.c.doc_id == doc_id).values(
            doc_type=rec.get("doc_type"), title=rec.get("title"), issued_on=rec.get("issued_on")))

    def _record_dict(self, conn: Connection, info: DocumentInfo) -> dict[str, Any] | None:
        """The newest version's record, plain, with the field corrections applied."""
        payload = conn.execute(
            sa.select(records.c.record_json)
            .join(document_versions, document_versions.c.id == records.c.version_id)
            .where(document_versions.c.doc_id == info.doc_id,
                   document_versions.c.seq == info.current_version)).scalar()
        record = json.loads(payload) if payload is not None else None
        fixes = self._fixes(conn, info.doc_id)
        if record is not None and any(fix.kind == "word" for fix in fixes):
            # Corrected words change the fields read from them: the whole document is needed.
            doc = _apply(self._version_doc(conn, info.doc_id, None), fixes)[0]
            return to_dict(doc.record) if doc.record is not None else None
        _apply_fields(record, fixes)
        return record


def _correction(data: Any) -> Correction:
    """A correction from a row's mapping (or a dict of the same columns)."""
    return Correction(id=data["id"], doc_id=data["doc_id"], seq=data["seq"], kind=data["kind"],
                      target=data["target"], before=json.loads(data["before_json"]),
                      after=json.loads(data["after_json"]), who=data["who"], at=data["at"],
                      base_version=data["base_version"], undoes=data["undoes"], note=data["note"])
