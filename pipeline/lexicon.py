"""What kind of line a piece of text is, by vocabulary (lexicon.json): a document type, a signer's
title, a signing capacity, a person's name. Shared by segment and extract, which never import
each other."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.vietnamese import fold, key, numeral_strokes_read, upper_share, whole_match

LEXICON_PATH = Path(__file__).with_name("lexicon.json")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


# Vietnamese surnames, a closed class of general knowledge, as restoration lists them (read, not
# changed: restoration's rules are its own).
SURNAMES_PATH = Path(__file__).parent / "restore" / "rules.json"


@lru_cache(maxsize=1)
def surnames_spelt() -> dict[str, tuple[str, ...]]:
    """The listed surnames by their letters (folded, in small letters): "dinh" -> ("Đinh",), "dang"
    -> ("Đàng", "Đặng")."""
    listed = json.loads(SURNAMES_PATH.read_text(encoding="utf-8"))["person_names"]["surnames"]
    out: dict[str, tuple[str, ...]] = {}
    for name in listed:
        out[fold(name).lower()] = (*out.get(fold(name).lower(), ()), name)
    return out


def doc_type_of(text: str) -> tuple[str, str, float] | None:
    """(type code, type name, score) when `text` is a document type line ("PHÁT ĐỘNG", "KE HOACH")."""
    lex = lexicon()
    # OCR marks around a centred line ("- KEHOACH | có"): what follows a bar, and edge marks, go.
    text = re.sub(lex["doc_type_noise"], "", text).strip(lex["doc_type_strip"])
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not text or len(words) > lex["doc_type_max_words"]:
        return None
    hit = None
    if len(text.split()) <= 4 and upper_share(text) >= 0.6:
        hit = whole_match(text.strip().rstrip(":"), list(lex["doc_types"]), lex["fuzzy_min"])
    if hit is None and upper_share(text) >= 0.6:
        # Words run together by OCR ("KEHOACH"): compared without spaces.
        joined = key(text).replace(" ", "")
        for name in lex["doc_types"]:
            if key(name).replace(" ", "") == joined:
                hit = (name, 100.0)
                break
    if hit is None:
        # A poor scan's specks around the line ("xÉn HOẠCH ˆ Ạ mi"): the type's words among the
        # line's first words.
        for start in range(min(2, len(words))):
            for name in lex["doc_types"]:
                window = " ".join(words[start:start + len(name.split())])
                found = whole_match(window, [name], lex["fuzzy_min"]) if upper_share(window) >= 0.6 else None
                if found and (hit is None or found[1] > hit[1]):
                    hit = found
    return (lex["doc_types"][hit[0]], hit[0], hit[1]) if hit else None


def title_of(text: str) -> tuple[str, float] | None:
    """(title, score) when the whole text is a signer's title ("PHÓ CHỦ TỊCH", OCR'd "HO CHU TICH")."""
    lex = lexicon()
    if len(text.split()) > 5:
        return None
    return whole_match(text, lex["titles"], lex["fuzzy_min"])


def capacity_of(text: str) -> str | None:
    """"TM." / "KT." / ... when `text` starts with a signing capacity."""
    folded = fold(text)
    # OCR may lose the stop, read it as a comma or a colon ("KT: CHỦ TỊCH"), or read "T/M" as "TM":
    # a capacity of two letters or more in capitals before the body or title in capitals ("TM BAN
    # THƯỜNG VỤ") is one too.
    m = (re.match(r"\s*([A-Za-z]{1,3})\s*[.,]\s*\S", folded)
         or re.match(r"\s*(TM|KT|TL|TUQ)\s*:\s*(?=[A-Z]{2})", folded)
         or re.match(r"\s*(TM|KT|TL|TUQ)\s+(?=[A-Z]{2})", folded))
    capacities = lexicon()["capacities"]
    if m is None:
        # The Party's slash, or the I a scan read it as ("TÍM BAN THƯỜNG VỤ"): "TM.".
        slashed = re.match(lexicon()["capacity_slashed"], folded)
        return capacities.get(slashed.group(1) + slashed.group(2)) if slashed else None
    return capacities.get(m.group(1).upper())


def looks_like_name(text: str, least: int | None = None) -> bool:
    """A person's name: a few capitalised words (at least `least`, default the lexicon's), no digits,
    none of the words of bodies and titles."""
    lo, hi = lexicon()["name_words"]
    lo = lo if least is None else least
    words = text.strip(" ~-_.,:;'\"`|").split()
    if not lo <= len(words) <= hi or any(ch.isdigit() for ch in text):
        return False
    if not all(w[:1].isalpha() and w[0].isupper() and (w[1:].islower() or len(w) == 1) for w in words):
        return False
    k = f" {key(text)} "
    return not any(f" {stop} " in k for stop in lexicon()["not_a_name"])


def name_start(line: str) -> int:
    """Where a person's name starts on its line: past the ranks and degrees printed before it
    (lexicon.json ranks, compared by key and without stops, so "Đài tá", "ĐẠI TÁ" is "Đại tá" and "Ths"
    is "ThS."); 0 when none. A rank alone on its line is left as it is."""
    strokes = lexicon()["rank_numeral_strokes"]
    scan_strokes = lexicon()["rank_numeral_strokes_scanned"]

    def bare(text: str) -> str:
        # A closing numeral's strokes as OCR printed them ("BSCKIL.") read as the numeral's I.
        return numeral_strokes_read(key(text).replace(" ", "").replace(".", ""), strokes)

    ranks = {bare(rank) for rank in lexicon()["ranks"]}
    # The degrees that close with a numeral ("BSCKII.", "CKI."), by what comes before it.
    numbered = {rank.rstrip("I") for rank in ranks if rank.endswith("I") and rank.rstrip("I")}

    def is_rank(text: str) -> bool:
        word = bare(text)
        if word in ranks:
            return True
        # A numbered degree whose numeral a scan read as an H (two strokes joined), a T, or a
        # stroke too many ("BSCKH.", "BSCKTI.", "BSCKIIL."): one to three strokes after its letters.
        stem = word.rstrip(strokes + scan_strokes)
        count = sum(2 if c == "H" else 1 for c in word[len(stem):])
        return stem in numbered and 1 <= count <= 3

    words = list(re.finditer(r"\S+", line))
    at, i = 0, 0
    while True:
        n = next((n for n in (3, 2, 1) if i + n < len(words)
                  and is_rank(" ".join(w.group() for w in words[i:i + n]))), None)
        if n is None:
            return at
        i += n
        at = words[i].start()


def is_national(text: str) -> bool:
    """A line of the national heading ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", the motto)."""
    from rapidfuzz import fuzz

    upper = fold(text).upper()
    return any(len(upper.strip()) >= len(p) * 0.6 and fuzz.partial_ratio(p, upper) >= 75
               for p in lexicon()["national"])


def canonical_code(code: str) -> str:
    """A document number's letter codes in their own spelling ("PD-UBND" -> "PĐ-UBND",
    "91/2017/ND-CP" -> "91/2017/NĐ-CP"): OCR without Vietnamese reads Đ as D, and no code of the
    vocabulary differs from another only by that."""
    codes = {_code_key(c): c for c in lexicon()["codes"] if "-" not in c}
    # A unit's number after its letters ("PX03", "V05"): OCR reads its 0 as the letter O ("PXO3").
    code = re.sub(r"(?<=[A-ZĐ])O(?=\d)", "0", code)
    return re.sub(r"[^\W\d_]+", lambda m: codes.get(_code_key(m.group(0))) or _compound(m.group(0), codes),
                  code)


def _compound(run: str, codes: dict[str, str]) -> str:
    """A code the vocabulary lacks that is a known code with Đ behind or before a few letters of its
    own ("TDTN" = T + ĐTN, "TWDTN" = TW + ĐTN, "PLDTBXH" = P + LĐTBXH): the known part in its own
    spelling. Only known parts of three letters or more, so that a short code ("NĐ") is no part."""
    k = _code_key(run)
    if "D" not in k:
        return run
    shortest = lexicon()["code_part_min_letters"]
    for part_key, part in sorted(codes.items(), key=lambda item: -len(item[0])):
        if len(part_key) < shortest or "Đ" not in part or len(part_key) >= len(k):
            continue
        if k.endswith(part_key):
            return run[: len(run) - len(part_key)] + part
        if k.startswith(part_key):
            return part + run[len(part_key):]
    return run


def _code_key(code: str) -> str:
    # Only Đ/D is folded: "TƯ" (Trung ương) and "TU" (Tỉnh ủy) are different codes.
    return code.upper().replace("Đ", "D")
