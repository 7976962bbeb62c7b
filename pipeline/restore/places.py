"""Names of administrative units as evidence for restoration (pipeline/admin_units.json).

A unit's name is no phrase the language model can know: "Phan Dũng" came out "Phần Dung", "Nam Đà"
came out "Nam Đa", "Điện Biên" came out "Diễn Biến" (a common phrase). Where the page says a unit's
name follows, after its kind ("xã Nam Đà", "HUYỆN PHÙ YÊN") or before the date of the place-and-date
line ("Phan Dũng, ngày 10 tháng 5"), words whose letters, marks aside, spell a unit's name are given
that name's syllables as candidates as cheap as the best the channel found, and a little cheaper.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pipeline.vietnamese import base_key, tone_style

UNITS_PATH = Path(__file__).resolve().parent.parent / "admin_units.json"
TABLES = ("provinces", "districts", "communes")


@lru_cache(maxsize=1)
def place_index() -> dict[str, dict[tuple[str, ...], frozenset[str]]]:
    """Base letters of a unit's name ("nam da") -> the names' syllables, lower case, in the lexicon's
    tone style (("nam", "đà")) -> the kinds of unit so named, as base letters ({"xa", "phuong"}), and
    the table that lists it ("@provinces")."""
    units = json.loads(UNITS_PATH.read_text(encoding="utf-8"))
    index: dict[str, dict[tuple[str, ...], frozenset[str]]] = {}
    for table in TABLES:
        for name, kinds in units[table].items():
            # "Cai Lậy (Huyện)": the list tells homonyms apart in brackets, which no page prints.
            words = tuple(tone_style(w).lower() for w in name.split("(")[0].split())
            if not words or not all(w.isalpha() for w in words):
                continue
            key = " ".join(base_key(w) for w in words)
            named = index.setdefault(key, {})
            listed = {base_key(k.lower()) for k in kinds} | {"@" + table}
            named[words] = named.get(words, frozenset()) | listed
    return index


def unit_name_at(printed: list[str], kind: str | None = None) -> list[tuple[str, ...]]:
    """The units' names the printed words spell, marks aside ("Phan Dung" -> [("phan", "dũng")]);
    with a unit's kind in base letters ("huyen"), only the names of units of that kind: after
    "HUYỆN", "HUONG HOA" is the district Hướng Hóa, not the commune Hương Hóa."""
    key = " ".join(base_key(tone_style(w).lower()) for w in printed)
    return [name for name, kinds in place_index().get(key, {}).items() if kind is None or kind in kinds]


def unit_syllables() -> set[str]:
    """The syllables of the units' names written as only Vietnamese writes them, with a mark or a
    đ ("đắk", "lắk", "krông"), lower case; plain ASCII words ("plei", "ko", "al") are left out: as
    candidates they would stand for any short misread word."""
    return {w for names in place_index().values() for name in names for w in name
            if len(w) >= 2 and not w.isascii()}
