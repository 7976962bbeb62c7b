"""What is not a syllable, by its own rules (patterns in rules.json): numbers and dates kept,
document codes with their symbols fixed as abbreviations, Roman numerals read back from digits."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_RE = re.compile(r"^C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
                 ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman_value(numeral: str) -> int:
    value, at = 0, 0
    for letters, n in _ROMAN_VALUES:
        while numeral.startswith(letters, at):
            value, at = value + n, at + len(letters)
    return value if at == len(numeral) else 0


def to_roman(value: int) -> str:
    out = []
    for letters, n in _ROMAN_VALUES:
        while value >= n:
            out.append(letters)
            value -= n
    return "".join(out)


@dataclass
class Rules:
    number: re.Pattern
    number_with_letter: re.Pattern
    code: re.Pattern
    numbered_word: re.Pattern | None
    roman_letters: str
    strokes: dict[str, str]
    item_marker: re.Pattern
    item_close: str
    units: frozenset[str]
    pairs: dict[str, str]

    def __post_init__(self) -> None:
        # The characters a printed numeral may hold, without and with the pair readings (asked of
        # every word of every page).
        plain = frozenset(self.roman_letters) | frozenset(self.strokes)
        self._numeral_chars = {False: plain, True: plain | frozenset(self.pairs)}

    @classmethod
    def from_data(cls, data: dict) -> Rules:
        return cls(re.compile(data["numbers"]["pattern"]), re.compile(data["numbers"]["with_letter"]),
                   re.compile(data["codes"]["pattern"]),
                   re.compile(data["codes"]["numbered_word"]) if data["codes"].get("numbered_word") else None,
                   data["roman"]["letters"], data["roman"]["stroke_readings"],
                   re.compile(data["item_markers"]["pattern"]), data["item_markers"]["closed_by"],
                   frozenset(data["units"]["forms"]),
                   {k: v for k, v in data["roman"].get("pair_readings", {}).items() if not k.startswith("_")})

    def is_item_marker(self, core: str, after: str) -> bool:
        """A list item's letter ("a)", "đ)"): kept as printed, never read as a syllable."""
        return bool(self.item_marker.match(core)) and after != "" and after[0] in self.item_close

    def is_number(self, core: str) -> bool:
        return bool(self.number.match(core))

    def is_number_with_letter(self, core: str) -> bool:
        return bool(self.number_with_letter.match(core))

    def is_code(self, token: str) -> bool:
        if self.numbered_word is not None and self.numbered_word.match(token):
            return False  # a list item's number run into its first word ("2.Tác giả"): no code
        return bool(self.code.match(token))

    def roman(self, core: str, *, heading: bool, plain: bool = False) -> str | None:
        """The Roman numeral `core` was printed from, or None.

        heading: the word opens its line and is followed by "." (a section number). There a
        stroke read as "1", "|" or "l" is an I; elsewhere only a word that also has a true X or V
        ("X111", "XV1") is taken for a numeral, since "11" in running text is eleven.
        plain: only say whether `core`, as written in capitals, is a well-formed numeral."""
        if plain:  # only true capitals: is `core` itself a well-formed numeral?
            return core if core and _ROMAN_RE.match(core) else None
        if not core:
            return None
        with_pairs = any(ch in "XV" for ch in core)
        pairs = self.pairs if with_pairs else {}
        if not self._numeral_chars[with_pairs].issuperset(core):
            return None
        value = "".join(self.strokes.get(ch, pairs.get(ch, ch)) for ch in core)
        if not _ROMAN_RE.match(value):
            return None
        if core[0] == "I" and len(core) >= 2 and all(ch == "I" or ch in self.strokes for ch in core):
            # A capital I with strokes ("Il", "IIl"): no word starts so; the strokes are Is.
            return value
        has_stroke = any(ch in self.strokes or ch in pairs for ch in core)
        has_letter = any(ch in "XVLC" for ch in core)
        digits_only = all(ch.isdigit() for ch in core)
        if has_letter and has_stroke and len(core) >= 2:
            return value
        if heading and has_stroke and not (digits_only and len(core) == 1):
            return value
        return None
