"""A record against its answer key, field by field (used by scripts/bench_extract.py and the tests).

Scalars are right when equal after NFC (and one tone-mark placement: "hoà" = "hòa"); lists are
compared as multisets of their items' key parts, by precision and recall, and right when both are 1.
A field that is not right is either *missing* (nothing given where the key has a value; for a list,
only right items given but not all of them) or *false* (a value given where the key says null, or a
wrong value; for a list, any item the key does not have): false values are the worst error, since the
record then asserts what the document does not say.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.vietnamese import fold, nfc

SCALARS = ("doc_type", "number", "symbol", "issuer", "issuer_header", "issuer_level", "place", "issued_on",
           "title", "theme",
           "period.start", "period.end", "period.text", "signer.name", "signer.title", "signer.capacity")
LISTS: dict[str, tuple[str, ...] | None] = {
    "commemorations": ("event", "start", "end", "years"),
    "sections": ("kind", "heading"),
    "rewards": ("form", "authority"),
    "awarded": ("form", "authority", "collectives", "individuals", "households", "others"),
    "references": ("kind", "number", "date", "issuer"),
    "recipients": None,
}
FIELDS = SCALARS + tuple(LISTS)

_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
              "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONES) + r")(?!\w)", re.IGNORECASE)


def norm(value: Any, folded: bool = False) -> Any:
    """The form values are compared in: NFC, one tone placement; `folded`: also without diacritics
    and case (to see what layout and rules get right whatever the words' restoration)."""
    if not isinstance(value, str):
        return value
    text = nfc(value)
    if folded:
        return " ".join(fold(text).lower().split())
    return _OLD_TONE_RE.sub(lambda m: _keep_case(m.group(0), _OLD_TONES[m.group(0).lower()]), text)


def _keep_case(original: str, new: str) -> str:
    return "".join(n.upper() if o.isupper() else n for o, n in zip(original, new, strict=True))


def _get(record: dict[str, Any], name: str) -> Any:
    value: Any = record
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _items(values: list[Any] | None, parts: tuple[str, ...] | None, folded: bool) -> Counter[Any]:
    if not values:
        return Counter()
    if parts is None:
        return Counter(norm(v, folded) for v in values)
    return Counter(tuple(norm(v.get(p), folded) for p in parts) for v in values)


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0
    false_values: int = 0  # a value where the key has none, or a wrong one
    missing: int = 0  # nothing (or only part of a list) where the key has a value
    invented: int = 0  # the false values given where the key has none at all
    tp: int = 0  # list items found and right
    found: int = 0  # list items given
    expected: int = 0  # list items in the keys

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Score:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    wrong: list[str] = field(default_factory=list)  # "doc: field: got ... want ..."
    folded: bool = False  # compare without diacritics and case

    def add(self, name: str, record: dict[str, Any], key: dict[str, Any]) -> None:
        for f in SCALARS:
            got, want = norm(_get(record, f), self.folded), norm(_get(key, f), self.folded)
            s = self.fields[f]
            s.total += 1
            s.right += got == want
            if got != want and got is None:
                s.missing += 1
            elif got != want:
                s.false_values += 1
                s.invented += want is None
            if got != want:
                self.wrong.append(f"{name}: {f}: got {got!r} want {want!r}")
        for f, parts in LISTS.items():
            got_items = _items(record.get(f), parts, self.folded)
            want_items = _items(key.get(f), parts, self.folded)
            s = self.fields[f]
            s.total += 1
            s.right += got_items == want_items
            s.tp += sum((got_items & want_items).values())
            s.found += sum(got_items.values())
            s.expected += sum(want_items.values())
            if got_items - want_items:
                s.false_values += 1
                s.invented += not want_items
            elif got_items != want_items:
                s.missing += 1
            if got_items != want_items:
                extra = list((got_items - want_items).elements())
                missing = list((want_items - got_items).elements())
                self.wrong.append(f"{name}: {f}: extra {extra} missing {missing}")

    @property
    def accuracy(self) -> float:
        right = sum(s.right for s in self.fields.values())
        total = sum(s.total for s in self.fields.values())
        return right / total if total else 1.0

    @property
    def false_values(self) -> int:
        return sum(s.false_values for s in self.fields.values())

    @property
    def invented(self) -> int:
        return sum(s.invented for s in self.fields.values())

    @property
    def missing(self) -> int:
        return sum(s.missing for s in self.fields.values())
