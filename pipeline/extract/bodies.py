"""Issuing bodies in their canonical short form, as analysts group them (DESIGN.md's `issuer`).

A header is printed in capitals over one to three lines: "ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN",
"UBND TỈNH CÀ MAU / SỞ NỘI VỤ", "SỞ NỘI VỤ TỈNH SƠN LA / BAN THI ĐUA - KHEN THƯỞNG". Each line is read
as a body ("ỦY BAN NHÂN DÂN", "SỞ NỘI VỤ") and/or an administrative unit ("TỈNH LẠNG SƠN"); the
issuing body is the lowest one, placed in the nearest unit above it when it names none:
"UBND tỉnh Lạng Sơn", "Sở Nội vụ tỉnh Cà Mau", "Ban Thi đua - Khen thưởng tỉnh Sơn La".

Unit names are checked against the administrative units of pipeline/admin_units.json (before and after
the 2025 reorganisation): compared without diacritics and fuzzily, so "HUYEN KRONG PAC" or a restored
"HUYỆN KÔNG PÁC" still gives "huyện Krông Pắc", and a word of the other header column glued to the
name is left out. Kinds, levels and words kept in capitals are in extract_rules.json ("bodies").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.document import nfc
from pipeline.vietnamese import fold, is_syllable, key, upper_share

UNITS_PATH = Path(__file__).resolve().parent.parent / "admin_units.json"
RULES_PATH = Path(__file__).with_name("extract_rules.json")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))["bodies"]


@lru_cache(maxsize=1)
def _units() -> dict[str, dict[str, list[str]]]:
    """The unit tables: name -> its kinds. The list tells apart two units of one name by their kind in
    brackets ("Kỳ Anh (Thị xã)", "Kỳ Anh (Huyện)"), which no document prints: such a name is read
    without the brackets, with the kinds of both."""
    tables = json.loads(UNITS_PATH.read_text(encoding="utf-8"))
    qualifier = _rules()["unit_name_qualifier"]
    out: dict[str, dict[str, list[str]]] = {}
    for table, units in tables.items():
        if not isinstance(units, dict):
            out[table] = units
            continue
        merged: dict[str, list[str]] = {}
        for name, kinds in units.items():
            bare = re.sub(qualifier, "", name)
            merged.setdefault(bare, [])
            merged[bare] += [k for k in kinds if k not in merged[bare]]
        out[table] = merged
    return out


@lru_cache(maxsize=8)
def _names(tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Comparison key -> the names as written that fold to it ("Đông Thành", "Đồng Thành"), over some
    of the tables (provinces, districts, communes)."""
    out: dict[str, list[str]] = {}
    for table in tables:
        for name in _units()[table]:
            if name not in out.setdefault(key(name), []):
                out[key(name)].append(name)
    return out


def _closest(printed: str, names: list[str]) -> str:
    """Of names that fold alike, the one nearest to the words as printed (their diacritics decide)."""
    low = nfc(printed).lower()
    return max(names, key=lambda n: fuzz.ratio(n.lower(), low))


@dataclass
class Unit:
    kind: str  # "tỉnh", "huyện", "xã", ...
    name: str  # as the unit list writes it, or as printed in proper case when not listed
    known: bool  # found in the unit list


@dataclass
class Part:
    body: list[str]  # the body's words as printed ([] for a line that is only a unit)
    unit: Unit | None


def unit_as_read(read: list[str], kind: str | None = None) -> str | None:
    """The province or district whose name the words as OCR read them spell, without diacritics and
    exactly ("Dak Lak" -> "Đắk Lắk"), in the unit list's spelling; None when they spell none.

    After a unit's kind ("tỉnh Dak Lik") the words can only be a unit of that kind, so a name one
    letter off is that unit, when no other unit of the kind is as near."""
    rules = _rules()
    if len(read) < rules["unit_as_read_min_words"] or not all(w[:1].isupper() for w in read):
        return None
    printed = " ".join(read)
    names = _names(tuple(rules["unit_as_read_tables"]))
    found = names.get(key(printed))
    if found:
        return _closest(printed, found)
    if kind is None or kind not in rules["unit_tables"]:
        return None
    target = key(printed).replace(" ", "")
    if len(target) < rules["unit_fuzzy_min_length"]:
        return None
    of_kind = _names(tuple(rules["unit_tables"][kind]))
    near = [n for n in of_kind
            if Levenshtein.distance(n.replace(" ", ""), target, score_cutoff=rules["unit_as_read_max_edits"])
            <= rules["unit_as_read_max_edits"]]
    return _closest(printed, of_kind[near[0]]) if len(near) == 1 else None


def is_province(name: str) -> bool:
    """Whether `name` is a province's (or a city's of a province's rank: "Cần Thơ"), as the unit
    list writes it or folded alike."""
    return bool(name) and key(name) in _names(("provinces",))


def unit_kind_before(words: list[str]) -> str | None:
    """The unit kind the words end with ("UBND tỉnh" -> "tỉnh"), or None."""
    keys = key(" ".join(words)).split()
    # Words printed with their marks say which word they are: "HẢI QUAN" ends with "quan", no "quận",
    # for the kinds other words fold to (a kind's tone misread, "ĐA KHOA TÍNH", is still the kind).
    marked = any(fold(w) != w for w in words)
    alone = set(_rules()["unit_kinds_respelt"])
    for printed, kind in _rules()["unit_kinds"]:
        parts = printed.split()
        if keys[-len(parts):] != parts:
            continue
        if marked and kind not in alone and nfc(" ".join(words[-len(parts):])).lower() != kind.lower():
            continue
        return kind
    return None


def _proper(words: list[str]) -> str:
    """Capitals as printed -> normal case: each syllable capitalised (for names not in the list); a
    Roman numeral stays in capitals ("KHU VỰC XII": "Khu Vực XII")."""
    roman = _rules()["roman_numeral"]
    return " ".join(w if len(w) > 1 and re.fullmatch(roman, w) and not is_syllable(w.lower())
                    else w[:1].upper() + w[1:].lower() for w in words)


def unit_name(kind: str, words: list[str]) -> tuple[Unit, int] | None:
    """The unit of kind `kind` named by the first of `words`: the longest run of them found in the
    unit list (exactly or fuzzily), with the number of words used. None when none is found."""
    rules = _rules()
    names = _names(tuple(rules["unit_tables"][kind]))
    for n in range(min(len(words), rules["unit_max_words"]), 0, -1):
        k = key(" ".join(words[:n]))
        if not k:
            continue
        printed = " ".join(words[:n])
        if k in names:
            return Unit(kind, _closest(printed, names[k]), True), n
        if len(k) >= rules["unit_fuzzy_min_length"]:
            hit = process.extractOne(k, list(names), scorer=fuzz.ratio, score_cutoff=rules["unit_fuzzy_min"])
            if hit:
                return Unit(kind, _closest(printed, names[hit[0]]), True), n
    return None


def _kind_at(keys: list[str], i: int, words: list[str] | None = None) -> tuple[str, int] | None:
    """The unit kind written at keys[i:] ("THI XA" before "XA"), and its length in words. With the
    `words` as printed, a word that carries diacritics must carry the kind's: many place names open
    with a syllable that folds to a kind's ("XÃ TỊNH HÀ", "XÃ PHƯƠNG ĐÌNH", "PHƯỜNG QUÂN..."), and
    "TỊNH" is no "TỈNH"; a word OCR read without its marks ("TINH") may still be the kind."""
    for printed, kind in _rules()["unit_kinds"]:
        parts = printed.split()
        if keys[i:i + len(parts)] != parts:
            continue
        spelt = kind.split()
        printed_words = words[i:i + len(parts)] if words is not None else []
        if len(spelt) == len(parts) == len(printed_words) and any(
                fold(w) != w and _marks(w) != _marks(k) for w, k in zip(printed_words, spelt, strict=True)):
            continue
        return kind, len(parts)
    return None


def parse_line(text: str) -> list[Part]:
    """One header line as bodies and units: "UBND TỈNH CÀ MAU SỞ NỘI VỤ" (two header lines that
    OCR joined) is two parts."""
    words = nfc(text).split()
    kind = _body_kind(words)
    if kind is not None and (kind[1] == "party" or kind[0] in _rules()["named_alone"]):
        # "TỈNH ỦY LẠNG SƠN" is a Party committee, not a province; "TRƯỜNG THCS THỊ TRẤN ĐÔNG ANH" a
        # school, whose name may hold a unit's.
        return [Part(words, None)]
    keys = [key(w) for w in words]
    for i in range(len(words)):
        found = _kind_at(keys, i, words)
        if found is None or i + found[1] >= len(words):
            continue
        kind, n = found
        # "các huyện, thị xã, thành phố": kinds listed, no unit named; a kind abbreviated with its
        # stop ("TP. HỒ CHÍ MINH") names one.
        if not (words[i + n - 1][-1:].isalnum() or keys[i + n - 1].endswith(".")) \
                or _kind_at(keys, i + n, words):
            continue
        named = unit_name(kind, words[i + n:])
        if named is not None:
            rest = words[i + n + named[1]:]
            more = parse_line(" ".join(rest)) if rest and _body_kind(rest) else []
            return [Part(words[:i], named[0])] + more
        if i == 0:
            # A line that is only a unit ("XÃ CAO LÂU"), even one the list does not know.
            rest = [w for w in words[n:] if _is_word(w)]
            return [Part([], Unit(kind, _proper(rest), False))]
        body = _body_kind(words[:i])
        rest = [w for w in words[i + n:] if _is_word(w)]
        if body is not None and body[2] == i and rest and not _body_kind(rest) \
                and len(rest) <= _rules()["unit_max_words"]:
            # A body and a unit the list does not know ("UBND HUYỆN YÊN DŨNG", a district merged
            # away): the unit as printed. Not inside a body's own name ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ
            # XÃ HỘI": its words before the kind are more than a body's kind).
            return [Part(words[:i], Unit(kind, _proper(rest), False))]
    # A kind whose tone OCR misread ("HỘI LHPN TĨNH QUẢNG BÌNH"), which the marks check above leaves
    # out, is that kind where a unit of that kind the list knows follows it and it ends no listed name
    # ("HÀ TĨNH"): a place name that opens with such a word ("TỊNH BIÊN") has no listed unit after it.
    for i in range(1, len(words)):
        found = _kind_at(keys, i)
        if found is None or _kind_at(keys, i, words) is not None or i + found[1] >= len(words):
            continue
        kind, n = found
        # Only a kind's words printed with marks, other ones, and nothing after them ("các xã, phường":
        # a list of kinds, its comma no mark of a tone).
        printed = words[i:i + n]
        if not all(w[-1:].isalpha() and fold(w) != w for w in printed):
            continue
        named = unit_name(kind, words[i + n:])
        if named is None or not named[0].known or is_listed_spelling(" ".join(words[i - 1:i + n])):
            continue
        rest = words[i + n + named[1]:]
        more = parse_line(" ".join(rest)) if rest and _body_kind(rest) else []
        return [Part(words[:i], named[0])] + more
    return [Part(words, None)]


def _is_word(w: str) -> bool:
    return any(c.isalnum() for c in w)


def _body_kind(words: list[str]) -> tuple[str, str, int] | None:
    """(canonical kind, level, words used) of the body the words start with. Words are compared
    without diacritics (OCR loses them), but where the words carry diacritics they must agree:
    "PHONG TRÀO" is no "PHÒNG"."""
    keys = [key(w) for w in words]
    for prefix in _rules()["body_prefixes_dropped"]:
        size = len(key(prefix).split())
        if keys[:size] == key(prefix).split() and len(words) > size:
            found = _body_kind(words[size:])
            if found is not None:
                return found[0], found[1], found[2] + size
    marked = any(fold(w) != w for w in words)
    for printed, canonical, level in _rules()["body_kinds"]:
        parts = key(printed).split()
        if keys[:len(parts)] != parts:
            continue
        if marked and any(_marks(w) != _marks(p) for w, p in zip(words, printed.split(), strict=False)):
            continue
        return canonical, level, len(parts)
    return None


def _marks(word: str) -> str:
    """A word in capitals with its tone on the modern vowel ("UỶ" -> "ỦY"), to compare diacritics."""
    from pipeline.extract.score import norm

    return norm(nfc(word).upper())


def _body_text(canonical: str, words: list[str]) -> str:
    """The body's own name in normal case: "NỘI VỤ" -> "Nội vụ", "THI ĐUA - KHEN THƯỞNG" ->
    "Thi đua - Khen thưởng"; abbreviations ("TĐKT") stay in capitals."""
    keep = {key(a) for a in _rules()["keep_upper"]}
    small = {key(w).lower() for w in _rules()["lower_words"]}
    out: list[str] = []
    start = True
    for w in words:
        k = key(w)
        # An abbreviation the list lacks ("UBMTTQ") is still no word: no syllable, in capitals.
        # "GD&ĐT": an abbreviation of two.
        bare = w.replace("&", "")
        if k in keep or (len(bare) > 1 and bare.isupper() and bare.isalpha()
                         and not is_syllable(bare.lower())):
            out.append(w.upper())
        elif not _is_word(w):
            out.append(w)
            start = start or w in "-–"
            continue
        elif k.lower() in small:
            out.append(w.lower())
            start = True  # "Giáo dục và Đào tạo"
            continue
        elif start:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        start = w.endswith(",")
    text = " ".join([canonical] + out).strip()
    for phrase in _rules()["proper_phrases"]:
        # Names inside a body's name keep their capitals: "Trung ương", "Việt Nam".
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", phrase, text, flags=re.IGNORECASE)
    return text


def _level(kind: str | None, unit: Unit | None) -> str:
    if unit is None:
        return "other"
    if unit.kind == "thành phố":
        provinces = _units()["provinces"]
        return "tinh" if "thành phố" in provinces.get(unit.name, []) else "huyen"
    return _rules()["unit_levels"].get(unit.kind, "other")


def canonical_body(lines: list[str]) -> tuple[str | None, str | None]:
    """(canonical short form, level) of the body a header's lines (or a body's name on one line)
    print; (None, None) when they name no body."""
    parts: list[Part] = []
    organs = {key(o) for o in _rules()["body_organs"]}
    for line in lines:
        if not key(line):
            continue
        for part in parse_line(line):
            if part.unit is None and key(" ".join(part.body)) in organs and parts and parts[-1].body:
                continue  # "HỘI LHPN TỈNH NINH BÌNH" / "BAN THƯỜNG VỤ": the organ speaks for the body
            if not part.body and parts and parts[-1].unit is None and part.unit is not None:
                parts[-1].unit = part.unit  # "ỦY BAN NHÂN DÂN" / "TỈNH LẠNG SƠN"
            elif (part.body and parts and parts[-1].body and parts[-1].unit is None
                  and _body_kind(part.body) is None):
                # A body's name wrapped onto the next line: "BAN THI ĐUA - KHEN THƯỞNG" / "TRUNG ƯƠNG".
                parts[-1].body = parts[-1].body + part.body
                parts[-1].unit = part.unit
            else:
                parts.append(part)
    name, level = _named(parts)
    return (_unit_kinds_spelt(name) if name else name), level


def _unit_kinds_spelt(text: str) -> str:
    """`text` with each word that is a unit's kind but for its tone ("ĐA KHOA TÍNH", "Đa khoa tính
    Phú Thọ": OCR's or restoration's tone) spelt as the kind is, where it ends the text or a
    capitalised name follows it: there it can only be the kind."""
    # Only the kinds no other word of a header folds to ("QUAN" is also "CƠ QUAN", "PHUONG" "PHƯƠNG").
    kinds = {key(kind): kind for kind in _rules()["unit_kinds_respelt"]}
    words = text.split(" ")
    for i, word in enumerate(words):
        kind = kinds.get(key(word))
        if kind is None or word.lower() == kind or (i + 1 < len(words) and not words[i + 1][:1].isupper()):
            continue
        around = ((i - 1, i + 1), (i, i + 2), (i - 2, i + 1))
        if any(is_listed_spelling(" ".join(words[a:b])) for a, b in around if a >= 0 and b <= len(words)):
            continue  # a unit's name holds it: "HÀ TĨNH", "Tịnh Hà"
        words[i] = kind.upper() if word.isupper() and len(word) > 1 else kind
    return " ".join(words)


def _named(parts: list[Part]) -> tuple[str | None, str | None]:
    """(canonical short form, level) of the lowest of a header's bodies (canonical_body)."""
    if not parts:
        return None, None
    own = parts[-1]
    parent = _parent_named(parts)
    if parent is not None:
        return parent
    unit = own.unit or next((p.unit for p in reversed(parts[:-1]) if p.unit), None)
    if unit is None:
        # Under a province's department that prints its province without the kind ("SỞ Y TẾ BẠC LIÊU"
        # over "BỆNH VIỆN SẢN - NHI"): the body is of that province.
        for part in reversed(parts[:-1]):
            above = _body_kind(part.body) if part.body else None
            if above is not None and above[1] in _rules()["province_bodies"]:
                unit = _province_at_end(part)[1]
                break
    company = _company_name(own.body)
    if company is not None:
        return company, "other"
    if not own.body:
        # Only a unit: the people's committee of that unit is meant.
        own = Part(["UBND"], own.unit)
    kind = _body_kind(own.body)
    if kind is None:
        text = _body_text("", own.body)
        if text and unit_kind_before(own.body) is not None:
            return _with_unit_above(text, own.body, parts), "other"  # its unit's kind already in it
        return (f"{text} {unit.kind} {unit.name}" if unit else text) or None, "other"
    canonical, level, used = kind
    if unit is None and level in _rules()["province_bodies"]:
        # "SỞ GD&ĐT BẮC NINH": a province's department may print its province's name without its kind.
        own, unit = _province_at_end(own)
    if canonical in _rules()["named_by_place"] and len(own.body) > used:
        return f"{canonical} {_proper(own.body[used:])}", level
    if canonical in _rules()["named_alone"]:
        # A school names itself: "SỞ GD&ĐT BẮC NINH" / "TRƯỜNG THPT LÝ THÁI TỔ" is "Trường THPT Lý Thái
        # Tổ", no unit added.
        return _school_name(canonical, own.body[used:]), level
    if level == "party":
        rest = own.body[used:]
        name = _proper(rest)
        at = _kind_at([key(w) for w in rest], 0)
        if canonical in _rules()["party_with_unit_kind"] and at is None and rest:
            # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH": a committee of a bloc, named in normal case as a body
            # is, of the unit named above it when its name ends with that unit's kind alone.
            return f"{canonical} {_with_unit_above(_body_text('', rest), rest, parts)}", "other"
        if canonical in _rules()["party_with_unit_kind"] and at is not None and len(rest) > at[1]:
            # "ĐẢNG ỦY XÃ XUÂN LAI" on one line: the committee of that unit, its kind in small letters.
            named = unit_name(at[0], rest[at[1]:])
            unit_words = rest[at[1]:]
            if named is not None and named[1] == len(unit_words):
                return f"{canonical} {at[0]} {named[0].name}", "other"
            return f"{canonical} {at[0]} {_proper(unit_words)}", "other"
        if key(name) in {printed for printed, _ in _rules()["unit_kinds"]}:
            name = ""  # "ĐẢNG ỦY XÃ": the kind of its unit, named on the line above
        unit_kind = _rules()["party_committee_unit_kinds"].get(canonical)
        if name and unit_kind:
            # "THÀNH ỦY VINH": the committee's unit is named as the unit list spells it, as a people's
            # committee's is ("THÀNH ỦY VĨNH", its tone misread, is still Vinh's).
            named = unit_name(unit_kind, rest)
            if named is not None and named[1] == len(rest):
                name = named[0].name
        if not name and unit is not None:
            # The Party's header (Hướng dẫn 36-HD/VPTW): "ĐẢNG BỘ TỈNH BẮC KẠN" above "TỈNH ỦY": the
            # committee is the unit's, "Tỉnh ủy Bắc Kạn" (a Đảng ủy keeps the unit's kind: "Đảng ủy xã ...").
            name = f"{unit.kind} {unit.name}" if canonical in _rules()["party_with_unit_kind"] else unit.name
        return f"{canonical} {name}".strip(), "other"
    if level == "unit":
        name = f"{canonical} {unit.kind} {unit.name}" if unit else canonical
        return name, _level(canonical, unit)
    text = _body_text(canonical, own.body[used:])
    if unit_kind_before(own.body[used:]) is not None:
        # "BỆNH VIỆN ĐA KHOA TỈNH": the unit is named above, its kind already in the name.
        return _with_unit_above(text, own.body[used:], parts), level
    return (f"{text} {unit.kind} {unit.name}" if unit else text), level


def _company_name(words: list[str]) -> str | None:
    """A company's name as registered (rules.json company): "Công ty", its legal form, its trade
    name with a capital to its first word, and to a province or district its last words spell."""
    rules = _rules()
    printed, canonical = rules["company"]
    keys = [key(w) for w in words]
    head = key(printed).split()
    if keys[:len(head)] != head:
        return None
    out, i = [canonical], len(head)
    form = next(((p, c) for p, c in rules["company_forms"]
                 if keys[i:i + len(key(p).split())] == key(p).split()), None)
    if form is not None:
        out.append(form[1])
        i += len(key(form[0]).split())
    rest = words[i:]
    names = _names(("provinces", "districts"))
    place: list[str] = []
    for n in range(min(len(rest) - 1, rules["unit_max_words"]), 0, -1):
        found = names.get(key(" ".join(rest[-n:])))
        if found and all(_is_word(w) for w in rest[-n:]):
            place, rest = [_closest(" ".join(rest[-n:]), found)], rest[:-n]
            break
    directions = {nfc(d).lower(): d for d in rules["company_place_directions"]}
    if place and rest and nfc(rest[-1]).lower() in directions:
        # "THỦY LỢI BẮC SÔNG MÃ": the land north of the place the name ends with is a place too, and
        # its word is a proper name's ("Bắc Sông Mã"), not a small word of the trade name.
        place, rest = [directions[nfc(rest[-1]).lower()]] + place, rest[:-1]
    trade = _body_text("", rest)
    return " ".join(out + ([trade] if trade else []) + place)


def _with_unit_above(text: str, words: list[str], parts: list[Part]) -> str:
    """A body's name that ends with a unit's kind alone ("BỆNH VIỆN ĐA KHOA TỈNH", "ĐẢNG ỦY KHỐI CÁC
    CƠ QUAN TỈNH") with the name of the unit of that kind the header prints above it: as a body's
    unit ("ĐẢNG BỘ TỈNH QUẢNG NGÃI") or as the province a department's line ends with ("SỞ Y TẾ
    VĨNH LONG"). Two bodies of one header are of one unit; without one above, the name as printed."""
    kind = unit_kind_before(words)
    for part in reversed(parts[:-1]):
        unit = part.unit
        if unit is None and part.body:
            body = _body_kind(part.body)
            if body is not None and body[1] in _rules()["province_bodies"]:
                unit = _province_at_end(part)[1]
        if unit is not None and unit.kind == kind:
            return f"{text} {unit.name}"
    return text


def _province_at_end(part: Part) -> tuple[Part, Unit | None]:
    """The part with the province its last words spell exactly (without diacritics) taken out as its
    unit, of the kind the unit list gives it ("HÀ NỘI": thành phố), or as it is with no unit."""
    names = _names(("provinces",))
    for n in range(min(len(part.body) - 1, _rules()["unit_max_words"]), 0, -1):
        words = part.body[-n:]
        found = names.get(key(" ".join(words)))
        if found and all(_is_word(w) for w in words):
            name = _closest(" ".join(words), found)
            kinds = _units()["provinces"].get(name, [])
            return Part(part.body[:-n], None), Unit(kinds[0] if kinds else "tỉnh", name, True)
    return part, None


def _school_name(canonical: str, words: list[str]) -> str:
    """A school's name in normal case: its kind ("THPT", "TIỂU HỌC", "TH VÀ THCS": school_kinds,
    abbreviations in capitals), then its proper name, each syllable capitalised ("Trường Tiểu học Kim
    Chung"), a unit's kind inside it in small letters ("Trường THCS thị trấn Đông Anh"). A kind it
    does not know: the words as a body's name (_body_text)."""
    rules = _rules()
    keys = [key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        bare = words[i].replace("&", "")
        phrase = next(((p, c) for p, c in rules["school_kinds"]
                       if keys[i:i + len(key(p).split())] == key(p).split()), None)
        if phrase is not None:
            out.append(phrase[1])
            i += len(key(phrase[0]).split())
        elif bare.isalpha() and bare.isupper() and len(bare) > 1 and not is_syllable(bare.lower()):
            out.append(words[i].upper())
            i += 1
        elif out and keys[i] in rules["school_kind_joiners"] and i + 1 < len(words):
            out.append(words[i].lower())
            i += 1
        else:
            break
    if not out or i == len(words) or keys[i - 1] in rules["school_kind_joiners"]:
        return _body_text(canonical, words)
    name: list[str] = []
    rest = words[i:]
    j = 0
    while j < len(rest):
        at = _kind_at([key(w) for w in rest], j)
        if at is not None and j + at[1] < len(rest):
            name += [w.lower() for w in rest[j:j + at[1]]]
            j += at[1]
        else:
            name.append(_proper([rest[j]]))
            j += 1
    return " ".join([canonical] + out + name)


def _parent_named(parts: list[Part]) -> tuple[str, str] | None:
    """A body that is named by the body above it, as it names itself: a Party committee's board or
    office ("HUYỆN ỦY ĐÔNG ANH" / "BAN TUYÊN GIÁO": "Ban Tuyên giáo Huyện ủy Đông Anh"), and an office
    of any body ("UBND TỈNH BẮC GIANG" / "VĂN PHÒNG": "Văn phòng UBND tỉnh Bắc Giang"), since a unit
    alone does not tell apart the offices and boards of its several bodies. A department only the
    people's committee has is named by the unit ("Sở Nội vụ tỉnh Bắc Giang"), a school by itself
    (named_alone). None for others."""
    own = parts[-1]
    if len(parts) < 2 or own.unit is not None or not own.body:
        return None
    kind = _body_kind(own.body)
    parent_kind = _body_kind(parts[-2].body) if parts[-2].body else None
    rules = _rules()
    if kind is None or parent_kind is None or kind[0] in rules["named_alone"]:
        return None
    canonical, level, used = kind
    under_party = parent_kind[1] == "party" and level in rules["named_under_party_levels"]
    # "VĂN PHÒNG HĐND VÀ UBND" names its body itself.
    office = canonical in rules["named_by_parent"] and not own.body[used:]
    # A council or board under a school names the school ("Hội đồng Thi đua - Khen thưởng Trường Đại
    # học Tây Bắc"): a school is of no unit to name them by.
    under_school = parent_kind[0] in rules["named_alone"]
    if not (under_party or office or under_school):
        return None
    parent, _ = _named(parts[:-1])
    if parent is None:
        return None
    if under_party:
        # A Party committee's board or office is the Party's, no level of government: it has the
        # level its committee has (rules under_party_level).
        level = rules["under_party_level"]
    return f"{_body_text(canonical, own.body[used:])} {parent}", level


def canonical_mention(text: str) -> str:
    """A body named in running text (a reference's issuer, a recipient) in its canonical short form
    when it is a people's committee or council of a known unit ("Ủy ban nhân dân tỉnh Nghệ An" ->
    "UBND tỉnh Nghệ An"); any other text as it is, since only those forms are certain."""
    # A note after the name ("(b/c)": for reporting) stays as written.
    m = re.match(r"^(.*?)(\s*\([^()]*\))?$", nfc(text))
    name, note = (m.group(1), m.group(2) or "") if m else (nfc(text), "")
    words = name.split()
    kind = _body_kind(words)
    if kind is None or kind[1] != "unit":
        return text
    parts = parse_line(name)
    if len(parts) != 1 or parts[0].unit is None or not parts[0].unit.known:
        # The people's committee's or council's own short form before a unit's kind is certain
        # ("Hội đồng nhân dân xã" -> "HĐND xã", "Ủy ban nhân dân Quận 1" -> "UBND Quận 1").
        kinds = "|".join(sorted({kind for _, kind in _rules()["unit_kinds"]}, key=len, reverse=True))
        for full, short in _rules()["unit_body_short"]:
            text = re.sub(rf"^{full}(?=\s+(?:{kinds})\b)", short, text, flags=re.IGNORECASE)
        return text
    unit = parts[0].unit
    return f"{kind[0]} {unit.kind} {unit.name}{note}"


def header_as_listed(header: str, lines: list[str]) -> str:
    """The header with the names of the units it names spelled as the unit list spells them, in
    capitals ("HUYỆN KÔNG PÁC" -> "HUYỆN KRÔNG PẮC" where restoration missed a letter): a unit's
    name is no word restoration can know."""
    rules = _rules()
    parts = [part for line in lines if key(line) for part in parse_line(line)]
    units = [part.unit for part in parts if part.unit and part.unit.known]
    words = header.split(" ")
    for unit in units:
        n = len(unit.name.split())
        target = key(unit.name)
        for i in range(len(words) - n + 1):
            window = " ".join(words[i:i + n])
            # A window the list spells already names a unit, maybe another one the header names near
            # this one's letters ("HUYỆN TRÀ ÔN" over "XÃ TRÀ CÔN").
            if not window.isupper() or window == unit.name.upper() or is_listed_spelling(window):
                continue
            if key(window) == target or (len(target) >= rules["unit_fuzzy_min_length"]
                                         and fuzz.ratio(key(window), target) >= rules["unit_fuzzy_min"]):
                words[i:i + n] = unit.name.upper().split()
                break
    return _unit_kinds_spelt(" ".join(words))


def place_name(place: str, header_lines: list[str]) -> str:
    """The place of "<place>, ngày ..." spelled as the unit list spells it: the unit the header
    names when the place is near it ("Trọng Pắc" under "HUYỆN KRÔNG PẮC"), else a listed unit that
    folds to the same letters ("TÂN Phú" -> "Tân Phú"), else as read."""
    k = key(place)
    if not k:
        return place
    near = header_unit_near(place, header_lines, unlisted=True)
    if near is not None:
        return near
    names = _names(("provinces", "districts", "communes"))
    return _closest(place, names[k]) if k in names else place


def is_listed_spelling(name: str) -> bool:
    """Whether `name`, with its marks, is how the unit list spells a province, district or commune
    (case aside): "Tịnh Hà" is, "Tỉnh Hà" is not."""
    listed = _names(("provinces", "districts", "communes")).get(key(name), [])
    return any(nfc(n).lower() == nfc(name).lower() for n in listed)


def header_unit_near(place: str, header_lines: list[str], unlisted: bool = False) -> str | None:
    """The listed unit the header names whose name is near `place` ("Trọng Pắc" under "HUYỆN KRÔNG
    PẮC": Krông Pắc), as the unit list spells it; None when none is. `unlisted`: else a unit the list
    does not know (merged away, or renamed) near `place` but not spelt with its letters ("Vi Thắng"
    under "XÃ VŨ THẮNG"), as the header prints it: the date line names the document's own unit, and
    OCR without Vietnamese reads a header's capitals' letters better than small marked ones ("ũ": i)."""
    k = key(place)
    if not k:
        return None
    parts = [part for line in header_lines if key(line) for part in parse_line(line)]
    every = [unit for part in parts for unit in _units_of_part(part)]
    units = [unit for unit in every if unit.known]
    # A place spelt as one of the header's units is that unit, whatever unit below it is near it
    # ("Xuân Hồng" under "HUYỆN XUÂN TRƯỜNG" / "ĐẢNG ỦY XÃ XUÂN HỒNG").
    for unit in reversed(units):
        if k == key(unit.name):
            return unit.name
    for unit in reversed(units):
        if fuzz.ratio(k, key(unit.name)) >= _rules()["place_near_header_min"]:
            return unit.name
    if unlisted:
        # Only a commune may be missing from the list (merged away before it was made), and only a
        # name of syllables is one.
        for unit in reversed(every):
            if not unit.known and unit.kind in _rules()["unlisted_unit_kinds"] and k != key(unit.name) \
                    and fuzz.ratio(k, key(unit.name)) >= _rules()["place_near_header_min"] \
                    and not looks_garbled(unit.name):
                return unit.name
    return None


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    """The words of the listed units' names, folded and in small letters ("krong", "pac")."""
    return frozenset(w for table in ("provinces", "districts", "communes") for name in _units()[table]
                     for w in re.split(r"[\s'’-]+", fold(name).lower()) if w)


def looks_garbled(name: str) -> bool:
    """Whether a body's name holds a word no body's name has: letters that spell no Vietnamese
    syllable, no abbreviation in capitals (abbreviation_in_name: "GD&ĐT", "PC08") and no word of a listed
    unit's name ("Krông"), or signs inside a word ("TUYENG@ONGIGOA", "THUOMIQNG", "Họ!"): OCR's
    letters that restoration could not make words of."""
    rules = _rules()
    strip = rules["garbled_word_strip"]
    for raw in re.split(r"[\s'’–-]+", nfc(name)):
        word = raw.strip(strip)
        bare = word.replace("&", "")
        if len(bare) <= 2 or word.isdigit() or re.fullmatch(rules["abbreviation_in_name"], bare):
            continue
        # As printed, or with its marks lost (OCR's "PHAP" folds to no syllable: a stop final takes
        # a tone, so "PHÁP" is judged as written).
        if bare.isalpha() and (is_syllable(word.lower()) or is_syllable(fold(word).lower())
                               or fold(word).lower() in _unit_words()):
            continue
        return True
    return False


def head_of_letters(line: str) -> str:
    """A header line whose first words spell a body's kind with other marks, then the body's own
    name ("SỐ TÀI NGUYÊN VÀ MÔI TRƯỜNG"), with the kind as the rules print it ("SỞ"): a header's
    line names a body, and where OCR read it without marks, they are restoration's guess, which
    weighs a word by how common it is. Any other line as it is."""
    words = line.split()
    if _body_kind(words) is not None:
        return line
    found = _body_kind([fold(w) for w in words])
    if found is None:
        return line
    canonical, _, used = found
    if used >= len(words) or not all(w.isalpha() for w in words[:used + 1]):
        return line
    keys = [key(w) for w in words]
    printed = next((p for p, c, _ in _rules()["body_kinds"]
                    if c == canonical and key(p).split() == keys[:used]), None)
    if printed is None:
        return line
    return " ".join(printed.split() + words[used:])


def line_as_read(restored: list[str], read: list[str]) -> str | None:
    """A header line restoration made no body nor unit of whose words as OCR read them name a body,
    then nothing or a listed unit of its kind ("THANH UY VINH" restored "THÀNH QUY TRÌNH"): the body's
    kind as the rules print it and the unit as the list spells it, in capitals ("THÀNH ỦY VINH").
    OCR without Vietnamese drops a header's marks but reads its capitals' letters; restoration, which
    knows no unit's name, may take them for commoner words. None when the line is no such one."""
    if len(restored) != len(read) or not read:
        return None
    if _body_kind(restored) is not None or any(p.unit for p in parse_line(" ".join(restored))):
        return None
    found = _body_kind(read)
    if found is None:
        return None
    canonical, _, used = found
    keys = [key(w) for w in read]
    printed = next((p for p, c, _ in _rules()["body_kinds"]
                    if c == canonical and key(p).split() == keys[:used]), None)
    if printed is None:
        return None
    rest = read[used:]
    if not rest:
        return printed
    kind = _rules()["party_committee_unit_kinds"].get(canonical)
    at = _kind_at(keys[used:], 0)
    if at is not None:
        kind, rest = at[0], rest[at[1]:]
        printed = f"{printed} {kind.upper()}"
    if kind is None or kind not in _rules()["unit_tables"] or not rest:
        return None
    names = _names(tuple(_rules()["unit_tables"][kind])).get(key(" ".join(rest)), [])
    # Two units whose names fold alike ("Đông Xuân", "Đồng Xuân"): letters without marks cannot tell.
    return f"{printed} {names[0].upper()}" if len(names) == 1 else None


def _units_of_part(part: Part) -> list[Unit]:
    """The unit a header part names: its own, or the one a Party committee's line names inside the
    committee's name ("ĐẢNG ỦY XÃ XUÂN HỒNG", which parse_line keeps whole): the committee's unit is
    the document's place as often as a people's committee's is."""
    if part.unit is not None:
        return [part.unit]
    kind = _body_kind(part.body)
    if kind is None or kind[1] != "party":
        return []
    rest = part.body[kind[2]:]
    at = _kind_at([key(w) for w in rest], 0, rest)
    named = unit_name(at[0], rest[at[1]:]) if at is not None and len(rest) > at[1] else None
    return [named[0]] if named is not None and at is not None and at[1] + named[1] == len(rest) else []


def _abbreviation(word: str, keep: set[str]) -> bool:
    """A word kept in capitals ("UBND"), or abbreviations joined by "&" ("GD&ĐT")."""
    bare = word.replace("&", "")
    return key(word) in keep or ("&" in word and len(bare) > 1 and bare.isalpha() and bare.isupper())


def normal_case(text: str) -> str:
    """Words restoration left in capitals inside a phrase in normal case ("Sở NỘI vụ", "BỘ Chính
    trị") back to normal case; abbreviations ("HĐND", "TĐKT", "VT") and Roman numerals stay. The
    first letter is a capital, as a list entry's is."""
    import re

    words = text.split()
    keep = {key(a) for a in _rules()["keep_upper"]}
    # Abbreviations kept in capitals ("Bộ GDĐT") say nothing of the phrase's case, nor do two joined
    # by "&" ("Sở GD&ĐT", "TB&XH"), whatever case a word before them was restored in.
    plain = " ".join(w for w in words if not _abbreviation(w.strip("()[],.;:"), keep))
    if not words or upper_share(plain or text) > _rules()["normal_case_max_upper"]:
        return text
    out = []
    for w in words:
        core = w.strip("()[],.;:")
        if (len(core) > 1 and core.isalpha() and core.isupper() and key(core) not in keep
                and not re.fullmatch(_rules()["roman_numeral"], core)
                and is_syllable(core.lower())):
            w = w.replace(core, core[0] + core[1:].lower())
        out.append(w)
    # A body's head word in small letters before a capitalised word opens the body's name, which is
    # written with a capital ("Giám đốc sở Văn hóa" -> "Sở"); not in a title ("Trưởng phòng Nội vụ").
    heads = {nfc(h).lower() for h in _rules()["name_heads"]}
    not_after = {nfc(t) for t in _rules()["name_head_not_after"]}
    for i in range(1, len(out) - 1):
        if out[i].islower() and nfc(out[i]) in heads and out[i + 1][:1].isupper() \
                and nfc(out[i - 1]) not in not_after:
            out[i] = out[i][:1].upper() + out[i][1:]
    first = out[0]
    out[0] = first[:1].upper() + first[1:]
    return " ".join(out)
