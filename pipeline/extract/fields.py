"""One function per CampaignRecord field: each reads the blocks segment made and gives back the value,
the text it came from (its spans) and how sure it is, or None when the document does not say.

Patterns run on the fold of the text (no diacritics), values are cut from the text as written.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from pipeline.document import (
    Awarded,
    Block,
    Commemoration,
    Document,
    Line,
    Period,
    Reference,
    Reward,
    Section,
    Signer,
    Span,
    Word,
)
from pipeline.extract import matchers
from pipeline.extract.bodies import (
    canonical_body,
    canonical_mention,
    head_of_letters,
    header_as_listed,
    header_unit_near,
    is_listed_spelling,
    is_province,
    line_as_read,
    looks_garbled,
    normal_case,
    place_name,
    unit_as_read,
    unit_kind_before,
)
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.source import SourceText, squash
from pipeline.lexicon import (
    canonical_code,
    capacity_of,
    doc_type_of,
    lexicon,
    looks_like_name,
    name_start,
    surnames_spelt,
    title_of,
)
from pipeline.vietnamese import fold, is_syllable, key, upper_share, whole_match

RULES_PATH = Path(__file__).with_name("extract_rules.json")
FLAGS = re.IGNORECASE | re.DOTALL


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


@dataclass
class Found:
    value: Any
    spans: list[Span]
    confidence: float


def _sure(base: str, source: SourceText, start: int, end: int, match: float = 100.0) -> float:
    """A field's confidence: its rule's own, times how well the words matched (fuzzy score), times
    how sure restoration was of the words it came from."""
    restored = source.confidence(start, end)
    value = rules()["confidence"][base] * match / 100 * (restored if restored is not None else 1.0)
    return round(value, 3)


def _clean(text: str) -> str:
    """Whitespace squashed, quotes and markup around it and OCR's stray "|" marks gone."""
    text = re.sub(rules()["clean_stray_quote"], "", text)
    return " ".join(w for w in text.split() if w != "|").strip(rules()["clean_strip"])


# --------------------------------------------------------------------------- header fields


def number_and_symbol(doc: Document, block: Block | None) -> tuple[Found | None, Found] | None:
    """The number and the symbol of "Số: 12/KH-UBND" (also "Số 45-KH/TU" of the Party's documents).
    A number left blank in print and filled in by hand ("Số:    /QĐ-UBND") gives no number."""
    if block is None:
        return None
    src = SourceText.of(doc, [block])
    m = re.search(rules()["number"], src.folded)
    if not m:
        return None
    symbol_end = m.end(2)
    while symbol_end > m.start(2) and src.text[symbol_end - 1] in "-–—/.":
        symbol_end -= 1
    conf = _sure("number", src, m.start(1), symbol_end)
    printed = src.text[m.start(2):symbol_end]
    if any(c != fold(c) for c in printed.replace("Đ", "").replace("đ", "")):
        # No code has a marked letter but Đ: restoration took one for a word ("HD-SNV" -> "HỘ-SNV").
        printed = _code_as_read(src, m.start(2), symbol_end) or printed
    printed = _code_strings(re.sub(r"\s+", "", printed))  # "KH- UBND": OCR's space
    symbol = document_code(printed)
    if symbol is None:
        # Not shaped like a document code: kept as read, but no surer than a guess.
        symbol, conf = canonical_code(printed), round(conf / 2, 3)
    symbol = _kind_of_symbol(codes_of_document(symbol, doc))
    number = None
    if m.group(1):
        # A number is digits: OCR's I, l or | among them is a 1 ("I205" for 1205).
        digits = "".join(rules()["date_ocr_digits"].get(c, c) for c in src.text[m.start(1):m.end(1)])
        number = Found(digits, src.spans(m.start(1), m.end(1)), conf)
    return number, Found(symbol, src.spans(m.start(2), symbol_end), conf)


def _kind_of_symbol(symbol: str) -> str:
    """A symbol whose first part, the document's kind, is no kind but one letter off exactly one kind
    of as many letters, `symbol_kind_near_min_letters` or more, spelt as that kind ("TTI-SXD": OCR read
    the r of "TTr" as 1, then I): a symbol opens with its kind, and no kind of three letters is one
    letter off another."""
    m = re.match(r"[^\W\d_]+", symbol)
    kinds = rules()["symbol_types"]
    if m is None or m.group(0) in kinds or len(m.group(0)) < rules()["symbol_kind_near_min_letters"]:
        return symbol
    part = m.group(0)
    near = [k for k in kinds if len(k) == len(part) and Levenshtein.distance(k.upper(), part.upper()) == 1]
    return near[0] + symbol[m.end():] if len(near) == 1 else symbol


def symbol_of_type(doc: Document, symbol: Found, type_block: Block | None) -> Found:
    """A symbol whose first part is no kind of document but a letter off the kind the type line names
    ("QB-UBND" or "QQD-UBND" under "QUYẾT ĐỊNH": QĐ, OCR having read the Đ as B or as QD): a symbol opens
    with its document's kind (rules symbol_kind_of_type), and the type line is read apart from it."""
    if type_block is None:
        return symbol
    m = re.match(r"[^\W\d_]+", symbol.value)
    if m is None or m.group(0) in rules()["symbol_types"] or len(m.group(0)) < 2:
        return symbol
    hit = doc_type_of(SourceText.of(doc, [type_block]).text)
    kind = rules()["symbol_kind_of_type"].get(hit[1]) if hit else None
    if kind is None or Levenshtein.distance(key(m.group(0)), key(kind)) > 1:
        return symbol
    return Found(kind + symbol.value[m.end():], symbol.spans, symbol.confidence)


def _code_as_read(src: SourceText, start: int, end: int) -> str | None:
    """text[start:end], inside one word, as OCR read it, where restoration kept the word's length (a
    code restoration took letters of for a word); None otherwise."""
    spans = src.spans(start, end)
    if len(spans) != 1:
        return None
    span = spans[0]
    line = src.lines.get((span.page, span.line))
    if line is None:
        return None
    for word, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True):
        if a <= span.start and span.end <= b:
            if word.restored is None or len(word.text) != len(word.best):
                return None
            return word.text[span.start - a:span.end - a]
    return None


def code_as_written(code: str) -> str:
    """A cited document's number with OCR's misreads in its codes undone: the barred Đ read as the
    Icelandic Ð or as both ("QĐÐ"), a hyphen as a dash, and a 1 read as I, l or | in a code's closing digits
    ("NQ-UBTVQHI5": the 15th National Assembly's)."""
    return re.sub(rules()["code_closing_digits"],
                  lambda m: m.group(1) + re.sub(r"[Il|]", "1", m.group(2)), _code_strings(code))


def _code_strings(code: str) -> str:
    """A code with the strings OCR misreads in codes undone ("QĐÐ", "KH—UBND")."""
    for read, meant in rules()["symbol_ocr_strings"].items():
        code = code.replace(read, meant)
    return code


def _alternative_among(word: Word, wanted: set[str], norm: Callable[[str], str] = key) -> str | None:
    """Restoration's alternative for `word` that is one of `wanted` (compared by `norm`), scored at
    least `recipient_head_min_alternative`, when its best form is none of them: a close second that
    the place the word stands in asks for ("TƯƠNG" where a body's head word goes: "TỔNG")."""
    best = word.best.strip(".,;:()")
    if not best or norm(best) in wanted:
        return None
    least = rules()["recipient_head_min_alternative"]
    return next((a.text.strip(".,;:()") for a in word.alternatives or []
                 if norm(a.text.strip(".,;:()")) in wanted and a.score >= least), None)


def _first_word(words: list[Word]) -> Word | None:
    return next((w for w in words if any(ch.isalpha() for ch in w.best)), None)


def _head_of_alternatives(line: str, words: list[Word]) -> str:
    """A header line whose first word is no body's head word where one of restoration's alternatives
    for it is ("TƯƠNG LĐLĐ VIỆT NAM": "TỔNG" was a close second): a header line names a body."""
    first = _first_word(words)
    if first is None:
        return line
    best = first.best.strip(".,;:()")
    better = _alternative_among(first, {key(h) for h in rules()["recipient_heads"]})
    if better is None or not line.startswith(best):
        return line
    return (better.upper() if best.isupper() else better) + line[len(best):]


def _head_read_as_digits(line: str, words: list[Word]) -> str:
    """A header line whose head word OCR read with no letter ("56 Y TẾ HẬU GIANG": S as 5, Ở as 6)
    before a department's field, where the words after it settle the head (a province's name: its
    Sở; _department_of_lost_head): a header line names a body."""
    first = next((w for w in words if w.text.strip()), None)
    if first is None or any(c.isalpha() for c in first.text) or not line.startswith(first.best):
        return line
    head = _department_of_lost_head(line, first.text)
    if head is None or not line.isupper():
        return line
    return head.upper()


def _unit_kinds_of_letters(line: str, words: list[Word]) -> str:
    """A header line with a word OCR read in the plain letters of a unit's kind ("TINH") that
    restoration made another word of other letters ("TRÌNH") read as that kind, where restoration
    counted the kind among its alternatives: OCR without Vietnamese drops marks, not letters, and a
    header names bodies and units, while restoration weighs words as running text would have them
    ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TINH": TỈNH)."""
    kinds = {key(kind): kind for _, kind in rules()["bodies"]["unit_kinds"] if " " not in kind}
    seen: dict[str, int] = {}
    for word in words:
        read, best = _core(word.text), _core(word.best)
        # Which of the line's words spelt as this one it is: the replacement is of that one alone.
        nth = seen[best] = seen.get(best, -1) + 1
        kind = kinds.get(key(read))
        if kind is None or not best or fold(read) != read or key(best) == key(read):
            continue
        if not any(_core(a.text).lower() == kind for a in word.alternatives):
            continue
        found = list(re.finditer(rf"(?<!\w){re.escape(best)}(?!\w)", line))
        if nth < len(found):
            m = found[nth]
            line = line[:m.start()] + (kind.upper() if best.isupper() else kind) + line[m.end():]
    return line


def _kind_near(word: str) -> str | None:
    """The one-word unit kind ("phường") whose letters are one edit from `word`'s, when that kind has
    `unit_kind_near_min_letters` letters or more and no other kind is as near: OCR's one wrong letter
    ("PHUGONG", "phuing")."""
    k = key(word).lower()
    if len(k) < rules()["unit_kind_near_min_letters"]:
        return None
    near = {kind for printed, kind in rules()["bodies"]["unit_kinds"]
            if " " not in kind and len(printed) >= rules()["unit_kind_near_min_letters"]
            and Levenshtein.distance(k, printed.lower()) <= 1}
    return near.pop() if len(near) == 1 else None


def _header_word_kind(word: str, following: str | None) -> str | None:
    """The unit kind a header's word in capitals is where OCR garbled one of its letters: no syllable,
    one edit from the kind, and a name after it ("PHUGONG QUY NHƠN"): a header names units by kind."""
    core = _core(word)
    if not (len(core) > 1 and core.isupper() and core.isalpha()) or is_syllable(core.lower()):
        return None
    if following is None or not _core(following)[:1].isupper():
        return None
    return _kind_near(core)


def _unit_kinds_near(line: str) -> str:
    """A header line with each word OCR garbled one letter off a unit's kind spelt as that kind
    (_header_word_kind): "ỦY BAN NHÂN DÂN PHUGONG QUY NHGN" -> "... PHƯỜNG QUY NHGN"."""
    words = line.split(" ")
    for i, word in enumerate(words):
        kind = _header_word_kind(word, words[i + 1] if i + 1 < len(words) else None)
        if kind is not None:
            words[i] = word.replace(_core(word), kind.upper(), 1)
    return " ".join(words)


def _marks_of_place(line: str, words: list[Word], place_words: list[Word]) -> str:
    """A header line whose unit's name restoration was unsure of ("XÃ VŨ THĂNG", OCR having lost a
    mark) with the marks the date line's place gives the same letters ("Vũ Thắng"), when restoration
    was surer of the place and counted its spelling among the alternatives: a document's header and
    date line name one unit, and the surer reading of its marks wins."""
    def bare(w: Word) -> str:
        return w.best.strip(".,;:()")

    names = [bare(w) for w in place_words]
    sure = [w.confidence for w in place_words if w.confidence is not None]
    if not names or len(sure) < len(names):
        return line
    for i in range(len(words) - len(names) + 1):
        run = words[i:i + len(names)]
        read = [bare(w) for w in run]
        if key(" ".join(read)) != key(" ".join(names)) or " ".join(read).lower() == " ".join(names).lower():
            continue
        unsure = [w.confidence for w in run if w.confidence is not None]
        if len(unsure) < len(run) or min(unsure) >= min(sure):
            continue
        thought_of = [{r.lower()} | {a.text.strip(".,;:()").lower() for a in w.alternatives or []}
                      for w, r in zip(run, read, strict=True)]
        if not all(n.lower() in spellings for n, spellings in zip(names, thought_of, strict=True)):
            continue
        # The unit list knows how a unit is spelt: a header's name spelt as a listed unit's keeps its
        # marks against a date line's that no unit has ("XÃ TỊNH HÀ" against "Tỉnh Hà, ngày ...").
        if is_listed_spelling(" ".join(read)) and not is_listed_spelling(" ".join(names)):
            continue
        marked = [n.upper() if r.isupper() else n for r, n in zip(read, names, strict=True)]
        return line.replace(" ".join(read), " ".join(marked), 1)
    return line


def _unit_of_place(line: str, place: str | None) -> str:
    """A header line whose unit, after its kind, is no name the unit list spells but is one edit from
    the date line's place, a name it does spell ("PHƯỜNG QUY NHGN" beside "Quy Nhơn, ngày ..."), with
    the place's name: a document's header and date line name one unit, and OCR garbled one letter of
    it in the header."""
    if not place or not is_listed_spelling(place):
        return line
    size = len(place.split())
    words = line.split(" ")
    for i in range(1, len(words) - size + 1):
        before = key(_core(words[i - 1]))
        kinds = [printed for printed, _ in rules()["bodies"]["unit_kinds"]]
        if before not in kinds and _kind_near(before) is None:
            continue
        run = [_core(w) for w in words[i:i + size]]
        if not all(w.isupper() for w in run) or is_listed_spelling(" ".join(run)):
            continue
        if Levenshtein.distance(key(" ".join(run)), key(place)) == 1:
            words[i:i + size] = place.upper().split()
            return " ".join(words)
    return line


def codes_of_document(code: str, doc: Document) -> str:
    """`code` with each run of letters the vocabulary did not know, and that holds a D, spelt as the
    initials of a name the document writes out ("CTD" where the text says "Hội Chữ thập đỏ": CTĐ;
    "DCT" of "Đoàn Chủ tịch"): OCR without Vietnamese reads Đ as D, and an abbreviation is its
    name's initials. Only runs of three letters or more, and names that open with a capital."""
    runs = [r for r in re.findall(r"[^\W\d_]+", code)
            if len(r) >= rules()["code_initials_min"] and r.isupper() and "D" in r and "Đ" not in r]
    if not runs:
        return code
    initials = _initials(doc)
    return re.sub(r"[^\W\d_]+", lambda m: initials.get(m.group(0), m.group(0)) if m.group(0) in runs
                  else m.group(0), code)


def _initials(doc: Document) -> dict[str, str]:
    """Initials (Đ read as D) -> initials as spelt, of the runs of words the document writes that
    open with a capital and whose initials hold a Đ; a key spelt two ways is left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    least, most = rules()["code_initials_min"], rules()["code_initials_max"]
    for _, _, line in doc.lines():
        words = [w.strip("“”\"'(),.;:") for w in line.restored_text.split()]
        for i, first in enumerate(words):
            if not first[:1].isupper() or not first[:1].isalpha():
                continue
            for n in range(least, most + 1):
                run = words[i:i + n]
                if len(run) < n or not all(w[:1].isalpha() for w in run):
                    break
                # A code's letters carry no marks but Đ's bar ("Đảng ủy Khối": ĐUK, not ĐỦK).
                spelt = "".join(w[0] if w[0] in "Đđ" else fold(w[0]) for w in run).upper()
                if "Đ" not in spelt:
                    continue
                k = spelt.replace("Đ", "D")
                if out.get(k, spelt) != spelt:
                    clash.add(k)
                out[k] = spelt
    return {k: v for k, v in out.items() if k not in clash}


def document_code(text: str) -> str | None:
    """A document's symbol in its own spelling when it has the shape of a Vietnamese document code
    ("KH-UBND", "QĐ-TTg", "HD-SNV", "34-CT/TW"), after undoing the letter-for-digit confusions of OCR
    ("QD-UBN0" -> "QĐ-UBND"); None when even that does not give one."""
    pattern = rules()["symbol_pattern"]
    # OCR reads the barred Đ as the Icelandic Ð, or as both ("QĐÐ"): no code has either.
    for read, meant in rules()["symbol_ocr_strings"].items():
        text = text.replace(read, meant)
    code = canonical_code(text.strip())
    if re.fullmatch(pattern, code):
        return code
    repaired = canonical_code("".join(rules()["symbol_ocr_letters"].get(c, c) for c in text.strip()))
    return repaired if re.fullmatch(pattern, repaired) else None


def issuer(doc: Document, block: Block | None,
           place: Found | None = None) -> tuple[Found | None, Found | None, Found | None] | None:
    """The issuing body: its canonical short form ("UBND tỉnh Lạng Sơn"), the header as printed and
    its level (tinh, huyen, xa, so, ban, other). `place`: the date line's place, which names the
    issuer's own unit as often as not."""
    if block is None:
        return None
    place_words = [w for span in place.spans for w in _span_words(doc, span)] if place else []
    src = SourceText.of(doc, [block])
    conf = _sure("issuer", src, 0, len(src.text))
    # OCR's specks at a line's ends ("~ UY BAN NHAN DAN") are not part of the header, nor the space
    # after them: the line's head word opens it ("~ CÓ XÂY DỰNG" is read for its head, "SỞ").
    lines = [_unpaired_brackets_dropped(re.sub(rules()["edge_noise"], "", line)).strip()
             for line in src.text.split("\n")]
    ranges = src.piece_ranges()
    if len(ranges) == len(lines):
        for n, (a, b) in enumerate(ranges):
            # A header line OCR read in capitals ("SO Y TE") is printed in capitals, whatever case
            # restoration gave its words ("Sở Y Tế").
            read = [w.text for w in src.words(a, b) if any(c.isalpha() for c in w.text)]
            if n and not any(sum(c.isalpha() for c in w) >= 2 for w in read):
                # OCR read no word of two letters ("A", restored "Là": the star under the body's name):
                # a speck's line, as segment holds of lines so read; a header is words in capitals.
                lines[n] = ""
                continue
            if read and _read_in_capitals(read):
                lines[n] = line_as_read(lines[n].upper().split(), read) or lines[n].upper()
                if all(fold(w) == w for w in read):
                    lines[n] = head_of_letters(lines[n])
            lines[n] = _head_of_alternatives(lines[n], src.words(a, b))
            lines[n] = _head_read_as_digits(lines[n], src.words(a, b))
            lines[n] = _unit_kinds_of_letters(lines[n], src.words(a, b))
            lines[n] = _unit_kinds_near(lines[n])
            # A unit's kind of two words restoration gave other marks ("THÌ TRẬN"): its own spelling.
            lines[n] = set_phrases(lines[n], rules()["header_unit_kind_phrases"], capitals=True)
            lines[n] = _marks_of_place(lines[n], src.words(a, b), place_words)
            lines[n] = _unit_of_place(lines[n], place.value if place else None)
    # A header's abbreviations are codes of the vocabulary, as OCR without Vietnamese read them
    # ("TỔNG LDLD VIỆT NAM": LĐLĐ).
    lines = [re.sub(r"(?<!\w)[A-ZĐ]{2,}(?!\w)", lambda m: m.group(0) if is_syllable(m.group(0).lower())
                    else codes_of_document(canonical_code(m.group(0)), doc), line) for line in lines]
    header = Found(header_as_listed(squash(" ".join(lines)), lines), block.spans, conf)
    name, level = canonical_body(lines)
    if looks_garbled(header.value):
        # Words restoration could not make: the body's level may still be read, not its name.
        return None, None, Found(level, block.spans, conf) if name is not None else None
    if name is None:
        return header, header, None
    return Found(name, block.spans, conf), header, Found(level, block.spans, conf)


def issuer_as_written(doc: Document, name: Found | None, body: list[Block]) -> Found | None:
    """The issuer's name with the capitals the body writes it with, where the body writes the same
    words ("Hợp tác xã Nông nghiệp Dịch vụ Tân Hòa" under a header in capitals, which the rules give
    in small letters past the head): a registered name's own capitals. Only capitals added to words
    the rules gave in small letters, never taken away."""
    if name is None or not body:
        return name
    words = name.value.split()
    src = SourceText.of(doc, body)
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    for m in re.finditer(pattern, src.text, re.IGNORECASE):
        written = m.group(0).split()
        if written == words or upper_share(m.group(0)) == 1.0:
            continue
        if all(w == n or (w[:1].isupper() and n[:1].islower() and w[1:] == n[1:])
               for w, n in zip(written, words, strict=True)):
            return Found(" ".join(written), name.spans, name.confidence)
    return name


def _read_in_capitals(read: list[str]) -> bool:
    """Whether a header line's words as OCR read them are in capitals: all of them, or all but one
    short capitalised word of a line of three or more ("HUYEN Uy PAC NAM": OCR without Vietnamese
    read the Ỷ of "ỦY" as a small y)."""
    small = [w for w in read if not w.isupper()]
    return not small or (len(read) >= rules()["header_capitals_min_words"] and len(small) == 1
                         and small[0][:1].isupper() and len(small[0]) <= 2)


def _unpaired_brackets_dropped(line: str) -> str:
    """A header line without the brackets that close none opened before them or open none closed
    after them: OCR's specks glued to a word ("SỞ) GD&ĐT VĨNH PHÚC"); a bracketed part of a name
    keeps its pair."""
    keep = [True] * len(line)
    opened: list[int] = []
    for i, c in enumerate(line):
        if c == "(":
            opened.append(i)
        elif c == ")":
            if opened:
                opened.pop()
            else:
                keep[i] = False
    for i in opened:
        keep[i] = False
    return "".join(c for c, k in zip(line, keep, strict=True) if k)


def place_and_date(doc: Document, block: Block | None,
                   issuer_block: Block | None = None) -> tuple[Found | None, Found | None]:
    if block is None:
        return None, None
    src = SourceText.of(doc, [block])
    m = re.search(lexicon()["place_date"], src.folded)
    header = SourceText.of(doc, [issuer_block]).text.split("\n") if issuer_block else []
    if not m:
        # A place no rule can read ("Tăng Lao động, ngày 02 tháng 3 năm 2020"): the date alone, less
        # sure, and the place only where it is near the unit the header names.
        return _unplaced_place(src, header), _unplaced_date(src)
    name = place_name(squash(src.text[m.start(1):m.end(1)]), header)
    if name[:1].islower():
        # "la Grai" (Ia Grai, its I read as l) where the header names no such unit: the name after it.
        name = place_name(name.split(" ", 1)[1], header)
    # A place is a unit's name: a word no unit's name has ("Nam Birth") is OCR's letters, no place.
    place = None if looks_garbled(name) else Found(name, src.spans(m.start(1), m.end(1)),
                                                   _sure("place", src, m.start(1), m.end(1)))
    dates = [d for d in find_dates(src.text[m.end(1):]) if d.precision == "day"]
    if not dates:
        # Restoration may have made words of digits ("ngày lò tháng 5", "năm có"): the date is read
        # from the line as OCR read it, at a lower confidence.
        raw = " ".join(src.lines[(s.page, s.line)].text for s in block.spans if (s.page, s.line) in src.lines)
        iso = _repaired_date(raw) or _repaired_date(src.text[m.end(1):])
        if iso is None:
            return place, None
        conf = round(_sure("issued_on", src, m.end(1), len(src.text)) * rules()["raw_date_factor"], 3)
        return place, Found(iso, src.spans(m.end(1), len(src.text)), conf)
    a, b = m.end(1) + dates[0].start, m.end(1) + dates[0].end
    return place, Found(dates[0].iso, src.spans(a, b), _sure("issued_on", src, a, b))


def _unplaced_place(src: SourceText, header: list[str]) -> Found | None:
    """The place of a date line no rule could read, where the words before its date (up to five, past
    the number's code on the same line) are near a unit the header names ("Tăng Lao động" under
    "THỊ TRẤN TẰNG LOỎNG"): that unit, as the unit list spells it."""
    m = re.search(rules()["date_slots"], src.folded, re.IGNORECASE)
    if not m:
        return None
    line_start = src.text.rfind("\n", 0, m.start()) + 1
    before = src.text[line_start:m.start()].rstrip(" ,.;")
    words = before.split()
    coded = [i for i, w in enumerate(words) if re.search(r"[\d/:]", w)]  # the number's "Số: 15/PĐ-UBND"
    words = words[coded[-1] + 1 if coded else 0:][-rules()["unplaced_place_max_words"]:]
    for n in range(len(words), 0, -1):
        near = header_unit_near(" ".join(words[-n:]), header)
        if near is not None:
            a, b = line_start + before.rfind(words[-n]), line_start + len(before)
            conf = round(_sure("place", src, a, b) * rules()["raw_date_factor"], 3)
            return Found(near, src.spans(a, b), conf)
    return None


def _unplaced_date(src: SourceText) -> Found | None:
    """The date of a date line whose place no rule could read: its "ngày D tháng M năm Y", at the
    confidence of a date read from repaired slots."""
    m = re.search(rules()["date_slots"], src.folded, re.IGNORECASE)
    if not m:
        return None
    iso = _repaired_date(src.text[m.start():m.end()])
    if iso is None:
        return None
    conf = round(_sure("issued_on", src, m.start(), m.end()) * rules()["raw_date_factor"], 3)
    return Found(iso, src.spans(m.start(), m.end()), conf)


def _repaired_date(text: str) -> str | None:
    """The ISO date of "ngày D tháng M năm Y" with OCR's letters for digits undone in its three
    slots ("ngày l6 tháng II năm 202l" -> 2021-11-16), and a two-digit slot OCR read as two marks
    ("tháng i I" for 11) read whole; None unless that gives a real date."""
    m = re.search(rules()["date_slots"], fold(text), re.IGNORECASE)
    if not m:
        return None
    # In a date's slots a capital L is a 1 as well ("tháng L1": 11).
    digits = rules()["date_ocr_digits"] | rules()["date_slot_ocr_digits"]
    parts = ["".join(digits.get(c, c) for c in m.group(i).replace(" ", "")) for i in (1, 2, 3)]
    if not all(p.isdigit() for p in parts):
        return None
    try:
        return datetime.date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
    except ValueError:
        return None


def title(doc: Document, title_block: Block | None, subject_block: Block | None) -> Found | None:
    block = title_block or subject_block
    if block is None:
        return None
    src = SourceText.of(doc, [block])
    start = 0
    if block is subject_block:
        m = re.match(rules()["subject_marker"], src.folded)
        start = m.end() if m else 0
        first = src.lines.get((block.spans[0].page, block.spans[0].line)) if block.spans else None
        if m is None and first is not None and re.match(rules()["subject_marker"], fold(first.text)):
            # Restoration made words of the marker ("V/v" -> "Vi/và"): its first word is the marker.
            word = re.match(r"\s*\S+\s*", src.text)
            start = word.end() if word else 0
    # A stop or comma standing alone between a title's words is a scan's speck ("năm 2023 . và").
    text = " ".join(w for w in src.text[start:].split()
                    if w != "|" and not re.fullmatch(rules()["title_speck_word"], w))
    text = _opening_of_alternatives(src, start, text)
    for restored, name in units_as_read(src, block.spans):
        text = text.replace(restored, name, 1)
    text = re.sub(rules()["title_trailing_noise"], "", text).rstrip(" .")
    text = re.sub(rules()["title_leading_noise"], "", text)
    # A title is no sentence: a stop after a word and before one in lower case is a comma OCR
    # misread ("phòng. chống dịch").
    text = re.sub(rules()["title_misread_comma"], ",", text)
    text = _ordinal_numerals(set_phrases(text, rules()["title_set_phrases"]))
    read = numbers_as_read(src, start, len(src.text), text)
    if read is None:
        return None
    text = pair_quotes(repair_numbers(read))
    if re.search(rules()["title_never_holds"], fold(text), re.IGNORECASE):
        # A header's lines where the title should be (the motto, "Số: ..."): no title was read.
        return None
    return Found(text, src.spans(start, len(src.text)), _sure("title", src, start, len(src.text)))


def _ordinal_numerals(text: str) -> str:
    """Roman numerals after "lần thứ" (a congress's ordinal) with an H that OCR read for an I, its
    serifs run into the next's ("XXIHI": XXIII), where the numeral is then well formed."""
    r = rules()

    def numeral(m: re.Match[str]) -> str:
        fixed = m.group(0).replace("H", "I")
        return fixed if re.fullmatch(r["roman_numeral"], fixed) else m.group(0)

    return re.sub(r["ordinal_numeral_misread"], numeral, text)


def _opening_of_alternatives(src: SourceText, start: int, text: str) -> str:
    """A title whose first words restoration read as no set opening ("Và việc khen thưởng ...") where
    its alternatives for them give one ("Về việc"): a decision's title opens with one."""
    least = rules()["recipient_head_min_alternative"]
    words = src.words(start, len(src.text))
    for opening in rules()["title_openings"]:
        parts = opening.split()
        if len(words) < len(parts) or text.split()[:len(parts)] == parts:
            continue
        choices = [[w.best] + [a.text for a in w.alternatives or [] if a.score >= least]
                   for w in words[:len(parts)]]
        if all(p in c for p, c in zip(parts, choices, strict=True)):
            return " ".join(parts + text.split()[len(parts):])
    return text


def numbers_as_read(src: SourceText, start: int, end: int, value: str) -> str | None:
    """`value` (read from text[start:end]) with the numbers restoration made words of read back as
    OCR read them: a lone 1 OCR read as a letter ("l", "I") before a number is its first digit
    (restored "kỷ niệm là 10 năm" for "l 10": 110), a word read as digits and 1-like letters
    ("I0") is that number. None when OCR read digits that neither gives ("I8§8" restored "A"): the
    text's numbers are then unknown, and no value beats a wrong one."""
    r = rules()
    # Not every digit-like letter of a date's slots: a word OCR without Vietnamese read with a digit
    # for a marked vowel ("4i" for "ái", "B6" for "Bộ", "S6" for "Số") is no number.
    digits = r["number_word_digits"]
    ones = r["number_one_misreads"]
    words = src.words(start, end)
    for n, word in enumerate(words):
        # A restored form with no letter is no word made of a number: restoration kept it a number
        # or joined a number OCR cut in two ("04/1" "1/2019)" -> "04/11/2019)" and nothing).
        if word.restored is None or word.restored == word.text or not any(c.isalpha() for c in word.restored):
            continue
        read = word.text.strip(r["number_read_strip"])
        mapped = "".join(digits.get(c, c) for c in read)
        following = words[n + 1].text if n + 1 < len(words) else ""
        after = "".join(digits.get(c, c) for c in following)
        pair = f"{word.restored} {words[n + 1].best}" if n + 1 < len(words) else ""
        # OCR without Vietnamese writes a letter as a digit now and then ("H6ng" for Hồng): only a
        # reading mostly of digits is a number.
        numeric = sum(c.isdigit() for c in read) * 2 > sum(c.isalnum() for c in read)
        if len(read) == 1 and read in ones and after.isdigit() and pair in value:
            value = value.replace(pair, "1" + after, 1)
        elif mapped.isdigit() and any(c.isdigit() for c in read) and _has_word(value, word.restored):
            # The restored word itself, never the same letters inside another ("ái" in "Thái").
            value = re.sub(rf"(?<!\w){re.escape(word.restored)}(?!\w)", mapped, value, count=1)
        elif numeric:
            return None
    return value


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def repair_numbers(text: str) -> str:
    """Numbers as printed: OCR reads a 1 next to digits as a mark or a letter ("202]", "! 19",
    "COVID-I9"), and splits a date in two ("04/1 1/2019"); no mark or capital I stands against a
    digit in a title's words."""
    for pattern, digit in rules()["number_misreads"]:
        text = re.sub(pattern, digit, text)
    for d in sorted(find_dates(text, years=True), key=lambda d: -d.start):
        text = text[:d.start] + re.sub(r"(?<=\d) (?=\d)", "", text[d.start:d.end]) + text[d.end:]
    return text


def _closing_quotes_misread(text: str) -> str:
    """`text` with the closing quote of a name OCR read as a single mark after its last word ("“Đổi
    mới, sáng tạo trong dạy và học’ năm học 2022 - 2023") given back: where an opening quote has no
    closing one before the next opening quote or the end, the first such mark after it closes it. A
    Vietnamese word holds no apostrophe."""
    opens = [m.start() for m in re.finditer("“", text)] + [len(text)]
    chars = list(text)
    for start, stop in zip(opens, opens[1:], strict=False):
        if "”" in text[start:stop]:
            continue
        mark = re.compile(rules()["quote_close_misread"]).search(text, start + 1, stop)
        if mark:
            chars[mark.start()] = "”"
    return "".join(chars)


def pair_quotes(text: str) -> str:
    """Quotes as printed: a name in a title is set in curly quotes, “...”. OCR reads the opening one
    as a straight mark ("Dân vận khéo”, 'Cần Thơ”) or puts a speck before it ('“): an opening mark
    before a closing ” that has none is the opening quote; it reads the closing one as a single mark
    ("học’") or two ("hóa’”): they are the closing quote; an opening quote never closed is closed at
    the end."""
    r = rules()
    text = re.sub(r["quote_open_noise"], "“", text)
    text = _closing_quotes_misread(re.sub(r["quote_close_doubled"], "”", text))
    out: list[str] = []
    opened = False
    for part in re.split(r"([“”])", text):
        if part == "“":
            opened = True
        elif part == "”":
            if not opened:
                marks = list(re.finditer(r["quote_open_misread"], out[-1] if out else ""))
                if marks:
                    m = marks[-1]
                    out[-1] = out[-1][:m.start()] + "“" + out[-1][m.end():]
            opened = False
        out.append(part)
    if opened and out[-1].strip():
        # A name in quotes that ends the title, its closing quote lost to OCR: it closes there.
        out.append("”")
    return "".join(out)


def doc_type(doc: Document, type_block: Block | None, symbol: Found | None,
             subject_block: Block | None) -> Found:
    if type_block is not None:
        src = SourceText.of(doc, [type_block])
        hit = doc_type_of(src.text)
        if hit:
            return Found(hit[0], type_block.spans, _sure("doc_type_line", src, 0, len(src.text), hit[2]))
    if symbol is not None:
        code = key(symbol.value.split("-")[0])
        types = {key(k): v for k, v in rules()["symbol_types"].items()}
        # A numbered document whose symbol names no document type is a công văn.
        value = types.get(code, "cong_van")
        sure = rules()["confidence"]["doc_type_symbol"] * symbol.confidence
        return Found(value, symbol.spans, round(sure, 3))
    if subject_block is not None:
        return Found("cong_van", subject_block.spans, rules()["confidence"]["doc_type_symbol"])
    return Found("other", [], 0.0)


# --------------------------------------------------------------------------- body fields


def _heading_paragraph(src: SourceText, headings: list[str]) -> tuple[int, int, float] | None:
    """The paragraph under a (sub)heading line such as "2. Chủ đề thi đua" or "III. THỜI GIAN THI ĐUA":
    its start, end and the heading's match score."""
    ranges = src.piece_ranges()
    best: tuple[float, int] | None = None
    for n, (a, b) in enumerate(ranges):
        line = re.sub(rules()["heading_line_marker"], "", src.text[a:b]).rstrip(": ")
        if not line or len(line.split()) > rules()["heading_max_words"]:
            continue
        hit = whole_match(line, headings, rules()["heading_min"])
        if hit and (best is None or hit[1] > best[0]):
            best = (hit[1], n)
    if best is None:
        return None
    body = [(s, e) for s, e in ranges[best[1] + 1:]]
    while body and body[0][0] == body[0][1]:
        body.pop(0)
    if not body:
        return None
    end = body[0][1]
    for s, e in body[1:]:
        if s == e or re.match(rules()["subitem_marker"], src.folded[s:e]):
            break
        end = e
    return body[0][0], end, best[0]


def theme(doc: Document, body: list[Block], places: list[str] | None = None) -> Found | None:
    """The campaign's slogan, with the document's own place where OCR read it (`places`)."""
    found = _theme(doc, body)
    if found is not None:
        words = [w for span in found.spans for w in _span_words(doc, span)]
        repairs = _letters_as_read(words) + _places_in_words(words, places or [])
        found.value = _as_read_in(found.value, repairs)
    return found


def _letters_as_read(words: list[Word]) -> list[tuple[str, str]]:
    """(word as restored, restoration's alternative for it with OCR's letters) for each word that
    OCR read as a whole syllable in plain letters ("vi") and restoration lengthened into another
    ("với") where an alternative with those letters ("vì") scored at least
    letters_as_read_min_alternative. OCR without Vietnamese drops marks, not letters: restoration
    weighs a word by its neighbours and may take a commoner, longer one."""
    least = rules()["letters_as_read_min_alternative"]
    out = []
    for word in words:
        if word.restored is None:
            continue
        read, best = _core(word.text), _core(word.best)
        if not read.isalpha() or fold(read) != read or not is_syllable(read.lower()) \
                or len(best) <= len(read) or key(best) == key(read):
            continue
        alt = next((_core(a.text) for a in word.alternatives
                    if key(_core(a.text)) == key(read) and a.score >= least), None)
        if alt:
            out.append((best, alt[:1].upper() + alt[1:] if best[:1].isupper() else alt))
    return out


def _span_words(doc: Document, span: Span) -> list[Word]:
    line = next((ln for p, i, ln in doc.lines() if (p, i) == (span.page, span.line)), None)
    if line is None:
        return []
    return [w for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True)
            if a < span.end and b > span.start]


def _theme(doc: Document, body: list[Block]) -> Found | None:
    # The direction for the next period ("III. PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2024") names a campaign
    # still to come, not this document's.
    body = [b for b in body if b.kind not in rules()["theme_skip_sections"]]
    src = SourceText.of(doc, body)
    m = re.search(rules()["theme_quoted"], src.folded, FLAGS)
    if m:
        value = numbers_as_read(src, m.start(1), m.end(1), _clean(src.text[m.start(1):m.end(1)]))
        if value is None:
            return None
        return Found(repair_numbers(value), src.spans(m.start(1), m.end(1)),
                     _sure("theme_quoted", src, m.start(1), m.end(1)))
    for a, b in src.piece_ranges():
        m = re.match(rules()["theme_inline"], src.folded[a:b], FLAGS)
        if m:
            s, e = a + m.start(1), a + m.end(1)
            if src.text[s:e].count("“") > src.text[s:e].count("”"):
                # A slogan in quotes that OCR wrapped ("... văn minh, phát" / "triển”"): to its close.
                # A scan's OCR may put a blank row inside it: the slogan goes on past one when the
                # words after it go on in lower case.
                close = src.text.find("”", e, e + rules()["theme_wrap_window"])
                between = src.text[e:close]
                if close != -1 and (("\n\n" not in between)
                                    or (between.count("\n\n") == 1 and "\n\n\n" not in between
                                        and between.split("\n\n")[1].lstrip()[:1].islower())):
                    e = close + 1
                elif src.text[e:e + 1] == "\n" and src.text[e + 1:e + 2].islower():
                    # Its closing quote lost ("... vì bình yên" / "của Nhân dân."): the slogan goes on to
                    # the end of the line below, which carries it on in lower case.
                    below = src.text.find("\n", e + 1)
                    e = len(src.text) if below == -1 else below
            value = _clean(src.text[s:e]).rstrip(".")
            return Found(value, src.spans(s, e), _sure("theme_heading", src, s, e))
    hit = _heading_paragraph(src, rules()["theme_headings"])
    if hit:
        s, e, score = hit
        value = _clean(src.text[s:e]).rstrip(".")
        return Found(value, src.spans(s, e), _sure("theme_heading", src, s, e, score))
    return None


def _range_end(folded: str, start: int, end: int) -> int:
    """Where the period a "Thời gian ...:" line gives from `start` ends: at the end of the range it
    opens with where what follows says what the time is for or where it is spent ("từ ngày ... đến
    ngày ..., cao điểm chào mừng ...", "... đến ngày ... tại các thôn": period_range_after)."""
    ranged = re.match(rules()["period_range"], folded[start:end], FLAGS)
    if ranged and re.match(rules()["period_range_after"], folded[start + ranged.end():end], FLAGS):
        return start + ranged.end()
    return end


def _period_of(src: SourceText, s: int, e: int, match: float = 100.0) -> Found:
    # "từ ngày 01/01/2025 đến ngày 31/12/2025; sơ kết vào tháng 6/2025": the period is the first clause.
    cut = re.search(rules()["period_text_end"], src.folded[s:e])
    if cut and find_dates(src.text[s:s + cut.start()]):
        e = s + cut.start()
    # A 1 OCR read as a letter or a mark next to a date's digits ("đến ngày 3l/12/2024") is a 1, in
    # the dates and in the text as written.
    text = _date_ones(src.text[s:e])
    folded = src.folded[s:e]
    start: DateMatch | None = None
    end: DateMatch | None = None
    # A year alone bounds a period only after "từ" / "đến (hết)": "từ tháng 3/2024 đến hết năm 2024".
    dates = [d for d in find_dates(text, years=True)
             if d.precision != "year" or re.search(rules()["period_year_cue"], folded[:d.start], re.I)]
    for d in dates:
        if re.search(rules()["period_end_cue"], folded[:d.start], re.I):
            end = end or d
        elif start is None and end is None:
            start = d
    for d in sorted(dates, key=lambda d: -d.start):
        # "30/1 1/2020", "31/ 12/2025" as OCR split them are written "30/11/2020", "31/12/2025".
        text = text[:d.start] + re.sub(r"(?<=[\d/]) (?=[\d/])", "", text[d.start:d.end]) + text[d.end:]
    value = Period(start=start.first_day() if start else None, end=end.last_day() if end else None,
                   text=_period_text_spelt(_clean(text).rstrip(".")))
    # "từ tháng 6/2024 đến tháng ! 1/2023": an end's slot whose date OCR garbled past reading, or an
    # end before the start, is a misread end; the text would carry it, so only the start is given.
    unread_end = end is None and re.search(rules()["period_end_slot"], folded, re.I) is not None
    if unread_end or (start and end and end.last_day() < start.first_day()):
        value = Period(start=value.start, end=None, text=None)
    return Found(value, src.spans(s, e), _sure("period", src, s, e, match))


def _period_text_spelt(text: str) -> str:
    """A period's text with the range's opening word, which the rules read by its letters, spelt "từ"
    ("thi ngày 15/3/2024 đến ...": restoration's word for OCR's "ti’"), and no mark between "ngày" and
    its date ("từ ngày - 01/10/2021": a wrapped line's dash)."""
    opening = re.match(rules()["period_text_opening"], fold(text), re.I)
    if opening:
        text = ("T" if text[:1].isupper() else "t") + "ừ" + text[opening.end():]
    specks = [m.span() for m in re.finditer(rules()["period_text_speck"], fold(text), re.I)]
    for a, b in reversed(specks):
        text = text[:a] + text[b:]
    return text


def period(doc: Document, body: list[Block], preamble: list[Block]) -> Found | None:
    src = SourceText.of(doc, body)
    for a, b in src.piece_ranges():
        m = re.match(rules()["period_inline"], src.folded[a:b], FLAGS)
        if m:
            return _period_of(src, a + m.start(1), _range_end(src.folded, a + m.start(1), a + m.end(1)))
    for a, b in src.piece_ranges():
        m = re.match(rules()["period_inline_named"], src.folded[a:b], FLAGS)
        if m and re.search(rules()["period_range"], m.group(1), FLAGS):
            return _period_of(src, a + m.start(1), _range_end(src.folded, a + m.start(1), a + m.end(1)))
    hit = _heading_paragraph(src, rules()["period_headings"])
    if hit:
        s, e, score = hit
        m = re.search(rules()["period_range"], src.folded[s:e], FLAGS)
        if m:
            s, e = s + m.start(), s + m.end()
        return _period_of(src, s, e, score)
    intro = SourceText.of(doc, preamble)
    m = re.search(rules()["period_sentence"], intro.folded, FLAGS)
    if m:
        return _period_of(intro, m.start(), m.end())
    # In a section's item, only a sentence that launches the drive gives its period ("2. Phát động
    # đợt thi đua cao điểm ... từ ngày 10/01/2020 đến ngày 03/02/2020"); other dates there are tasks'.
    for m in re.finditer(rules()["period_sentence"], src.folded, FLAGS):
        opened = max(src.folded.rfind(c, 0, m.start()) for c in ".;:\n") + 1
        if re.search(rules()["period_launch_cue"], src.folded[opened:m.start()], FLAGS):
            return _period_of(src, m.start(), m.end())
    return None


def commemorations(doc: Document, blocks: list[Block]) -> Found | None:
    r = rules()
    src = SourceText.of(doc, blocks)
    # A range's 1s that OCR read as marks or letters ("(19/8/1945 - [9/8/2020)", "03/02/l930") read
    # as 1s: the text keeps its length, so offsets still lead back to the spans.
    text = src.text
    for pattern in r["digit_one_misreads"]:
        text = re.sub(pattern, "1", text)
    text = _date_ones(text)
    folded = fold(text)
    found: list[Commemoration] = []
    spans: list[Span] = []
    seen: set[tuple[str | None, str | None]] = set()
    low = 0
    for m in re.finditer(r["commemoration_range"], folded):
        window_start = max(low, m.start() - r["commemoration_window"])
        low = m.end()
        first = find_dates(text[m.start(1):m.end(1)], years=True)
        last = find_dates(text[m.start(2):m.end(2)], years=True)
        if len(first) != 1 or len(last) != 1 or first[0].precision != last[0].precision:
            continue
        if first[0].precision == "month" or first[0].year >= last[0].year:
            continue
        before = folded[window_start:m.start()]
        counted = list(re.finditer(r["commemoration_years"], before, re.I))
        if counted:
            event_start = window_start + counted[-1].end()
            years: int | None = int(counted[-1].group(1))
            cite_start = window_start + counted[-1].start(1)
            between = str(last[0].year - first[0].year)
            if len(str(years)) < len(between) and between.endswith(str(years)):
                # "kỷ niệm N năm ... (1884 - 2020)": N is about the years between (or one more, for
                # the anniversary a campaign leads up to). A count that is their last digits lost its
                # first to OCR ("36 năm" for 136, "là 10 năm" for 110, its 1 made a word).
                years = int(between)
        else:
            # No "N năm": an anniversary range (same day and month) still names one, e.g. "và Quốc
            # khánh (02/9/1945 - 02/9/2020)" after "75 năm Cách mạng Tháng Tám (...)".
            if first[0].precision != "day" or (first[0].day, first[0].month) != (last[0].day, last[0].month):
                continue
            cuts = list(re.finditer(r["commemoration_boundaries"], before, re.I))
            event_start = window_start + (cuts[-1].end() if cuts else 0)
            years = last[0].year - first[0].year
            # "kỷ niệm 188 năm thành lập tỉnh" with its count misread as letters ("Ít năm"): the
            # count and "năm" are not part of the event.
            lost = re.match(r["commemoration_lost_count"], folded[event_start:m.start()], re.I)
            event_start += lost.end() if lost else 0
            cite_start = event_start
        event = " ".join(w for w in _clean(src.text[event_start:m.start()]).split(" ")
                         if not re.fullmatch(r["title_speck_word"], w))
        if not event or len(event.split()) > 25:
            continue
        dates = _anniversary_days(src, m, first[0], last[0])
        if dates in seen:
            continue
        seen.add(dates)
        found.append(Commemoration(event=event, start=dates[0], end=dates[1], years=years))
        spans.extend(src.spans(cite_start, m.end()))
    if not found:
        return None
    return Found(found, spans, _sure("commemorations", src, 0, len(src.text)))


def _anniversary_days(src: SourceText, m: re.Match[str], first: DateMatch,
                      last: DateMatch) -> tuple[str, str]:
    """An anniversary's two dates (ISO), which fall on the same day of the year: where a scan read
    them on different days ("(27/7/1947 - 27/1/2021)"), the day and month of the end OCR was surer
    of, by rules commemoration_day_ocr_margin, are both ends'. Without OCR's confidence (typed text,
    a text layer) the dates stay as written."""
    if first.precision != "day" or last.precision != "day" \
            or (first.day, first.month) == (last.day, last.month):
        return first.iso, last.iso
    sure = [src.least_ocr_confidence(m.start(g), m.end(g)) for g in (1, 2)]
    if sure[0] is None or sure[1] is None or abs(sure[0] - sure[1]) < rules()["commemoration_day_ocr_margin"]:
        return first.iso, last.iso
    day, month = (first.day, first.month) if sure[0] > sure[1] else (last.day, last.month)
    assert day is not None and month is not None
    try:
        ends = [datetime.date(d.year, month, day).isoformat() for d in (first, last)]
    except ValueError:  # 29 February of a year without it
        return first.iso, last.iso
    return ends[0], ends[1]


def sections(doc: Document, blocks: list[Block]) -> Found | None:
    out = []
    spans = []
    for b in blocks:
        if b.role not in ("section", "chapter"):
            continue
        body = b.text.split("\n", 1)[1].strip() if "\n" in b.text else ""
        heading = _heading_of_phrases(b.heading) if b.heading else b.heading
        out.append(Section(kind=b.kind, heading=heading, text=body, items=list(b.items)))
        spans.append(b.start)
    if not out:
        return None
    return Found(out, spans, rules()["confidence"]["sections"])


def _heading_of_phrases(heading: str) -> str:
    """A section heading with each run of its words in capitals that is spelt with the letters of a
    heading's set phrase given that phrase's marks ("II. PHƯỜNG HƯƠNG NĂM 2024": PHƯƠNG HƯỚNG)."""
    heading = set_phrases(heading, rules()["section_heading_phrases"], capitals=True)
    heading = re.sub(rules()["heading_year_word"], "NĂM", heading)
    heading = re.sub(rules()["heading_numeral_colon"], r"\1.", heading)  # "IV: TỔ CHỨC": OCR's stop
    # "I. Ì. MỤC ĐÍCH": the numeral read twice (a scan's ghost of it), the second with a mark.
    m = re.match(rules()["heading_numeral_twice"], heading)
    if m and key(m.group(2)) == key(m.group(1)):
        heading = heading[:m.start(2)] + heading[m.end(0):]
    return heading


def set_phrases(text: str, phrases: list[str], capitals: bool = False) -> str:
    """`text` with each run of its words spelt with the letters of one of `phrases` given that
    phrase's marks, each word keeping its own case (with `capitals`, only runs in capitals): a set
    phrase has one spelling, and restoration may weigh its marks less surely than a sentence's."""
    tokens = text.split(" ")
    done: set[int] = set()
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        words = [_core(w) for w in phrase.split()]
        for i in range(len(tokens) - len(words) + 1):
            run = list(range(i, i + len(words)))
            if done & set(run):
                continue
            cores = [tokens[j].strip(_WORD_MARKS) for j in run]
            if not all(cores) or (capitals and not all(c.isupper() for c in cores)) \
                    or key(" ".join(cores)) != key(" ".join(words)):
                continue
            for j, core, word in zip(run, cores, words, strict=True):
                tokens[j] = tokens[j].replace(core, _cased_as(word[:1] + word[1:].lower(), core), 1)
            done |= set(run)
    return " ".join(tokens)


# --------------------------------------------------------------------------- rewards


def _authority(src: SourceText, start: int, end: int,
               own_kinds: frozenset[str] = frozenset()) -> tuple[str | None, int]:
    """Who gives a reward mentioned at text[start:end], in the short form analysts group by:
    "... của <authority>" after it, or "<authority> tặng" before it; and where the text after the
    authority starts. Where both are written and the one before heads the body after ("Thủ tướng
    Chính phủ tặng Cờ thi đua của Chính phủ"), the one before gives the body's reward."""
    r = rules()
    folded = src.folded
    window = _names_unbroken(folded[end:end + r["authority_after_window"]])
    m = re.match(r["authority_after"], window, re.I)
    giver, _ = _authority_before(src, start, end, own_kinds)
    if m and src.text[end + m.start(1):end + m.start(1) + 1].islower():
        m = None  # "Giấy khen của đơn vị": whose, not who gives it
    if m:
        # "của Giám đốc Sở Văn hóa, Thể thao và Du lịch cho ...": a body whose name holds "và" is
        # not cut there.
        stop = _issuer_end_past_and(folded, end + m.start(1), end + m.end(1))
        named = normal_case(squash(_unit_kinds_of_alternatives(src, end + m.start(1), stop, own_kinds)))
        if giver is not None and key(giver) != key(named) and key(giver).endswith(" " + key(named)):
            named = giver
        return _short(named), stop
    return (_short(giver) if giver is not None else None), end


def _names_unbroken(folded: str) -> str:
    """`folded` with the commas and dashes inside the names of bodies that hold them ("Văn hóa, Thể
    thao và Du lịch", "Lao động - Thương binh và Xã hội") made spaces, one character for one, so that
    a pattern that stops at a comma or a dash reads the whole name; offsets hold. So too the commas
    of a list of units' kinds a giver of many units is named by ("UBND các huyện, thành phố")."""
    for name in rules()["reference_issuer_names_with_and"]:
        if "," not in name and " - " not in name:
            continue
        pattern = r"\s+".join(re.escape(w) for w in fold(name).split()) + r"(?!\w)"
        folded = re.sub(pattern, lambda m: m.group(0).replace(",", " ").replace("-", " "), folded,
                        flags=re.IGNORECASE)
    return re.sub(rules()["authority_unit_kind_list"], lambda m: m.group(0).replace(",", " "), folded,
                  flags=re.IGNORECASE)


def decision_maker(doc: Document) -> str | None:
    """Who makes a decision, as an authority: the line in capitals over its preamble ("CHỦ TỊCH ỦY
    BAN NHÂN DÂN THỊ XÃ PHÚ THỌ") as "Chủ tịch UBND thị xã", the unit named by its kind only, as
    authorities are written in the body ("Bằng khen của Chủ tịch UBND tỉnh")."""
    for block in doc.blocks:
        if block.role != "preamble":
            continue
        for line in block.text.split("\n"):
            line = line.strip()
            if not line or upper_share(line) < rules()["maker_min_upper"]:
                continue
            words = line.split()
            sizes = range(1, min(4, len(words) - 1) + 1)
            # A title its words spell exactly, the longest first ("CHỈ HUY TRƯỞNG", not "CHỈ HUY"
            # taken near "CHÍNH ỦY"); else the first near enough, as OCR may have misread it.
            exact = [n for n in reversed(sizes) if (t := title_of(" ".join(words[:n]))) is not None
                     and key(t[0]) == key(" ".join(words[:n]))]
            for size in exact[:1] or sizes:
                hit = title_of(" ".join(words[:size]))
                if hit is None:
                    continue
                body, _ = canonical_body([" ".join(words[size:])])
                if body is None:
                    continue
                title = lexicon()["titles_normal_case"].get(hit[0], hit[0])
                m = re.match(rules()["maker_unit_kind"], body)
                return f"{title} {m.group(1) if m else body}"
        return None
    return None


def _short(authority: str) -> str:
    for full, short in rules()["authority_short"]:
        authority = re.sub(rf"\b{full}\b", short, authority, flags=re.IGNORECASE)
    return _unit_kind_spelt(set_phrases(authority, rules()["body_set_phrases"]))


def _unit_kind_spelt(authority: str) -> str:
    """The unit's kind after "UBND" or "HĐND" spelt as it is written, where OCR or restoration gave
    another word of its letters ("Chủ tịch UBND tính" is "tỉnh"): after those it is a kind."""
    words = authority.split(" ")
    # The kinds written out ("TỈNH", "THÀNH PHỐ"), not their abbreviations ("TP").
    kinds = [(printed.split(), kind) for printed, kind in rules()["bodies"]["unit_kinds"]
             if key(kind) == printed]
    for i, word in enumerate(words[:-1]):
        if word not in ("UBND", "HĐND"):
            continue
        for printed, kind in kinds:
            n = len(printed)
            if words[i + 1 + n:i + 2 + n] and words[i + 1 + n][:1].isdigit():
                break  # a unit named by its number keeps its capital: "UBND Quận 1"
            if [key(w) for w in words[i + 1:i + 1 + n]] == printed:
                words[i + 1:i + 1 + n] = kind.split()
                break
    return " ".join(words)


def _authority_before(src: SourceText, start: int, end: int,
                      own_kinds: frozenset[str] = frozenset()) -> tuple[str | None, int]:
    """"<authority> tặng" (or "xét, công nhận", "đã tặng 25") right before a reward."""
    r = rules()
    folded = src.folded
    heads = "|".join(r"\s+".join(re.escape(w) for w in fold(h).split()) for h in r["authority_heads"])
    a = max(0, start - r["authority_before_window"])
    # A stop standing alone among a name's words (". Nam tặng", at a line's start) is a scan's speck.
    speck = r["authority_speck_word"]
    window = _specks_blanked(_names_unbroken(folded[a:start]), speck)
    m = re.search(r["authority_before"].format(heads=heads), window, re.I)
    if m is None:
        # The verb damaged past restoring ("Thủ tướng Chính phủ thế Bằng khen"): one short word
        # restoration was unsure of, in the verb's place between an authority and a reward.
        m = re.search(r["authority_before_damaged_verb"].format(heads=heads), window, re.I)
        if m is not None:
            verb = src.confidence(a + m.start(2), a + m.end(2))
            if verb is None or verb >= r["damaged_verb_max_confidence"]:
                m = None
    if m:
        s, e = a + m.start(1), a + m.end(1)
        # "UBND tỉnh đề nghị Thủ tướng Chính phủ tặng": who gives it is the one asked, after the
        # request; when no authority follows the request, none is named.
        asked = list(re.finditer(r["authority_request"], folded[s:e], re.I))
        if asked:
            s += asked[-1].end()
            if not re.match(rf"(?:{heads})\b", folded[s:e], re.I):
                return None, end
        named = re.sub(speck, " ", _unit_kinds_of_alternatives(src, s, e, own_kinds))
        return normal_case(squash(named)), end
    return None, end


def _unit_kinds_of_alternatives(src: SourceText, start: int, end: int,
                                own_kinds: frozenset[str] = frozenset()) -> str:
    """text[start:end] (an authority) with the word after a people's committee or council ("UBND")
    that is no unit kind read as the alternative of restoration's that is one ("Chủ tịch UBND xô":
    "xã" was a close second): a committee is named by its unit's kind. A word OCR read as a kind's
    letters where a kind goes is that kind (_kinds_as_read; `own_kinds`: the kinds the header names)."""
    text = src.text[start:end]
    kinds = {key(k) for k in rules()["authority_unit_kinds"]}
    bodies = {key(b) for b in rules()["authority_unit_bodies"]}
    words = src.words(start, end)
    for i, kind in _kinds_as_read(words, own_kinds).items():
        best = _core(words[i].best)
        text = re.sub(rf"(?<!\w){re.escape(best)}(?!\w)", kind, text, count=1)
    for previous, word in zip(words, words[1:], strict=False):
        if key(previous.best.strip(".,;:()")) not in bodies:
            continue
        better = _alternative_among(word, kinds)
        if better is not None:
            best = word.best.strip(".,;:()")
            text = re.sub(rf"(?<!\w){re.escape(best)}(?!\w)", better, text, count=1)
    return text


_WORD_MARKS = ".,;:()\"'“”‘’"


def _core(form: str) -> str:
    return form.strip(_WORD_MARKS)


def header_kinds(doc: Document) -> frozenset[str]:
    """The unit kinds ("huyện", "quận") the issuer's lines of the header name: the document's own
    unit's and its superior's."""
    kinds = set(rules()["unit_kind_words"])
    block = next((b for b in doc.blocks if b.kind == "header" and b.role == "issuer"), None)
    if block is None:
        return frozenset()
    words = SourceText.of(doc, [block]).text.split()
    named = {_core(w).lower() for w in words}
    # A kind OCR garbled one letter of ("PHUGONG QUY NHƠN") is still the header's kind.
    named |= {k for w, after in zip(words, words[1:] + [""], strict=True)
              if (k := _header_word_kind(w, after or None)) is not None}
    return frozenset(kinds & named)


def _kinds_as_read(words: list[Word], own_kinds: frozenset[str], opening: bool = False) -> dict[int, str]:
    """{index: kind} for each of `words` that OCR read as the letters of a unit's kind and that
    stands where a kind goes, where restoration made another word of it: after a body named by its
    unit ("LĐLĐ tinh", restored "tinh": tỉnh) or before a Party committee's "ủy" ("Quan ủy",
    restored "Quân ủy": Quận ủy), when the header names that kind or restoration changed the word's
    letters; in a list of kinds, next to one ("Các huyện, thi, thành Đoàn": thị); after a list's
    "Các" (`opening`, a recipient's first words) when restoration changed its letters ("Các ap",
    restored "cấp": ấp). OCR reads letters well; restoration weighs a word by its sentence and takes
    the commoner one."""
    r = rules()
    kinds = r["unit_kind_words"]
    by_key = {key(k): k for k in kinds}
    bodies = [key(b).split() for b in r["unit_kind_bodies"]]
    # A department named by its field serves a unit named by its kind: "Phòng Giáo dục và Đào tạo huyện".
    bodies += [key(f).split() for f in r["department_fields"]]
    cores = [_core(w.best) for w in words]
    out: dict[int, str] = {}
    for i, word in enumerate(words):
        read, best = _core(word.text), cores[i]
        kind = by_key.get(key(read)) if read else None
        # OCR's letters one off the header's own kind ("UBND phuing", restored "phụng"): that kind,
        # only where a kind goes after a body and restoration changed the letters.
        near = kind is None and bool(read) and (kind := _kind_near(read)) is not None
        if kind is None or not best or best.lower() in kinds or word.restored is None:
            continue
        changed = key(best) != key(read)
        after_body = any(len(b) <= i and [key(c) for c in cores[i - len(b):i]] == b for b in bodies)
        if near:
            if after_body and kind in own_kinds and changed:
                out[i] = kind[:1].upper() + kind[1:] if best[:1].isupper() else kind
            continue
        # A Party committee is a name, written with a capital ("Quận ủy"; not "cơ quan ủy quyền").
        committee = read[:1].isupper() and i + 1 < len(words) \
            and cores[i + 1].lower() == r["unit_kind_committee"]
        # An item of a list of kinds: a kind before it or after it, and the word a whole item ("huyện,
        # thi, thành": thị; not "huyện, thi đua").
        item = i + 1 == len(words) or word.best.rstrip(")").endswith((",", ";", "."))
        before = i > 0 and words[i - 1].best.endswith(",") and cores[i - 1].lower() in kinds
        after = i + 1 < len(words) and word.best.endswith(",") and cores[i + 1].lower() in kinds
        listed = item and (before or after)
        opened = opening and i > 0 and key(cores[i - 1]) == key(r["unit_kind_list_opening"]) and changed
        if ((after_body or committee) and (kind in own_kinds or changed)) or listed or opened:
            if len(read) > 1 and read.isupper():
                kind = kind.upper()
            elif best[:1].isupper():
                kind = kind[:1].upper() + kind[1:]
            out[i] = kind
    return out


def _unit_kinds_as_read(src: SourceText, block: Block, own_kinds: frozenset[str]) -> list[tuple[str, str]]:
    """(line piece as restored, the same with the unit kinds OCR read: _kinds_as_read) for each
    piece of a list of recipients where one was read."""
    out = []
    for span in block.spans:
        line = src.lines.get((span.page, span.line))
        if line is None:
            continue
        pairs = [(w, a, b) for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True)
                 if span.start <= a and b <= span.end]
        words = [w for w, _, _ in pairs]
        piece = line.restored_text[span.start:span.end]
        repaired = piece
        for i, kind in sorted(_kinds_as_read(words, own_kinds, opening=True).items(), reverse=True):
            w, a, _ = pairs[i]
            lead = len(w.best) - len(w.best.lstrip(_WORD_MARKS))
            at = a + lead - span.start
            core = _core(w.best)
            repaired = repaired[:at] + kind + repaired[at + len(core):]
        if repaired != piece:
            out.append((piece, repaired))
    return out


def _counts(folded: str, src: SourceText | None = None, offset: int = 0) -> dict[str, int]:
    """How many of each kind "cho 6 tập thể, 9 cá nhân" names. With `src` (and where `folded`
    starts in it), a count that restoration made a word of ("cho có tập thể" read "cho 6 tap thé")
    is read from the word as OCR read it."""
    r = rules()
    counts: dict[str, int] = {}
    units = r["count_units"]
    pattern = "|".join(f"(?P<{field}>{'|'.join(words)})" for field, words in units.items())
    if src is not None:
        folded = _strokes_as_ones(folded, src, offset)
    for m in re.finditer(r["count_number"] + rf"(?:{pattern})\b", folded, re.I):
        field = next(f for f in units if m.group(f))
        # A count is digits: OCR's I, l or | among them is a 1 ("I4 hộ gia đình").
        digits = "".join(r["date_ocr_digits"].get(c, c) for c in m.group(1).replace(".", ""))
        if not digits.isdigit():
            continue  # a sign OCR read that is no digit ("L1"): the count is unread, not guessed
        counts[field] = counts.get(field, 0) + int(digits)
    if src is None:
        return counts
    for m in re.finditer(r["count_word"] + rf"(?:{pattern})\b", folded, re.I):
        field = next(f for f in units if m.group(f))
        read = src.read_as(offset + m.start(1), offset + m.end(1))
        digits = "".join(r["date_ocr_digits"].get(c, c) for c in read.strip(".,;:")) if read else ""
        if field not in counts and digits.isdigit() and not digits.startswith("0"):
            counts[field] = int(digits)
    return counts


def _strokes_as_ones(folded: str, src: SourceText, offset: int) -> str:
    """`folded` with each blank that OCR read as a lone stroke ("cho | tập thể": a 1, OCR's I, l or |)
    given back as that stroke, so a count of one is read; the text blanks it as no word."""
    out = list(folded)
    units = "|".join(w for words in rules()["count_units"].values() for w in words)
    for m in re.finditer(rf"(?<=\s)\s(?=\s+(?:{units})\b)", folded, re.I):
        read = src.read_as(offset + m.start(), offset + m.start() + 1)
        if read is not None and read.strip() in ("|", "I", "l"):
            out[m.start()] = "|"
    return "".join(out)


def _quotes_blanked(folded: str) -> str:
    """`folded` with what stands in quotes made spaces, one character for one: a campaign's or a
    slogan's name holds no counts ("Cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”")."""
    return re.sub(r"“[^”“]{0,160}”", lambda m: re.sub(r"\S", " ", m.group(0)), folded)


def _counts_unsplit(folded: str) -> str:
    """Counts with a space OCR put inside their digits joined ("và 1 2 cá nhân": 12; no two numbers
    stand side by side before one unit); the space goes after the number, so offsets still hold."""
    units = "|".join(w for words in rules()["count_units"].values() for w in words)
    return re.sub(rules()["count_split_digits"].format(units=units), r"\1\2 ", folded, flags=re.I)


def _counts_of_next_passive(clause: str) -> bool:
    """Whether the counts after a reward are those of the next one in a report's passive ("05 tập thể
    được ... tặng Bằng khen và 20 tập thể, 45 cá nhân được ... tặng Giấy khen"): no "cho" gives them
    to this reward, and "được" follows them."""
    r = rules()
    units = "|".join(w for words in r["count_units"].values() for w in words)
    first = re.search(r["count_number"] + rf"(?:{units})\b", clause, re.I)
    return bool(first) and not re.search(r["count_giver_link"], clause[:first.start()], re.I) \
        and re.search(r["count_passive"], clause[first.end():], re.I) is not None


def _dangling_count(folded: str) -> bool:
    """Whether a list of counts has a number without its unit ("05 tập thể và 12 — cAnhan"), or a
    unit whose number OCR read as marks ("06 tập thể, !§ cá nhân")."""
    units = "|".join(w for words in rules()["count_units"].values() for w in words)
    if re.search(rules()["count_dangling"].format(units=units), folded, re.I):
        return True
    for m in re.finditer(rules()["count_garbled"].format(units=units), folded, re.I):
        if not re.fullmatch(rules()["count_number"], m.group(1) + " ", re.I):
            return True
    return False


def _doubtful_count(folded: str, src: SourceText, offset: int) -> bool:
    """Whether OCR read any number of a list of counts (at `offset` in `src`) unsurely: a digit lost
    to a faded print leaves a number as plausible as the right one."""
    least = rules()["count_min_ocr_confidence"]
    for m in re.finditer(r"[\dIl|]*\d[\dIl|.]*", folded):
        conf = src.least_ocr_confidence(offset + m.start(), offset + m.end())
        if conf is not None and conf < least:
            return True
    return False


def _in_citation(folded: str, line_start: int, at: int, mention_starts: set[int]) -> bool:
    """Whether a reward named at `at` is the subject of a document its line cites ("Căn cứ Nghị định số
    122/2018/NĐ-CP ... của Chính phủ quy định về xét tặng danh hiệu “Gia đình văn hóa”; “Thôn văn
    hóa”"): its clause opens citing a numbered document, and no comma (or a ";" OCR read as ":") before
    `at` outside quotes opens a new clause in a capital ("..., Ủy ban nhân dân phường tặng Giấy khen"),
    except one listing the next reward ("về việc tặng Bằng khen, Cờ thi đua")."""
    r = rules()
    prefix = folded[line_start:at]
    # A clause after a ";" or a stop is a sentence of its own ("Căn cứ Kế hoạch số 77/KH-UBND ...; UBND
    # huyện kính trình ... tặng Bằng khen"), but not one between quoted names listed ("“X”; “Y”").
    clause = 0
    for end in re.finditer(r["reward_citation_clause_end"], prefix):
        if not len(re.findall(r["reward_citation_quotes"], prefix[:end.start()])) % 2:
            clause = end.end()
    line_start, prefix = line_start + clause, prefix[clause:]
    if re.match(r["reward_citation_lead"], prefix, re.I) is None:
        return False
    for comma in re.finditer(r["reward_citation_new_clause"], prefix):
        if len(re.findall(r["reward_citation_quotes"], prefix[:comma.start()])) % 2:
            continue  # inside a quoted name
        after = line_start + comma.end()
        word = folded[after:].lstrip(" “\"'‘")
        if word[:1].isupper() and len(folded) - len(word) not in mention_starts:
            return False
    return True


def _sentence_line_start(folded: str, at: int) -> int:
    """The start of the line where the sentence holding `at` begins: a line that ends with no stop,
    semicolon or colon wraps its sentence onto the next ("Điều 2. Công nhận ... cho 9 tập thể và" /
    "danh hiệu “Lao động tiên tiến” ... cho 186 cá nhân"), also past a blank row a scan's OCR put
    between them when the next line opens in small letters (as clause_end reads a sentence); and a
    list of quoted names goes on past the ";" that ends one at a line's end."""
    start = folded.rfind("\n", 0, at) + 1
    while start > 0:
        previous = folded.rfind("\n", 0, start - 1) + 1
        line = folded[previous:start - 1]
        if not line.strip() and previous > 0 and folded[start:].lstrip()[:1].islower():
            previous = folded.rfind("\n", 0, previous - 1) + 1
            line = folded[previous:folded.index("\n", previous)]
        # A list of quoted names goes on past a line that ends one of them with its ";" or "," when the
        # next line opens the next ("... danh hiệu “Gia đình văn hóa”;" / "“Thôn văn hóa”, ...").
        listed = re.search(rules()["quoted_name_line_end"], line) is not None \
            and re.match(rules()["quoted_name_line_start"], folded[start:]) is not None
        if not line.strip() or not (listed or re.search(rules()["article_line_open_end"], line)):
            break
        start = previous
    return start


def annex_counts(doc: Document, annex: Block | None) -> dict[str, int]:
    """How many are named under each group heading ("I. TẬP THỂ", "II. CÁ NHÂN") of a decision's list."""
    if annex is None:
        return {}
    groups = {name: field for field, names in rules()["annex_groups"].items() for name in names}
    counts: dict[str, int] = {}
    group: str | None = None
    for line in SourceText.of(doc, [annex]).text.split("\n"):
        bare = re.sub(rules()["annex_group_marker"], "", line).strip(" :")
        hit = whole_match(bare, list(groups), rules()["heading_min"]) if bare.isupper() else None
        if hit:
            group = groups[hit[0]]
        elif group and re.match(rules()["annex_entry"], line):
            counts[group] = counts.get(group, 0) + 1
        elif group and (misread := re.match(rules()["annex_entry_misread"], line)) \
                and int(misread.group(1)) == counts.get(group, 0) + 1:
            # An entry's stop OCR read as a comma ("1, Hộ ông ..."): an entry when its number is the
            # group's next; a line that merely opens with a number and a comma is none.
            counts[group] = counts.get(group, 0) + 1
    return counts


def _listed_counts(folded: str, start: int, stop: int) -> dict[str, int]:
    """The count of a group an article gives to and lists right below ("cho các tập thể ..., gồm:"
    then "1. ...;" "2. ...;"), up to the next article: its entries numbered in turn (lines between them
    that open with no number are OCR's specks), the group named by the unit word after "các"; none
    when that names no group or several, or an entry comes out of turn."""
    r = rules()
    cue = re.match(r["article_list_cue"], folded[start:stop], re.I)
    if not cue:
        return {}
    groups = {unit for unit, patterns in r["count_units"].items()
              if any(re.match(rf"{p}\b", cue.group(1), re.I) for p in patterns)}
    if len(groups) != 1:
        return {}
    n = 0
    for line in folded[start + cue.end():stop].split("\n"):
        if re.match(r["decision_article"], line, re.I):
            break  # the next article: the list is over
        entry = re.match(r["article_list_entry"], line)
        if not entry:
            continue  # a blank row, or OCR's specks from a stamp between two entries
        if int(entry.group(1)) != n + 1:
            return {}  # an entry out of turn (one OCR misread, or lost): the list's length is not sure
        n += 1
    return {groups.pop(): n} if n else {}


def _damaged_forms(folded: str, mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Reward forms whose last word OCR damaged past restoring, right after the verb that gives them
    ("tặng Bằng khái" for "Bằng khen"): the form's first word and a last word a letter or two off."""
    r = rules()["reward_form_damaged"]
    out = []
    for m in re.finditer(r["pattern"], folded, re.IGNORECASE):
        start, end = m.start(1), m.end(2)
        last = m.group(2).lower()
        if any(a < end and start < b for a, b, _ in mentions) or last == r["last_word"]:
            continue
        if Levenshtein.distance(last, r["last_word"]) <= r["max_edits"]:
            out.append((start, end, r["forms"][m.group(1).lower()[0]]))
    return out


RULE_BOOK = "rule_book"  # the doc_type rewards are read under in a rule book's chapters


def merged(first: Found | None, second: Found | None) -> Found | None:
    """Two list fields as one: the first's values, then the second's it lacks."""
    if first is None or second is None:
        return first or second
    extra = [v for v in second.value if v not in first.value]
    return Found(first.value + extra, first.spans + second.spans, min(first.confidence, second.confidence))


def _specks_blanked(text: str, pattern: str) -> str:
    """`text` with what `pattern` finds (a scan's specks standing alone) made spaces, one for one, so
    that offsets hold."""
    return re.sub(pattern, lambda m: " " * len(m.group(0)), text)


def rewards_and_awarded(doc: Document, body: list[Block], kind: str, annex: Block | None = None,
                        title: str | None = None) -> tuple[Found | None, Found | None]:
    r = rules()
    # A report or a decision gives; so does a paper of another type whose title says it gives the
    # results ("THÔNG BÁO Kết quả bình xét thi đua, khen thưởng năm 2024").
    awarding = kind in r["awarding_doc_types"] or (
        title is not None and re.match(r["awarding_title"], fold(title), re.I) is not None)
    src = SourceText.of(doc, body)
    folded = src.folded
    found = matchers.find("reward_forms", r["reward_forms"], folded)
    mentions = [(start, end, form) for form, start, end in found]
    mentions = sorted(mentions + _damaged_forms(folded, mentions))
    rewards: list[Reward] = []
    awarded: list[Awarded] = []
    reward_spans: list[Span] = []
    awarded_spans: list[Span] = []
    given: dict[int, str | None] = {}  # the authority of each mention read, by its index
    maker = decision_maker(doc) if kind in r["decided_doc_types"] else None
    own_kinds = header_kinds(doc)
    for n, (start, end, form) in enumerate(mentions):
        block = src.block_at(start)
        before = folded[max(0, start - r["reward_trigger_window"]):start]
        in_rewards_section = block is not None and block.kind == "khen_thuong"
        # An article of a decision gives what it names ("Điều 2. Công nhận danh hiệu X cho 9 tập thể
        # và danh hiệu Y cho 186 cá nhân").
        line_start = _sentence_line_start(folded, start)
        in_article = maker is not None and (
            re.match(r["decision_article"], folded[line_start:start], re.I) is not None
            # "Điều l." restored "Điều lệ.": the article's number as OCR read it.
            or re.match(r["decision_article"],
                        fold(" ".join(w.text for w in src.words(line_start, start)[:2])), re.I) is not None)
        # "... cho 312 cá nhân, “Tập thể lao động tiên tiến” cho 28 tập thể": given by the verb and
        # the giver of the one before it.
        between = _specks_blanked(folded[mentions[n - 1][1]:start], r["count_speck_word"]) if n else ""
        shared = n - 1 in given and re.match(r["reward_shared_authority"], between, re.I) is not None
        # Searched in the text, not in a slice of it, so that a word the window cuts stays whole: its
        # first letters still tell a verb from a word's part ("phong trào", folded "phong trao").
        verb = re.compile(r["reward_trigger"], re.I).search(folded, start - len(before), start)
        triggered = verb is not None or in_rewards_section or shared
        if not triggered and not in_article:
            continue
        accompanied = re.search(r["reward_accompanied"], before, re.I)
        if accompanied or re.match(r["reward_with_money"], folded[end:], re.I):
            # "Kèm theo Cờ thi đua, Bằng khen là tiền thưởng", "được tặng Giấy khen kèm theo tiền
            # thưởng": named, not given again
            continue
        if _in_table_row(src, start, end):
            continue  # a table's row: read as one by _table_awarded
        if _in_citation(folded, line_start, start, {m[0] for m in mentions}):
            continue  # "Căn cứ Nghị định số 122/2018/NĐ-CP ... về xét tặng danh hiệu X": the cited one's
        authority, after = _authority(src, start, end, own_kinds)
        if authority is None and maker is not None and in_article:
            # "Điều 1. Tặng Giấy khen cho ...": a decision's articles give what its maker gives.
            authority = maker
        if authority is None and shared:
            authority = given[n - 1]  # "... công nhận danh hiệu X và tặng Giấy khen": the same giver
        given[n] = authority
        stop = mentions[n + 1][0] if n + 1 < len(mentions) else len(folded)
        # (A name in quotes holds no counts and no clause's end: a page break inside it is none.)
        window = _quotes_blanked(folded[after:min(stop, after + r["count_window"])])
        # A stop standing alone before a word in small letters ("cho 86 / . cán bộ") is a scan's speck,
        # no clause's end.
        window = _specks_blanked(window, r["count_speck_word"])
        clause = re.split(r["clause_end"], window)[0]
        # "... cho 158 học sinh, trong đó 41 học sinh ... và 117 học sinh ...": what follows is a breakdown.
        breakdown = re.search(r["count_breakdown"], clause, re.I)
        clause = clause[:breakdown.start()] if breakdown else clause
        # "... cho 2.318 hộ gia đình trên địa bàn 06 ấp": where they are is no more recipients.
        where = re.search(r["count_place"], clause, re.I)
        clause = clause[:where.start()] if where else clause
        clause = _counts_unsplit(clause)
        counts = _counts(clause, src, after)
        if not counts and re.match(r["count_own_unit"], clause, re.I):
            counts = {"collectives": 1}  # "... cho nhà trường": the one body the paper is of
        if counts and _counts_of_next_passive(clause):
            counts = {}  # "... tặng Bằng khen và 20 tập thể, 45 cá nhân được ... tặng Giấy khen": the next's
        passive = False
        if not counts:
            # A report's passive: "15 tập thể, 32 cá nhân được (Chủ tịch UBND huyện) tặng Giấy khen".
            low = max(mentions[n - 1][1] if n else 0, start - r["count_window"])
            lead = re.split(r["count_lead_end"], folded[low:start])[-1]
            passive = re.search(r["count_passive"], lead, re.I) is not None
            # A decision's article may name its counts before its first reward: "Điều 1. Khen thưởng
            # 15 tập thể, 40 cá nhân ... bằng hình thức tặng Giấy khen".
            first_in_article = n == 0 or mentions[n - 1][1] <= _sentence_line_start(folded, start)
            counts_first = in_article and first_in_article
            if passive or counts_first:
                counts = _counts(lead, src, start - len(lead))
        if not counts and passive and awarding:
            continue  # what a report says was given ("12 cá nhân được ... tặng"), its count unread: no offer
        if not counts and annex is not None and re.search(r["annex_cue"], clause, re.I):
            # "... cho các tập thể, cá nhân có tên trong danh sách kèm theo": counted from the list.
            counts = annex_counts(doc, annex)
        if not counts and awarding:
            # "... cho các tập thể có thành tích xuất sắc, gồm:" and the list below: counted from it.
            counts = _listed_counts(folded, after, stop)
        if counts and awarding:
            if _dangling_count(clause):
                continue  # "cho 05 tập thể và 12 — cAnhan": a count OCR lost the unit of; none is sure
            if _doubtful_count(clause, src, after):
                continue  # a count OCR was unsure it read ("36" of a faded 136): no row beats a wrong one
            if passive and authority is None and any(
                    x.form == form and all(getattr(x, unit) == c for unit, c in counts.items())
                    for x in awarded):
                # "tặng Bằng khen cho 12 tập thể và 27 cá nhân ... Danh sách 27 cá nhân được tặng Bằng
                # khen kèm theo": those already counted, named again by their count; no award of its own.
                continue
            row = Awarded(form=form, authority=authority, **counts)
            if row not in awarded:
                awarded.append(row)
                awarded_spans.extend(src.spans(start, after + len(clause)))
            continue
        if not triggered or in_article:
            continue  # named in an article with no count read: what it gives is not known, and no offer
        lead = folded[max(0, start - r["reward_given_or_asked_window"]):start]
        if awarding and re.search(r["reward_given_or_asked"], lead, re.I):
            continue  # a report's "đã tặng" or "đề nghị ... tặng", its count unread: given or asked, no offer
        if awarding and re.match(r["reward_count_unread"], clause, re.I):
            continue  # "tặng Giấy khen cho 04 cé nhan": given, its count's unit unread; no offer
        if any(x.form == form and x.authority == authority for x in rewards):
            continue
        m = re.match(r["reward_recipients"], src.folded[after:after + r["reward_recipients_window"]], re.I)
        who = _clean(src.text[after + m.start(1):after + m.end(1)]) if m else None
        rewards.append(Reward(form=form, authority=authority, recipients=who))
        reward_spans.extend(src.spans(start, after))
    if awarding:
        for row, (a, b) in _table_awarded(src):
            if row not in awarded:
                awarded.append(row)
                awarded_spans.extend(src.spans(a, b))
    # A bare mention ("2.1. Giấy khen") adds nothing when the same form is named with its authority.
    named = {x.form for x in rewards if x.authority}
    rewards = [x for x in rewards if x.authority or x.form not in named]
    conf = _sure("rewards", src, 0, len(src.text))
    return (Found(rewards, reward_spans, conf) if rewards else None,
            Found(awarded, awarded_spans, _sure("awarded", src, 0, len(src.text))) if awarded else None)


def _in_table_row(src: SourceText, start: int, end: int) -> bool:
    """Whether text[start:end] is in a row of a table whose cells are parted by "|" (the stages' text
    blanks the bars as OCR's rules: the line as read tells)."""
    spans = src.spans(start, end)
    line = src.lines.get((spans[0].page, spans[0].line)) if spans else None
    return line is not None and len(_table_cells(line.text)) >= 3


def _table_cells(line: str) -> list[str]:
    """A table row's cells: parted by "|", and, in a row with a bar, by the marks OCR reads a bar as
    on a poor copy ("[", "{", "†": awarded_table cell_bar_misread); a line with no bar is one cell."""
    if "|" not in line:
        return [line.strip()]
    # A stop or colon a space after a cell's words ("Cá nhân :", "21 .") is a scan's speck.
    speck = rules()["awarded_table"]["cell_trailing_speck"]
    return [re.sub(speck, "", c.strip()) for c in re.split(rules()["awarded_table"]["cell_separator"], line)]


def _row_to_width(cells: list[str], width: int, columns: dict[int, str]) -> list[str]:
    """A row's cells fitted to its table's `width` where OCR lost a bar or read one too many: two
    counts run together ("01 02", no count stands beside another) are two cells; a row's number run
    into the cell after it ("3 1 Giấy khen", its bar read as a 1) is its own, where the table numbers
    its rows before the reward's column; an empty cell at an end the header lacks is none. Otherwise
    the row as read."""
    cells = list(cells)
    # A row's number read as a bar's mark ("[ | Huân chương ...": the 1 of the row) or a bar closing the
    # row leaves an empty cell at an end that the header does not have.
    while len(cells) > width and not cells[0]:
        cells = cells[1:]
    while len(cells) > width and not cells[-1]:
        cells = cells[:-1]
    while len(cells) < width:
        pair = next((n for n, c in enumerate(cells) if re.fullmatch(r"\d{1,3}\s+\d{1,3}", c)), None)
        if pair is not None:
            cells[pair:pair + 1] = cells[pair].split()
            continue
        number = re.match(r"(\S{1,3})\s+(\S.*)$", cells[0]) if cells else None
        if number is not None and columns.get(1) == "form" and 0 not in columns:
            cells[0:1] = [number.group(1), number.group(2)]
            continue
        break
    return cells


def _count_cell(cell: str) -> int | None:
    """A count's cell: its digits, a 1 OCR read as a letter or a mark among them ("I21") read as 1; a
    count with a leading zero has two digits ("01"), so "03101" is bars and digits run together."""
    digits = "".join(rules()["number_word_digits"].get(c, c) for c in cell)
    if not re.fullmatch(r"0\d|[1-9]\d{0,4}", digits) or not any(c.isdigit() for c in cell):
        return None
    return int(digits)


def _bars_kept(line: Line) -> str:
    """A table row as restored with the bars OCR read kept: restoration takes a lone bar for a 1 (a
    made-up "Hình thức | Số lượng" restored "Hình thức 1 Số lượng") and drops one glued to a word
    ("Sở Nội vụ|-|" restored "Sở Nội vụ-|"), which joins two cells. A word read as marks alone is kept
    as read; a word with letters keeps OCR's marks around its restored letters. So is a word OCR read
    as digits and marks alone, a count's cell, that restoration made a word of ("12|-|" restored
    "ái")."""
    out = [line.leading]
    for w in line.words:
        form = w.best
        if any(c.isdigit() for c in w.text) and not any(c.isalpha() for c in w.text) \
                and not any(c.isdigit() for c in form):
            form = w.text
        elif w.text.count("|") > form.count("|"):
            if not any(c.isalnum() for c in w.text):
                form = w.text
            else:
                lead = re.match(r"[^\w]*", w.text).group(0)  # type: ignore[union-attr]
                trail = re.search(r"[^\w]*$", w.text).group(0)  # type: ignore[union-attr]
                form = lead + form.strip("".join(set(lead + trail)) or " ") + trail
        if form or not w.text:
            out.append(form + w.space_after)
    return "".join(out)


def _table_awarded(src: SourceText) -> list[tuple[Awarded, tuple[int, int]]]:
    """A report's table of what was given, its cells parted by "|" (a text layer's or a typed
    table): a header row naming the reward's column, the counts' columns by their units (rules.json
    count_units: "Tập thể", "Cá nhân", "Hộ gia đình") and maybe the authority's ("Cấp quyết
    định"); each row below it, up to a row of another shape, is one award ("-" or an empty cell:
    none). A total's row ("Tổng cộng") gives nothing of its own."""
    r = rules()
    conf = r["awarded_table"]
    units = r["count_units"]
    out: list[tuple[Awarded, tuple[int, int]]] = []
    columns: dict[int, str] | None = None
    width = 0
    at = 0
    wrapped: tuple[list[str], int] | None = None
    for line in src.text.split("\n"):
        start, at = at, at + len(line) + 1
        # The line as restored, its bars kept (the stages' text blanks them as OCR's rules).
        spans = src.spans(start, start + len(line))
        if len(spans) == 1 and (spans[0].page, spans[0].line) in src.lines:
            whole = src.lines[(spans[0].page, spans[0].line)]
            line = whole.restored_text[spans[0].start:spans[0].end]
            if (spans[0].start, spans[0].end) == (0, len(whole.restored_text)):
                line = _bars_kept(whole)
        if not line.strip():
            continue  # OCR's page may hold a blank line between a table's rows
        cells = _table_cells(line)
        end = start + len(line)
        if wrapped is not None and len(wrapped[0]) + len(cells) - 1 == width:
            # A row OCR wrapped inside a cell ("... | Ban Chấp hành Trung ương Hội" / "Nông dân Việt
            # Nam | - | 46 | -"): the two lines, joined in that cell, fill the table's width.
            cells = wrapped[0][:-1] + [f"{wrapped[0][-1]} {cells[0]}"] + cells[1:]
            start = wrapped[1]
        wrapped = None
        if len(cells) < 3:
            columns = None  # the table has ended
            continue
        folded = [fold(c).lower() for c in cells]
        header: dict[int, str] = {}
        for n, cell in enumerate(folded):
            if re.search(conf["form_column"], cell):
                header[n] = "form"
            elif re.search(conf["authority_column"], cell):
                header[n] = "authority"
            else:
                unit = next((f for f, words in units.items()
                             if any(re.fullmatch(w, cell) for w in words)), None)
                if unit is not None:
                    header[n] = unit
        if "form" in header.values() and set(header.values()) & set(units):
            # A header cell holding a unit's words with others ("Cá nhân Hà Hộ ve": two columns OCR ran
            # together, their bar lost) leaves the columns unknown: the table is not read.
            merged = any(n not in header and any(re.search(rf"\b{w}\b", cell) for ws in units.values()
                                                 for w in ws) for n, cell in enumerate(folded))
            columns, width = (None, 0) if merged else (header, len(cells))
            continue
        if columns is not None:
            cells = _row_to_width(cells, width, columns)
            folded = [fold(c).lower() for c in cells]
        if columns is not None and len(cells) < width and not re.match(conf["total_row"], folded[0]):
            wrapped = (cells, start)  # maybe the first line of a row wrapped inside a cell
        # A row of another shape (cells OCR ran together) or a total's row gives nothing.
        if columns is None or len(cells) != width or re.match(conf["total_row"], folded[0]):
            continue
        form = authority = named = None
        counts: dict[str, int] = {}
        # A count's cell that is neither a count, "-" nor empty was misread ("14106 Nội số"): the row
        # is left out rather than given with a count missing.
        if any(role in units and cells[n] and _count_cell(cells[n]) is None
               and re.fullmatch(conf["no_count"], cells[n]) is None for n, role in columns.items()):
            continue
        for n, role in columns.items():
            cell = cells[n]
            if role == "form":
                found = matchers.find("reward_forms", r["reward_forms"], folded[n])
                form = found[0][0] if found else None
                named = _giver_in_cell(cell, folded[n], found[0][2]) if found else None
            elif role == "authority":
                authority = _short(squash(cell)) or None
            elif (count := _count_cell(cell)) is not None:
                counts[role] = count
        # A table with no giver's column names the giver in the reward's cell ("Bằng khen của Chủ tịch
        # UBND tỉnh | 01 | 02"); a giver's column, where there is one, says it.
        authority = authority or named
        if form is not None and counts:
            out.append((Awarded(form=form, authority=authority, **counts), (start, end)))
    return out


def _giver_in_cell(cell: str, folded: str, end: int) -> str | None:
    """Who gives the reward a table's cell names up to `end`, written after it as a sentence writes
    it ("Giấy khen của Chủ tịch UBND huyện"): the cell's end ends the giver's name, however long
    (awarded_table form_cell_giver)."""
    m = re.match(rules()["awarded_table"]["form_cell_giver"], folded[end:], re.I)
    if m is None or cell[end + m.start(1):end + m.start(1) + 1].islower():
        return None  # "Giấy khen của đơn vị": whose, not who gives it
    return _short(normal_case(squash(cell[end + m.start(1):end + m.end(1)]))) or None


# --------------------------------------------------------------------------- references, list, signer


def references(doc: Document, blocks: list[Block], own: tuple[str | None, str | None],
               places: list[str] | None = None) -> Found | None:
    """Documents cited; `places`: the document's own place names, for issuers OCR read them in."""
    r = rules()
    src = SourceText.of(doc, blocks)
    folded = src.folded
    patterns = {kind: [matchers.phrase_pattern(kind) + [r["reference_number_token"]]]
                for kind in r["reference_kinds"]}
    own_number = f"{own[0]}/{own[1]}" if own[0] and own[1] else None
    out: list[Reference] = []
    spans: list[Span] = []
    for kind, start, after_so in matchers.find("references", patterns, folded):
        m = re.match(r["reference_number"], folded[after_so:])
        # A space OCR put inside the number's digits ("số 205 1-QĐ/HNDTW"): a bare number is no cited
        # code, so digits then a code of no more than three digits are one number.
        split_digits = None if m else re.match(r["reference_number_split"], folded[after_so:])
        if split_digits:
            printed = src.text[after_so + split_digits.start(1):after_so + split_digits.end(1)] \
                + src.text[after_so + split_digits.start(2):after_so + split_digits.end(2)]
            end = after_so + split_digits.end()
        elif m:
            printed, end = src.text[after_so + m.start(1):after_so + m.end(1)], after_so + m.end()
            # A code's last hyphen OCR read as a space ("85/TTr HDTDKT ngày ..."): a word in capitals
            # between the number and its date is the code's last part.
            split = re.match(r["reference_code_split"], folded[end:])
            # A space OCR put inside the code's letters ("2987/SY T-TCCB"): the code goes on past it.
            spaced = re.match(r["reference_code_space"], folded[end:])
            if spaced and re.search(r"/[A-ZĐ]{1,5}$", printed):
                printed += src.text[end + spaced.start(1):end + spaced.end(1)]
                end += spaced.end(1)
            elif split and not printed.endswith(("-", "/")):
                printed += "-" + src.text[end + split.start(1):end + split.end(1)]
                end += split.end(1)
        else:
            read = _reference_number_as_read(src, after_so)
            if read is None:
                continue
            printed, end = read
        # The number before its first slash or hyphen is digits: OCR's I, l, |, !, ] or [ there is a
        # 1 ("I8/KH-UBND", "4]/KH-UBND", "[9/2018/QĐ-UBND").
        lead = re.match(r"[^/-]*", printed).group(0)  # type: ignore[union-attr]
        # A colon inside the codes is a hyphen OCR misread ("1895/SNV:TĐKT"): no code holds one.
        printed = printed[:len(lead)] + printed[len(lead):].replace(":", "-")
        # So is an O or S among its digits ("2S/KH-UBND" for 25/KH-UBND, "1O-CT/TU" for 10-CT/TU),
        # where the number is digits and such letters alone.
        misreads = r["number_one_misreads"]
        if any(c.isdigit() for c in lead) and all(c.isdigit() or c in misreads + r["number_letter_misreads"]
                                                  for c in lead.strip()):
            misreads += r["number_letter_misreads"]
        digits = "".join(r["date_ocr_digits"].get(c, c) if c in misreads else c for c in lead)
        # A speck OCR read as a marked letter after the digits ("86ó-KH/HU"): no number holds a letter so.
        digits = re.sub(r["number_trailing_speck"], "", digits)
        code = canonical_code(code_as_written(digits + printed[len(lead):]))
        kind = _kind_named_before(kind, folded[max(0, start - r["reference_kind_before_window"]):start], code)
        number = _kind_code(kind, codes_of_document(code, doc))
        if own_number and key(number) == key(own_number):
            continue
        date = None
        window = r["reference_date_window"]
        d = re.match(r["reference_date_lead"], folded[end:end + window], re.I)
        after_date = end
        found = find_dates(_date_ones(src.text[end:end + window]))
        if found and d and found[0].start <= d.end() + 1 and found[0].precision == "day":
            date = found[0].iso
            after_date = end + found[0].end
        elif slots := re.match(r["reference_date_slots"], folded[end:end + window], re.I):
            # A date a digit of which OCR garbled past reading ("ngày 10 tháng § năm 2018"): read from
            # its slots where they give one, or from them as OCR read them where restoration made a
            # word of a slot ("3Ì" restored "Bì"); its words are passed over to the issuer after them.
            read = " ".join(w.text for w in src.words(end, end + slots.end()))
            date = _repaired_date(src.text[end:end + slots.end()]) or _repaired_date(read)
            after_date = end + slots.end()
        if date is None and re.search(r["reference_amended_object"], folded[max(0, start - 80):start], re.I):
            # "Nghị định số 152/2025/NĐ-CP ngày ... sửa đổi, bổ sung một số điều của Nghị định số
            # 98/2023/NĐ-CP": the document amended, named without its date, is what the cited one
            # changes, not a basis this document cites.
            continue
        # A stop or speck standing alone among the issuer's words ("Ban Thường vụ Trung . / ương Hội",
        # "Chính phủ quy / ~ định") is a scan's, none of the name and no end of it.
        speck = r["authority_speck_word"]
        # The issuer is named within the reference's block: a title that ends with "... của UBND tỉnh"
        # does not name "UBND tỉnh Căn cứ Luật ..." with the body's first words.
        block_end = next((e for s, e, _ in src.blocks if s <= after_date < e), len(folded))
        tail = folded[after_date:min(after_date + r["reference_issuer_window"], block_end)]
        tail = _specks_blanked(tail, speck)
        who = re.match(r["reference_issuer"], tail, FLAGS)
        who_end = 0
        if who:
            who_end = _issuer_end_past_and(folded, after_date + who.start(1), after_date + who.end(1))
        issuer_text = squash(re.sub(speck, " ", src.text[after_date + who.start(1):who_end])) if who else None
        if issuer_text and places and who:
            # "của Thành ủy Hué" restored "Thành ủy Thúc": the committee of the document's own city.
            read = _places_in_words(src.words(after_date + who.start(1), who_end), places)
            issuer_text = _as_read_in(issuer_text, read)
        issuer_text = canonical_mention(normal_case(issuer_text)) if issuer_text else None
        checked = _code_checked(number, date)
        if checked is None:
            continue
        ref = Reference(kind=kind, number=checked, date=date, issuer=issuer_text)
        if any(x.kind == ref.kind and x.number == ref.number for x in out):
            continue
        out.append(ref)
        spans.extend(src.spans(start, who_end if who else after_date))
    # A stop standing alone among a law's name ("Luật Phòng, chống thiên tai ." / "ngày ...") is a
    # scan's speck, no end of the name.
    for m in re.finditer(r["law"], _specks_blanked(folded, r["authority_speck_word"]), re.I):
        if re.search(r["law_other_document"], folded[m.start():m.end()], re.I):
            continue  # "... Luật Thi đua, khen thưởng và Công văn số 1685/... ngày": the letter's date
        # A law is cited by name and date ("Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003").
        # The law pattern ends with "ngay " (5 characters): the date is read from that word on.
        window = src.text[m.end() - 5:m.end() + r["law_date_window"]]
        dates = find_dates(_date_ones(window))
        if not (dates and dates[0].precision == "day"):
            # OCR's marks for digits ("ngày 26 tháng i I năm 2003"): the date is read from its slots,
            # in the words as OCR read them first: a "|" there is a 1, which the text stages read
            # blank out as a rule's speck ("tháng | ! năm": 11, not the "!" alone).
            read = " ".join(w.text for w in src.words(m.end() - 5, m.end() + r["law_date_window"]))
            iso = _repaired_date(read) or _repaired_date(window)
            slots = re.match(r["date_slots"], fold(window), re.I) if iso else None
            if iso and slots:
                year, month, day = (int(x) for x in iso.split("-"))
                dates = [DateMatch(0, slots.end(), year, month, day)]
        if dates and dates[0].precision == "day":
            # "Luật Thi đua, Khen thưởng số 06/2022/QH15 ngày ...": a law's number, when cited, is
            # the National Assembly's ("QH" and its term).
            numbered = re.search(r["law_number"], folded[m.start():m.end()], re.I)
            number = None
            if numbered:
                number = _code_checked(src.text[m.start() + numbered.start(1):m.start() + numbered.end(1)],
                                       dates[0].iso)
                if number is None:
                    continue
            ref = Reference(kind="Luật", number=number, date=dates[0].iso, issuer=None)
            if ref not in out:
                out.append(ref)
                spans.extend(src.spans(m.start(), m.end() - 5 + dates[0].end))
    if not out:
        return None
    return Found(out, spans, _sure("references", src, 0, len(src.text)))


def _code_checked(number: str, date: str | None) -> str | None:
    """A cited number whose codes have the shape of a Vietnamese document's: no code has a letter after
    a digit ("UBTVQHI1S5", a scan's letters inside the National Assembly's term) nor a marked letter
    other than Đ ("HỘ-SNV": restoration took the code for a word), and a code of the
    Assembly ends with one of its terms ("NQ-UBTVQH15", "2022/QH15"; not "QH115"). That term follows
    from the year its number gives when the year lies in one term, or from the document's date: a
    garbled one is that term where its digits, as OCR misreads them, hold the term's. Any other
    garbled code leaves the reference out: a wrong number is worse than none."""
    r = rules()
    parts = re.split(r"([-/])", number)
    year = next((p for p in parts[1:] if re.fullmatch(r["reference_code_year"], p)), None)
    for n, part in enumerate(parts):
        if n == 0:
            continue
        assembly = re.fullmatch(r["reference_code_assembly"], part)
        # Nor has a code a marked letter but Đ ("UBNĐ" is a code, "HỘ" a word restoration made).
        marked = any(c != fold(c) for c in part.replace("Đ", "").replace("đ", ""))
        if not assembly and not marked and not re.search(r["reference_code_garbled"], part):
            continue
        term = None
        if assembly and year:
            # The year the number gives is the Assembly's act's own; a date cited with a law may be the
            # day it took effect, in the next term.
            first, last = _assembly_term(f"{year}-01-01"), _assembly_term(f"{year}-12-31")
            term = first if first == last else None
        elif assembly and date:
            term = _assembly_term(date)
        if assembly and assembly.group(2).isdigit() and int(assembly.group(2)) <= r["assembly_last_term"] \
                and assembly.group(2) == (term or assembly.group(2)):
            # A term, the one its date gives where the table knows it.
            parts[n] = assembly.group(1) + "QH" + assembly.group(2)
            continue
        if assembly is None or term is None:
            return None
        digits = "".join(r["date_ocr_digits"].get(c, c) for c in assembly.group(2))
        if not re.search(".*".join(term), digits):
            return None
        parts[n] = assembly.group(1) + "QH" + term
    return _dated_code_checked("".join(parts))


def _dated_code_checked(number: str) -> str | None:
    """A cited number with its year ("91/2017/NĐ-CP", "06/2022/QH15") goes on with its kind's and its
    issuer's codes joined by a hyphen, or with the Assembly's code: one that stops at the year
    ("60/2021") or after one code ("11/2015/TT") lost the rest to OCR, and is left out. A hyphen
    after the year before two codes is the slash OCR misread ("59/2019-NĐ-CP")."""
    r = rules()
    m = re.fullmatch(r["reference_dated_number"], number)
    if m is None:
        return number  # no year: another numbering
    rest = m.group(2)
    if rest.startswith("-") and rest.count("-") >= 2:
        rest = "/" + rest[1:]
    if not re.fullmatch(r["reference_dated_codes"], rest):
        return None
    return m.group(1) + rest


def _assembly_term(date: str) -> str | None:
    """The National Assembly's term (khóa) in office on an ISO date, as its codes write it ("15")."""
    return next((term for term, (first, last) in rules()["assembly_terms"].items() if first <= date <= last),
                None)


def _issuer_end_past_and(folded: str, start: int, end: int) -> int:
    """Where a cited document's issuer ends: at `end`, where its pattern stopped before "và", or past
    a name that holds "và" and was cut there ("của Bộ Giáo dục và Đào tạo", not "Bộ Giáo dục")."""
    for name in rules()["reference_issuer_names_with_and"]:
        # The name may wrap onto the next line: its words are apart by any space.
        pattern = r"\s+".join(re.escape(w) for w in fold(name).split()) + r"(?!\w)"
        for m in re.finditer(pattern, folded[start:end + len(name) + 8], re.IGNORECASE):
            if start + m.start() < end < start + m.end():
                # The unit the body belongs to goes on after its name ("Sở Giáo dục và Đào tạo tỉnh
                # Phú Thọ về việc ..."), as it would have after a name without "và".
                unit = re.match(rules()["reference_issuer_unit_after"], folded[start + m.end():], FLAGS)
                return start + m.end() + (unit.end(1) if unit else 0)
    return end


def _date_ones(text: str) -> str:
    """Text with the 1s OCR read as a letter or a mark next to a date's digits read as 1s ("ngày
    3l/7/2017", "ngày 3l tháng 12", "ngày !5 tháng 6"), and its 0s read as the letter O between
    digits as 0s ("15/3/2O24"), and its second slash read as a 7 as a slash ("08/0172024"); one
    character for one, so offsets hold."""
    for pattern in rules()["date_one_misreads"]:
        text = re.sub(pattern, "1", text)
    for pattern in rules()["date_zero_misreads"]:
        text = re.sub(pattern, "0", text)
    for pattern in rules()["date_slash_misreads"]:
        text = re.sub(pattern, "/", text)
    return text


def _reference_number_as_read(src: SourceText, at: int) -> tuple[str, int] | None:
    """A cited document's number that restoration made a word of, as OCR read it, and where it ends
    in the text: "2I50/SNV-TĐKT" restored "Báo/SNV-TĐKT"; a first 1 OCR read as a mark of its own
    and restored a word ("l 12/KH-UBND", restored "là 12/KH-UBND": 112). None unless OCR's reading
    has a number's shape."""
    r = rules()
    tokens = list(re.finditer(r"\S+", src.text[at:at + r["reference_read_window"]]))[:2]
    read: list[str] = []
    changed = False
    for token in tokens:
        words = src.words(at + token.start(), at + token.end())
        if len(words) != 1:
            return None
        changed = changed or (words[0].restored is not None and words[0].restored != words[0].text)
        read.append(words[0].text)
    if not changed or not read:
        return None
    ones = r["number_one_misreads"] + "1"
    if len(read) == 2 and len(read[0]) == 1 and read[0] in ones and read[1][:1].isdigit():
        candidate, end = "1" + read[1], at + tokens[1].end()
    else:
        candidate, end = read[0], at + tokens[0].end()
    strip = r["reference_read_strip"]
    m = re.fullmatch(r["reference_number"], fold(candidate).rstrip(strip))
    if m is None:
        return None
    while src.text[end - 1] in strip:
        end -= 1
    return candidate[m.start(1):m.end(1)], end


def _kind_named_before(kind: str, before: str, code: str) -> str:
    """The kind of a cited document named by two kinds' words ("Thông báo kết luận số 123-TB/TU"): the
    one written first when the number carries its type code (TB) and not the other's (KL)."""
    codes = rules()["reference_kind_codes"]
    letters = next((p for p in re.split(r"[-/]", code) if p and not p.isdigit()), "")
    if not letters or letters == codes.get(kind):
        return kind
    for other, other_code in codes.items():
        if other != kind and letters == other_code and re.search(rf"\b{fold(other)}\s+$", before, re.I):
            return other
    return kind


def _kind_code(kind: str, number: str) -> str:
    """A cited document's number with its type code as its kind writes it (Nghị định 30/2020/NĐ-CP,
    appendix III: a Chỉ thị is "CT", a Kế hoạch "KH"): a code one letter off it of the same length is
    that code misread ("26/CF-TTg" for the Chỉ thị 26/CT-TTg)."""
    from rapidfuzz.distance import Levenshtein

    expected = rules()["reference_kind_codes"].get(kind)
    if not expected:
        return number
    parts = re.split(r"([-/])", number)
    for n, part in enumerate(parts):
        if part and not part.isdigit() and part not in "-/":
            if part != expected and len(part) == len(expected) and key(part)[:1] == key(expected)[:1] \
                    and Levenshtein.distance(key(part), key(expected)) == 1:
                parts[n] = expected
            break  # the type code is the first part in letters
    return "".join(parts)


def recipients(doc: Document, block: Block | None) -> Found | None:
    if block is None or not block.items:
        return None
    skip = [key(s) for s in rules()["recipient_skip"]]
    src = SourceText.of(doc, [block])
    codes = _archive_codes(src, block)
    out = []
    repairs = (_heads_read_small(src, block)
               + _unit_kinds_as_read(src, block, header_kinds(doc)) + _abbreviations_as_read(src, block)
               + units_as_read(src, block.spans) + _body_heads_of_alternatives(src, block)
               + _pieces_of_letters_as_read(src, block) + _set_phrases_of_alternatives(src, block))
    lost = _lost_heads(src, block)
    specks = _specks_after_stop(src, block)
    markers = rules()["recipient_markers"]
    for item in block.items:
        item = next((squash(item)[:-len(tail)] for tail in specks if squash(item).endswith(tail)), item)
        read = next((read for head, read in lost if squash(item).lstrip(markers).startswith(head)), None)
        if read is not None:
            item = _department_of_lost_head(squash(item).lstrip(markers), read)
            if item is None:
                continue
        for restored, read in repairs:
            item = item.replace(restored, read, 1)
        # A recipient ends with ";": what follows on its line with no word of two letters ("; A” Z £")
        # is the other column's specks. The list's dash, however OCR read it ("—", "_", "~"), is no
        # part of a recipient.
        text = re.sub(rules()["recipient_trailing_noise"], "", squash(item)).lstrip(markers).rstrip(" ;.,:")
        for pattern, fixed in rules()["recipient_fixes"]:
            text = re.sub(pattern, fixed, text, flags=re.IGNORECASE)
        # A stop or ";" inside a recipient before a word in small letters, or a stop after one before
        # a capitalised word, is a comma OCR misread ("Các cơ quan. đơn vị", "CT; các PCT", "Vụ địa
        # phương. Ban TĐKT TW"): a recipient is no sentence, and ";" ends one.
        text = re.sub(rules()["recipient_misread_comma"], ", ", text)
        # An abbreviation in capitals is a code of the vocabulary as OCR without Vietnamese reads it
        # ("HDND" for HĐND): no two codes differ only by Đ.
        text = re.sub(r"(?<!\w)[A-ZĐ]{2,}(?!\w)",
                      lambda m: codes_of_document(canonical_code(m.group(0)), doc), text)
        archive = re.match(rules()["archive_line"], fold(text), re.IGNORECASE)
        if archive:
            # The label is "Lưu", however OCR read it ("Luu", its colon lost); fold keeps offsets.
            tail = text[archive.end():].strip()
            text = f"Lưu: {codes or _first_archive_code(tail)}"
            if codes:
                # A keeper written out after the codes ("Lưu: VT, Phòng NV"): no code, so the codes
                # read from OCR stop before it; it is kept as written.
                parts = [p.strip() for p in tail.split(",")]
                rest = parts[codes.count(",") + 1:]
                if rest and all(re.search(rules()["archive_keeper_written"], p) for p in rest):
                    text += ", " + ", ".join(rest)
        # Bodies' set phrases spelt as they are where restoration gave their letters other marks
        # ("các PGĐ Số" -> "Sở", "Công đoàn trưởng" -> "trường", "TT Đảng ủy").
        text = set_phrases(text, rules()["body_set_phrases"])
        # OCR's barred D read as the Icelandic Ð, or as both ("CÐ ngành", "các PGĐÐ Sở"): Vietnamese
        # has no Ð, so it is a Đ.
        for read, meant in rules()["symbol_ocr_strings"].items():
            if "Ð" in read:
                text = text.replace(read, meant)
        if text and not any(key(text).startswith(s) for s in skip):
            out.append(canonical_mention(normal_case(text)))
    if not out:
        return None
    return Found(out, block.spans, _sure("recipients", src, 0, len(src.text)))


def _heads_read_small(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """(line piece as restored, the same with its first word in normal case) where restoration gave
    capitals to a recipient's first word that OCR read with a digit for its vowel ("$6 GD&DT",
    restored "SỞ GD&ĐT"; "B6 GTVT"): a digit stands for a small marked vowel (ở, ộ), which OCR reads
    so; one in capitals it reads as a letter ("SO", "BO"). A list entry is in normal case."""
    out = []
    markers = rules()["recipient_markers"]
    for piece, words in _pieces(src, block):
        first = next((w for w in words if w.text.strip(markers)), None)
        if first is None or first.restored is None:
            continue
        best = first.best
        if re.search(rules()["recipient_head_read_small"], first.text) and len(best) > 1 \
                and best.isalpha() and best.isupper():
            at = piece.find(best)
            out.append((piece, piece[:at] + best[0] + best[1:].lower() + piece[at + len(best):]))
    return out


def _specks_after_stop(src: SourceText, block: Block) -> list[str]:
    """The words after the ";" that ends a recipient on its line (" là" of "- Các sở, ban, ngành;
    là"), as restored, where OCR read none of them with two letters ("a") and none is a bracket's or
    a code's ("(b/c)"): the other column's specks, whatever words restoration made of them."""
    out = []
    for _piece, words in _pieces(src, block):
        stops = [n for n, w in enumerate(words) if w.best.endswith(";")]
        tail = words[stops[-1] + 1:] if stops else []
        if tail and not any(re.search(rules()["recipient_tail_word_as_read"], w.text) for w in tail):
            out.append(" " + " ".join(w.best for w in tail))
    return out


def _department_of_lost_head(item: str, read: str) -> str | None:
    """A recipient whose head word was lost (_lost_heads; `read`: that word as OCR read it) that
    names a department's field of government: the head that the rest settles, with the rest as
    written; None where the words do not settle it ("6 Nội vụ (b/c)": Sở or Bộ). What settles it: an
    S that OCR read as a mark ("§6 Nội vụ", "$6 Y tế": Sở, no Bộ or Phòng); the kind of the unit
    named after the field ("Nội vụ tỉnh Lào Cai": a province's Sở, "huyện": a district's Phòng);
    a "thành phố" that is a province ("Nội vụ thành phố Cần Thơ": Sở); the part named in brackets
    ("Nội vụ (Ban TĐKT)": a province's board, in its Sở; "(Vụ TĐKT)": a ministry's, a Bộ)."""
    r = rules()
    rest = item.split(" ", 1)[1] if " " in item else ""
    fields_of = "|".join(re.escape(fold(f)) for f in r["department_fields"])
    m = re.match(rf"(?:{fields_of})(?!\w)\s*", fold(rest), re.IGNORECASE)
    if m is None:
        return None
    after = fold(rest)[m.end():].lower()
    head = next((h for mark, h in r["department_heads_by_mark_read"].items() if re.match(mark, read)), None)
    kinds = r["department_heads_by_unit_kind"]
    head = head or next((kinds[k] for k in kinds if re.match(rf"{re.escape(fold(k))}(?!\w)", after)), None)
    city = re.match(r["department_city"], after)
    if head is None and city and is_province(rest[m.end() + city.end():].split("(")[0].strip(" ;.,")):
        head = r["department_head_of_a_province_city"]
    parts = r["department_heads_by_part"]
    head = head or next((h for part, h in parts.items() if re.match(part, after)), None)
    if head is None and is_province(rest[m.end():].split("(")[0].strip(" ;.,")):
        head = r["department_head_of_a_province_city"]  # "Y tế Hậu Giang": the province's Sở
    return f"{head} {rest}" if head else None


def _lost_heads(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """The line pieces (squashed, past the list's dash) that open a recipient whose first word OCR
    read with no letter ("§% Nội vụ tỉnh ...", "6 Nội vụ (Ban TĐKT)"), where restoration left it a
    sign or made a word of it it was unsure of, each with that word as read: the head word ("Sở"?
    "Bộ"?) is what tells one body from another, and a recipient given with the wrong one is another
    body."""
    out = []
    least = rules()["recipient_lost_head_min_confidence"]
    for piece, words in _pieces(src, block):
        first = next((w for w in words if w.text.strip(rules()["recipient_markers"])), None)
        if first is None or first.restored is None or any(c.isalpha() for c in first.text):
            continue
        made_word = any(c.isalpha() for c in first.best)
        if made_word and (first.confidence is None or first.confidence >= least):
            continue
        if not made_word and any(c.isdigit() for c in first.best):
            continue  # a number, kept as one
        head = squash(piece).lstrip(rules()["recipient_markers"])
        if head:
            out.append((head, first.text.strip(rules()["recipient_markers"])))
    return out


def _pieces(src: SourceText, block: Block) -> Iterator[tuple[str, list[Word]]]:
    """Each line piece of the block as restored, with the words that lie wholly inside it."""
    for span in block.spans:
        line = src.lines.get((span.page, span.line))
        if line is None:
            continue
        words = [w for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True)
                 if span.start <= a and b <= span.end]
        yield line.restored_text[span.start:span.end], words


def _pieces_of_letters_as_read(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """(line piece as restored, the same with each word restoration lengthened past OCR's letters read
    with those letters where restoration thought of them: "Công an" read "Cong an", restored "Công
    dân"), as a slogan's words are (_letters_as_read). Each word is replaced where it stands, not where
    a word spelt alike stands before it ("nhân dân")."""
    out = []
    for piece, words in _pieces(src, block):
        bests = [_core(w.best) for w in words]
        found: list[tuple[int, int, str]] = []
        for n, word in enumerate(words):
            letters = _letters_as_read([word])
            if not letters:
                continue
            restored, read = letters[0]
            at = list(re.finditer(rf"(?<!\w){re.escape(restored)}(?!\w)", piece))
            ordinal = bests[:n].count(restored)  # the word's place among those spelt alike
            if ordinal < len(at):
                found.append((at[ordinal].start(), at[ordinal].end(), read))
        repaired = piece
        for start, end, read in sorted(found, reverse=True):
            repaired = repaired[:start] + read + repaired[end:]
        if repaired != piece:
            out.append((piece, repaired))
    return out


def _cased_as(word: str, like: str) -> str:
    """`word` in the case of `like`: in capitals, or with or without its first capital."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return (word[:1].upper() if like[:1].isupper() else word[:1].lower()) + word[1:]


def _set_phrases_of_alternatives(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """(words of a body's set phrase as restored, the phrase as it is spelt) where restoration made
    another word of one of the phrase's words but counted that word among its alternatives, and read
    at least one of the phrase's words as it is ("các PGD Sao": "Số" among the alternatives of "Sao",
    PGĐ Sở; "Ban Thường trắc": "trực" among those of "trắc"): a recipient names a body, and a body's
    name has one spelling, while restoration weighs a word at a list's line end alone. The phrase's
    words alone are given, so that other repairs of the same line piece still apply."""
    phrases = [p.split() for p in rules()["body_set_phrases"] if " " in p]
    out = []
    for piece, words in _pieces(src, block):
        cores = [_core(w.best) for w in words]
        for phrase in phrases:
            for i in range(len(words) - len(phrase) + 1):
                spelt = []
                for j, meant in enumerate(phrase, start=i):
                    core = cores[j]
                    if key(core) == key(meant):
                        spelt.append(core)
                    elif core and any(key(_core(a.text)) == key(meant) for a in words[j].alternatives):
                        spelt.append(_cased_as(meant, core))
                    else:
                        break
                run = " ".join(cores[i:i + len(phrase)])
                changed = sum(a != b for a, b in zip(spelt, cores[i:], strict=False))
                if len(spelt) == len(phrase) and 0 < changed < len(phrase) and run in piece:
                    out.append((run, " ".join(spelt)))
    return out


def _abbreviations_as_read(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """(line piece as restored, the same with abbreviations as OCR read them) for each piece where
    restoration made a word of an abbreviation in capitals ("TT Huyện ủy" restored "Từ Huyện ủy"),
    unsure of it: abbreviations are no words, and OCR reads capitals well. Where restoration read
    another abbreviation, no word ("FF HĐND" restored "TT HĐND"), it undid OCR's misread letters:
    its reading stays."""
    pattern = rules()["abbreviation"]
    out = []
    for piece, words in _pieces(src, block):
        repaired = piece
        for word in words:
            if word.restored is None:
                continue
            read = re.fullmatch(pattern, word.text)
            unsure = word.confidence is not None and word.confidence < rules()["abbreviation_max_confidence"]
            core = word.restored.strip(".,;:()")
            a_code = re.fullmatch(pattern, core) is not None and not is_syllable(core.lower())
            if read and unsure and not a_code and fold(core).upper() != read.group(1):
                repaired = repaired.replace(core, canonical_code(read.group(1)), 1) if core else repaired
        if repaired != piece:
            out.append((piece, repaired))
    return out


def _body_heads_of_alternatives(src: SourceText, block: Block) -> list[tuple[str, str]]:
    """(line piece as restored, the same with its first word as a body's head word) where the first
    word of a recipient is no such word but one of restoration's alternatives for it is ("Cực Công
    tác đảng": "Cục" was a close second; "Tống LĐLĐ": "Tổng"): a recipient names a body."""
    heads = set(rules()["recipient_heads"])
    out = []
    for piece, words in _pieces(src, block):
        first = _first_word(words)
        better = _alternative_among(first, heads, norm=str) if first is not None else None
        if better is not None:
            out.append((piece, piece.replace(first.best.strip(".,;:()"), better, 1)))
    return out


def units_as_read(src: SourceText, spans: list[Span]) -> list[tuple[str, str]]:
    """(words as restored, the unit's name) for each run of words restoration was unsure of that
    OCR read as the name of a province or district ("Dak Lak" restored "Đặt Lại": Đắk Lắk). A
    unit's name is no word restoration can know, and its letters, read without diacritics, name it."""
    r = rules()
    out: list[tuple[str, str]] = []
    for span in spans:
        line = src.lines.get((span.page, span.line))
        if line is None:
            continue
        words = [w for w, (a, b) in zip(line.words, line.word_offsets(restored=True), strict=True)
                 if a >= span.start and b <= span.end]
        i = 0
        while i < len(words):
            for n in range(min(r["unit_as_read_max_words"], len(words) - i), 1, -1):
                run = words[i:i + n]
                if not any(w.confidence is not None and w.confidence < r["unit_as_read_max_confidence"]
                           for w in run):
                    continue
                if any(w.text.rstrip()[-1:] in ",;:" for w in run[:-1]):
                    # A unit's name is never cut by a comma: "Trà Vinh, Bao" is no Vĩnh Bảo.
                    continue
                lead = re.match(r"^\W*", run[0].text).group(0)  # type: ignore[union-attr]
                trail = re.search(r"\W*$", run[-1].text).group(0)  # type: ignore[union-attr]
                read = [w.text for w in run]
                read[0], read[-1] = read[0][len(lead):], read[-1][:len(read[-1]) - len(trail)]
                name = unit_as_read(read, unit_kind_before([w.best for w in words[max(0, i - 2):i]]))
                if name:
                    restored = " ".join(w.best for w in run)
                    out.append((restored, _keep_marks(restored, name)))
                    i += n - 1
                    break
            i += 1
    return out


def _places_in_words(words: list[Word], places: list[str]) -> list[tuple[str, str]]:
    """(words as restored, the place) for each run of the words that OCR read, in capitalised words,
    as the letters of the document's own place ("Hué" for Huế, restored "Thuế"; "Di Linh", restored
    "Đi Lính"). A document names its own unit over and over (its slogan, its Party committee) and a
    unit's name is no word restoration can know; the header already named it."""
    out: list[tuple[str, str]] = []
    edits = rules()["own_place_as_read_max_edits"]
    for place in places:
        size = len(place.split())
        # A long name OCR read a letter off ("Loéng" for Loỏng) is still the place.
        allowed = edits if len(key(place)) >= rules()["own_place_as_read_min_letters"] else 0
        for i in range(len(words) - size + 1):
            read = [re.sub(r"^\W+|\W+$", "", w.text) for w in words[i:i + size]]
            if not all(r[:1].isupper() for r in read) \
                    or Levenshtein.distance(key(" ".join(read)), key(place)) > allowed:
                continue
            if all(w.restored is None for w in words[i:i + size]):
                continue  # typed, not OCR's: the page's own spelling ("Đắk Hà", the list's "Đăk Hà")
            restored = " ".join(re.sub(r"^\W+|\W+$", "", w.best) for w in words[i:i + size])
            if restored != place and (restored, place) not in out:
                out.append((restored, place))
    return out


def _as_read_in(value: str, repairs: list[tuple[str, str]]) -> str:
    """The value with each restored run of `repairs` given as its place (whole words only)."""
    for restored, place in repairs:
        value = re.sub(rf"(?<!\w){re.escape(restored)}(?!\w)", place, value, count=1)
    return value


def _keep_marks(restored: str, name: str) -> str:
    """The name with the marks around the restored words kept ("“Đặt Lại" -> "“Đắk Lắk")."""
    m = re.match(r"^(\W*).*?(\W*)$", restored)
    return f"{m.group(1)}{name}{m.group(2)}" if m else name


def _archive_codes(src: SourceText, block: Block) -> str | None:
    """The codes of the "Lưu: VT, NC" line (who keeps the copies) as OCR read them: they are
    abbreviations, which restoration may have taken for words ("VT" -> "Vì")."""
    for span in block.spans:
        line = src.lines.get((span.page, span.line))
        if line is None:
            continue
        # The line's words in this column, as OCR read them; a code restoration kept in capitals with
        # the same letters but its D read as Đ ("DTH" -> "ĐTH", by the letters of the abbreviations
        # it knows) is taken as restored.
        read = " ".join(_code_as_restored(w) for w, (a, b)
                        in zip(line.words, line.word_offsets(restored=True), strict=True)
                        if a >= span.start and b <= span.end)
        m = re.search(rules()["archive_codes"], read)
        # The list's dash before "Lưu", however OCR read it ("~Lưu: VT, VP"), is no part of the label.
        label = fold(read[:m.start(1)]).lstrip(rules()["recipient_markers"]) if m else ""
        if m and re.match(rules()["archive_line"], label, re.IGNORECASE):
            # The codes are separated by commas, which OCR reads as stops or loses: "VT. NV", "VTE NC".
            codes = re.sub(rules()["archive_code_separator"], ", ", m.group(1))
            return _first_archive_code(canonical_code(codes))
    return None


def _code_as_restored(word: Word) -> str:
    """The word as OCR read it, or as restored where restoration only read a D of its capitals as Đ."""
    restored = word.restored
    if restored and restored != word.text and restored.replace("Đ", "D") == word.text and restored.isupper():
        return restored
    return word.text


def _first_archive_code(codes: str) -> str:
    """The first keeper is usually the office of records, "VT" (văn thư, Decree 30/2020/NĐ-CP): a
    first code that is "VT" with its T taken for a letter OCR confuses it with ("VI", "VL") or with a
    speck after it ("VTF") is that; any other code ("VP") is left as read."""
    first, _, rest = codes.partition(",")
    first = first.strip()
    expected = rules()["archive_first_code"]
    misread_t = rules()["archive_first_code_t_misreads"]
    if (len(first) == 2 and first[0] == expected[0] and first[1] in misread_t) or \
            (len(first) == 3 and first.startswith(expected)):
        first = expected
    return f"{first.strip()},{rest}" if rest else first.strip()


def _apostrophe_name_as_read(doc: Document, span: Span) -> tuple[str, float | None] | None:
    """A one-word name of the Central Highlands' peoples whose apostrophe OCR lost ("KBình" for
    K'Bình), as OCR read it, with OCR's confidence in it: no Vietnamese word opens with two capitals,
    and restoration, which knows no such name, makes another word of it ("Bình") or doubts it."""
    words = [w for w in _span_words(doc, span) if w.text.strip()]
    if len(words) != 1:
        return None
    read = words[0].text.strip(rules()["signer_name_strip"])
    m = re.fullmatch(rules()["signer_name_apostrophe_lost"], read)
    if m is None or not is_syllable(m.group(2).lower()):
        return None
    return f"{m.group(1)}'{m.group(2)}", words[0].ocr_conf


def _name_letters_kept(words: list[Word]) -> bool:
    """Whether restoration changed a name's letters only where OCR without Vietnamese misreads
    them: a marked vowel read as another vowel, a digit or a sign ("H6" -> "Hồ", "Hing" -> "Hùng"),
    or as two letters ("Ditc" -> "Đức"). Such OCR drops marks, it does not drop letters nor mistake
    one consonant for another, so a name word restoration lengthened ("Chung" -> "Chương", "Tinh"
    -> "Trinh"), whose consonant it replaced ("Pao" -> "Đào"), whose first letter it dropped ("Kdam"
    -> "Đàm") or which it shortened where OCR's letters already spell a syllable ("Phia" -> "Phì")
    is a name restoration took for a commoner one: a name has no sentence to tell which, and a
    wrong name is worse than none."""
    vowels = rules()["name_vowels"]
    strip = rules()["signer_name_strip"]
    pairs: list[tuple[str, str]] = []
    for word in words:
        if word.restored == "" and pairs:
            # The second half of a word OCR cut in two, restored as part of the first.
            pairs[-1] = (pairs[-1][0] + word.text, pairs[-1][1])
        elif word.restored is not None:
            pairs.append((word.text, word.restored))
    for read, restored in pairs:
        read = fold(read.strip(strip)).lower()
        best = fold("".join(restored.split()).strip(strip)).lower()
        if read == best:
            continue
        syllable = read.isalpha() and is_syllable(read)
        for op, at_read, at in Levenshtein.editops(read, best):
            # A word's first letter, its onset, is read well: only a marked vowel is misread as two.
            if op == "insert" or (op == "replace" and best[at] not in vowels) \
                    or (op == "delete" and (syllable or at_read == 0)):
                return False
    return True


def _surname_of_letters(words: list[Word]) -> Callable[[Word], bool]:
    """Whether a word is a name's surname whose letters, as OCR read them, settle the form restoration
    gave: surnames are a closed class (lexicon.surnames_spelt), and where the letters read ("Định",
    no surname) spell one surname alone ("Đinh") restoration only gave it its marks; where they spell
    two ("Đăng": Đặng or Đàng) the marks are a guess."""
    first = next((w for w in words if any(c.isalpha() for c in w.text)), None)
    strip = rules()["signer_name_strip"]

    def settled(word: Word) -> bool:
        if word is not first or not word.restored:
            return False
        letters = fold(word.text.strip(strip)).lower()
        return letters == fold(word.restored).lower() and surnames_spelt().get(letters) == (word.restored,)

    return settled


def _title_past_speck(item: str, hit: tuple[str, float] | None) -> tuple[str, float] | None:
    """A signer's title matched only near enough whose first word the line's first word does not
    spell within a letter ("ot CHỦ TỊCH" taken for PHÓ CHỦ TỊCH; "HO CHỦ TỊCH" is PHÓ), while the
    line's other words are a title exactly: that title. The first word tells a deputy from the head."""
    words = item.split()
    if hit is None or len(words) < 2 or key(item) == key(hit[0]):
        return hit
    rest = title_of(" ".join(words[1:]))
    if rest is None or key(rest[0]) != key(" ".join(words[1:])) or key(rest[0]) == key(hit[0]):
        return hit
    first = key(hit[0]).split()[0]
    if Levenshtein.distance(key(words[0]), first) <= rules()["signer_title_first_word_edits"]:
        return hit
    return rest


def _title_of_unit(item: str) -> tuple[str, float] | None:
    """A head's title followed by the name of the unit headed, in capitals ("TRƯỞNG PHÒNG TỔ CHỨC
    CÁN BỘ" under "TL. GIÁM ĐỐC"): the title as analysts write it, the unit's name in small letters
    but its first ("Trưởng phòng Tổ chức cán bộ"). Only the heads of rules signer_title_unit_heads."""
    words = item.split()
    for head in sorted(rules()["signer_title_unit_heads"], key=lambda h: -len(h.split())):
        n = len(head.split())
        unit = " ".join(words[n:])
        if key(" ".join(words[:n])) != key(head) or len(words) - n < 2 or upper_share(unit) < 1.0:
            continue
        title = lexicon()["titles_normal_case"].get(head, head)
        return f"{title} {unit[:1]}{unit[1:].lower()}", 100.0
    return None


def signer(doc: Document, block: Block | None) -> Found | None:
    if block is None:
        return None
    capacity = title_text = name = None
    name_sure: float | None = None
    score = 100.0
    src = SourceText.of(doc, [block])
    used: list[Span] = []
    r = rules()
    for item, span in zip(block.items, block.spans, strict=False):
        # The Party writes its capacities with a slash: "T/M BAN THƯỜNG VỤ" is "TM.".
        cap = capacity_of(re.sub(r["signer_capacity_slash"], r"\1\2.", item))
        if cap:
            # The last capacity is the signer's own: "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH".
            capacity, title_text = cap, None
            used.append(span)
            # An acting head signs in the title he acts in ("Q. CHỦ TỊCH"); after KT., TL., TUQ. the
            # title is the principal's, and the signer's own follows on the next line.
            acting = None
            if cap in r["signer_acting_capacities"]:
                acting = title_of(re.sub(r"^\s*\S+\s*", "", item))
            if acting:
                title_text, score = lexicon()["titles_normal_case"].get(acting[0], acting[0]), acting[1]
            continue
        hit = _title_past_speck(item, title_of(item)) or _title_of_unit(item)
        if hit and key(hit[0]) != key(item) and upper_share(item) < 1.0 and looks_like_name(item.strip()):
            # A name near a title's letters ("Trương Công Hậu": TRƯỞNG CÔNG AN): titles are in capitals.
            hit = None
        # A rank or a degree before the name is no part of it ("Đại tá Lê Văn Bảo", "TS. Nguyễn Văn An").
        at = name_start(item)
        # A note after the name ("(đã ký)" on a copy) is none of it, nor are the spaces OCR doubled.
        person = " ".join(re.sub(r["signer_name_note"], "", item[at:]).split())
        # The name's own words: a rank restoration was unsure of does not make the name unsure.
        own = Span(span.page, span.line, span.start + at, span.end) if at else span
        # Names of the Central Highlands' peoples join a letter with an apostrophe ("H'Hen Niê",
        # "K'Bình"): such a name may be one word.
        bare = re.sub(r["signer_name_prefix"], "", person)
        lost = None if hit else _apostrophe_name_as_read(doc, own)
        if lost is not None:
            name, name_sure = lost
            used.append(own)
        elif hit:
            # Printed in capitals, given as analysts write it: "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch".
            title_text, score = lexicon()["titles_normal_case"].get(hit[0], hit[0]), hit[1]
            used.append(span)
        elif looks_like_name(bare) or (bare != person and looks_like_name(bare, least=1)):
            # A name has no context to restore it by: one whose restoration was unsure of a syllable
            # ("Mua" -> "Mưa" or "Mùa"?) is left out rather than given wrong.
            # A surname the letters OCR read settle is as sure as the reading ("Định" -> "Đinh").
            surname = _surname_of_letters(_span_words(doc, own))
            least = src.least_confidence(own, as_read=True, settled=surname)
            if least is not None and least < r["signer_name_min_confidence"]:
                continue
            # A name is wrong when any one of its tones is, and the name model (pipeline.restore)
            # often cannot tell "Hòa" from "Hoa": a name restoration is more likely wrong than right
            # about as a whole is left out; any other is given, the field no surer than the name.
            joint = src.joint_confidence(own, as_read=True, settled=surname)
            if joint is not None and joint < r["signer_name_min_joint_confidence"]:
                continue
            if not _name_letters_kept(_span_words(doc, own)):
                continue
            name = person.strip(rules()["signer_name_strip"])
            name_sure = joint
            used.append(own)
    if not (capacity or title_text or name):
        return None
    sure = _sure("signer", src, 0, len(src.text), score)
    if name is not None and name_sure is not None:
        sure = min(sure, round(name_sure, 3))
    return Found(Signer(name=name, title=title_text, capacity=capacity), used, sure)
