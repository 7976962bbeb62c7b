"""Datasets from the store: the tables of docs/datasets.md as Parquet, with CSV and JSONL twins.

One row per thing (document, section, campaign, commemoration, reward offered, award reported,
reference, recipient), every table joined by ``doc_id``; child tables are keyed by
(``doc_id``, ``position``), the thing's place in its document. Values are what users see: the newest
version of each document with the archivists' corrections applied. Every table carries the confidence
of its values (1.0 where an archivist corrected them).

Types are the analyst's: dates are dates (Parquet ``date32``), counts nullable integers (``Int64``),
``doc_type``, section ``kind`` and ``status`` categories. CSV and JSONL write dates as ISO text and
lists as JSON.

A crash never leaves a half-written file: each file is written under a temporary name and renamed into
place; ``export.json`` (the manifest: rows and SHA-256 of every file) is removed first and written last,
so its presence means the whole export is complete and consistent.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.document import DOC_TYPES, SECTION_KINDS, CampaignRecord, Document
from pipeline.store import (
    SCHEMA_VERSION,
    STATUSES,
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

STR, INT, FLOAT, DATE, CAT = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.dictionary(pa.int32(),
                                                                                               pa.string())
STR_LIST = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    categories: tuple[str, ...] = ()  # known values of a category column (others are kept too)


def _columns(*spec: tuple[str, pa.DataType] | Column) -> tuple[Column, ...]:
    return tuple(c if isinstance(c, Column) else Column(*c) for c in spec)


KEY = (("doc_id", STR), ("position", INT))
TABLES: dict[str, tuple[Column, ...]] = {
    "documents": _columns(
        ("doc_id", STR), ("source", STR), ("media_type", STR), Column("doc_type", CAT, DOC_TYPES),
        ("number", STR), ("symbol", STR), ("issuer", STR), ("issuer_header", STR), ("issuer_level", STR),
        ("place", STR), ("issued_on", DATE), ("title", STR), ("theme", STR), ("period_start", DATE),
        ("period_end", DATE), ("period_text", STR),
        ("signer_name", STR), ("signer_title", STR), ("signer_capacity", STR), ("pages", INT),
        ("words", INT), ("restored_confidence", FLOAT), Column("status", CAT, STATUSES), ("version", INT),
        ("pipeline_version", STR), ("model_version", STR), ("corrections", INT), ("confidence", FLOAT),
        *((f"confidence_{name}", FLOAT) for name in SCALAR_FIELDS),
    ),
    "sections": _columns(*KEY, Column("kind", CAT, SECTION_KINDS), ("heading", STR), ("text", STR),
                         ("items", STR_LIST), ("item_count", INT), ("confidence", FLOAT)),
    "campaigns": _columns(
        ("doc_id", STR), Column("doc_type", CAT, DOC_TYPES), ("title", STR), ("theme", STR), ("issuer", STR),
        ("issued_on", DATE), ("period_start", DATE), ("period_end", DATE), ("period_text", STR),
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


def document_rows(info: DocumentInfo, version: VersionInfo, doc: Document) -> dict[str, list[dict]]:
    """The rows every table gets from one document (its current form)."""
    rec = doc.record
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
    if rec is None:
        return tables
    period = rec.period
    signer = rec.signer
    row.update(
        doc_type=rec.doc_type, number=rec.number, symbol=rec.symbol, issuer=rec.issuer,
        issuer_header=rec.issuer_header, issuer_level=rec.issuer_level, place=rec.place,
        issued_on=_date(rec.issued_on), title=rec.title, theme=rec.theme,
        period_start=_date(period.start) if period else None,
        period_end=_date(period.end) if period else None, period_text=period.text if period else None,
        signer_name=signer.name if signer else None,
        signer_title=signer.title if signer else None, signer_capacity=signer.capacity if signer else None,
    )
    key = {"doc_id": doc.doc_id}
    if is_campaign(rec):
        start = row["period_start"] or row["issued_on"]
        tables["campaigns"].append({
            **key, "doc_type": rec.doc_type, "title": rec.title, "theme": rec.theme, "issuer": rec.issuer,
            "issued_on": row["issued_on"], "period_start": row["period_start"],
            "period_end": row["period_end"], "period_text": row["period_text"],
            "year": start.year if start else None, "commemorations": len(rec.commemorations),
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
        elif col.type in (DATE, STR_LIST):
            data[col.name] = pd.Series(values, dtype=object)
        else:
            data[col.name] = pd.Series(values, dtype="string")
    return pd.DataFrame(data)


def _arrow(name: str, df: pd.DataFrame) -> pa.Table:
    schema = pa.schema([pa.field(c.name, c.type) for c in TABLES[name]])
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def _text_value(value: Any) -> Any:
    """A value for JSONL: dates as ISO text."""
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
    """A temporary path to write; renamed to `path` only once writing finished."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        pause_for_crash_tests()
        os.replace(tmp, path)
    except OSError as exc:
        raise _about(exc, path) from exc
    finally:
        tmp.unlink(missing_ok=True)


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
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise _about(exc, path) from exc
    finally:
        tmp.unlink(missing_ok=True)


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


def up_to_date(out: Path, revision: int) -> dict[str, int] | None:
    """The tables of the export in `out` when it is complete and was made from this revision of the
    store with these columns, else None."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if (manifest.get("store_revision"), manifest.get("layout")) != (revision, layout()):
            return None
        if any((out / name).stat().st_size != entry["bytes"] for name, entry in manifest["files"].items()):
            return None
        return dict(manifest["tables"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def export(store: Store, out_dir: Path | str, *, per_document: bool = True, force: bool = False,
           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write every table (and, with `per_document`, each document's corrected `records/<doc_id>.json`
    and `restored/<doc_id>.txt`) under `out_dir`. Returns the rows written per table.

    Nothing is rewritten when `out_dir` already holds a complete export of the store as it is now
    (no write since: same revision), unless `force`: a resumed run with nothing new costs nothing."""
    out = Path(out_dir)
    # Read before the documents: a write landing during the export makes the next one redo it.
    revision = store.revision()
    if not force:
        done = up_to_date(out, revision)
        if done is not None:
            return done
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    # From here until the new manifest is written, the folder does not claim to be a complete export.
    (out / MANIFEST).unlink(missing_ok=True)
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for n, (info, version, doc) in enumerate(store.iter_current(), start=1):
        for name, rows in document_rows(info, version, doc).items():
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
                "tables": counts, "files": files}
    with _atomic(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts
