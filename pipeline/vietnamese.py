"""Vietnamese text helpers, one module for the whole product: NFC, the one tone-placement style,
diacritic stripping (two views: `strip_marks` drops the marks, `fold` keeps the length so offsets
stay valid), the syllable shape, and fuzzy phrase matching for rules.

Every stage that compares or stores text uses these; none defines its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
TONE_NAMES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}

# "hoà" -> "hòa", "thuỷ" -> "thủy": the archive's documents put the tone on the first vowel of an open
# oa/oe/uy rhyme; both styles occur, so everything is brought to that one before it is compared or stored.
# The rhyme must end there: not even a combining mark may follow, or "luật" (u, a, dot below, circumflex,
# t in NFD) would lose its tone to the u.
_NEW_TO_OLD = re.compile("(?<![qQ])([oOuU])([aAeEyY])([" + TONES + "])(?![\\w\u0300-\u036f])")
_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Invisible format characters a word processor or an export leaves inside words (soft hyphen, zero-
# width space and joiners, a byte-order mark mid-text, direction marks): no Vietnamese word has them,
# and inside one they cut it in two for every stage after ingest.
INVISIBLE = frozenset(ord(ch) for ch in ("\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
                                        "\u2060", "\ufeff"))
_DROP_INVISIBLE = dict.fromkeys(INVISIBLE)


def visible(text: str) -> str:
    """`text` without the invisible format characters that may sit inside its words."""
    return text.translate(_DROP_INVISIBLE)


def tone_style(text: str) -> str:
    """NFC text with the tone of open oa/oe/uy rhymes on the first vowel ("hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_TO_OLD.sub(lambda m: m.group(1) + m.group(3) + m.group(2),
                                                         decomposed))


@lru_cache(maxsize=200_000)
def strip_marks(text: str) -> str:
    """The base letters: every diacritic removed and đ -> d ("Đảng" -> "Dang")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def base_key(text: str) -> str:
    return strip_marks(text).lower()



_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = "aăâeêioôơuưy"
# A syllable without its tone: onset, one to three vowels, a final consonant.
_SHAPE = re.compile(rf"^(?:{_ONSET})?([{_VOWELS}]{{1,3}})(c|ch|m|n|ng|nh|p|t)?$")
_STOP_FINALS = {"c", "ch", "p", "t"}


def strip_tone(syllable: str) -> tuple[str, str | None]:
    """(the syllable without its tone mark, the tone's name or None), both NFC."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((TONE_NAMES[c] for c in decomposed if c in TONE_NAMES), None)
    bare = "".join(c for c in decomposed if c not in TONE_NAMES)
    return unicodedata.normalize("NFC", bare), tone


@lru_cache(maxsize=200_000)
def is_syllable(word: str) -> bool:
    """True when a lower-case word is shaped like a Vietnamese syllable: a known onset, a vowel
    nucleus, a known final, at most one tone, and a tone the final allows (p, t, c, ch take only
    sắc or nặng). The project's one syllable-shape test."""
    if not word.isalpha() or len(word) > 7:
        return False
    decomposed = unicodedata.normalize("NFD", word)
    if sum(1 for ch in decomposed if ch in TONE_NAMES) > 1:
        return False
    bare, tone = strip_tone(word)
    match = _SHAPE.match(bare)
    if not match:
        return False
    nucleus, final = match.group(1), match.group(2)
    # No Vietnamese rhyme doubles a vowel but "oo": "ii", "uu" are Roman numerals and typos.
    if len(nucleus) > 1 and len(set(nucleus)) == 1 and nucleus != "oo":
        return False
    if "ii" in nucleus:
        return False
    return not (final in _STOP_FINALS and tone not in ("sac", "nang"))


# The vowels a rhyme is spelt with (without its tone), and those that take a final consonant: "ia"
# is open, "iê" closed ("tiên", or with the u of "tiêu"), "oa" both ("hoa", "hoan").
_OPEN_VOWELS = frozenset("a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua ưa ui ưi ưu "
                         "uy uơ oai oay oeo uây uôi ươi ươu uya uyu iêu yêu".split())
_CLOSED_VOWELS = frozenset("a ă â e ê i o ô ơ u ư y iê yê oa oă oe oo uâ uê uô ươ uy uyê".split())


def spelt_rhyme(bare: str) -> bool:
    """True when a lower-case syllable without its tone has a syllable's shape and vowels that
    Vietnamese spells a rhyme with: "hương", "thoan", not "hưong", "thôan" or "giă" (which
    is_syllable lets pass: it checks letters' classes, not their spelling)."""
    match = _SHAPE.match(bare)
    return bool(match) and match.group(1) in (_CLOSED_VOWELS if match.group(2) else _OPEN_VOWELS)


_MARKED_LETTERS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}


def spellings(letters: str) -> list[str]:
    """Every syllable spelt with `letters` (base letters, lower case) and some marks: "pao" ->
    "pao", "páo", "pào", "pạo", ...; đ only as the first letter. Only rhymes Vietnamese spells
    (spelt_rhyme), each tone on its vowel (_tone_place)."""
    choices = [_MARKED_LETTERS.get(ch, ch) if ch != "d" or i == 0 else ch for i, ch in enumerate(letters)]
    bases = [""]
    for options in choices:
        bases = [b + ch for b in bases for ch in options]
    forms = []
    for bare in bases:
        if not spelt_rhyme(bare):
            continue
        if is_syllable(bare):  # not "nhut": a rhyme ending in c, ch, p or t takes a tone
            forms.append(bare)
        at = _tone_place(bare)
        for tone in TONES:
            form = tone_style(nfc(bare[:at + 1] + tone + bare[at + 1:]))
            if is_syllable(form):
                forms.append(form)
    return forms


def _tone_place(bare: str) -> int:
    """Where a syllable without its tone takes one: on its vowel with a mark ("ươ": the ơ), else on
    the last vowel before a final consonant, else on the first of two vowels and the middle of
    three ("hòa", "mùa", "ngoài"); the u of qu and the i of gi are the onset's."""
    start = 2 if bare.startswith(("qu", "gi")) and len(bare) > 2 and bare[2] in _VOWELS else 0
    vowels = [i for i in range(start, len(bare)) if bare[i] in _VOWELS]
    marked = [i for i in vowels if bare[i] in "ăâêôơư"]
    if marked:
        return marked[-1]
    if vowels[-1] < len(bare) - 1 or len(vowels) == 1:
        return vowels[-1]
    return vowels[-2] if len(vowels) == 2 else vowels[1]


# Vowel pairs Vietnamese writes only with a mark on the second vowel (iê, yê, uô or ươ).
_MARKED_ONLY = re.compile("ie|ye|uo")


def spelt_without_marks(word: str) -> bool:
    """True for a lower-case word whose vowels Vietnamese never writes without marks ("huong" for
    hướng, "viec" for việc, "quyet" for quyết): a syllable with its marks lost, not one of its own.
    (The "u" of qu and the "i" of gi belong to the onset: "quota", "gieo" are spelt so.)"""
    bare, _ = strip_tone(word)
    return bool(_MARKED_ONLY.search(bare[2:] if bare.startswith(("qu", "gi")) else bare))


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d" if ch == "đ" else "D"
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            folded = base if len(base) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def numeral_strokes_read(word: str, strokes: str) -> str:
    """`word` with the run of `strokes` it closes with (what OCR prints for a Roman numeral's
    strokes: "l", "1", "|") read as the numeral's I ("BSCKIL" -> "BSCKII"); strokes alone are left."""
    stem = word.rstrip(strokes)
    return stem + "I" * (len(word) - len(stem)) if stem else word


def fold(text: str) -> str:
    """`text` without tone marks and vowel hats (đ -> d), same length as the NFC input."""
    return text.translate(_FOLD)


def key(text: str) -> str:
    """A comparison key: folded, upper case, punctuation turned to single spaces."""
    out = []
    for ch in fold(text).upper():
        out.append(ch if ch.isalnum() or ch in ".-/" else " ")
    return " ".join("".join(out).split())


def upper_share(text: str) -> float:
    """The share of letters that are capitals (headings and header lines are written in capitals)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)


def best_phrase(text: str, phrases: list[str], minimum: float) -> tuple[str, float, int] | None:
    """The phrase found earliest in `text` (both compared by `key`, fuzzily): (phrase, score, position
    in the key). Among phrases found at about the same place the better, longer one wins."""
    k = key(text)
    found: list[tuple[int, float, int, str]] = []
    for phrase in phrases:
        pk = key(phrase)
        if len(pk) > len(k) + 2:
            score, pos = fuzz.ratio(pk, k), 0
        else:
            res = fuzz.partial_ratio_alignment(pk, k)
            score, pos = res.score, res.dest_start
            # A short phrase must match whole words, not the inside of a longer one.
            if pos > 0 and k[pos - 1] != " ":
                continue
        if score >= minimum:
            found.append((pos // 4, -score, -len(pk), phrase))
    if not found:
        return None
    pos, score, _, phrase = min(found)
    return phrase, -score, pos * 4


def whole_match(text: str, phrases: list[str], minimum: float) -> tuple[str, float] | None:
    """The phrase that the whole of `text` is (by `key`, fuzzily), with its score, if any."""
    k = key(text)
    if not k or not phrases:
        return None
    score, phrase = max((fuzz.ratio(key(p), k), p) for p in phrases)
    return (phrase, score) if score >= minimum else None
