"""Segmentation: a Document's lines to its parts (header, sections, closing, signature, recipients).

The archive's pages are two-column at the top (issuing body | national motto, number | place and date)
and at the bottom ("Nơi nhận" list | signature), and OCR reads both columns into one line. Such lines
are cut in two: at a wide horizontal gap between word boxes when the words have boxes, otherwise at
text cues (a run of spaces, the motto, "<place>, ngày", "TM."/"KT.", a signer's title).

Every rule (vocabularies, patterns, thresholds) is in segment_rules.json. Phrases are compared on a
diacritic-free upper-case key, fuzzily, so headings damaged by OCR ("II. THOI GIAN, CHU PE THI PUA")
still match. Each block records the line pieces it is made of (`Block.spans`), so later stages can cite
the exact characters a value came from. Works on `Line.restored_text` (the text as read where a word was
not restored).
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.document import Block, Document, Line, Span
from pipeline.lexicon import (
    capacity_of,
    doc_type_of,
    is_national,
    lexicon,
    looks_like_name,
    name_start,
    title_of,
)
from pipeline.textdoc import line_text
from pipeline.vietnamese import best_phrase, fold, key, upper_share, whole_match

RULES_PATH = Path(__file__).with_name("segment_rules.json")


@lru_cache(maxsize=1)
def load_rules() -> dict[str, Any]:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


@dataclass
class Piece:
    """A part of one line: the whole line, or one column of a two-column line."""

    page: int
    line: int
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.page, self.line, self.start, self.end)


@dataclass
class _Row:
    page: int
    index: int
    text: str
    line: Line

    def piece(self, start: int = 0, end: int | None = None) -> Piece:
        end = len(self.text) if end is None else end
        part = self.text[start:end]
        lead = len(part) - len(part.lstrip())
        trail = len(part.rstrip())
        if not part.strip():
            return Piece(self.page, self.index, start, start, "")
        return Piece(self.page, self.index, start + lead, start + trail, part.strip())


# --------------------------------------------------------------------------- line kinds


def is_recipients_line(text: str) -> bool:
    """The "Nơi nhận:" line, also as OCR and restoration misread it ("Noi nhgn:", "Ngú nhần:"):
    "nhận" at most one letter off, "Nơi" at most two, and a short line or a colon after."""
    rule = load_rules()["recipients_line"]
    words = key(text).lstrip("-. ").split()
    if len(words) < 2:
        return False
    first, second = words[0], words[1].rstrip(".:")
    d1, d2 = Levenshtein.distance(first, rule["first"]), Levenshtein.distance(second, rule["second"])
    # Both words at their worst is a sentence ("- thời hạn."), not the label.
    if d1 > rule["first_max_edits"] or d2 > rule["second_max_edits"] or d1 + d2 > rule["max_total_edits"]:
        return False
    return len(words) <= rule["max_words"] or bool(re.match(rule["label_end"], text.lstrip("-. ")))


# --------------------------------------------------------------------------- two-column lines


def _box_split(row: _Row, gap_heights: float) -> int | None:
    """Where a line's right column starts, from its word boxes: the widest gap, when wide enough."""
    words = row.line.words
    boxes = [w.box for w in words]
    if len(words) < 2 or any(b is None for b in boxes):
        return None
    heights = [b[3] - b[1] for b in boxes if b is not None]
    height = statistics.median(heights) if heights else 0
    gaps = [(boxes[i + 1][0] - boxes[i][2], i) for i in range(len(boxes) - 1)]  # type: ignore[index]
    gap, i = max(gaps)
    if height <= 0 or gap < gap_heights * height:
        return None
    return row.line.word_offsets(restored=True)[i + 1][0]


def _space_split(text: str, spaces: int) -> int | None:
    """The start of the text after the widest run of spaces (the first of equals): a blank left in
    print inside a column ("Số:    /QĐ-UBND", "ngày    tháng") is narrower than the gap between the
    columns."""
    runs = list(re.finditer(r"(?<=\S)(\s{" + str(spaces) + r",}|\t+)(?=\S)", text))
    if not runs:
        return None
    widest = max(runs, key=lambda m: (len(m.group(1).expandtabs(8)), -m.start()))
    return widest.end()


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _header_cue(text: str) -> int | None:
    """Where a header line's right column starts, from what it says: the motto or "<place>, ngày"."""
    folded = fold(text)
    m = re.search(lexicon()["place_date"], folded)
    if m:
        return m.start(1)
    upper = folded.upper()
    rules = load_rules()
    for phrase in lexicon()["national"]:
        if len(upper.strip()) < len(phrase) * rules["motto_min_length_share"]:
            continue
        res = fuzz.partial_ratio_alignment(phrase, upper)
        if res.score >= rules["motto_min_score"]:
            return _word_start(text, res.dest_start)
    return _organisation_cue(text)


def _organisation_cue(text: str) -> int | None:
    """Where the Party's or a mass organisation's name starts when it ends a header line after a
    local body's ("BCH HỘI NÔNG DÂN TỈNH ĐẮK NÔNG HỘI NÔNG DÂN VIỆT NAM"): its right column. Only
    after a body that names its unit (tỉnh, huyện, ...): "BAN CHẤP HÀNH TRUNG ƯƠNG HỘI NÔNG DÂN VIỆT
    NAM" is one body, and the name stacked alone over a local body's is the left column's."""
    rules = load_rules()
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    for phrase in lexicon()["organisation_headings"] + rules["organisation_headings"]:
        size = len(phrase.split())
        # The line's last words, one more or fewer than the name's for a word OCR split or joined.
        for n in (size, size - 1, size + 1):
            if n < 1 or n + 2 > len(starts):
                continue
            at = starts[-n]
            if fuzz.ratio(phrase, key(text[at:])) < rules["organisation_heading_min_score"]:
                continue
            if re.search(rules["organisation_heading_after"], key(text[:at])):
                return at
    return None


def _bottom_cue(text: str) -> int | None:
    """Where a bottom line's right column (the signature) starts: "TM."/"KT.", a title at its end,
    or what follows the ";" that ends a recipient."""
    rules = load_rules()
    folded = fold(text)
    m = re.search(rules["capacity_cue"], folded)
    if m:
        return m.start(1)
    m = re.match(rules["recipient_then_signature"], text)
    # "- Lưu; VT.", "- Lưu: VT; PX03.": on the archive row a ";" is its colon or a comma between its
    # codes OCR misread, followed by codes, not the signature; a title or a name ending that row is
    # found below, as on any row.
    # What follows the ";" and ends with one is a second recipient the list wrote on the same row
    # ("- Các cơ quan, đơn vị; UBND các xã, thị trấn;"), no signature.
    if m and not re.match(rules["archive_row"], folded, re.IGNORECASE) \
            and not m.group(1).rstrip().endswith(";"):
        return m.start(1)
    words = list(re.finditer(r"\S+", text))
    # Specks OCR read after the title (":", "⁄ a") are none of it.
    while len(words) > 1 and re.fullmatch(rules["signature_trailing_speck"], words[-1].group()):
        words.pop()
    # The title that best matches the line's last words, the longer of equals ("PHÓ CHỦ TỊCH" over
    # "CHỦ TỊCH"; "CHỦ TỊCH" over "VT. CHỦ TỊCH" of "- Lưu: VT. CHỦ TỊCH").
    best: tuple[float, int] | None = None
    for n in rules["title_tail_words"]:
        tail = " ".join(w.group() for w in words[-n:])
        hit = title_of(tail) if len(words) > n and upper_share(tail) == 1.0 else None
        if hit and (best is None or (hit[1], n) > best):
            best = (hit[1], n)
    if best:
        return words[-best[1]].start()
    return _name_tail(text, words)


def _name_tail(text: str, words: list[re.Match[str]]) -> int | None:
    """Where the signer's name starts when it ends a recipients' row: after a word that ends a
    recipient ("- Lưu: VT, PX03. Đại tá Lê Văn Bảo"), or after a code of the archive line; a rank
    before the name goes with it. Only on a row that starts with a recipient's bullet."""
    rules = load_rules()
    if not text.lstrip()[:1] or text.lstrip()[0] not in rules["recipient_bullets"]:
        return None
    archive = re.match(rules["archive_row"], fold(text), re.IGNORECASE) is not None
    for i in range(2, len(words)):
        before = words[i - 1].group()
        if not (re.search(rules["name_after_recipient"], before)
                or (archive and i > 2 and re.match(rules["name_after_archive_code"], before))):
            continue
        tail = text[words[i].start():]
        if re.match(rules["name_after_unit_abbreviation"], before) or tail.rstrip().endswith(";"):
            continue
        if looks_like_name(tail[name_start(tail):]):
            return words[i].start()
    return None


def split_columns(row: _Row, zone: str) -> tuple[Piece, Piece]:
    """The left and right columns of a header ("header") or bottom ("bottom") line. A line that is
    all one column gives an empty piece for the other."""
    rules = load_rules()
    text = row.text.strip()
    if zone == "bottom" and (title_of(row.text) or capacity_of(row.text)) and not (
            text[:1] in rules["recipient_bullets"] and upper_share(text) < 1.0):
        # A title alone ("PHÓ CHỦ TỊCH") or a capacity line ("TM. ỦY BAN NHÂN DÂN") is one column;
        # a recipient in small letters that is a title ("- Trưởng phòng;") is the list's.
        return row.piece(len(row.text)), row.piece()
    at = _box_split(row, rules["column_gap_line_heights"])
    if at is None:
        at = _space_split(row.text, rules["column_gap_spaces"])
    if at is None:
        at = _header_cue(row.text) if zone == "header" else _bottom_cue(row.text)
    if at is None:
        return row.piece(), row.piece(len(row.text))
    end = len(row.text)
    if zone == "bottom":
        # Specks OCR read after the signature's words (":", "⁄ a") are none of it.
        words = list(re.finditer(r"\S+", row.text[at:]))
        while len(words) > 1 and re.fullmatch(rules["signature_trailing_speck"], words[-1].group()):
            words.pop()
        end = at + words[-1].end() if words else end
    return row.piece(0, at), row.piece(at, end)


# --------------------------------------------------------------------------- headings and items


def _section_phrases() -> dict[str, str]:
    """Each heading phrase of segment_rules.json "sections", folded, with its section kind."""
    return {p: kind for kind, ps in load_rules()["sections"].items() for p in ps}


def heading_kind(text: str) -> tuple[str, float] | None:
    """The section kind of a heading line (numbered or not), or None when it is not one."""
    rules = load_rules()
    h = rules["heading"]
    t = text.strip()
    if re.match(rules["part_marker"], fold(t)) or re.match(rules["list_title"], fold(t)) \
            or re.match(rules["decision_marker"], fold(t)):
        return None  # "PHẦN I" on its own line (the heading is below it), a list's title alone, "QUYẾT ĐỊNH:"
    t = _without_part_word(t)
    phrases = _section_phrases()
    roman = re.match(rules["roman_marker"], t)
    arabic = re.match(rules["arabic_marker"], t)
    rest = roman.group(2) if roman else arabic.group(1) if arabic else t
    if len(rest.split()) > h["max_words"] or upper_share(rest) < h["min_upper"]:
        return None
    if re.match(rules["list_group"], fold(rest)):
        return None  # "II. CÁ NHÂN": a group of a list of those awarded, not a section
    hit = best_phrase(rest, list(phrases), rules["fuzzy_min"])
    kind_score = (phrases[hit[0]], hit[1]) if hit and hit[2] <= h["max_distance"] else None
    if re.match(rules["list_title"], fold(rest)):
        kind_score = None  # "II. DANH SÁCH CÁC CỤM THI ĐUA": a list names no kind
    numeral = roman.group(1) if roman else ""
    if numeral and any(c in h["numeral_letters"] for c in numeral):
        # "IV. ..." in capitals is a heading even when its words are in no vocabulary.
        return kind_score or ("other", h["unknown_score"])
    if kind_score and (roman or arabic):
        return kind_score if upper_share(rest) >= h["numbered_min_upper"] else None
    if kind_score and upper_share(rest) >= h["bare_min_upper"] and len(rest.split()) <= h["bare_max_words"]:
        return kind_score
    return None


def lead_in_kind(text: str, next_text: str) -> tuple[str, float] | None:
    """A sentence that introduces a list ("Nội dung thi đua tập trung vào ... sau đây:") heads a
    section when it starts with a heading phrase."""
    rules = load_rules()
    t = text.strip()
    if not t.endswith(":") or len(t.split()) > rules["lead_in_max_words"]:
        return None
    if t[:1].islower():
        return None  # "số nội dung sau:": the end of a sentence begun on the line above, no heading
    if not re.match(rules["item_marker"], fold(next_text)) or re.match(rules["item_marker"], fold(t)):
        return None
    phrases = _section_phrases()
    hit = best_phrase(" ".join(t.split()[:4]), list(phrases), 90)
    return (phrases[hit[0]], hit[1]) if hit and hit[2] == 0 else None


def item_start(text: str) -> re.Match[str] | None:
    folded = fold(text)
    rules = load_rules()
    return re.match(rules["item_marker"], folded) or re.match(rules["article_marker"], folded)


# --------------------------------------------------------------------------- the stage


def _rows(doc: Document) -> list[_Row]:
    return [_Row(page, index, _capacities_as_read(line, line_text(line)), line)
            for page, index, line in doc.lines()]


def _capacities_as_read(line: Line, text: str) -> str:
    """The line's text with a signing capacity OCR read ("Q.", "KT.") that restoration made another
    word of, unsure ("Q." restored "A."), as OCR read it: a capacity is an abbreviation, no word,
    and OCR reads capitals well. Only where the two are as long, so offsets hold."""
    rules = load_rules()
    for word, (start, end) in zip(line.words, line.word_offsets(restored=True), strict=True):
        if word.restored is None or word.restored == word.text or len(word.restored) != len(word.text):
            continue
        unsure = word.confidence is not None and word.confidence < rules["capacity_as_read_max_confidence"]
        if unsure and capacity_of(word.text + " X") and not capacity_of(word.restored + " X"):
            text = text[:start] + word.text + text[end:]
    return text


def _block(kind: str, role: str, pieces: list[Piece], heading: str | None = None,
           items: list[str] | None = None) -> Block:
    content = [p for p in pieces if p.text] or pieces
    first, last = content[0], content[-1]
    end = Span(last.page, last.line, last.end, last.end)
    return Block(kind=kind, heading=heading, start=first.span, end=end,
                 items=items or [], text="\n".join(p.text for p in pieces).strip("\n"), role=role,
                 spans=[p.span for p in pieces])


def _find_doc_type(rows: list[_Row], limit: int, start: int = 0) -> int | None:
    for i, row in enumerate(rows[:limit]):
        if i >= start and row.text.strip() and (doc_type_of(row.text.strip()) or _split_type(rows, i)):
            return i
    return None


def _split_type(rows: list[_Row], i: int) -> bool:
    """Whether the type line is printed spaced out and OCR read its two words as two lines ("KẾ" /
    "HOẠCH"): one word in capitals on each, which together, not alone, are a type."""
    if i + 1 >= len(rows):
        return False
    first, second = rows[i].text.strip(), rows[i + 1].text.strip()
    if len(first.split()) != 1 or len(second.split()) != 1 or not (first.isupper() and second.isupper()):
        return False
    return doc_type_of(first) is None and doc_type_of(f"{first} {second}") is not None


def _find_number(rows: list[_Row], limit: int) -> int | None:
    pattern = load_rules()["number_line"]
    for i, row in enumerate(rows[:limit]):
        if re.match(pattern, fold(row.text)):
            return i
    return None


def _header(rows: list[_Row]) -> tuple[list[Block], int]:
    """The header's blocks and the index of the first row after it (title included)."""
    rules = load_rules()
    limit = rules["header_max_lines"]
    # The type line comes under the number (Nghị định 30/2020/NĐ-CP): a header line above it that
    # looks like a type ("PHƯỜNG AN HÒA" like "HƯỚNG DẪN") is the issuer's.
    first_number = _find_number(rows, limit)
    type_at = _find_doc_type(rows, limit, first_number + 1 if first_number is not None else 0)
    number_at = _find_number(rows, type_at if type_at is not None else limit)
    if type_at is None and number_at is None:
        return [], 0
    end = type_at if type_at is not None else number_at + 1  # type: ignore[operator]
    blocks: list[Block] = []
    lefts: list[Piece] = []
    rights: list[Piece] = []
    for row in rows[:end]:
        left, right = split_columns(row, "header")
        lefts.append(left)
        rights.append(right)
    subject: list[Piece] = []
    if type_at is None:
        # A công văn has no type line: its subject ("V/v ...") runs under the number, in the left
        # column, down to the first blank line.
        i = end
        # OCR may put a blank line between the number and the subject.
        while i < len(rows) and not rows[i].text.strip() and i + 1 < len(rows) and not subject:
            if not _is_subject(rows[i + 1]):
                break
            i += 1
        while i < len(rows) and (subject or _is_subject(rows[i])):
            if not rows[i].text.strip():
                if not (subject and _continues_after_blank(rows, i, subject[-1].text)):
                    break
                i = _next_text_row(rows, i)
            if subject and _ends_title(subject[-1].text, rows[i].text.strip()):
                break
            left, right = split_columns(rows[i], "header")
            subject.append(left)
            if right.text:
                rights.append(right)
            i += 1
        end = i

    number = next((p for p in lefts if re.match(rules["number_line"], fold(p.text))), None)
    # The national heading is one column: a left piece beside it on its row is the issuer's, though
    # a body's name ending "VIỆT NAM" ("HỘI CHỮ THẬP ĐỎ VIỆT NAM") looks like the heading's tail.
    body_lines = {id(p) for p, r in zip(lefts, rights, strict=False)
                  if r.text and is_national(r.text) and p.text and not _national_words(p.text)}
    issuer: list[Piece] = []
    for n, p in enumerate(lefts):
        if p is number:
            break
        # The row above with text: OCR of a scan may put a blank line between two rows of the header
        # ("... CHỦ NGHĨA VIỆT" / "" / "NAM").
        filled = [m for m in range(n) if lefts[m].text or rights[m].text]
        above = " ".join(x.text for x in (lefts[filled[-1]], rights[filled[-1]])) if filled else ""
        national_line = is_national(p.text) and id(p) not in body_lines
        if p.text and not re.match(rules["separator_line"], p.text) and not national_line \
                and not _national_tail(p.text, above) and _issuer_line(p.text):
            issuer.append(p)
    national = [p for p in rights + lefts if p.text and is_national(p.text) and id(p) not in body_lines]
    # A column OCR read as lines of its own comes back as a "left" piece: look there too.
    pattern = lexicon()["place_date"]
    dated = [p for p in rights + lefts if p is not number and re.search(pattern, fold(p.text))]
    if not dated:
        # A date line whose place is past reading ("Tăng Lao động, ngày 02 tháng 3 năm 2020"), maybe
        # not split from the number's line: the date is still the document's.
        dated = [p for p in rights + lefts if p.text and re.search(rules["date_line_unplaced"], fold(p.text),
                                                                   re.IGNORECASE)]
    place = dated[0] if dated else None
    for role, pieces in (("issuer", issuer), ("national", national), ("number", [number] if number else []),
                         ("place_date", [place] if place else []), ("subject", subject)):
        if pieces:
            blocks.append(_block("header", role, pieces))
    if type_at is not None:
        typed = [rows[k].piece() for k in range(type_at, type_at + 1 + _split_type(rows, type_at))]
        blocks.append(_block("header", "doc_type", typed))
        i = type_at + len(typed)
        while i < len(rows) and not rows[i].text.strip():
            i += 1
        title: list[Piece] = []
        while i < len(rows) and len(title) < rules["title_max_lines"]:
            if not rows[i].text.strip():
                if not (title and _continues_after_blank(rows, i, title[-1].text)):
                    break
                i = _next_text_row(rows, i)
            if title and _ends_title(title[-1].text, rows[i].text.strip()):
                break
            if not re.match(rules["separator_line"], rows[i].text):
                title.append(rows[i].piece())
            i += 1
        if title:
            blocks.append(_block("header", "title", title))
        end = i
    return blocks, end


def _issuer_line(text: str) -> bool:
    """Whether a header line can be the issuer's: a header is printed in capitals, so one of its
    words of two letters or more starts with a capital (restoration may have lowered the rest: "Sở
    Y Tế"). A line with no such word is OCR's specks: ".A 8", the star under the body's name read
    as "xi", the rule of stars read as "2K 2K do" or "ôn 2k o"."""
    return any(w[:1].isupper() for w in re.findall(load_rules()["issuer_line_word"], text))


def _national_words(text: str) -> bool:
    """Whether a line's words are (nearly all) the national heading's own, as a piece of it split
    off its row is: "CỘNG HÒA XÃ HỘI", not "HỘI CHỮ THẬP ĐỎ VIỆT NAM"."""
    words = key(text).split()
    vocabulary = {w for phrase in lexicon()["national"] for w in key(phrase).split()}
    share = load_rules()["national_words_min_share"]
    return bool(words) and sum(w in vocabulary for w in words) >= share * len(words)


def _national_tail(text: str, above: str) -> bool:
    """The last words of the national heading wrapped onto a line of their own ("NAM" under
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"): not the issuer's."""
    words = key(text).split()
    if not words or len(words) > 2:
        return False
    before = key(above).split()
    for phrase in lexicon()["national"]:
        parts = key(phrase).split()
        if parts[-len(words):] == words and len(parts) > len(words) and before \
                and before[-1] == parts[-len(words) - 1]:
            return True
    return False


def _is_subject(row: _Row) -> bool:
    """A công văn's "V/v ..." line, also where restoration made words of the marker ("Vi/và"): the
    line as read is looked at too."""
    pattern = load_rules()["subject_line"]
    return bool(re.match(pattern, fold(row.text)) or re.match(pattern, fold(row.line.text)))


def _next_text_row(rows: list[_Row], i: int) -> int:
    """The first row from i on that has text, past at most `title_max_blank_rows` blank ones."""
    limit = i + load_rules()["title_max_blank_rows"]
    while i < len(rows) and i < limit and not rows[i].text.strip():
        i += 1
    return i


def _continues_after_blank(rows: list[_Row], i: int, previous: str) -> bool:
    """Whether the title goes on after the blank row i: OCR of a scan may put a blank line (or two)
    between every two lines, and a title's next line starts in lower case ("giai đoạn 2016 - 2020")
    or with the opening quote of a campaign's name ("“Toàn dân đoàn kết ...” năm 2024"), or follows
    a line that stops where no phrase can."""
    rules = load_rules()
    j = _next_text_row(rows, i)
    nxt = rows[j].text.strip() if j < len(rows) else ""
    if not nxt or _ends_title(previous, nxt):
        return False
    # The opening quote misread as a straight mark or a speck ('"Vì sự nghiệp ...” năm 2021').
    misread_quote = re.match(rules["quote_misread_start"], nxt) and nxt.count("”") > nxt.count("“")
    # A speck before the line's first word (". cho các tập thể") is none of its words.
    words = re.sub(rules["title_line_speck"], "", nxt)
    opens = words[:1].islower() or nxt[:1] in rules["title_continues_with"] or bool(misread_quote) \
        or bool(re.match(rules["title_years_line"], nxt))
    return opens or _open_end(previous) or (i > 0 and _adjacent_rows(rows[i - 1], rows[j]))


def _adjacent_rows(above: _Row, below: _Row) -> bool:
    """Whether two rows with word boxes are one line pitch apart, so that the blank row OCR put
    between them is no gap in print: a degraded scan's OCR breaks a title wrapped in the middle of
    a name ("... Chiến thắng Điện" / "Biên Phủ (07/5/1954 - 07/5/2019)") into two blocks. On the
    bench's scans the blank rows between two lines of one paragraph span 1.4 to 2.1 times the
    words' height, those of a gap in print 2.6 and more."""
    boxes = [[w.box for w in row.line.words] for row in (above, below)]
    if not all(boxes) or any(b is None for bs in boxes for b in bs):
        return False
    height = statistics.median(b[3] - b[1] for b in boxes[0])  # type: ignore[index]
    pitch = statistics.median(b[1] for b in boxes[1]) - statistics.median(b[1] for b in boxes[0])  # type: ignore[index]
    return 0 < pitch < load_rules()["blank_row_max_line_heights"] * height


def _open_end(line: str) -> bool:
    """A line that stops where no phrase can ("kỷ niệm 94 năm", "... của", an open quote or bracket)."""
    return bool(re.search(load_rules()["title_open_end"], fold(line).rstrip(" |"), re.IGNORECASE)
                or _quotes(line, "“") > _quotes(line, "”") or line.count("(") > line.count(")"))


def _quotes(line: str, mark: str) -> int:
    """How many quotes of `mark` the line opens or closes: a run of them is one, OCR of a print often
    reads one quote twice ("““Toàn dân ...” năm 2023" opens one name and closes it)."""
    return len(re.findall(f"{mark}+", line))


def _ends_title(previous: str, line: str) -> bool:
    """Whether `line` starts the body rather than carrying on the title above it. Blank lines
    usually tell, but OCR of a scan often loses them; then the body's first words do ("Căn cứ",
    "Thực hiện", "Kính gửi"), or a change to capitals (the authority line of a decision), or a
    sentence that ended on the line before."""
    rules = load_rules()
    # A closing quote with no opening one: the line's first mark ("*Toàn dân ...” năm 2024") is the
    # opening quote as OCR misread it, not a bullet, and the name in quotes carries on the title.
    if re.match(rules["quote_misread_start"], line) and line.count("”") > line.count("“"):
        return False
    # A year range wrapped at its dash ("giai đoạn 2019" / "- 2023") is no list item.
    if re.search(rules["year_at_end"], previous) and re.match(rules["year_range_end"], line):
        return False
    # A speck before the line's first word ("/ Căn cứ ...") is none of the line's words.
    line = re.sub(rules["title_line_speck"], "", line)
    if heading_kind(line) or item_start(line):
        return True
    # A salutation ("Kính gửi:", alone on its line or not) is never a title's: it ends one left open
    # by a closing quote OCR lost.
    head = " ".join(key(line).split()[:2])
    if whole_match(head, rules["title_never_goes_on_with"], rules["opener_min"]):
        return True
    # A line that stops where no phrase can ("kỷ niệm 94 năm", "... của", an open quote) goes on below,
    # whatever the next line starts with ("Ngày thành lập Đảng ...").
    if _open_end(previous):
        return False
    # A stray OCR dot at a line's end ("... ngày sinh đồng." / "chí Hoàng Văn Thụ") ends no sentence
    # when the next line goes on in lower case.
    if previous.rstrip(" |").endswith((":", ";")) or (previous.rstrip(" |").endswith(".")
                                                      and not line[:1].islower()):
        return True
    upper = rules["title_end_upper"]
    if upper_share(line) > upper["line_above"] and upper_share(previous) < upper["previous_below"]:
        return True
    if not line[:1].isupper():
        return False
    words = key(line).split()
    printed = line.split()
    for opener in rules["body_openers"]:
        n = len(opener.split())
        # A sentence's opener is in sentence case: words in capitals there are a name the title goes on
        # with ("Thừa Thiên Huế và ...", which folds near "Thực hiện").
        if any(w[:1].isupper() for w in printed[1:n]):
            continue
        if len(words) > n and whole_match(" ".join(words[:n]), [opener], rules["opener_min"]):
            return True
    return False


def _bottom_start(rows: list[_Row], body_start: int) -> tuple[int, int]:
    """Where the signature / recipients part starts, and where an annex ("DANH SÁCH ...") starts."""
    rules = load_rules()
    n = len(rows)
    annex = n
    half = body_start + (n - body_start) // 2
    # Also by the text before a row: a text file's paragraph is one row where a scan's is many, so a
    # signature block written above the "Nơi nhận" list can sit in the first half of the rows.
    total = sum(len(r.text.strip()) for r in rows[body_start:])
    before = 0
    start = n
    for i in range(body_start, n):
        text = rows[i].text.strip()
        before += len(text)
        if not text:
            continue
        if (start < n and upper_share(text) > rules["annex_min_upper"]
                and best_phrase(text, rules["annex_line"], rules["annex_min_score"])):
            annex = i
            break
        late = i >= half or (before - len(text)) * 2 >= total
        signs = late and (capacity_of(text) or title_of(text))
        if start == n and (is_recipients_line(text) or signs):
            start = i
    return start, annex


def _recipients_and_signature(rows: list[_Row]) -> list[Block]:
    rules = load_rules()
    bullets = rules["recipient_bullets"]
    recipients: list[Piece] = []
    signature: list[Piece] = []
    items: list[str] = []
    in_list = False
    for row in rows:
        left, right = split_columns(row, "bottom")
        middle = _signature_in_left(row, left)
        if middle is not None:
            kept = row.text[left.start:middle.start].rstrip()
            left = Piece(left.page, left.line, left.start, left.start + len(kept), kept)
            signature.append(middle)
        if in_list and left.text:
            # An OCR speck before a recipient's bullet (". - Lưu: VT.") is not part of it.
            speck = re.match(rules["recipient_speck"], left.text)
            if speck:
                cut = speck.end()
                left = Piece(left.page, left.line, left.start + cut, left.end, left.text[cut:])
            # A recipient's bullet OCR read as another dash or mark ("~ Sở Nội vụ tỉnh;") after one
            # that ended with ";" (the list goes on) is a bullet: read it as one.
            misread = re.match(rules["recipient_bullet_misread"], left.text)
            if misread and items and _bullet_misread(items[-1], left.text[misread.end():], misread.group(0)):
                left = Piece(left.page, left.line, left.start, left.end, "- " + left.text[misread.end():])
            elif _bullet_lost(items, left.text):
                left = Piece(left.page, left.line, left.start, left.end, "- " + left.text)
        if not in_list and left.text and is_recipients_line(left.text):
            in_list = True
            recipients.append(left)
            rest = re.sub(rules["recipients_line"]["label_strip"], "", left.text, count=1)
            if rest[:1] and rest[0] in bullets:
                items.append(rest)
        elif in_list and left.text and (left.text[0] in bullets or _continues(items, left.text)) and not (
                items and re.match(rules["archive_row"], fold(items[-1]), re.IGNORECASE)
                and left.text[0] in bullets and looks_like_name(left.text.lstrip("-+• ").strip())):
            # (The archive line "Lưu: VT, ..." is the list's last: a name after it with a speck OCR
            # read as a bullet, "- Nguyễn Thị Mỹ Dung", is the signer's.)
            recipients.append(left)
            if left.text[0] in bullets:
                items.extend(re.split(rules["recipients_on_one_row"], left.text))
            else:
                items[-1] = f"{items[-1]} {left.text}"
        elif left.text:
            signature.append(left)
        if right.text:
            signature.append(right)
    blocks = []
    if recipients:
        blocks.append(_block("recipients", "recipients", recipients, items=items))
    if signature:
        blocks.append(_block("signature", "signature", signature, items=[p.text for p in signature]))
    return blocks


def _signature_in_left(row: _Row, left: Piece) -> Piece | None:
    """The start of the signature column still inside a left piece: the widest gap between word
    boxes may be a stamp's or a speck's, not the columns'. A recipient ends with ";" and the label
    with ":", so a capacity ("Nơi nhận: TM. ỦY BAN NHÂN DÂN") or what follows the ";" ("- Như Điều 3;
    PHÓ CHỦ TỊCH") on the same line is the signature's."""
    if not left.text:
        return None
    rules = load_rules()
    text = left.text
    m = re.search(rules["capacity_cue"], fold(text)) or re.match(rules["recipient_then_signature"], text)
    if m is not None:
        at = m.start(1)
    elif is_recipients_line(text):
        # "Nơi nhận: TRƯỞNG BAN": the label, then the signature's title.
        label = re.match(rules["recipients_line"]["label_words"], text)
        at = label.end() if label else len(text)
    elif text[:1] in rules["recipient_bullets"]:
        # The recipient's ";" OCR read as "," or ":" ("- TW Hội LHPN Việt Nam (b/c), PHÓ CHỦ TỊCH"):
        # the first stop after which a title in capitals ends the line.
        at = next((s.end() for s in re.finditer(rules["recipient_stop_misread"], text)
                   if _signature_part(text[s.end():])), len(text))
    else:
        return None
    rest = _signature_part(text[at:])
    if not rest:
        return None
    start = left.start + at
    return Piece(left.page, left.line, start, start + len(rest), rest)


def _signature_part(text: str) -> str | None:
    """`text` when it is a signature's (a capacity, or a title in capitals), without the specks OCR
    read after it ("PHÓ BÍ THƯ ⁄ a ` `": marks and lone letters); None when it is not one."""
    words = text.split()
    while words and re.fullmatch(load_rules()["signature_trailing_speck"], words[-1]):
        words.pop()
    if not words:
        return None
    core = text[:text.rfind(words[-1]) + len(words[-1])]
    # Only what is a signature's: a capacity, or a title in capitals.
    if capacity_of(core) or (upper_share(core) == 1.0 and title_of(core)):
        return core
    return None


def _bullet_misread(previous: str, rest: str, mark: str) -> bool:
    """Whether a mark opening a row of the list ("~", "*") is a recipient's bullet OCR misread: after
    a recipient that ended with ";" or with the ":" OCR reads it as ("- Phòng Nội vụ quận:"), or with
    a "," before a recipient in capitals ("- Như trên," / "~ Ban Giám đốc Sở"); a mark glued to the
    word after it ("~Lưu: VT") only before a capital."""
    previous = previous.rstrip()
    if not mark[1:] and not rest[:1].isupper():
        return False  # glued to a word in small letters: no bullet
    return previous.endswith((";", ":")) or (previous.endswith(",") and rest[:1].isupper())


def _bullet_lost(items: list[str], text: str) -> bool:
    """A recipient whose bullet OCR lost: a line that ends with ";" as recipients do (or with the ":"
    OCR reads it as, rules recipient_stops_as_read), after one that ended with ";" (the list goes on;
    one ending with ":" may go on below: "- Các trường:" / "mầm non, tiểu học;") or as the
    list's first under its label ("Nơi nhận:" / "Như Điều 2;"), and is no signature's title,
    capacity or name."""
    stops = tuple(load_rules()["recipient_stops_as_read"])
    if (items and not items[-1].rstrip().endswith(";")) or not text.rstrip().endswith(stops):
        return False
    if text[:1] in load_rules()["recipient_bullets"]:
        return False
    return not (title_of(text) or capacity_of(text) or looks_like_name(text.rstrip(" ;")))


def _continues(items: list[str], text: str) -> bool:
    """A line that carries on the previous recipient (which did not end with ";" or ".", past the
    specks OCR read after it: "- Lưu: VT, TCCB. :"), and is no signature's title, capacity or name
    (a rank or degree before it allowed: "BSCKII. Huỳnh Văn Phước")."""
    if not items or re.sub(load_rules()["recipient_trailing_specks"], "", items[-1]).endswith((";", ".")):
        return False
    return not (title_of(text) or capacity_of(text) or looks_like_name(text)
                or looks_like_name(text[name_start(text):]))


def _body(rows: list[_Row]) -> list[Block]:
    """Preamble, sections (with their items) and the closing paragraph of the body rows."""
    heads: list[tuple[int, str]] = []
    for i, row in enumerate(rows):
        text = row.text.strip()
        if not text:
            continue
        hit = heading_kind(text)
        if hit is None:
            nxt = next((r.text for r in rows[i + 1:] if r.text.strip()), "")
            hit = lead_in_kind(text, nxt)
            if hit and heads and heads[-1][1] == hit[0]:
                hit = None  # "Kết quả khen thưởng ... như sau:" inside "I. KẾT QUẢ": no section of its own
        if hit:
            heads.append((i, hit[0]))
    closing_at = _closing_start(rows, {i for i, _ in heads})
    blocks: list[Block] = []
    bounds = [i for i, _ in heads]
    first = bounds[0] if bounds else closing_at
    if any(r.text.strip() for r in rows[:first]):
        blocks.append(_block("other", "preamble", [r.piece() for r in rows[:first]]))
    numerals = _section_numerals([rows[i].text for i, _ in heads], [rows[i].line.text for i, _ in heads])
    for n, (i, kind) in enumerate(heads):
        stop = min(bounds[n + 1] if n + 1 < len(bounds) else len(rows), closing_at)
        part = rows[i:max(stop, i + 1)]
        heading = _heading_text(_heading_row_text(part[0]))
        rules = load_rules()
        prefix = re.match(rules["part_prefix"], heading)  # "Phần II.": the numeral after its word
        lead, heading = (heading[:prefix.end()], heading[prefix.end():]) if prefix else ("", heading)
        read = _without_part_word(_without_leading_speck(part[0].line.text.strip()))
        marked = re.match(rules["roman_marker"], heading) or re.match(rules["numeral_marker"], heading) \
            or re.match(rules["numeral_read_marker"], read) \
            or (numerals[n] and re.match(rules["numeral_made_word"], heading))
        letter = re.match(rules["letter_marker"], heading)
        letter_read = re.match(rules["letter_marker"], read)
        if not numerals[n] and letter and letter_read and letter.group(1) != letter_read.group(1):
            # A heading's capital letter ("D. TỔ CHỨC THỰC HIỆN") as OCR read it: OCR reads capitals
            # well, and restoration may weigh a letter alone as another ("A.").
            heading = letter_read.group(1) + heading[letter.end(1):]
        if numerals[n] and marked:
            heading = re.sub(load_rules()["numeral_in_heading"], numerals[n] + ". ", heading, count=1)
        elif numerals[n]:
            heading = f"{numerals[n]}. {heading}"  # the numeral OCR lost
        heading = lead + heading
        blocks.append(_block(kind, "section", [r.piece() for r in part], heading=heading,
                             items=_items(part[1:])))
    if closing_at < len(rows):
        blocks.append(_block("closing", "closing", [r.piece() for r in rows[closing_at:]]))
    return blocks


def _heading_row_text(row: _Row) -> str:
    """A heading row without what lies a column's gap to its right ("III. TỔ CHỨC THỰC HIỆN      NT":
    a stamp's or the margin's marks OCR read as letters): a heading is one run of words, so what
    follows such a gap is none of it, when the words before the gap are a heading by themselves."""
    at = _box_split(row, load_rules()["column_gap_line_heights"])
    if at is None or heading_kind(row.text[:at]) is None:
        return row.text
    return row.text[:at]


def _heading_text(text: str) -> str:
    """A heading line as printed, without OCR's noise: specks at its end, and in a heading set in
    capitals whatever follows its last word in capitals (or number) once a mark shows it is noise
    ("NĂM 2021 /“ ở— An Ở vi": a stamp's or the margin's marks). A heading is no sentence: a stop
    between its words after the numeral is a comma OCR misread ("THỜI GIAN. CHỦ ĐỀ")."""
    rules = load_rules()
    heading = re.sub(rules["heading_trailing_noise"], "", _without_leading_speck(text)).strip(" |")
    tokens = heading.split()
    kept = [n for n, t in enumerate(tokens) if _caps_word_or_number(t.strip(rules["heading_token_strip"]))]
    tail = tokens[kept[-1] + 1:] if kept else []
    # ... or one short word in small letters after it ("TỔ CHỨC THỰC HIỆN Nổ"): a speck restored.
    speck = len(tail) == 1 and len(tail[0]) <= 3 and any(c.islower() for c in tail[0])
    if len(kept) >= 2 and (speck or any(re.fullmatch(r"[^\w]+", t) for t in tail)):
        heading = " ".join(tokens[:kept[-1] + 1])
    # A heading in capitals is no sentence: a stop OCR read at its end is a speck ("NỘI DUNG THI ĐUA.").
    stop = re.search(rules["heading_caps_trailing_stop"], heading)
    if len(kept) >= 2 and stop and heading[stop.start() - 1:stop.start()].isupper():
        heading = heading[:stop.start()]
    marker = re.match(rules["roman_marker"], heading) or re.match(rules["arabic_marker"], heading)
    start = marker.start(marker.lastindex) if marker and marker.lastindex else 0

    def comma(m: re.Match[str]) -> str:
        # "PHẦN II. NỘI DUNG": a Roman numeral's own stop, after the word that names the part.
        word = heading[start:][:m.start()].split()[-1]
        return m.group(0) if re.fullmatch(rules["roman_numeral_letters"], word) else ","

    return heading[:start] + re.sub(rules["heading_misread_comma"], comma, heading[start:])


def _without_leading_speck(text: str) -> str:
    """A heading without the specks OCR read before its numeral ("_ V. TỔ CHỨC THỰC HIỆN", ": II. NỘI
    DUNG"): a heading opens on its numeral or its words."""
    return re.sub(load_rules()["heading_leading_speck"], "", text)


def _without_part_word(text: str) -> str:
    """A heading without the part's or item's word before its numeral ("Phần II. NỘI DUNG" -> "II. NỘI
    DUNG"; segment_rules part_prefix)."""
    return re.sub(load_rules()["part_prefix"], "", text)


def _caps_word_or_number(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return (len(letters) >= 2 and len(letters) == len(token) and token.isupper()) or \
        bool(re.fullmatch(r"\d[\d/.-]*", token))


def _section_numerals(headings: list[str], read: list[str] | None = None) -> list[str | None]:
    """The Roman numeral of each numbered heading, by its place in the sequence I, II, III, ...:
    OCR reads "II." as "Il.", "III." as "111." or "II.", even "1.". Applied only when most written
    numerals already agree with their place, so a document numbered otherwise is left alone. Where
    restoration made a word of a numeral ("Il." -> "Hà."), the heading as OCR read it (`read`) tells."""
    rules = load_rules()
    roman_numerals = rules["roman_numerals"]
    written: list[str | None] = []
    for n, text in enumerate(headings):
        # "Phần II. ...": the numeral after the part's word.
        text = _without_part_word(_without_leading_speck(text.strip()))
        m = re.match(rules["roman_marker"], text) or re.match(rules["numeral_marker"], text)
        as_read = _without_part_word(_without_leading_speck(read[n].strip())) if read is not None else ""
        if read is not None and (m is None or not re.fullmatch(rules["roman_numeral_letters"], m.group(1))):
            m = re.match(rules["numeral_read_marker"], as_read) or m
        numeral = m.group(1).upper() if m else None
        if numeral is None and re.match(rules["numeral_made_word"], text) \
                and re.match(rules["numeral_made_word"], as_read or text):
            # A numeral OCR misread and restoration made a word of ("VI." read "VL," restored "VỊ,"):
            # a numbered heading whose numeral its place tells.
            numeral = "?"
        if numeral and numeral != "?":
            # OCR's "L", "|", "1" for I; restoration's "HAI" (the word "two") for II.
            misreads = rules["numeral_misreads"]
            numeral = misreads.get(numeral) or "".join(misreads.get(c, c) for c in numeral)
        written.append(numeral)
    numbered = [w for w in written if w is not None]
    if not numbered:
        return [None] * len(headings)
    agree = sum(1 for k, w in enumerate(numbered) if k < len(roman_numerals) and w == roman_numerals[k])
    # A heading whose numeral OCR lost entirely ("MỤC ĐÍCH, YÊU CẦU" for "I. MỤC ĐÍCH, YÊU CẦU") shifts
    # the count: the numerals may agree with the headings' own places instead.
    placed = sum(1 for n, w in enumerate(written) if n < len(roman_numerals) and w == roman_numerals[n])
    if placed > agree and placed >= rules["numerals_min_agree"] * len(numbered) \
            and len(headings) <= len(roman_numerals):
        bare_min = rules["heading"]["bare_min_upper"]
        return [roman_numerals[n] if w is not None or upper_share(headings[n]) >= bare_min else None
                for n, w in enumerate(written)]
    places = [roman_numerals.index(w) if w in roman_numerals else -1 for w in numbered]
    out_of_order = any(b <= a for a, b in zip(places, places[1:], strict=False))
    if out_of_order and None not in written and len(written) <= len(roman_numerals):
        # The same numeral twice ("II. NỘI DUNG", "II. TIÊU CHUẨN", "II. TỔ CHỨC"), or numerals out of
        # order ("I.", "III.", "II."), is no numbering: OCR adds and drops strokes of I's. Numerals of
        # I's only take their places when that gives the whole sequence I, II, III, ...
        placed_is = [roman_numerals[n] if w is not None and set(w) == {"I"} else w
                     for n, w in enumerate(written)]
        if placed_is == roman_numerals[:len(written)]:
            return list(placed_is)
    if agree < rules["numerals_min_agree"] * len(numbered) or len(numbered) > len(roman_numerals):
        return [None] * len(headings)
    out: list[str | None] = []
    k = 0
    for w in written:
        out.append(roman_numerals[k] if w is not None else None)
        k += w is not None
    return out


def _closing_start(rows: list[_Row], heads: set[int]) -> int:
    """The last paragraph of the body when it is not an item: the call to action that closes it."""
    last = max((i for i, r in enumerate(rows) if r.text.strip()), default=None)
    if last is None:
        return len(rows)
    i = last
    while i > 0 and rows[i - 1].text.strip() and not item_start(rows[i].text) and i not in heads:
        i -= 1
    text = rows[i].text.strip()
    if i in heads or item_start(text) or not text[:1].isupper() or i == 0:
        return len(rows)
    # A paragraph straight under a heading is that section's text, not the closing.
    before = max((k for k in range(i) if rows[k].text.strip()), default=None)
    if before is None or before in heads:
        return len(rows)
    return i


def _chapters(annex: list[_Row]) -> list[tuple[int, str, str]]:
    """The chapters of a rule book issued with a decision (QUY CHẾ, QUY ĐỊNH, ĐIỀU LỆ after its
    signature): (row, heading, kind) of each "Chương I" line, its title (on the line or the next
    one, in capitals) in the heading. Chapters are the rule book's sections; a list's annex has none.
    Chapters run I, II, III, ...: each takes its place's numeral, which OCR misreads ("Chương Hà",
    "Chương [II"), in the style printed (Roman, or Arabic where the first is)."""
    rules = load_rules()
    if not annex or not best_phrase(annex[0].text.strip(), rules["rule_book_line"], rules["annex_min_score"]):
        return []
    phrases = _section_phrases()
    numerals = rules["roman_numerals"]
    out: list[tuple[int, str, str]] = []
    arabic = False
    for i, row in enumerate(annex):
        text = row.text.strip()
        m = re.match(rules["chapter_line"], fold(text), re.IGNORECASE)
        if m is None or len(out) >= len(numerals):
            continue
        title = text[m.start(2):].strip() if m.group(2) else ""
        if sum(ch.isalpha() for ch in title) < 2:
            title = ""  # a speck after the numeral ("Chương [II `"): the title is on the next line
            nxt = next((r.text.strip() for r in annex[i + 1:] if r.text.strip()), "")
            title = nxt if upper_share(nxt) >= rules["heading"]["bare_min_upper"] else ""
        read = m.group(1)
        capitals = upper_share(title) >= rules["heading"]["bare_min_upper"]
        if not re.fullmatch(rules["chapter_numeral"], read) and not capitals:
            continue  # "Chương này quy định ...": a sentence, no chapter
        if not out:
            arabic = read.isdigit()
        numeral = str(len(out) + 1) if arabic else numerals[len(out)]
        hit = best_phrase(title, list(phrases), rules["fuzzy_min"]) if title else None
        kind = phrases[hit[0]] if hit and hit[2] <= rules["heading"]["max_distance"] else "other"
        out.append((i, " ".join(f"{text.split()[0]} {numeral} {title}".split()), kind))
    return out


def _items(rows: list[_Row]) -> list[str]:
    items: list[str] = []
    open_item = False
    blank = False
    for row in rows:
        text = row.text.strip()
        if not text:
            blank = True
            continue
        m = item_start(text)
        if m:
            items.append(text[m.end():].strip())
            open_item = True
        elif open_item and not (blank and text[:1].isupper()):
            items[-1] = f"{items[-1]} {text}"
        else:
            open_item = False
        blank = False
    return items


def segment(doc: Document) -> Document:
    """Fill `doc.blocks`: header parts, preamble, sections, closing, recipients, signature, annex."""
    rows = _rows(doc)
    header, body_start = _header(rows)
    bottom_start, annex_start = _bottom_start(rows, body_start)
    blocks = header + _body(rows[body_start:bottom_start])
    blocks += _recipients_and_signature(rows[bottom_start:annex_start])
    if annex_start < len(rows):
        annex = rows[annex_start:]
        chapters = _chapters(annex)
        head = annex[:chapters[0][0]] if chapters else annex
        blocks.append(_block("other", "annex", [r.piece() for r in head], heading=annex[0].text.strip(),
                             items=_items(head[1:])))
        for n, (at, heading, kind) in enumerate(chapters):
            stop = chapters[n + 1][0] if n + 1 < len(chapters) else len(annex)
            part = annex[at:stop]
            blocks.append(_block(kind, "chapter", [r.piece() for r in part], heading=heading,
                                 items=_items(part[1:])))
    doc.blocks = blocks
    return doc
