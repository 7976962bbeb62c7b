"""The record's fields as the review form shows them (spec in record_form.json): which fields, their
labels and kinds, the value at a path, the text of an input, and a submitted text back to a value."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.document import DOC_TYPES, CampaignRecord, Document, Span, to_dict
from pipeline.extract.dates import parse_date
from pipeline.review.i18n import N_

SPEC = Path(__file__).resolve().parent / "record_form.json"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ITEM_PATH = re.compile(r"^([a-z_]+)\[(\d+)\]\.([a-z_]+)$")
PATH_PART = re.compile(r"([a-z_]+)|\[(\d+)\]")


class FieldValueError(ValueError):
    """A submitted value that the field cannot hold. `template` is the message for the catalogue
    (shown beside the field, in the reviewer's language), `params` its values."""

    def __init__(self, template: str, **params: str) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)

    def translated(self, gettext: Any) -> str:
        return gettext(self.template) % self.params


@dataclass(frozen=True)
class FieldSpec:
    path: str  # "title", "period.start", "commemorations[0].event"
    label: str
    kind: str  # text | long | date | int | lines | choice
    choices: tuple[str, ...] = ()
    group: str | None = None  # the list item it belongs to, e.g. "Commemoration 1"
    item: str | None = None  # that item's path, "commemorations[0]"
    new: bool = False  # a field of the blank item that adds one to the list

    @property
    def short_label(self) -> str:
        """The label within its list item's group."""
        return self.label.removeprefix(f"{self.group}: ") if self.group else self.label

    @property
    def top(self) -> str:
        """The record field the path starts in (where confidences and spans are kept)."""
        return PATH_PART.match(self.path)[0]  # type: ignore[index]


@dataclass(frozen=True)
class RecordForm:
    fields: tuple[FieldSpec, ...]
    lists: dict[str, tuple[str, tuple[FieldSpec, ...]]]  # list path -> (item label, item fields)

    def spec(self, path: str) -> FieldSpec | None:
        """The field at `path`, a fixed field or one of a list item's; None when the form has none."""
        fixed = next((f for f in self.fields if f.path == path), None)
        if fixed is not None:
            return fixed
        m = ITEM_PATH.match(path)
        if not m or m[1] not in self.lists:
            return None
        label, item_fields = self.lists[m[1]]
        sub = next((f for f in item_fields if f.path == m[3]), None)
        if sub is None:
            return None
        group = f"{label} {int(m[2]) + 1}"
        return FieldSpec(path, f"{group}: {sub.label}", sub.kind, sub.choices, group, f"{m[1]}[{m[2]}]")

    def fields_for(self, record: dict[str, Any] | None) -> list[FieldSpec]:
        """Every field of the form for this record: the fixed ones, then each list item's, then for
        each list a blank item that adds one when filled in."""
        specs = list(self.fields)
        for name, (label, item_fields) in self.lists.items():
            items = record.get(name) if record else None
            count = len(items) if isinstance(items, list) else 0
            for i in range(count):
                specs.extend(self.spec(f"{name}[{i}].{f.path}") for f in item_fields)  # type: ignore[misc]
            for f in item_fields:
                spec = self.spec(f"{name}[{count}].{f.path}")
                assert spec is not None
                specs.append(FieldSpec(spec.path, f"New {label.lower()}: {f.label}", f.kind, f.choices,
                                       f"New {label.lower()}", spec.item, new=True))
        return specs

    def list_label(self, name: str) -> str | None:
        return self.lists[name][0] if name in self.lists else None


@functools.cache
def record_form() -> RecordForm:
    data = json.loads(SPEC.read_text(encoding="utf-8"))

    def spec(entry: dict[str, Any], path: str) -> FieldSpec:
        choices = tuple(entry.get("choices", DOC_TYPES if path == "doc_type" else ()))
        return FieldSpec(path, entry["label"], entry["kind"], choices)

    fields = tuple(spec(e, e["path"]) for e in data["fields"])
    lists = {e["path"]: (e["label"], tuple(spec(f, f["name"]) for f in e["fields"])) for e in data["lists"]}
    return RecordForm(fields, lists)


def stored_value(record: dict[str, Any] | None, path: str) -> Any:
    """The value at a field path of a record (as `to_dict` gives it); None when absent."""
    value: Any = record
    for name, index in PATH_PART.findall(path):
        if name:
            value = value.get(name) if isinstance(value, dict) else None
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
    return value


def form_text(value: Any) -> str:
    """A field value as the text of its form input ('' when absent, one list item per line)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def to_value(spec: FieldSpec, text: str) -> Any:
    """A submitted text as the record holds it: None when blank, a list for `lines`, an int for
    `int`. FieldValueError when the field cannot hold it."""
    text = text.replace("\r\n", "\n").strip()
    if spec.kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    if not text:
        if spec.kind == "choice" and "" not in spec.choices:
            raise FieldValueError(N_("choose one of %(choices)s"), choices=", ".join(spec.choices))
        return None
    if spec.kind == "date":
        return to_date(text)
    if spec.kind == "int":
        if not text.isdigit():
            raise FieldValueError(N_("“%(value)s” is not a whole number"), value=text)
        return int(text)
    if spec.kind == "choice" and text not in spec.choices:
        raise FieldValueError(N_("must be one of %(choices)s"),
                              choices=", ".join(c for c in spec.choices if c))
    return text


def to_date(text: str) -> str:
    """A date as typed (2019-12-31, 31/12/2019, 31-12-2019, 31.12.2019, "ngày 31 tháng 12 năm 2019",
    with or without diacritics) as ISO; FieldValueError when it is none of these or no real day."""
    if ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldValueError(N_("“%(value)s” is not a real day"), value=text) from None
    found = parse_date(text)
    # The whole input must be the date: "31/12/2019 (?)" is not silently cut down to a date.
    if found is None or len(found.iso) != 10 or text[:found.start].strip() or text[found.end:].strip(" ."):
        raise FieldValueError(N_("“%(value)s” is not a date: write 31/12/2019, ngày 31 tháng 12 năm 2019 "
                                 "or 2019-12-31"), value=text)
    return found.iso


def same_text(a: str, b: str) -> bool:
    """Whether two input texts say the same (line ends and surrounding spaces aside)."""
    def normal(text: str) -> str:
        return "\n".join(line.strip() for line in text.replace("\r\n", "\n").strip().split("\n"))

    return normal(a) == normal(b)


# --------------------------------------------------------------------------- the form's view


@dataclass
class FieldView:
    spec: FieldSpec
    value: str
    before_json: str  # the value as stored, so a save can tell whether someone changed it meanwhile
    confidence: float | None
    sources: list[str]  # the text of each source span
    spans_json: str  # [[page, line, start, end], ...] for the page script
    error: str | None = None  # why the value typed here was refused


def field_views(doc: Document) -> list[FieldView]:
    record = doc.record
    stored = to_dict(record) if record is not None else None
    lines = {(p, i): line for p, i, line in doc.lines()}
    views = []
    for spec in record_form().fields_for(stored):
        spans = _spans_for(record, spec)
        sources = [lines[(s.page, s.line)].restored_text[s.start:s.end] for s in spans
                   if (s.page, s.line) in lines]
        confidence = None
        if record is not None:
            confidence = record.confidence.get(spec.path, record.confidence.get(spec.top))
        value = stored_value(stored, spec.path)
        views.append(FieldView(
            spec=spec, value=form_text(value), before_json=json.dumps(value, ensure_ascii=False),
            confidence=confidence, sources=sources,
            spans_json=json.dumps([[s.page, s.line, s.start, s.end] for s in spans]),
        ))
    return views


def _spans_for(record: CampaignRecord | None, spec: FieldSpec) -> list[Span]:
    if record is None:
        return []
    # Spans may be kept per field, per list item or per top-level field.
    item = spec.path.rpartition(".")[0] if spec.group else None
    for key in (spec.path, item, None if spec.group else spec.top):
        if key and key in record.spans:
            return record.spans[key]
    return []
