"""The reviewer's desk: what the review app asks of the store, in the app's words.

Opening a document, the list with its figures and filters, saving a reviewer's edits (each one a
correction row in the store, checked first against what others saved meanwhile), history and undo.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pipeline.document import DOC_TYPES, Document, to_dict
from pipeline.review.figures import FigureBook, Figures
from pipeline.review.i18n import N_
from pipeline.review.marks import Marks
from pipeline.review.record_form import record_form, stored_value
from pipeline.store import STATUSES, Correction, DocumentInfo, DocumentNotFound, Store, TargetNotFound
from pipeline.store import Conflict as StoreConflict

STATUS_LABELS = {"new": "new", "in_review": "in review", "reviewed": "reviewed"}
OPENED_CACHE = 32
WORD_TARGET = re.compile(r"^p(\d+)/([a-z_]+)/l(\d+)/w(\d+)$")

__all__ = ["STATUSES", "STATUS_LABELS", "Clash", "Conflict", "Desk", "EditError", "FieldEdit", "WordEdit"]


@dataclass(frozen=True)
class WordEdit:
    target: str  # the store's word target, "p1/ocr_vie/l3/w2"
    before: str  # the form the reviewer saw
    after: str


@dataclass(frozen=True)
class FieldEdit:
    path: str  # a field of the review form (record_form.json)
    before: Any  # the value the reviewer saw (JSON value)
    after: Any  # already checked and converted by record_form.to_value


@dataclass
class Clash:
    """One edit refused because what the reviewer saw is no longer what is stored."""

    kind: str  # word | field
    target: str
    label: str
    seen: Any
    mine: Any
    theirs: Any
    by: str | None = None
    at: str | None = None


class Conflict(Exception):
    def __init__(self, clashes: list[Clash], current_version: int, reason: str, saved: int = 0,
                 **params: Any) -> None:
        super().__init__(reason % params)
        self.clashes = clashes
        self.current_version = current_version
        self.reason = reason  # for the catalogue; `params` fill it in
        self.params = params
        self.saved = saved


class EditError(ValueError):
    """An edit that cannot be made at all (no such word, an invalid value)."""


class _Listed:
    info: DocumentInfo

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.info.status, self.info.status)


@dataclass
class Opened(_Listed):
    info: DocumentInfo
    doc: Document

    @property
    def version(self) -> int:
        return self.info.current_version


@dataclass
class Row(_Listed):
    info: DocumentInfo
    figures: Figures

    @property
    def issuer(self) -> str | None:
        return self.figures.issuer

    @property
    def title(self) -> str | None:
        return self.figures.title

    @property
    def year(self) -> str | None:
        return self.info.issued_on[:4] if self.info.issued_on else None

    def filter_value(self, name: str) -> str | None:
        if name in ("status", "doc_type"):
            return getattr(self.info, name)
        return self.year if name == "year" else self.issuer


@dataclass
class HistoryRow:
    correction: Correction
    label: str
    undone_by: int | None = None
    undoable: bool = False
    # A word's line as it reads now, around the word (the row shows before -> after between them).
    line_before: str = ""
    line_after: str = ""
    page: int | None = None  # the word's page, for the link to it


class Desk:
    def __init__(self, store: Store, threshold: float) -> None:
        self.store = store
        self.threshold = threshold
        self.marks = Marks(store)
        self.figures = FigureBook(store, threshold, self.marks.verified)
        # Opened documents, keyed by what changes them: a long document is read and corrected once,
        # not at every page a reviewer turns. And the list's rows, while the store is unchanged.
        self._opened: OrderedDict[tuple[str, int, int, str], Document] = OrderedDict()
        self._rows: tuple[int, list[Row]] | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ reading

    def open(self, doc_id: str) -> Opened | None:
        try:
            info = self.store.document_info(doc_id)
            key = (doc_id, info.current_version, info.corrections, info.updated_at)
            with self._lock:
                doc = self._opened.get(key)
                if doc is not None:
                    self._opened.move_to_end(key)
            if doc is None:
                doc = self.store.current_document(doc_id)
                with self._lock:
                    self._opened[key] = doc
                    while len(self._opened) > OPENED_CACHE:
                        self._opened.popitem(last=False)
            return Opened(info, doc)
        except DocumentNotFound:
            return None

    def rows(self) -> list[Row]:
        revision = self.store.revision()
        cached = self._rows
        if cached is not None and cached[0] == revision:
            return cached[1]
        infos = self.store.list_documents()
        figures = self.figures.for_documents(infos)
        rows = [Row(info, figures[info.doc_id]) for info in infos]
        self._rows = (revision, rows)
        return rows

    def prepare(self) -> tuple[int, int]:
        """Measure now every document the list has no fresh figures for (a first run over a large
        store reads every document once). Returns (documents, measured now)."""
        infos = self.store.list_documents()
        return len(infos), self.figures.refresh(infos)[1]

    def listing(self, status: str | None = None, doc_type: str | None = None, year: str | None = None,
                issuer: str | None = None) -> tuple[list[Row], dict[str, list[str]]]:
        """The documents matching every filter given, the least sure first, and the values each
        filter can take (over all documents)."""
        every = self.rows()
        facets = {
            "doc_type": [t for t in DOC_TYPES if any(r.info.doc_type == t for r in every)],
            "year": sorted({r.year for r in every if r.year}, reverse=True),
            "issuer": sorted({r.issuer for r in every if r.issuer}),
        }
        wanted = {"status": status, "doc_type": doc_type, "year": year, "issuer": issuer}
        rows = [r for r in every if all(v is None or r.filter_value(k) == v for k, v in wanted.items())]
        rows.sort(key=lambda r: (r.figures.lowest is None, r.figures.lowest or 0.0, -r.figures.doubtful,
                                 r.info.source))
        return rows, facets

    # ------------------------------------------------------------------ saving

    def save(self, doc_id: str, who: str, base_version: int, words: list[WordEdit],
             fields: list[FieldEdit]) -> tuple[int, int]:
        """Write each edit as a correction, and mark each word accepted as it is verified (not a
        correction: nothing changed). Nothing is written when any edit's `before` is no longer what is
        stored (someone saved meanwhile): `Conflict` then lists each clash with both values.
        Returns the number of corrections written and of words verified."""
        opened = self.open(doc_id)
        if opened is None:
            raise EditError(f"no document {doc_id}")
        words = [_checked_word(w) for w in words]
        clashes = self._clashes(opened, words, fields)
        if base_version != opened.version:
            raise Conflict(clashes or [], opened.version,
                           N_("The document was processed again (version %(new)s) after you opened version "
                              "%(old)s."), new=opened.version, old=base_version)
        if clashes:
            raise Conflict(clashes, opened.version, N_("Someone else saved changes to this document after "
                                                       "you opened it."))
        accepted = {w.target: w.after for w in words if w.after == w.before}
        edits: list[tuple[str, str, Any, Any]] = [("word", w.target, w.after, w.before) for w in words
                                                  if w.after != w.before]
        edits += [("field", path, after, before) for path, before, after in _field_writes(opened.doc, fields)]
        try:
            # One transaction: every edit is written, or none (two reviewers racing never leave a save
            # half written).
            written = (self.store.correct_all(doc_id, edits, who=who, base_version=base_version)
                       if edits else [])
        except StoreConflict as exc:
            again = self.open(doc_id)
            late = self._clashes(again, words, fields) if again is not None else []
            if not late:
                late = [self._clash(doc_id, "word" if WORD_TARGET.match(exc.target) else "field", exc.target,
                                    exc.before, exc.attempted, exc.current)]
            raise Conflict(late, again.version if again else opened.version,
                           N_("Someone else saved the same words or fields while you were saving.")) from exc
        except (TargetNotFound, ValueError) as exc:
            raise EditError(str(exc)) from exc
        self.marks.verify(doc_id, accepted, who)
        return len(written), len(accepted)

    def _clashes(self, opened: Opened, words: list[WordEdit], fields: list[FieldEdit]) -> list[Clash]:
        doc_id = opened.info.doc_id
        record = to_dict(opened.doc.record) if opened.doc.record is not None else None
        clashes = []
        for w in words:
            current = word_value(opened.doc, w.target)
            if current is None:
                raise EditError(f"no word {w.target} in document {doc_id}")
            if current != w.before:
                clashes.append(self._clash(doc_id, "word", w.target, w.before, w.after, current))
        for f in fields:
            # Checked before anything is written, so a save is never left half done.
            if record is None:
                raise EditError(f"document {doc_id} has no record to correct")
            if "[" in f.path and not isinstance(stored_value(record, f.path.rpartition(".")[0]), dict):
                raise EditError(f"the record has no {target_label('field', f.path)}")
            current = stored_value(record, f.path)
            if current != f.before:
                clashes.append(self._clash(doc_id, "field", f.path, f.before, f.after, current))
        return clashes

    def _clash(self, doc_id: str, kind: str, target: str, seen: Any, mine: Any, theirs: Any) -> Clash:
        last = next((c for c in reversed(self.store.corrections(doc_id))
                     if c.kind == kind and c.target == target), None)
        return Clash(kind, target, target_label(kind, target), seen, mine, theirs,
                     last.who if last else None, last.at if last else None)

    def set_status(self, doc_id: str, status: str, who: str) -> None:
        self.store.set_status(doc_id, status, who=who)

    # ------------------------------------------------------------------ history

    def history(self, doc_id: str, me: str, is_admin: bool, doc: Document | None = None) -> list[HistoryRow]:
        fixes = self.store.corrections(doc_id)
        undone_by = {c.undoes: c.id for c in fixes if c.undoes is not None}
        rows = []
        for c in fixes:
            row = HistoryRow(c, target_label(c.kind, c.target), undone_by=undone_by.get(c.id))
            row.undoable = row.undone_by is None and (is_admin or c.who == me)
            m = WORD_TARGET.match(c.target) if c.kind == "word" else None
            if m and doc is not None:
                row.page = int(m[1])
                row.line_before, row.line_after = _around(doc, row.page, m[2], int(m[3]), int(m[4]))
            rows.append(row)
        return rows

    def undo(self, doc_id: str, correction_id: int, who: str, is_admin: bool) -> None:
        try:
            fix = self.store.correction(correction_id)
        except KeyError as exc:
            raise EditError(f"no correction {correction_id}") from exc
        if fix.doc_id != doc_id:
            raise EditError(f"correction {correction_id} is not one of document {doc_id}")
        if fix.who != who and not is_admin:
            raise EditError("only an admin may undo someone else's correction")
        if any(c.undoes == correction_id for c in self.store.corrections(doc_id)):
            raise EditError(f"correction {correction_id} is already undone")
        try:
            self.store.undo(correction_id, who=who)
        except StoreConflict as exc:
            clash = self._clash(doc_id, fix.kind, fix.target, fix.after, fix.before, exc.current)
            raise Conflict([clash], self.store.document_info(doc_id).current_version,
                           N_("This value was changed again after that correction: undo the later "
                              "change first.")) from exc


# --------------------------------------------------------------------------- values and labels


def word_value(doc: Document, target: str) -> str | None:
    """The restored form users see at a word target, None when there is no such word."""
    m = WORD_TARGET.match(target)
    if not m:
        return None
    page_no, kind, line_no, word_no = int(m[1]), m[2], int(m[3]), int(m[4])
    for page in doc.pages:
        reading = page.main if kind == "main" else page.reading(kind)  # type: ignore[arg-type]
        if page.number == page_no and reading is not None:
            if line_no < len(reading.lines) and word_no < len(reading.lines[line_no].words):
                return reading.lines[line_no].words[word_no].best
    return None


def _around(doc: Document, page_no: int, kind: str, line_no: int, word_no: int) -> tuple[str, str]:
    """The text of a word's line before and after the word, as it reads now."""
    for page in doc.pages:
        reading = page.main if kind == "main" else page.reading(kind)  # type: ignore[arg-type]
        if page.number == page_no and reading is not None and line_no < len(reading.lines):
            line = reading.lines[line_no]
            offsets = line.word_offsets(restored=True)
            if word_no < len(offsets):
                text = line.restored_text
                start, end = offsets[word_no]
                return text[:start], text[end:]
    return "", ""


def target_label(kind: str, target: str) -> str:
    if kind == "word":
        m = WORD_TARGET.match(target)
        if m:
            return f"word {int(m[4]) + 1} of line {int(m[3]) + 1}, page {m[1]}"
    spec = record_form().spec(target)
    return spec.label if spec is not None else target


def _checked_word(edit: WordEdit) -> WordEdit:
    after = edit.after.strip()
    if not after or any(c.isspace() for c in after):
        raise EditError(f"a word correction is one word, without spaces: {edit.after!r}")
    if not WORD_TARGET.match(edit.target):
        raise EditError(f"not a word: {edit.target!r}")
    return WordEdit(edit.target, edit.before, after)


def _field_writes(doc: Document, fields: list[FieldEdit]) -> list[tuple[str, Any, Any]]:
    """(path, before, after) for the store. A part of an absent period or signer is written as the
    whole part (the store sets existing fields only), the edits of one part merged."""
    record = to_dict(doc.record) if doc.record is not None else {}
    writes: list[tuple[str, Any, Any]] = []
    created: dict[str, dict[str, Any]] = {}
    for edit in fields:
        parent, _, child = edit.path.partition(".")
        if child and "[" not in parent and record.get(parent) is None:
            created.setdefault(parent, {})[child] = edit.after
        else:
            writes.append((edit.path, edit.before, edit.after))
    for parent, values in created.items():
        if any(v is not None for v in values.values()):
            whole = _empty_part(parent)
            whole.update(values)
            writes.append((parent, None, whole))
    return writes


def _empty_part(parent: str) -> dict[str, Any]:
    return {f.path.partition(".")[2]: None for f in record_form().fields if f.path.startswith(parent + ".")}


# --------------------------------------------------------------------------- versions


@dataclass
class VersionDiff:
    seq: int
    previous: int | None
    pipeline_version: str
    created_at: str
    parts: list[tuple[str, str, str]]  # (equal | replace | delete | insert, old words, new words)
    cer: float | None  # character error rate of the new text against the previous one
    changed_words: int


def version_diff(store: Store, doc_id: str, seq: int) -> VersionDiff:
    """What pipeline version `seq` changed in the restored text against the version before it (as the
    pipeline made them, corrections aside): a word diff and its CER."""
    import difflib

    from rapidfuzz.distance import Levenshtein

    versions = {v.seq: v for v in store.versions(doc_id)}
    if seq not in versions:
        raise DocumentNotFound(f"{doc_id} version {seq}")
    new_text = store.document(doc_id, seq).restored_text
    previous = max((s for s in versions if s < seq), default=None)
    old_text = store.document(doc_id, previous).restored_text if previous is not None else ""
    old, new = old_text.split(), new_text.split()
    parts: list[tuple[str, str, str]] = []
    changed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        parts.append((tag, " ".join(old[i1:i2]), " ".join(new[j1:j2])))
        if tag != "equal":
            changed += max(i2 - i1, j2 - j1)
    cer = None
    if previous is not None and old_text:
        cer = Levenshtein.distance(old_text, new_text) / len(old_text)
    info = versions[seq]
    return VersionDiff(seq, previous, info.pipeline_version, info.created_at, parts, cer, changed)
