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
def place_index() -> dict[str, list[tuple[str, ...]]]:
    """Base letters of a unit's name ("nam da") -> the names' syllables, lower case, in the lexicon's
    tone style ([("nam", "đà")])."""
    units = json.loads(UNITS_PATH.read_text(encoding="utf-8"))
    index: dict[str, list[tuple[str, ...]]] = {}
    for table in TABLES:
        for name in units[table]:
            # "Cai Lậy (Huyện)": the list tells homonyms apart in brackets, which no page prints.
            words = tuple(tone_style(w).lower() for w in name.split("(")[0].split())
            if not words or not all(w.isalpha() for w in words):
                continue
            key = " ".join(base_key(w) for w in words)
            if words not in index.setdefault(key, []):
                index[key].append(words)
    return index


def unit_name_at(printed: list[str]) -> list[tuple[str, ...]]:
    """The units' names the printed words spell, marks aside ("Phan Dung" -> [("phan", "dũng")])."""
    key = " ".join(base_key(tone_style(w).lower()) for w in printed)
    return place_index().get(key, [])


def unit_syllables() -> set[str]:
    """The syllables of the units' names written as only Vietnamese writes them, with a mark or a
    đ ("đắk", "lắk", "krông"), lower case; plain ASCII words ("plei", "ko", "al") are left out: as
    candidates they would stand for any short misread word."""
    return {w for names in place_index().values() for name in names for w in name
            if len(w) >= 2 and not w.isascii()}
