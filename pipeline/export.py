"""Datasets from the store: the tables of docs/datasets.md as Parquet, with CSV and JSONL twins.

One row per thing (document, section, campaign, commemoration, reward offered, award reported,
reference, recipient, correction, and each document's quality figures), every table joined by
``doc_id``; child tables are keyed by (``doc_id``, ``position``), the thing's place in its document.
Values are what users see: the newest version of each document with the archivists' corrections
applied. Every table carries the confidence of its values (1.0 where an archivist corrected them).

Types are the analyst's: dates are Parquet timestamps (``timestamp[ms]``, midnight) so that a plain
``pd.read_parquet`` gives ``datetime64`` columns (``date32`` would load as Python objects), the moments
of corrections UTC timestamps, counts nullable integers (``Int64``), ``doc_type``, section ``kind``,
``status`` and correction ``kind`` categories. CSV and JSONL write dates as ISO text and lists as JSON.

A crash never leaves a half-written file: each file is written under a temporary name and renamed into
place; ``export.json`` (the manifest: rows and SHA-256 of every file) is removed first and written last,
so its presence means the whole export is complete and consistent.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.document import DOC_TYPES, SECTION_KINDS, CampaignRecord, Document
from pipeline.files import atomic_path
from pipeline.store import (
    SCHEMA_VERSION,
    STATUSES,
    Correction,
    DocumentInfo,
    Store,
    VersionInfo,
    pause_for_crash_tests,
)

MANIFEST = "export.json"
FORMATS = ("parquet", "csv", "jsonl")

# Document types that launch or plan a campaign; other documents are campaigns only when their record
# states a campaign's theme, period or commemorations.
CAMPAIGN_TYPES = ("phat_dong", "ke_hoach")
# Record fields with one value per document, each with its confidence column in `documents`.
SCALAR_FIELDS = ("doc_type", "number", "symbol", "issuer", "place", "issued_on", "title", "theme", "period",
                 "signer")

# A word (and a field) restored or read with less confidence than this is doubtful: the review app's
# default, so that the quality table and the review app's document list agree.
DOUBT_THRESHOLD = 0.8
# Canonical issuer columns, as many as the record has: `issuer` (the canonical short form, or as
# extracted while extraction gives no canonical form), `issuer_header` (as printed), `issuer_level`.
# When the record gains the last two (extraction's canonical issuers) they become columns of
# `documents` and `campaigns` with no change here; docs/datasets.md documents them already.
ISSUER_FIELDS = tuple(name for name in ("issuer", "issuer_header", "issuer_level")
                      if name in {f.name for f in fields(CampaignRecord)})
ISSUER_LEVELS = ("tinh", "huyen", "xa", "so", "ban", "other")

STR, INT, FLOAT, CAT = pa.string(), pa.int64(), pa.float64(), pa.dictionary(pa.int32(), pa.string())
# Dates as timestamps at midnight: pandas loads Parquet date32 as `datetime.date` objects, timestamps as
# datetime64 (`.dt` works, comparing with "2020-01-01" works). Milliseconds cover years 1 to 9999.
DATE = pa.timestamp("ms")
MOMENT = pa.timestamp("ms", tz="UTC")
STR_LIST = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    categories: tuple[str, ...] = ()  # known values of a category column (others are kept too)


def _columns(*spec: tuple[str, pa.DataType] | Column) -> tuple[Column, ...]:
    return tuple(c if isinstance(c, Column) else Column(*c) for c in spec)


KEY = (("doc_id", STR), ("position", INT))
KINDS = ("word", "field")
_WORD_PAGE = re.compile(r"^p(\d+)/")
_FIELD_NAME = re.compile(r"^[A-Za-z_]\w*")


def _issuer_columns() -> tuple[Column, ...]:
    return tuple(Column(name, CAT, ISSUER_LEVELS) if name == "issuer_level" else Column(name, STR)
                 for name in ISSUER_FIELDS)


TABLES: dict[str, tuple[Column, ...]] = {
    "documents": _columns(
        ("doc_id", STR), ("source", STR), ("media_type", STR), Column("doc_type", CAT, DOC_TYPES),
        ("number", STR), ("symbol", STR), *_issuer_columns(), ("place", STR), ("issued_on", DATE),
        ("title", STR), ("theme", STR), ("period_start", DATE), ("period_end", DATE), ("period_text", STR),
        ("signer_name", STR), ("signer_title", STR), ("signer_capacity", STR), ("pages", INT),
        ("words", INT), ("restored_confidence", FLOAT), Column("status", CAT, STATUSES), ("version", INT),
        ("pipeline_version", STR), ("model_version", STR), ("corrections", INT), ("confidence", FLOAT),
        *((f"confidence_{name}", FLOAT) for name in SCALAR_FIELDS),
    ),
    "sections": _columns(*KEY, Column("kind", CAT, SECTION_KINDS), ("heading", STR), ("text", STR),
                         ("items", STR_LIST), ("item_count", INT), ("confidence", FLOAT)),
    "campaigns": _columns(
        ("doc_id", STR), Column("doc_type", CAT, DOC_TYPES), ("title", STR), ("theme", STR),
        *_issuer_columns(), ("issued_on", DATE), ("period_start", DATE), ("period_end", DATE),
        ("period_text", STR),
        ("year", INT), ("commemorations", INT), ("confidence", FLOAT), ("confidence_title", FLOAT),
        ("confidence_theme", FLOAT), ("confidence_period", FLOAT),
    ),
    "commemorations": _columns(*KEY, ("event", STR), ("start", DATE), ("end", DATE), ("years", INT),
                               ("confidence", FLOAT)),
    "rewards": _columns(*KEY, ("form", STR), ("authority", STR), ("recipients", STR), ("criteria", STR),
                        ("confidence", FLOAT)),
    "awarded": _columns(*KEY, ("form", STR), ("authority", STR), ("collectives", INT), ("individuals", INT),
                        ("households", INT), ("others", INT), ("confidence", FLOAT)),
    "references": _columns(*KEY, ("kind", STR), ("number", STR), ("date", DATE), ("issuer", STR),
                           ("confidence", FLOAT)),
    "recipients": _columns(*KEY, ("recipient", STR), ("confidence", FLOAT)),
    "corrections": _columns(
        ("doc_id", STR), ("position", INT), ("correction_id", INT), Column("kind", CAT, KINDS),
        ("target", STR), ("field", STR), ("page", INT), ("before", STR), ("after", STR), ("who", STR),
        ("at", MOMENT), ("base_version", INT), ("undoes", INT), ("note", STR),
    ),
    "document_quality": _columns(
        ("doc_id", STR), ("pages", INT), ("words", INT), ("doubtful_words", INT), ("doubtful_share", FLOAT),
        ("doubt_threshold", FLOAT), ("mean_word_confidence", FLOAT), ("fields_missing", INT),
        ("missing_fields", STR_LIST), ("fields_doubtful", INT), ("doubtful_fields", STR_LIST),
        ("corrections", INT), ("corrected_words", INT), ("corrected_fields", INT),
        ("last_corrected_at", MOMENT), Column("status", CAT, STATUSES), ("version", INT),
        ("pipeline_version", STR), ("model_version", STR),
    ),
}


# --------------------------------------------------------------------------- rows


def _date(value: str | None) -> date | None:
    """An ISO date, or None for a missing or malformed one (the record's rule: never a guess)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def is_campaign(rec: CampaignRecord) -> bool:
    return rec.doc_type in CAMPAIGN_TYPES or bool(rec.theme or rec.period or rec.commemorations)


def _moment(value: str | None) -> datetime | None:
    """A stored ISO moment (with its UTC offset) as an aware datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _as_text(value: Any) -> str | None:
    """A correction's value as one text cell: a word or text field as it is, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _standing(fixes: list[Correction], kind: str) -> int:
    """How many words (or fields) the archivists changed: targets whose newest value differs from the
    one before their first correction (a correction undone, or put back by hand, does not count)."""
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    for fix in fixes:
        if fix.kind == kind:
            first.setdefault(fix.target, fix.before)
            last[fix.target] = fix.after
    return sum(1 for target, value in last.items() if value != first[target])


def _present(value: Any) -> bool:
    return value is not None and value != [] and value != ""


def correction_rows(fixes: list[Correction]) -> list[dict]:
    rows = []
    for i, fix in enumerate(fixes):
        word = _WORD_PAGE.match(fix.target) if fix.kind == "word" else None
        rows.append({
            "doc_id": fix.doc_id, "position": i, "correction_id": fix.id, "kind": fix.kind,
            "target": fix.target, "field": _FIELD_NAME.match(fix.target)[0] if fix.kind == "field" else None,
            "page": int(word[1]) if word else None, "before": _as_text(fix.before),
            "after": _as_text(fix.after),
            "who": fix.who, "at": _moment(fix.at), "base_version": fix.base_version, "undoes": fix.undoes,
            "note": fix.note,
        })
    return rows


def quality_row(info: DocumentInfo, version: VersionInfo, doc: Document, fixes: list[Correction],
                threshold: float) -> dict[str, Any]:
    """How far to trust one document: its doubtful words, its missing and doubtful fields, how much of
    it archivists corrected, and what made it."""
    rec = doc.record
    words = [w for _, _, line in doc.lines() for w in line.words]
    doubtful = sum(1 for w in words if w.confidence is not None and w.confidence < threshold)
    plain = rec.to_json_dict() if rec else {}
    missing = [name for name in SCALAR_FIELDS if not _present(plain.get(name))]
    conf = rec.confidence if rec else {}
    unsure = [name for name, value in conf.items() if value < threshold and _present(plain.get(name))]
    moments = [m for m in (_moment(f.at) for f in fixes) if m is not None]
    return {
        "doc_id": doc.doc_id, "pages": doc.page_count if doc.page_count is not None else len(doc.pages),
        "words": len(words), "doubtful_words": doubtful,
        "doubtful_share": doubtful / len(words) if words else None,
        "doubt_threshold": threshold, "mean_word_confidence": _mean([w.confidence for w in words]),
        "fields_missing": len(missing), "missing_fields": missing, "fields_doubtful": len(unsure),
        "doubtful_fields": sorted(unsure), "corrections": info.corrections,
        "corrected_words": _standing(fixes, "word"), "corrected_fields": _standing(fixes, "field"),
        "last_corrected_at": max(moments) if moments else None, "status": info.status,
        "version": info.current_version, "pipeline_version": version.pipeline_version,
        "model_version": version.model_version,
    }


def campaign_year(period_start: date | None, period_end: date | None, issued_on: date | None) -> int | None:
    """The year a campaign belongs to: its period's, else (no period dates) its document's date's."""
    known = period_start or period_end or issued_on
    return known.year if known else None


def document_rows(info: DocumentInfo, version: VersionInfo, doc: Document,
                  fixes: list[Correction] | None = None,
                  threshold: float = DOUBT_THRESHOLD) -> dict[str, list[dict]]:
    """The rows every table gets from one document (its current form) and its corrections."""
    rec = doc.record
    fixes = fixes or []
    words = [w for _, _, line in doc.lines() for w in line.words]
    conf = rec.confidence if rec else {}
    row: dict[str, Any] = {
        "doc_id": doc.doc_id, "source": doc.source, "media_type": doc.media_type,
        "pages": doc.page_count if doc.page_count is not None else len(doc.pages), "words": len(words),
        "restored_confidence": _mean([w.confidence for w in words]), "status": info.status,
        "version": info.current_version, "pipeline_version": version.pipeline_version,
        "model_version": version.model_version,
        "corrections": info.corrections, "confidence": _mean(list(conf.values())),
        **{f"confidence_{name}": conf.get(name) for name in SCALAR_FIELDS},
    }
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    tables["documents"].append(row)
    tables["corrections"] = correction_rows(fixes)
    tables["document_quality"].append(quality_row(info, version, doc, fixes, threshold))
    if rec is None:
        return tables
    period = rec.period
    signer = rec.signer
    row.update(
        doc_type=rec.doc_type, number=rec.number, symbol=rec.symbol, place=rec.place,
        **{name: getattr(rec, name) for name in ISSUER_FIELDS},
        issued_on=_date(rec.issued_on), title=rec.title, theme=rec.theme,
        period_start=_date(period.start) if period else None,
        period_end=_date(period.end) if period else None, period_text=period.text if period else None,
        signer_name=signer.name if signer else None,
        signer_title=signer.title if signer else None, signer_capacity=signer.capacity if signer else None,
    )
    key = {"doc_id": doc.doc_id}
    if is_campaign(rec):
        tables["campaigns"].append({
            **key, "doc_type": rec.doc_type, "title": rec.title, "theme": rec.theme,
            **{name: row[name] for name in ISSUER_FIELDS},
            "issued_on": row["issued_on"], "period_start": row["period_start"],
            "period_end": row["period_end"], "period_text": row["period_text"],
            "year": campaign_year(row["period_start"], row["period_end"], row["issued_on"]),
            "commemorations": len(rec.commemorations),
            "confidence": _mean([conf.get(f) for f in ("title", "theme", "period")]),
            "confidence_title": conf.get("title"), "confidence_theme": conf.get("theme"),
            "confidence_period": conf.get("period"),
        })
    for i, s in enumerate(rec.sections):
        tables["sections"].append({**key, "position": i, "kind": s.kind, "heading": s.heading, "text": s.text,
                                   "items": list(s.items), "item_count": len(s.items),
                                   "confidence": conf.get("sections")})
    for i, c in enumerate(rec.commemorations):
        tables["commemorations"].append({**key, "position": i, "event": c.event, "start": _date(c.start),
                                         "end": _date(c.end), "years": c.years,
                                         "confidence": conf.get("commemorations")})
    for i, r in enumerate(rec.rewards):
        tables["rewards"].append({**key, "position": i, "form": r.form, "authority": r.authority,
                                  "recipients": r.recipients, "criteria": r.criteria,
                                  "confidence": conf.get("rewards")})
    for i, a in enumerate(rec.awarded):
        tables["awarded"].append({**key, "position": i, "form": a.form, "authority": a.authority,
                                  "collectives": a.collectives, "individuals": a.individuals,
                                  "households": a.households, "others": a.others,
                                  "confidence": conf.get("awarded")})
    for i, ref in enumerate(rec.references):
        tables["references"].append({**key, "position": i, "kind": ref.kind, "number": ref.number,
                                     "date": _date(ref.date), "issuer": ref.issuer,
                                     "confidence": conf.get("references")})
    for i, name in enumerate(rec.recipients):
        tables["recipients"].append({**key, "position": i, "recipient": name,
                                     "confidence": conf.get("recipients")})
    return tables


# --------------------------------------------------------------------------- frames and files


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table's rows as a DataFrame with the analyst's dtypes."""
    data: dict[str, Any] = {}
    for col in TABLES[name]:
        values = [r.get(col.name) for r in rows]
        if col.type == INT:
            data[col.name] = pd.array(values, dtype="Int64")
        elif col.type == FLOAT:
            data[col.name] = pd.array(values, dtype="Float64").astype("float64")
        elif col.type == CAT:
            seen = sorted({v for v in values if v is not None} - set(col.categories))
            data[col.name] = pd.Categorical(values, categories=[*col.categories, *seen])
        elif col.type == DATE:
            data[col.name] = pd.Series(pd.to_datetime(pd.Series(values, dtype=object)),
                                       dtype="datetime64[ms]")
        elif col.type == MOMENT:
            data[col.name] = pd.Series(pd.to_datetime(pd.Series(values, dtype=object), utc=True),
                                       dtype="datetime64[ms, UTC]")
        elif col.type == STR_LIST:
            data[col.name] = pd.Series(values, dtype=object)
        else:
            data[col.name] = pd.Series(values, dtype="string")
    return pd.DataFrame(data)


def _arrow(name: str, df: pd.DataFrame) -> pa.Table:
    schema = pa.schema([pa.field(c.name, c.type) for c in TABLES[name]])
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def _text_value(value: Any) -> Any:
    """A value for JSONL: dates as ISO text (`YYYY-MM-DD`), moments as ISO text with their offset."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_value(value: Any) -> Any:
    """A value for CSV: missing as an empty cell, dates as ISO text, lists as JSON."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return _text_value(value)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """files.atomic_path, with an error named after the file the user asked for."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
            pause_for_crash_tests()
    except OSError as exc:
        raise _about(exc, path) from exc


def _about(exc: OSError, path: Path) -> OSError:
    """The error named after the file the user asked for, not its temporary twin."""
    return OSError(exc.errno, exc.strerror or " ".join(str(exc).split()) or type(exc).__name__, str(path))


def _write_table(out: Path, name: str, rows: list[dict]) -> list[Path]:
    df = frame(name, rows)
    written = []
    with _atomic(out / f"{name}.parquet") as tmp:
        pq.write_table(_arrow(name, df), tmp, compression="zstd")
    written.append(out / f"{name}.parquet")
    names = [c.name for c in TABLES[name]]
    with _atomic(out / f"{name}.csv") as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            for r in rows:
                writer.writerow([_csv_value(r.get(n)) for n in names])
    written.append(out / f"{name}.csv")
    with _atomic(out / f"{name}.jsonl") as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({n: _text_value(r.get(n)) for n in names}, ensure_ascii=False) + "\n")
    written.append(out / f"{name}.jsonl")
    return written


def _write_if_changed(path: Path, text: str) -> None:
    """Per-document files: rewritten (atomically) only when their content changed, so re-exporting a
    large archive touches only what corrections or new versions changed."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    with _atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def record_json(rec: CampaignRecord) -> str:
    """A record as published in `records/<doc_id>.json` (the batch runner writes the same form)."""
    return json.dumps(rec.to_json_dict(), ensure_ascii=False, indent=2) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def layout() -> str:
    """A digest of the tables' columns and types: an export made with other columns is redone."""
    spec = [(name, [(c.name, str(c.type)) for c in columns]) for name, columns in TABLES.items()]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:12]


def up_to_date(out: Path, revision: int, threshold: float = DOUBT_THRESHOLD) -> dict[str, int] | None:
    """The tables of the export in `out` when it is complete and was made from this revision of the
    store with these columns and this doubt threshold, else None."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        made = (manifest.get("store_revision"), manifest.get("layout"), manifest.get("doubt_threshold"))
        if made != (revision, layout(), threshold):
            return None
        if any((out / name).stat().st_size != entry["bytes"] for name, entry in manifest["files"].items()):
            return None
        return dict(manifest["tables"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def export(store: Store, out_dir: Path | str, *, per_document: bool = True, force: bool = False,
           progress: Callable[[int], None] | None = None,
           threshold: float = DOUBT_THRESHOLD) -> dict[str, int]:
    """Write every table (and, with `per_document`, each document's corrected `records/<doc_id>.json`
    and `restored/<doc_id>.txt`) under `out_dir`. Returns the rows written per table.

    Nothing is rewritten when `out_dir` already holds a complete export of the store as it is now
    (no write since: same revision), unless `force`: a resumed run with nothing new costs nothing.
    `threshold`: words and fields less sure than this count as doubtful in `document_quality`."""
    out = Path(out_dir)
    # Read before the documents: a write landing during the export makes the next one redo it.
    revision = store.revision()
    if not force:
        done = up_to_date(out, revision, threshold)
        if done is not None:
            return done
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    # From here until the new manifest is written, the folder does not claim to be a complete export.
    (out / MANIFEST).unlink(missing_ok=True)
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    # Corrections are people's work, a few per document: all of them fit in memory.
    fixes: dict[str, list[Correction]] = {}
    for fix in store.corrections():
        fixes.setdefault(fix.doc_id, []).append(fix)
    for n, (info, version, doc) in enumerate(store.iter_current(), start=1):
        for name, rows in document_rows(info, version, doc, fixes.get(doc.doc_id, []), threshold).items():
            tables[name].extend(rows)
        if per_document:
            if doc.record is not None:
                _write_if_changed(out / "records" / f"{doc.doc_id}.json", record_json(doc.record))
            _write_if_changed(out / "restored" / f"{doc.doc_id}.txt", doc.restored_text + "\n")
        if progress:
            progress(n)
    files: dict[str, dict[str, Any]] = {}
    for name, rows in tables.items():
        for path in _write_table(out, name, rows):
            files[path.name] = {"table": name, "rows": len(rows), "bytes": path.stat().st_size,
                                "sha256": _sha256(path)}
    counts = {name: len(rows) for name, rows in tables.items()}
    manifest = {"exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "decree": __version__,
                "schema_version": SCHEMA_VERSION, "store_revision": revision, "layout": layout(),
                "doubt_threshold": threshold,
                "tables": counts, "files": files}
    with _atomic(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts
