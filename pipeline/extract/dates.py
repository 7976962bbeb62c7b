"""The one parser of the date forms Vietnamese administrative documents use.

    ngày 25 tháng 12 năm 2019      25/12/2019   25-12-2019   25.12.2019
    ngày 28 tháng 7/năm 2025       (a slash OCR reads into the long form)
    tháng 01/2020   tháng 01 năm 2020   01/2020 (after "tháng")
    năm 2020 (only where asked for: a year alone is a date only in a span such as "(1950 - 2020)")

Matching runs on the diacritic-free fold of the text, so "ngay 25 thang 12 nam 2019" (OCR without
diacritics) parses too, and the offsets returned are those of the original text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from pipeline.vietnamese import fold

_SEP = r"\s*[/.\-]\s*"
# OCR splits the narrow ones of "11", "21", "31" ("30/1 1/2020", "tháng 1 1/2024"): a space inside
# a two-digit day or month is read through.
_DAY = r"(?P<d>[1-3] 1(?=\s*[/.\-])|[0-3]?\d)"
_MONTH = r"(?P<m>1 1(?=\s*[/.\-]|\s+n)|[01]?\d)"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)"

# The words as OCR without Vietnamese reads them too: "ngay", "thang"/"théng", "nam"/"nim"/"ndm".
_NGAY = r"ng[a-z]{1,2}y"
_THANG = r"th[a-z]{1,2}ng"
_NAM = r"n[a-z0-9]{1,2}m"

_PATTERNS = [
    # ngày 25 tháng 12 năm 2019 / ngày 28 tháng 7/năm 2025 / ngày 25 tháng 12, năm 2019
    ("day", re.compile(rf"\b{_NGAY}\s*{_DAY}\s*{_THANG}\s*{_MONTH}\s*(?:[/,.]\s*)?{_NAM}\s*{_YEAR}\b", re.I)),
    # 25/12/2019, 25-12-2019, 25.12.2019 (optionally after "ngày")
    ("day", re.compile(rf"(?:\b{_NGAY}\s*)?(?<![\d/.\-]){_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}(?![\d/])", re.I)),
    # tháng 01/2020, tháng 01 năm 2020, tháng 01-2020
    ("month", re.compile(rf"\b{_THANG}\s*{_MONTH}\s*(?:{_SEP}|\s*(?:[,.]\s*)?{_NAM}\s*){_YEAR}\b", re.I)),
]
_YEAR_ONLY = re.compile(rf"(?:\b{_NAM}\s*)?(?<![\d/.\-]){_YEAR}(?![\d/])", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: [start, end) in that text, and its precision ("day" | "month" | "year")."""

    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """ISO 8601 at the date's own precision: "2019-12-25", "2020-01", "2020"."""
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> str:
        """The first day the date covers ("tháng 01/2020" -> 2020-01-01), as an ISO date."""
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"

    def last_day(self) -> str:
        """The last day the date covers ("tháng 12/2020" -> 2020-12-31), as an ISO date."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return f"{self.year:04d}-{month:02d}-{day:02d}"


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
            return False
    return True


def find_dates(text: str, years: bool = False) -> list[DateMatch]:
    """Every date in `text`, left to right, none overlapping (the fullest form wins). With
    `years`, a bare four-digit year also counts."""
    folded = fold(text)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    patterns = list(_PATTERNS) + ([("year", _YEAR_ONLY)] if years else [])
    for precision, pattern in patterns:
        for m in pattern.finditer(folded):
            groups = m.groupdict()
            year = int(groups["y"])
            month = int(groups["m"].replace(" ", "")) if groups.get("m") else None
            day = int(groups["d"].replace(" ", "")) if precision == "day" else None
            if not _valid(year, month, day) or not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMatch(m.start(), m.end(), year, month, day))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, years: bool = False) -> DateMatch | None:
    """The first date in `text`, or None."""
    dates = find_dates(text, years=years)
    return dates[0] if dates else None
