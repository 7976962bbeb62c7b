"""Restoring readings: words to slots (rules first, then the decoder), clauses decoded as runs,
results written back into the document model's words."""

from __future__ import annotations

import bisect
import itertools
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from operator import itemgetter

from rapidfuzz.distance import Levenshtein

from pipeline.document import Alternative, Line, Reading, Word
from pipeline.restore.decode import NUM, Cand, Decoder, Slot, confidence_features
from pipeline.restore.model import RestoreModel
from pipeline.restore.places import unit_name_at
from pipeline.restore.rules import Rules, roman_value, to_roman
from pipeline.restore.set_lines import SetLines
from pipeline.restore.text import BREAK_RE, apply_case, case_pattern, word_pieces
from pipeline.vietnamese import (
    base_key,
    nfc,
    numeral_strokes_read,
    spellings,
    spelt_without_marks,
    tone_style,
)

# Letters only an engine that knows Vietnamese prints (or clean text has): a reading that has them is
# restored with that engine's channel. Not â, ê, ô: an engine for French or Portuguese prints them (and
# à, é, ã, õ, ü, ï, ç), and such a reading is as garbled as an English engine's.
_VIETNAMESE_ONLY = re.compile("[ăđơưĂĐƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉĩịọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]")


# An abbreviation run into a number, as in a code's symbol: "QD22" (QĐ22).
_ABBREV_NUMBER = re.compile(r"^[A-Z]{2,}[0-9]+$")
# A capital and a number ("A2", "B1"): a level or a grade as a Vietnamese engine read it; in a
# garbled reading it may be a misread word.
_LETTER_NUMBER = re.compile(r"^[A-ZĐ][0-9]+$")
_SLASHED_ZERO = re.compile("[Øø]")
_WORD_EDGE = "()[]“”\"',.;:"  # what stands around a word: brackets, quotes, punctuation
_OPENING_QUOTES = "“\"'‘«"
_LIST_DASHES = "-–—+•*"
_CLOSING_QUOTES = "”\"'’»"
# A document code's symbol after its number ("59/2019/N-B-CP"): the part after the last slash, and
# what follows it (punctuation).
_CODE_SYMBOL = re.compile(r"^(?P<head>.*[0-9]/)(?P<symbol>[A-Za-zĐđ'’\-—–]+?)(?P<tail>[.,;:)]*)$")


def _printed_as(printed: str, form: str, misprints: dict[str, str]) -> bool:
    """Whether `printed` is `form` with some letters printed as what rules list for them."""
    return len(printed) == len(form) and all(
        p == f or p in misprints.get(f, "") for p, f in zip(printed, form, strict=True))


def guess_engine(text: str) -> str:
    words = text.split()
    if not words:
        return "vie"
    marked = sum(1 for w in words if _VIETNAMESE_ONLY.search(w.lower()))
    return "vie" if marked >= 0.15 * len(words) else "eng"


def _kind_place(pieces: list[tuple[str, bool]], n: int) -> bool:
    """Piece `n` of a code is where its kind is written: its first letters, right after the number
    and a slash or dash ("87/2025/QĐ-UBND", "16-CT/HU") or opening a code cut from its number
    ("/QĐ-UBND")."""
    if any(is_word and not text.isdigit() for text, is_word in pieces[:n]):
        return False
    if n == 1:
        return pieces[0][0] in ("/", "-")
    return n >= 2 and pieces[n - 1][0] in ("/", "-") and pieces[n - 2][0].isdigit()


# A reading's words with their pieces and slots, and the runs the slots are decoded in.
Plan = tuple[list[tuple[Word, list[tuple[str, "Slot | None"]] | None]], list[list[Slot]]]


def _stop_in_clause(text: str, before: Slot, after: list[tuple[str, Slot | None]]) -> bool:
    """A stop between two words in small letters ("dan.toc", "ca. nhan"): no sentence ends there
    (the next would open with a capital), an engine read a speck or a space as a stop."""
    if text.strip() != "." or before.fixed or not before.printed[:1].islower() or not after:
        return False
    slot = after[0][1]
    return slot is not None and not slot.fixed and slot.printed[:1].islower() and slot.printed.isalpha()


class ReadingRestorer:
    def __init__(self, model: RestoreModel, engine: str, one_document: bool = False) -> None:
        """one_document: every reading this restorer plans is a page of one document's text layer
        (pipeline.restore.combine), so whether its engine is one the channel knows is judged on
        them together (`_mean_best_cost`)."""
        self.model = model
        self.one_document = one_document
        self.rules = Rules.from_data(model.rules)
        self.letterish = model.rules["letterish"]
        self._last_item = ""  # the last list item's letter in the reading being planned
        self._last_numeral = 0
        self._by_length: dict[int, list[str]] | None = None
        self.document_kinds = frozenset(model.rules["codes"].get("document_kinds", ()))
        horn = model.rules.get("horn_marks", {})
        self.horn = (horn.get("marks", ""), horn.get("after", ""))
        # Set per reading by `plan`: the reading is from an engine the channel was not trained for.
        self.unfamiliar = False
        # The best candidates' costs of the pages of its document this restorer planned before
        # (one_document): one engine made a document's text layer, and a short page says little.
        self._best_costs: list[float] = []
        self.inner = ""
        # (first, last) word of each letter-spaced heading word, by the lines planned (id)
        self._spaced_runs: dict[int, list[tuple[Word, Word]]] = {}
        self._closing_quotes: set[int] = set()  # words closing a quote opened before them (_plan)
        self._digit_word_max = (model.rules.get("unfamiliar_engine") or {}).get("digit_word_max", 0)
        self.decoder = Decoder(model, engine if engine in model.engines else next(iter(model.engines)))
        # An engine that knows Vietnamese: its confident words are evidence to keep (issue 14, item 1).
        self.protect = engine == "vie" and model.params.get("vie_protect", True)
        # Protected candidate lists by (candidate list, printed word, scale, heading): the same
        # word recurs on a page, and slots only ever replace their lists, never change them.
        self._protected_cache: dict[tuple, tuple[list[Cand], list[Cand]]] = {}
        self.set_lines = _set_lines(model)
        self.name_prefix_marks = tuple(model.rules.get("name_prefix_marks", {}).get("marks", ""))
        self._unit_kinds: list[list[str]] | None = None  # rules.json unit_names kinds, split once
        self._ampersand: dict[str, str] | None = None
        self._roman_cues: frozenset[str] | None = None  # rules.json roman "before", marks aside
        self._short_heading = int((model.rules.get("heading_lines") or {}).get("max_words", 0))

    # ------------------------------------------------------------------ slots

    def _fixed(self, text: str, lm_id: int) -> Slot:
        return Slot(text, [Cand(text, lm_id, 0.0, cased=False)], fixed=True)

    def _code_symbol(self, token: str) -> str:
        """A document code whose kind an engine printed in pieces ("59/2019/N-B-CP", "N'B-CP",
        "N-I-D—CP": the Đ's bar read as a stroke and a dash) with its kind joined ("NB-CP"), to be
        read as any symbol; any other token as it is."""
        found = _CODE_SYMBOL.match(token)
        if found is None:
            return token
        symbol = re.sub(r"[—–]", "-", found["symbol"])
        symbol = re.sub(r"(?<=[A-Za-zĐđ])['’](?=[A-Za-zĐđ])", "-", symbol)
        parts = symbol.split("-")
        if len(parts) < 3 or not all(len(p) == 1 and p.isalpha() for p in parts[:-1]) or len(parts[-1]) < 2:
            return token
        kind = "".join(parts[:-1])
        known = self.model.lexicon.abbreviations
        if not any(form in known for form in (kind, kind.upper())):
            # A stroke between letters is a bar read on its own ("N-I-D": NĐ's).
            bare = re.sub(r"(?<=.)[Il|](?=.)", "", kind)
            kind = bare if len(bare) >= 2 else kind
        return f"{found['head']}{kind}-{parts[-1]}{found['tail']}"

    def _code_number(self, token: str) -> str:
        """A code whose number an engine printed with signs for digits ("§2/KH-TĐKT", "l949/QĐ-UBND")
        with those digits (rules.json codes "number_misreads"); any other token as it is."""
        misreads = self.model.rules["codes"].get("number_misreads", {})
        head, slash, rest = token.partition("/")
        lead = len(head) - len(head.lstrip("(["))
        number = head[lead:]
        if (not slash or not number or number.isdigit() or not any(ch.isdigit() for ch in number)
                or not all(ch.isdigit() or ch in misreads for ch in number)):
            return token
        fixed = head[:lead] + "".join(misreads.get(ch, ch) for ch in number) + slash + rest
        return fixed if self.rules.is_code(fixed.strip(_WORD_EDGE)) else token

    def _codified_kind(self, token: str) -> tuple[str, int, int] | None:
        """A codified article's code ("Điều 20.3.LQ.69.": the legal code's chapter, section, the
        kind of the source document and its article) whose kind an engine misprinted ("L0", "1T",
        "NbD"): the token with the one kind of rules.json codes.codified (kinds, most written first)
        that each printed letter is, or is a misprint of, a stray letter dropped; with where the
        kind stands. None when the kind is as printed or no kind fits."""
        conf = self.model.rules["codes"].get("codified") or {}
        m = re.match(conf.get("pattern", "(?!)"), token)
        if m is None or m.group("kind") in conf["kinds"] or m.group("kind").isdigit():
            # (Digits alone are a numbered item's: "1.2.11.2.")
            return None
        printed = m.group("kind")
        misprints = conf["misprints"]
        shorter = [printed[:i] + printed[i + 1:] for i in range(len(printed))] if len(printed) > 2 else []
        for kind in conf["kinds"]:
            if any(_printed_as(t, kind, misprints) for t in [printed, *shorter]):
                at = m.start("kind")
                return token[:at] + kind + token[m.end("kind"):], at, at + len(kind)
        return None

    def _no_word_in(self, number: str) -> bool:
        """A number with a letter ("165A", "7b", "12a") that no garbled syllable can be: three digits
        or more, or a digit no engine prints for a letter (rules.json generic_channel.lookalikes:
        "6c" may be "ốc", "7b" is no word). Not for an engine never trained for, which prints whole
        syllables as digits ("121m" for "làm")."""
        digits = number[:-1]
        lookalikes = (self.model.rules.get("generic_channel") or {}).get("lookalikes", {})
        return len(digits) >= 3 or any(d not in lookalikes for d in digits)

    def _numeral_in_order(self, numeral: str | None, printed: str) -> str | None:
        """A section's Roman numeral read in the order of the sections: the one after the last
        section's where what was printed is that one with closing strokes lost ("II." after "II.",
        "I." after "II.": III) or with a stroke printed as a look-alike letter (rules.json
        roman.heading_misreads: "L." opening the first section, "TV." after III). None: no numeral."""
        last = self._last_numeral
        following = to_roman(last + 1)
        value = roman_value(numeral) if numeral else 0
        if value != last + 1:
            read = "".join(self.rules.strokes.get(ch, ch) for ch in printed)
            misreads = self.model.rules["roman"].get("heading_misreads", "")
            # A look-alike letter only inside a run of sections, or for a numeral no first section
            # has ("L."): "T. ỦY BAN NHÂN DÂN" is a signature's TM. with its M lost.
            misread = ("".join("I" if ch in misreads else ch for ch in read)
                       if last or self.rules.roman(printed, heading=False, plain=True) else read)
            if (following.startswith(read) and set(following[len(read):]) <= {"I"}
                    or misread == following):
                numeral, value = following, last + 1
        if numeral is not None:
            self._last_numeral = value
        return numeral

    def _dashed_words(self, pieces: list[tuple[str, bool]]) -> bool:
        """Capitals joined by a dash that are syllables, none an abbreviation ("LAO DONG-THUONG BINH",
        "LIEN-DOAN"): words, not a code's parts ("KH-UBND", "PT-TH")."""
        words = [t for t, is_word in pieces if is_word]
        if len(words) < 2 or any(ch.isdigit() or ch == "/" for t, _ in pieces for ch in t):
            return False
        lex = self.model.lexicon
        keys = [base_key(t.lower()) for t in words]
        return all(len(k) >= 3 and _VOWEL_RUN.search(k) and k in lex.by_base and k not in lex.abbrev_by_base
                   for k in keys)

    def _abbreviation_run(self, pieces: list[tuple[str, bool]]) -> bool:
        """Known abbreviations joined by stops or dashes, one of them with no vowel ("TT.TU", "TT.HU",
        "VP.UB": the standing committee of the provincial Party committee): every piece is an
        abbreviation, as in a code, not a syllable ("TT.TÀU"); "TT.THONG" is a syllable after one."""
        if self.protect:
            return False
        words = [t for t, is_word in pieces if is_word]
        if len(words) < 2 or not all(len(t) >= 2 and t.isalpha() and t.isupper() for t in words):
            return False
        inner = [t for k, (t, is_word) in enumerate(pieces) if not is_word and 0 < k < len(pieces) - 1]
        if not all(t in (".", "-") for t in inner):
            return False
        lex = self.model.lexicon
        least = self.model.rules["abbreviations"].get("vowelless_min_count", 1)
        vowelless = [t for t in words if not _VOWEL_RUN.search(base_key(t.lower()))]
        return all(base_key(t.lower()) in lex.abbrev_by_base for t in words) and any(
            lex.abbreviations.get(t, 0) >= least for t in vowelless)

    def _misprinted_kind(self, printed: str) -> str | None:
        """The document kind a code's kind printed as no kind stands for ("QP", "QE" -> "QĐ"): each
        letter is the kind's or one of what engines print for it (rules.json codes.kind_misprints);
        of two that fit, the one the corpus prints most."""
        return self._misprint_of(printed, self.document_kinds)

    def _misprint_of(self, printed: str, known: Iterable[str]) -> str | None:
        """The one of `known` that `printed` is with some letters misprinted the way engines
        misprint a capital Đ (rules.json codes.kind_misprints); of two, the more frequent."""
        misprints = self.model.rules["codes"].get("kind_misprints", {})
        fits = [form for form in known if len(form) == len(printed) and all(
            p.upper() == k.upper() or p in misprints.get(k.upper(), ())
            for p, k in zip(printed, form, strict=True))]
        counts = self.model.lexicon.abbreviations
        return max(fits, key=lambda form: (counts.get(form, 0), form)) if fits else None

    def _name_prefix(self, pieces: list[tuple[str, bool]]) -> bool:
        """"K", "'", "Bình": a capital letter, a prefix mark and a capitalised word."""
        return (len(pieces) >= 3 and len(pieces[0][0]) == 1 and pieces[0][0].isupper()
                and pieces[1][0] in self.name_prefix_marks and pieces[2][1] and pieces[2][0][:1].isupper())

    def _abbreviation(self, printed: str) -> str:
        """The abbreviation `printed` stands for: a known one with the same letters (marks aside)
        and much more frequent ("ND" -> "NĐ"), else a run of known ones ("HDTDKT" -> "HĐ"+"TĐKT")."""
        lex = self.model.lexicon
        seen = lex.abbreviations.get(printed, 0)
        if self.protect:
            # An engine that prints "Đ" and printed "D" read the abbreviation as it stands ("HD").
            return printed
        bound = self.model.rules["abbreviations"].get("variant_max_cost", math.inf)
        misprints = self.model.rules["codes"].get("kind_misprints", {}).get("Đ", ())
        for key, cost in self.decoder.variants(printed.lower(), limit=4):
            form = lex.abbrev_by_base.get(key)
            if form is None or len(form) != len(printed):
                continue
            # Far from its letters only where the engine could not print them: a Đ printed as
            # another capital ("NP" for NĐ), a digit or sign for a letter ("1T" for TT); not one
            # letter read for another ("PV" is no "ĐU").
            unprintable = all(p.upper() == base_key(f).upper() or (f == "Đ" and p in misprints)
                              or not p.isalpha() for p, f in zip(printed, form, strict=True))
            if cost <= bound or unprintable:
                return form if lex.abbreviations[form] > 3 * seen else printed
        if seen:
            return printed
        for suffix in self.model.rules["abbreviations"].get("level_suffixes", ()):
            stem = printed[: -len(suffix)]
            if printed.endswith(suffix) and len(stem) >= 2 and lex.abbreviations.get(stem, 0):
                # A known body's abbreviation as printed with its level's letter ("HND" + "H": the
                # Hội Nông dân of a district) is that body's, whatever the letters alone suggest.
                return printed
        if len(printed) < 4:
            return self._known_misprinted(printed) or self._letters_reading(printed)
        # An office's letter before one known abbreviation ("P" + "GDĐT") is stronger evidence than
        # known pieces spelling the letters ("PGĐ" + "ĐT").
        office = self._office_of(printed)
        if office is not None:
            return office
        compound = self._compound(printed)
        if compound is None or compound == printed:
            # Known pieces spelling what was printed ("TH" + "KT") are weaker evidence than one
            # known abbreviation with its Đ misprinted ("TĐKT").
            compound = self._misprinted_abbreviation(printed) or compound
        return compound or self._known_misprinted(printed) or self._letters_reading(printed)

    def _unknown_abbreviation(self, printed: str) -> bool:
        """Three capitals or more that no abbreviation or syllable is printed as ("DTH", "HSTD"), no
        syllable in capitals beside them: an abbreviation no one writes, not a syllable to weigh (as
        one, "DTH" became "ĐT"). Among syllables in capitals they may be one whose vowel the engine
        printed as a consonant ("TỈNH ĐOÀN SGN LA", "QUY NHGN")."""
        least = self.model.rules["abbreviations"].get("unknown_min_letters", 0)
        known = self.model.lexicon.abbreviations
        if not (least > 0 and len(printed) >= least and printed.isalpha() and printed.isupper()
                and printed not in known):
            return False
        # A known one the channel reads it as, a letter misprinted ("TRKT" for TĐKT), is weighed.
        return not any(c.form in known and len(c.form) == len(printed)
                       for c in self.decoder.candidates(printed))

    def _known_misprinted(self, printed: str) -> str | None:
        """The known abbreviation that `printed`, three capitals or more that no abbreviation is,
        stands for with letters printed as their look-alikes (rules.json abbreviations
        letter_misprints: "BOP" is BQP, "UBMTTOVN" UBMTTQVN); of two, the more frequent."""
        known = self.model.lexicon.abbreviations
        misprints = self.model.rules["abbreviations"].get("letter_misprints", {})
        if (len(printed) < 3 or not printed.isalpha() or not printed.isupper() or printed in known
                or not any(ch in v for v in misprints.values() for ch in printed)):
            return None
        forms = self._abbreviations_by_length().get(len(printed), [])
        fits = [f for f in forms if _printed_as(printed, f, misprints)]
        return max(fits, key=lambda f: (known[f], f)) if fits else None

    def _abbreviations_by_length(self) -> dict[int, list[str]]:
        if self._by_length is None:
            self._by_length = {}
            for form in self.model.lexicon.abbreviations:
                if form.isupper():
                    self._by_length.setdefault(len(form), []).append(form)
        return self._by_length

    def _letters_reading(self, printed: str) -> str:
        """An abbreviation no one writes, each letter the engine may have printed for another
        (rules.json abbreviations.letter_readings: a D for a Đ) read as the one that makes the likelier
        abbreviation (lexicon.AbbreviationLetters), the channel's price of each reading counted:
        "DTH" is ĐTH, "TCLD" TCLĐ, "XD" stays XD."""
        readings = self.model.rules["abbreviations"].get("letter_readings", {})
        options = [[ch, *readings.get(ch, ())] for ch in printed]
        if not printed.isupper() or math.prod(len(o) for o in options) > 16:
            return printed
        letters = self.model.lexicon.abbreviation_letters
        channel = self.decoder.engine.channel

        def score(form: tuple[str, ...]) -> float:
            return letters.logp("".join(form)) - sum(
                channel.cost(f.lower(), p.lower()) for f, p, o in zip(form, printed, options, strict=True)
                if len(o) > 1)

        return "".join(max(itertools.product(*options), key=score))

    def _office_of(self, printed: str) -> str | None:
        """An office's abbreviation no one in the corpus writes, a letter for its kind before a
        known one (rules.json codes.office_prefixes: "PGDDT" is Phòng + GDĐT): the prefix and the
        known abbreviation its letters spell, marks aside or its Đ misprinted ("PGDBT" -> "PGDĐT")."""
        lex = self.model.lexicon
        for prefix in self.model.rules["codes"].get("office_prefixes", []):
            rest = printed[len(prefix):]
            if not printed.startswith(prefix) or len(rest) < 3:
                continue
            form = lex.abbrev_by_base.get(base_key(rest.lower())) or self._misprinted_abbreviation(rest)
            if form is not None and form != rest and form.isupper():
                return prefix + form
        return None

    def _misprinted_abbreviation(self, printed: str) -> str | None:
        """A known abbreviation with a Đ that `printed`, which no one writes, misprints as another
        capital ("BLETBXH" -> "BLĐTBXH", "THKT" -> "TĐKT"): the lexicon's index of abbreviations by
        their letters with a Đ left open (as the decoder's candidates use it), the open letter one
        of rules.json codes.kind_misprints."""
        if not printed.isupper():
            return None
        misprints = self.model.rules["codes"].get("kind_misprints", {}).get("Đ", ())
        base = base_key(printed.lower())
        for i, ch in enumerate(printed):
            if ch not in misprints:
                continue
            form = self.model.lexicon.abbrev_by_d_gap.get(base[:i] + "?" + base[i + 1:])
            if form is not None and form.isupper():
                return form
        return None

    def _unit_after_number(self, text: str, before: str) -> list[tuple[str, Slot | None]] | None:
        """An area's unit after a number with its superscript printed as a mark ("42 m? đất"):
        the unit with its superscript, likely but never certain, and the punctuation after it
        (rules.json units.superscript_misprints); None for any other word."""
        conf = self.model.rules["units"].get("superscript_misprints")
        number = before.rstrip(",;")
        if not conf or self.protect or not number or not all(ch.isdigit() or ch in ".," for ch in number) \
                or not number[-1].isdigit():
            return None
        core = text.rstrip(",;.")
        unit, mark = core[:-1], core[-1:]
        if unit not in conf["units"] or not mark or mark not in conf["marks"]:
            return None
        form = unit + conf["superscript"]
        slot = self._fixed(form, self.model.lm.id(form))
        slot.sure = self.model.params.get("mixed_token_cap", 0.9)
        return [(core, slot)] + ([(text[len(core):], None)] if text[len(core):] else [])

    def _compound(self, printed: str) -> str | None:
        """`printed` as a concatenation of known abbreviations (longest pieces first)."""
        lex = self.model.lexicon
        key = base_key(printed)
        best: list[str | None] = [None] * (len(key) + 1)
        best[0] = ""
        for i in range(len(key)):
            if best[i] is None:
                continue
            for j in range(len(key), i + 1, -1):
                form = lex.abbrev_by_base.get(key[i:j])
                if form is not None and (best[j] is None or len(best[j]) > len(best[i]) + len(form)):
                    best[j] = best[i] + form  # type: ignore[operator]
                    break
        return best[-1] if best[-1] and best[-1].upper() == best[-1] else None

    def _split_ampersand(self, a: Word, b: Word) -> bool:
        """Whether `a` and the next word `b` are one abbreviation with an ampersand that OCR printed
        with a space beside it ("TB& XH", "GD &ĐT"): read as two words, "XH" became "Thờ XH"."""
        if a.space_after != " " or not (a.text.endswith("&") or b.text.startswith("&")):
            return False
        return base_key((a.text + b.text).strip(_WORD_EDGE)).upper() in self._ampersand_forms()

    def _ampersand_forms(self) -> dict[str, str]:
        """rules.json ampersand_abbreviations by their letters without marks, in capitals, and with
        their Đ printed as another capital (rules.json codes.kind_misprints: "GD&PT" is GD&ĐT)."""
        forms = self._ampersand
        if forms is None:
            listed = self.model.rules.get("ampersand_abbreviations", {}).get("forms", [])
            forms = {base_key(form).upper(): form for form in listed}
            misprints = self.model.rules["codes"].get("kind_misprints", {}).get("Đ", [])
            for form in listed:
                for at in (i for i, ch in enumerate(form) if ch == "Đ"):
                    for letter in misprints:
                        forms.setdefault(base_key(form[:at] + letter + form[at + 1:]).upper(), form)
            self._ampersand = forms
        return forms

    def word_slots(self, word: Word, first_in_line: bool, rest_upper: bool, numeral_cue: bool = True,
                   among_capitals: bool = False) -> list[tuple[str, Slot | None]]:
        """The word cut into pieces; word pieces carry a slot. numeral_cue: the word stands where a
        Roman numeral may (after "khóa", "thứ", "Chương"...; see `_numeral_cue`). among_capitals:
        a word beside it is a syllable in capitals (a header's "QUY" before "NHGN")."""
        # Abbreviations written with a slash ("Đ/c" for đồng chí, "V/v", "b/c") or an ampersand
        # ("GD&ĐT"): printed without the bar ("D/c", "GD&DT") they are no words to restore.
        core = word.text.strip(_WORD_EDGE)
        if "&" in core:
            written = self._ampersand_forms().get(base_key(core).upper())
        else:
            written = self.model.rules.get("slash_abbreviations", {}).get(core) if "/" in core else None
        if written is not None:
            at = word.text.index(core)
            # The language model learns such an abbreviation as one token (text.LM_TOKEN_RE); one
            # it never saw stands in by its last part, what the next word goes with ("tỉnh").
            lm_id = (self.model.lm.id(written.lower())
                     or self.model.lm.id(re.split("[&,-]", written)[-1].lower()))
            fixed = self._fixed(written, lm_id)
            parts = ((word.text[:at], None), (core, fixed), (word.text[at + len(core):], None))
            return [(t, slot) for t, slot in parts if t]
        codified = None if self.protect else self._codified_kind(word.text)
        if codified is not None:
            # The kind read back from what the engine printed: likely, never certain.
            text, start, end = codified
            out = self.word_slots(Word(text=text, space_after=word.space_after), first_in_line,
                                  rest_upper, numeral_cue, among_capitals)
            for piece, slot in out:
                if slot is not None and piece == text[start:end]:
                    slot.sure = self.model.params.get("mixed_token_cap", 0.9)
            return out
        numbered = self._code_number(word.text)
        # A code's number read back from signs for digits ("§2/KH-TĐKT"): likely, never certain.
        number_guessed = numbered != word.text
        printed = self._code_symbol(numbered)
        pieces = word_pieces(printed, self.letterish, self.horn, self.inner)
        cores = [t for t, is_word in pieces if is_word]
        lm = self.model.lm
        out: list[tuple[str, Slot | None]] = []
        if len(cores) == 1:
            core = cores[0]
            idx = next(i for i, (t, w) in enumerate(pieces) if w)
            after = pieces[idx + 1][0] if idx + 1 < len(pieces) else ""
            # A comma for the stop before a heading in capitals ("IL, TỒN TẠI, HẠN CHẾ").
            heading = first_in_line and idx == 0 and (
                after.startswith(".") or after.startswith(",") and rest_upper and not core.isdigit()) and (
                not core.isdigit() or rest_upper)
            roman = self.rules.roman(core, heading=heading)
            if (roman is None and numeral_cue and not heading and len(core) >= 3
                    and any(ch in "XV" for ch in core) and core not in self.model.lexicon.abbreviations):
                # After "khóa", "lần thứ": a stroke printed as a look-alike letter ("khóa XTV"); not
                # a known abbreviation ("VT").
                misreads = self.model.rules["roman"].get("cue_misreads", "")
                read = "".join("I" if ch in misreads else ch for ch in core)
                roman = read if read != core and self.rules.roman(read, heading=False, plain=True) else None
            if (roman is not None and not heading and roman != core and not (numeral_cue or rest_upper)
                    and not _strokes_only(core, self.model.rules["roman"]["stroke_readings"])):
                # Letters and strokes ("C11", "V1") read as a numeral only where one may stand: in
                # running text they are a syllable an engine printed with digits ("Căn C11" is
                # "Căn cứ", "dịch V1;" "dịch vụ"), not "Căn CII".
                roman = None
            if roman is None and self.rules.roman(core, heading=False, plain=True) and (
                    len(core) == 1 or core.lower() not in self.model.lexicon.syllables):
                # Capital I, V, X, L, C alone, or a numeral no syllable is spelt like ("XVII"):
                # kept as written.
                roman = core
            if heading and (roman is not None or not core.isdigit()):
                roman = self._numeral_in_order(roman, core)
            if roman is not None:
                return [(t, self._fixed(roman, lm.id(roman.lower())) if w else None) for t, w in pieces]
            if heading and len(core) == 1 and core.isalpha() and core.isupper():
                # A capital alone before the stop that opens a line, and no section's numeral, is a
                # list's letter ("A. PHẦN CHUNG") or what is left of a capacity ("T." for TM.): no
                # syllable with its vowel lost, nor a numeral the sections do not call for.
                return [(t, self._fixed(t, lm.id(t.lower())) if w else None) for t, w in pieces]
        code = (self.rules.is_code(printed.strip(_WORD_EDGE)) and not self._dashed_words(pieces)
                or self._abbreviation_run(pieces))
        for n, (text, is_word) in enumerate(pieces):
            after = pieces[n + 1][0] if n + 1 < len(pieces) else ""
            if not is_word or text == "|":
                out.append((text, None))
            elif n == 0 and self._name_prefix(pieces):
                # A name's one-letter prefix ("K'Bình", "H'Hen", "Y'Ngọc" of the Central
                # Highlands): a letter, not a syllable to restore.
                out.append((text, self._fixed(text, lm.id(text.lower()))))
            elif self.rules.is_item_marker(text, after):
                # Items run a) b) c) d) đ) e): a "d)" after a "d)" is an "đ)" printed without its bar.
                if text in "dD" and self._last_item == "d" and not self.protect:
                    text = "đ" if text == "d" else "Đ"
                self._last_item = text.lower()
                out.append((pieces[n][0], self._fixed(text, lm.id(text.lower()))))
            elif (n == 0 and rest_upper and after.startswith(".")
                  and text in self.model.rules.get("signature_capacities", ())):
                # "Q. GIÁM ĐỐC", "TUQ. CHỦ TỊCH": the signer's capacity (quyền, thừa ủy quyền) before
                # the title, no word; as one, "Q." became "A.". (Before a district's name in
                # capitals "Q." is quận, kept as printed too.)
                out.append((text, self._fixed(text, lm.id(text.lower()))))
            elif text in self.rules.units or (
                    len(text) == 1 and text.isupper() and len(pieces) == 3 and n == 1
                    and pieces[0][0][-1:] in _OPENING_QUOTES and pieces[2][0][:1] in _CLOSING_QUOTES):
                # A capital alone in quotes ("“H”: chiều cao", "“W”") names a letter: no word.
                out.append((text, self._fixed(text, lm.id(text.lower()))))
            elif (text.isdigit() and not code and (
                    not first_in_line and word.text.rstrip(",;") == text
                    and len(text) <= 2 and text in self.decoder.engine.words
                    or self.unfamiliar and word.text.rstrip(",;:") == text
                    and len(text) <= self._digit_word_max)):
                # A short number the engine may have printed for a word ("6" for "ở"; an unknown
                # engine's "56" for "số", "86:" for "Số:" opening its line, "80 Y TẾ" for "SỞ Y
                # TẾ"): the decoder weighs the number against syllables.
                # A trained engine's "16" may be "lệ", its digits the letters they look like.
                slot = Slot(text, self.decoder.candidates(text) if self.unfamiliar or self.protect
                            else self.decoder.number_or_word(text))
                slot.case_without_letters = ("upper" if rest_upper and not word.text.endswith(":")
                                             else "title" if first_in_line else "lower")
                out.append((text, slot))
            elif _SLASHED_ZERO.search(text) and self.rules.is_number(_SLASHED_ZERO.sub("0", text)):
                # A zero printed with a slash and read as "Ø" ("Ø7 cá nhân"): Vietnamese has no Ø,
                # and read as a word it became "Có". Likely, never certain.
                slot = self._fixed(_SLASHED_ZERO.sub("0", text), NUM)
                slot.sure = self.model.params.get("mixed_token_cap", 0.9)
                out.append((text, slot))
            elif text.isdigit() or self.rules.is_number(text) or (
                    self.rules.is_number_with_letter(text)
                    and (self.protect or not self.unfamiliar and self._no_word_in(text))):
                slot = self._fixed(text, NUM)
                if number_guessed and not any(w for _, w in pieces[:n]):
                    slot.sure = self.model.params.get("mixed_token_cap", 0.9)
                out.append((text, slot))
            elif (not self.protect and not self.unfamiliar and not code and len(text) >= 2
                  and self.model.rules["abbreviations"].get("vowelless_kept")
                  and (self.model.lexicon.abbreviations.get(text, 0)
                       >= self.model.rules["abbreviations"].get("vowelless_min_count", 1)
                       or not among_capitals and self._unknown_abbreviation(text))
                  and not _VOWEL_RUN.search(base_key(text.lower()))):
                # A known abbreviation with no vowel ("TT", "VT") spells no syllable: as a slot the
                # language model made "- TT Huyện ủy" "- Từ Huyện tây". (An engine we never trained
                # for prints vowels as consonants: there it stays a slot.) One that is no known
                # abbreviation may be a syllable whose vowel was misread ("SG" for "Sở"). Its form
                # is the one the lexicon knows best ("ND" -> "NĐ"). In a code ("114/HD-SNV") the
                # code's rules below read it: a document kind spelt like another is never certain.
                form = self._abbreviation(text)
                out.append((text, self._fixed(form, lm.id(form.lower()))))
            elif code or _ABBREV_NUMBER.match(text) or (self.protect and _LETTER_NUMBER.match(text)):
                letters = text.rstrip("0123456789")
                kind = code and letters in self.document_kinds
                misprint = (self._misprinted_kind(letters) if code and not kind and not self.protect
                            and letters == text and _kind_place(pieces, n) else None)
                # A document kind printed as one ("HD", a guidance) is kept: the lexicon's more
                # frequent look-alike ("HĐ", a council or a contract) is another kind of document.
                form = letters if kind else misprint or self._abbreviation(letters)
                # A Đ read back from another capital than D ("QP", "THKT"): likely, never certain.
                guessed = (not self.protect and len(form) == len(letters)
                           and any(a != b and a not in "Dd" for a, b in zip(letters, form, strict=True)))
                slot = self._fixed(form + text[len(letters):], lm.id(form.lower()))
                if guessed:
                    slot.sure = self.model.params.get("mixed_token_cap", 0.9)
                if kind and any(base_key(k) == base_key(letters) for k in self.document_kinds - {letters}):
                    # Which of two kinds spelt alike ("HD" / "HĐ", "DA" / "ĐA") the engine printed
                    # is a guess: never certain.
                    slot.sure = self.model.params.get("mixed_token_cap", 0.9)
                out.append((text, slot))
            elif (not self.protect and not self.unfamiliar and not among_capitals
                  and (known := self._known_misprinted(text)) is not None):
                # A known abbreviation with a letter printed as its look-alike ("BOP" for BQP, the
                # Ministry of Defence; "UBMTTOVN"): likely, never certain.
                slot = self._fixed(known, lm.id(known.lower()))
                slot.sure = self.model.params.get("mixed_token_cap", 0.9)
                out.append((text, slot))
            else:
                # Read in the one tone style the lexicon uses ("hoà" is looked up as "hòa").
                printed = tone_style(text)
                cands = self.decoder.candidates(printed)
                slot = Slot(printed, self._protected(printed, cands, word, heading=rest_upper)
                            if self.protect else cands)
                if not self.protect:
                    self._offer_split(slot)
                else:
                    self._offer_printed_split(slot, cands, word, heading=rest_upper)
                if not any(ch.isalpha() for ch in printed):  # a symbol for a letter ("©" for "Ở")
                    slot.case_without_letters = ("upper" if rest_upper else "title" if first_in_line
                                                 else "lower")
                out.append((text, slot))
        return out

    def _offer_split(self, slot: Slot) -> None:
        """Give `slot` the syllables it may be printed as one word (Slot.split), each half offered
        a split of its own in turn ("SOXAYDUNG": SỞ, then XÂY DỰNG)."""
        split = self._merged(slot.printed, slot.cands)
        if split is None:
            return
        halves = (Slot(split[0], self.decoder.candidates(split[0])),
                  Slot(split[1], self.decoder.candidates(split[1])))
        for half in halves:
            self._offer_split(half)
        slot.split = halves

    def _offer_printed_split(self, slot: Slot, cands: list[Cand], word: Word, heading: bool) -> None:
        """A Vietnamese engine runs two columns' words together too ("THƯỞNGCỘNG"): its word is
        offered as the syllables it printed with their marks, each protected as any word it read;
        never a word without marks ("Hoidong") or one that is a syllable."""
        syllables = self.model.lexicon.syllables
        lower = slot.printed.lower()
        if lower in syllables or base_key(lower) == lower:
            return
        probe = Slot(slot.printed, cands)
        self._offer_split(probe)
        leaves = _leaves(probe)
        if len(leaves) > 1 and all(leaf.printed.lower() in syllables for leaf in leaves):
            for leaf in leaves:
                leaf.cands = self._protected(leaf.printed, leaf.cands, word, heading=heading)
            slot.split = probe.split

    def _merged(self, printed: str, cands: list[Cand]) -> tuple[str, str] | None:
        """Syllables an engine printed as one word ("hoidong", "thibua", "SOXAYDUNG": a space lost,
        or two columns' words run together): the cut, into a first syllable and the rest (itself
        cut again by `_offer_split` when it is two), whose pieces the channel explains best, when
        the word as a whole is explained by nothing (rules.json "merged_words")."""
        conf = self.model.rules.get("merged_words") or {}
        # A quote inside the word of an engine that prints marks so ("phé’truc") is a mark of it.
        if not conf.get("enabled") or not printed[:1].isalpha() or not all(
                ch.isalpha() or ch in self.inner for ch in printed):
            return None
        # A syllable has one run of vowels; a misread one too ("nhiém", "thirc"): two runs with
        # consonants between them are two syllables, three are three.
        runs = len(_VOWEL_RUN.findall(base_key(printed)))
        if runs == 1:
            # An engine the channel does not know prints a syllable's vowels as anything: its
            # vowel runs say nothing of where a syllable ends.
            return None if self.unfamiliar else self._vowel_cut(printed, conf)
        if len(printed) < conf["min_length"]:
            return None
        if not 2 <= runs <= conf.get("max_syllables", 2):
            return None
        if min((c.cost for c in cands), default=math.inf) < conf["min_cost"]:
            return None
        # A cut between syllables, not inside a run of vowels ("thu|ongcong" would make the two
        # syllables of "thuongcong" three).
        cuts = [at for at in range(conf["min_part"], len(printed) - conf["min_part"] + 1)
                if len(_VOWEL_RUN.findall(base_key(printed[:at]))) == 1
                and len(_VOWEL_RUN.findall(base_key(printed[at:]))) == runs - 1]
        return self._best_cut(printed, cuts, conf)

    def _vowel_cut(self, printed: str, conf: dict) -> tuple[str, str] | None:
        """Two syllables run together where the second opens with a vowel ("SOY" for "SỞ Y",
        "cuaong" for "của ông"): one run of vowels that no syllable is spelt with, cut inside it
        into two pieces that syllables are spelt with, the second opening with a vowel, its letters
        beside the cut printed without marks. Only offered: the clause is decoded both ways
        (`_decode`)."""
        by_base = self.model.lexicon.by_base
        key = base_key(printed)
        if len(key) < conf.get("vowel_cut_min_length", 3) or key in by_base:
            return None
        run = _VOWEL_RUN.search(key)
        assert run is not None
        # A mark printed beside the cut ("phéan" for "phấn") is one marked vowel the engine printed
        # as two letters, not two syllables' vowels.
        cuts = [at for at in range(run.start() + 1, run.end())
                if key[:at] in by_base and key[at:] in by_base and printed[at - 1:at + 1].isascii()]
        return self._best_cut(printed, cuts, conf)

    def _best_cut(self, printed: str, cuts: list[int], conf: dict) -> tuple[str, str] | None:
        """Of the cuts, the one whose two pieces the channel explains best, each piece at most
        `max_part_cost`; None when no cut's pieces are explained so."""
        best: tuple[float, int] | None = None
        for at in cuts:
            costs = [self._part_cost(printed[:at]), self._part_cost(printed[at:])]
            if max(costs) <= conf["max_part_cost"] and (best is None or sum(costs) < best[0]):
                best = (sum(costs), at)
        return None if best is None else (printed[:best[1]], printed[best[1]:])

    def _part_cost(self, part: str) -> float:
        """How well the channel explains a piece of a merged word: its best syllable, or for a
        piece of two syllables itself, its best split's halves."""
        cands = self.decoder.candidates(part)
        cost = min((c.cost for c in cands if c.cased), default=math.inf)
        if len(_VOWEL_RUN.findall(base_key(part))) < 2:
            return cost
        split = self._merged(part, cands)
        if split is None:
            return math.inf
        return sum(self._part_cost(half) for half in split)

    def _protected(self, printed: str, cands: list[Cand], word: Word, heading: bool) -> list[Cand]:
        """Do no harm to a Vietnamese reading: a word its engine read confidently as a valid
        syllable, or a capitalised name, keeps its form unless the language model (and, through
        the alignment, the other reading) is strongly against it: every other form costs a margin
        more (a name's margin is larger, since names are what the language model knows least)."""
        params = self.model.params
        if word.ocr_conf is not None and word.ocr_conf < params.get("vie_confident", 0.8):
            return cands
        # With the engine's own confidence high, the form is stronger evidence than a bare reading.
        scale = params.get("vie_confident_scale", 2.0) if word.ocr_conf is not None else 1.0
        lower = printed.lower()
        valid = lower in self.model.lexicon.syllables
        # A name: capitalised, in running text (a heading line in capitals is not a name).
        # Not one whose vowels Vietnamese never writes without marks ("Dieu", "Nie"): that is a
        # syllable with its marks lost, whatever the language model's vocabulary happens to hold.
        name = (printed[:1].isupper() and not heading and printed.isalpha()
                and case_pattern(printed) == "title" and len(printed) >= 2
                and not (printed.isascii() and spelt_without_marks(lower)))
        # An abbreviation or code ("HĐKC", "NV"): capitals a syllable is not. In a heading line in
        # capitals only when no syllable has its letters: there "QUYÊT" is a misread "QUYẾT".
        abbreviation = (not valid and case_pattern(printed) == "upper" and len(printed) >= 2
                        and printed.isalpha()
                        and (not heading or base_key(lower) not in self.model.lexicon.by_base))
        # A lone letter ("điểm c", "“H”: chiều cao"): the engine saw one letter there.
        letter = len(printed) == 1 and printed.isalpha()
        if not valid and not name and not abbreviation and not letter:
            return cands
        key = (id(cands), printed, scale, heading)
        found = self._protected_cache.get(key)
        if found is not None:
            return found[1]
        if abbreviation:
            margin = params.get("vie_name_margin", 6.0)
        elif name and not valid:
            # Outside the lexicon: a rare name, or a syllable the engine read with a mark wrong
            # ("Quyêt"), which the language model must still be able to put right.
            margin = params.get("vie_unknown_name_margin", 2.0)
        else:
            margin = params.get("vie_name_margin", 6.0) if name else params.get("vie_keep_margin", 3.0)
        margin *= scale
        same = [c for c in cands if c.form.lower() == lower]
        if not same:
            lm_id = self.model.lm.id(lower)
            if valid:
                cost = self.decoder.engine.channel.cost(lower, lower)
                same = [Cand(lower, lm_id, cost if cost < math.inf else 0.0)]
            else:  # a name, abbreviation or letter the lexicon lacks: kept exactly as printed
                same = [Cand(printed, lm_id, 0.0, cased=False)]
        keep = same[0]
        if (letter or abbreviation) and not valid:
            # What the engine printed, not a syllable's cost as a word left unrestored.
            keep = Cand(printed, keep.lm_id, 0.0, cased=False)
        out = [keep] + [Cand(c.form, c.lm_id, c.cost + margin, c.cased) for c in cands
                        if c.form.lower() != lower]
        if len(self._protected_cache) > 50_000:
            self._protected_cache.clear()
        # `cands` is kept with the result so that its id cannot be reused by another list.
        self._protected_cache[key] = (cands, out)
        return out

    # ------------------------------------------------------------------ readings

    def _score(self, token: str) -> float:
        """-ln P(token | its best reading) - ln P(that reading): how well `token` reads as one word."""
        cands = self.decoder.candidates(tone_style(token))
        log_freq = self.model.lm.log_freq
        weight = self.model.params["lm_weight"]
        return min(c.cost - weight * float(log_freq[c.lm_id]) for c in cands)

    def _split_number(self, a: Word, b: Word) -> bool:
        """A date or a code's number cut by a space before a 1 ("10/1 1/2020", "02/201 1/QH13": an
        engine sets a narrow 1 apart): joined, it is a whole date or a number with its year
        (rules.json split_numbers)."""
        rules = self.model.rules.get("split_numbers")
        if not rules or a.space_after != " ":
            return False
        if not re.match(rules["head"], a.text) or not re.match(rules["tail"], b.text):
            return False
        return any(re.match(pattern, a.text + b.text) for pattern in rules["whole"])

    def _split_date_number(self, before: tuple[Word, list[tuple[str, Slot | None]] | None] | None,
                           a: Word, b: Word) -> bool:
        """A day or a month cut by a space beside a narrow 1 ("tháng 1 1 năm" for "tháng 11 năm"),
        after the word for it (rules.json date_numbers "split_most"): one number when joined it is one."""
        rules = self.model.rules.get("date_numbers") or {}
        most = rules.get("split_most")
        if not most or before is None or a.space_after != " ":
            return False
        head, tail = a.text, b.text.rstrip(",.;:")
        if not (len(head) == len(tail) == 1 and head.isdigit() and tail.isdigit() and "1" in (head, tail)):
            return False
        forms = _read_as(before, before[0].text.strip(_WORD_EDGE))
        limits = [most[f] for f in forms if f in most]
        return len(limits) == 1 and 1 <= int(head + tail) <= limits[0]

    def _joins(self, a: Word, b: Word) -> bool:
        """Whether `a` and the next word `b` are one syllable the engine printed as two words
        ("dé n" for "đến", "HC i" for "Hội"): an engine that does not know the marks often cuts a
        word at a marked letter. Only when one half is no syllable at all, and the joined word
        reads better as one word than the halves do as two (rules.json "split_words"). The short half
        is a fragment (at most `max_fragment` characters) that is no syllable, and the joined word
        reads as a syllable."""
        conf = self.model.rules.get("split_words") or {}
        if not self.unfamiliar or not conf.get("enabled") or a.space_after != " ":
            return False
        pa = word_pieces(a.text, self.letterish, self.horn, self.inner)
        pb = word_pieces(b.text, self.letterish, self.horn, self.inner)
        # Two bare words, the second perhaps closing a clause ("dé n,"): not pieces of a longer token.
        if len(pa) != 1 or not pa[0][1] or not pb or not pb[0][1] or len(pb) > 2:
            return False
        if len(pb) == 2 and not all(ch in ",.;:" for ch in pb[1][0]):
            return False
        x, y = pa[0][0], pb[0][0]
        if len(x) + len(y) > conf.get("max_length", 7) or min(len(x), len(y)) > conf.get("max_fragment", 2):
            return False
        if not any(ch.isalpha() for ch in x + y) or any(ch.isdigit() for ch in x[:1] + y[-1:]):
            return False
        lex = self.model.lexicon
        short = x if len(x) <= len(y) else y
        # The short half is what is left of a word, not a word, an abbreviation or a numeral.
        if short.lower() in lex.syllables or short in lex.abbreviations:
            return False
        if any(len(t) >= 2 and self.rules.roman(t, heading=False, plain=True) for t in (x, y)):
            return False
        best = min(self.decoder.candidates(tone_style(x + y)), key=lambda c: c.cost)
        if not best.cased or best.form.lower() not in lex.syllables:  # the joined word is no syllable
            return False
        joined = self._score(x + y) + conf.get("join_cost", 2.0)
        return joined < self._score(x) + self._score(y)

    def _spelt_syllables(self, letters: str) -> str | None:
        """`letters` cut into the syllables they spell, most likely first ("KEHOACH" -> "KE HOACH"):
        each piece a syllable as printed (its marks as printed, when it has marks and the reading is
        a Vietnamese engine's) or by its letters alone; None when no cut fits ("NVA": initials)."""
        syllables, by_base = self.model.lexicon.syllables, self.model.lexicon.by_base

        def count(piece: str) -> int:
            lower = piece.lower()
            if self.protect and lower != base_key(lower):
                return syllables.get(lower, 0)
            forms = by_base.get(base_key(lower))
            return syllables.get(forms[0], 0) if forms else 0

        # best[i]: the score and cuts of letters[:i]; a syllable is at most 7 letters ("nghiêng").
        best: list[tuple[float, list[int]] | None] = [(0.0, [])] + [None] * len(letters)
        for i in range(1, len(letters) + 1):
            for j in range(max(0, i - 7), i):
                found = best[j]
                n = count(letters[j:i]) if found is not None else 0
                if found is not None and n:
                    score = found[0] + math.log(n) - 10.0  # a cut costs: fewer, common syllables
                    if best[i] is None or score > best[i][0]:  # type: ignore[index]
                        best[i] = (score, found[1] + [i])
        end = best[len(letters)]
        if end is None:
            return None
        cuts = [0] + end[1]
        return " ".join(letters[a:b] for a, b in zip(cuts, cuts[1:], strict=False))

    def _unfamiliar_rules(self) -> dict | None:
        conf = self.model.rules.get("unfamiliar_engine") or {}
        return conf if conf.get("enabled") and not self.protect else None

    def _marks_lost(self, lines: list[Line]) -> bool:
        """Whether the reading is Vietnamese typed or stripped without its marks, not any engine's
        garbling (rules.json "marks_lost"): nearly every word plain ASCII letters, and nearly every
        such word the letters of a syllable. English OCR of Vietnamese prints some marks ("Lé",
        "déc") and garbles letters ("hdi", "Pang"): on held-out and open pages at most 0.87 of its
        words are syllables' letters, where stripped documents have 0.92 to 0.995."""
        conf = self.model.rules.get("marks_lost") or {}
        if not conf.get("enabled") or self.protect or self.decoder.engine.unfamiliar:
            return False
        words = [w for line in lines for w in re.findall(r"[^\W\d_]+", line.text)]
        if len(words) < conf["min_words"]:
            return False
        plain = [w.lower() for w in words if w.isascii()]
        by_base = self.model.lexicon.by_base
        return (len(plain) >= conf["min_ascii_share"] * len(words)
                and sum(w in by_base for w in plain) >= conf["min_syllable_share"] * len(plain))

    def _mean_best_cost(self, runs: list[list[Slot]]) -> float:
        """How poorly the reading's words are explained: the mean channel cost of each word's best
        candidate, over this reading and, for pages of one document, those planned before it
        (from the same engine). A reading from an engine the channel was never trained for
        is, on average, far worse explained than any trained engine's (rules.json
        "unfamiliar_engine"); a short reading alone says too little and gets 0 (familiar). (Judged
        alone, a short last page of an English OCR layer, a signature and an annex's heading, was
        taken for an unknown engine's and its signer "Tuệ" read "Túc".)"""
        conf = self._unfamiliar_rules() or {}
        best = [min(c.cost for c in s.cands) for run in runs for s in run if not s.fixed and s.cands]
        pooled = self._best_costs + best
        if self.one_document:
            self._best_costs = pooled
        return sum(pooled) / len(pooled) if len(pooled) >= conf.get("min_words", 20) else 0.0

    def plan(self, lines: list[Line]) -> tuple[list[tuple[Word, list[tuple[str, Slot | None]] | None]],
                                               list[list[Slot]]]:
        """Every word's pieces and slots, and the runs (clauses) the slots are decoded in. A word
        joined to the one before it (`_joins`) has no pieces (None): its restored form is empty.

        A reading from an engine the channel does not know (`_mean_best_cost`) is planned again with
        what such an engine needs: the generic channel's candidates (Decoder._fallback), quotes
        inside a word kept in it (rules.json "inner_marks"), and a syllable printed as two words
        joined (`_joins`). A trained engine's reading is planned exactly as before."""
        self.unfamiliar = self.decoder.fallback = self.decoder.marks_only = False
        self.inner = ""
        self.decoder.own_words = False
        if self._marks_lost(lines):
            self.decoder.marks_only = True
            plan, runs = self._plan(lines)
            _letters_as_printed(runs)
            return plan, runs
        if self.decoder.engine.unfamiliar and not self.protect:  # adapted to such an engine
            self.unfamiliar = self.decoder.fallback = self.decoder.own_words = True
            self.inner = self.model.rules.get("inner_marks", {}).get("chars", "")
            return self._plan(lines)
        plan, runs = self._plan(lines)
        conf = self._unfamiliar_rules()
        cost = self._mean_best_cost(runs)
        if conf is not None and cost > conf["mean_best_cost"]:
            self.unfamiliar = self.decoder.fallback = True
            self.decoder.own_words = cost > conf.get("own_words_cost", math.inf)
            self.inner = self.model.rules.get("inner_marks", {}).get("chars", "")
            plan, runs = self._plan(lines)
        return plan, runs

    def _plan(self, lines: list[Line]) -> tuple[list[tuple[Word, list[tuple[str, Slot | None]] | None]],
                                                list[list[Slot]]]:
        plan: list[tuple[Word, list[tuple[str, Slot | None]] | None]] = []
        runs: list[list[Slot]] = [[]]
        self._last_item = ""
        self._last_numeral = 0  # the last section numeral ("II.") in the reading being planned
        spaced_runs: list[tuple[Word, Word]] = []
        self._spaced_runs.pop(id(lines), None)
        self._closing_quotes = _closing_quote_words(lines)
        glued_rest: list[str] | None = None  # a set line's rest, begun at the line before's end
        for index, line in enumerate(lines):
            line_text = line.text
            # Letters and capitals from each offset to the line's end, counted once per line (the
            # test below was a scan of the rest of the line for every word).
            letters_from = [0] * (len(line_text) + 1)
            upper_from = [0] * (len(line_text) + 1)
            for i in range(len(line_text) - 1, -1, -1):
                ch = line_text[i]
                alpha = ch.isalpha()
                letters_from[i] = letters_from[i + 1] + alpha
                upper_from[i] = upper_from[i + 1] + (alpha and ch.isupper())
            absorbed = 0  # words still to come that the word before them took in
            rest_line_upper = _in_capitals(line_text)
            ends = [end for _, end in line.word_offsets(restored=False)]
            entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]] = []
            for n, word in enumerate(line.words):
                if absorbed:  # the second half of a syllable the engine printed as two words
                    entries.append((word, None))
                    absorbed -= 1
                    continue
                # The rest of the line after this word (after the words it takes in, below, as the
                # first of them: near enough).
                start = min(ends[n], len(line_text))
                letters, upper = letters_from[start], upper_from[start]
                rest_upper = bool(letters) and upper >= 0.7 * letters
                target = word
                spaced = _letter_spaced(line.words, n, self.model.rules.get("letter_spaced") or {})
                spelt = [self._spelt_syllables(group) for group in spaced]
                if spaced and all(spelt):
                    # A heading printed with its letters spaced out ("K Ế H O Ạ C H"): its words,
                    # cut into the syllables they spell, restored as one word (its form is moved
                    # to the last letter's word after, which has the space that follows them).
                    count = sum(map(len, spaced))
                    target = Word(text=" ".join(spelt), space_after=line.words[n + count - 1].space_after)
                    absorbed = count - 1
                    spaced_runs.append((word, line.words[n + count - 1]))
                elif n + 1 < len(line.words) and (
                        self._joins(word, nxt := line.words[n + 1]) or self._split_number(word, nxt)
                        or self._split_ampersand(word, nxt)
                        or self._split_date_number(entries[-1] if entries else None, word, nxt)):
                    target = Word(text=word.text + nxt.text, space_after=nxt.space_after)
                    absorbed = 1
                # A line opening with a short number and going on in small letters continues the
                # sentence above ("6 nước ngoài" for "ở nước ngoài"): the number is no list item.
                # So does a word after a page break inside the line ("... 2023.\fIl. KHEN THƯỞNG", a
                # reading of several pages as one) or after specks alone ("_ : Il. NỘI DUNG"), not
                # after a list's dash.
                opens = n == 0 or "\f" in line.words[n - 1].space_after or all(
                    w.text and not any(ch.isalnum() for ch in w.text) and w.text[0] not in _LIST_DASHES
                    for w in line.words[:n])
                opening = opens and not (target.text.isdigit() and n + 1 < len(line.words)
                                         and line.words[n + 1].text[:1].islower())
                beside = [line.words[i].text.strip(_WORD_EDGE) for i in (n - 1, n + 1 + absorbed)
                          if 0 <= i < len(line.words)]
                pieces = self.word_slots(target, opening, rest_upper,
                                         self._numeral_cue(entries[-1] if entries else None),
                                         among_capitals=any(
                                             len(t) > 1 and t.isupper()
                                             and base_key(t.lower()) in self.model.lexicon.by_base
                                             for t in beside))
                if n and (unit := self._unit_after_number(target.text, line.words[n - 1].text)):
                    pieces = unit
                _case_number_words(pieces, line.words, n)
                if rest_upper:
                    _case_one_capital_words(pieces, line.words, n)
                entries.append((word, pieces))
            if glued_rest is not None:
                self._fix_words(entries, glued_rest, set_line=True)
            glued_rest = self._glued_set_line(entries, lines[index + 1] if index + 1 < len(lines) else None)
            self._set_line(entries)
            self._date_numbers(entries)
            self._article_numbers(entries)
            self._point_letters(entries)
            plan.extend(entries)
            self._unit_names(entries)
            self._campaign_phrases(entries)
            self._item_label(entries)
            self._department_before_ampersand(entries)
            self._party_committees(entries)
            if not rest_line_upper:
                self._case_evidence(entries)
            # A line mostly in small letters: a word alone in capitals there may be misread small
            # letters; two or more in a row are capitals meant ("THỰC HIỆN" stressed).
            if letters_from[0] and not rest_line_upper:
                caps = [case_pattern(w.text) == "upper" for w, _ in entries]
                for n, (_, pieces) in enumerate(entries):
                    if not caps[n] or (n > 0 and caps[n - 1]) or (n + 1 < len(caps) and caps[n + 1]):
                        continue
                    for _, slot in pieces or []:
                        if slot is not None and not slot.fixed:
                            slot.capitals_in_text = True
            rank = self._rank(entries) or self._degree(entries)
            name = self._name_line(entries[rank:])
            if name:
                # A name is decoded alone (Decoder.decode_name): its own run; a rank before it
                # ("Thượng tá Sùng A Chứ") is words.
                for _, pieces in entries[:rank]:
                    runs[-1].extend(slot for _, slot in pieces or [] if slot is not None)
                if runs[-1]:
                    runs.append([])
                runs[-1].extend(name)
                runs.append([])
                continue
            specks = self.model.rules.get("speck_marks", "")
            flat = [(text, slot) for _, pieces in entries for text, slot in pieces or []]
            at = 0
            columns = not self.protect and not rest_line_upper
            for n, (word, pieces) in enumerate(entries):
                # A stop or a comma standing alone between two words ("CHU ; TICH") is a speck: a
                # page prints its punctuation against the word before it. It breaks no clause.
                speck = (0 < n < len(entries) - 1 and word.text and all(ch in specks for ch in word.text))
                if columns and runs[-1] and _column_turn(entries, n):
                    # A line of two columns, a header's words in capitals then the motto or the
                    # date in small letters ("SỞ XÂY DỰNG Độc lập - Tự do"): two phrases. Read on,
                    # "dựng độc lập" made the header's "SỞ" "có".
                    runs.append([])
                for text, slot in pieces or []:
                    at += 1
                    if slot is None:
                        # (A Vietnamese engine's stop is read as printed: a mark it misread is a
                        # comma, still a break.)
                        if BREAK_RE.search(text) and runs[-1] and not speck and (
                                self.protect or not _stop_in_clause(text, runs[-1][-1], flat[at:at + 1])):
                            runs.append([])
                    else:
                        runs[-1].append(slot)
            if (not self.protect and rest_line_upper and 2 <= len(line.words) <= self._short_heading
                    and runs[-1] and glued_rest is None and index + 1 < len(lines)
                    and _in_capitals(lines[index + 1].text)):
                # A short line in capitals over another in capitals is a header's line ("UBND
                # TỈNH NINH THUẬN" over "SỞ XÂY DỰNG"): the next opens a phrase of its own, and read
                # on from it the language model made "THUẬN SỐ XÂY DỰNG". Not a word alone, nor a
                # line that a set line ("CỘNG HÒA XÃ HỘI...") was printed run into. Not for a
                # Vietnamese engine's reading, whose words carry their marks (its header lines
                # read worse so: a word split from the next line's, "THƯỞNGCỘNG").
                runs.append([])
            elif (not self.protect and not rest_line_upper and runs[-1]
                  and sum(any(ch.islower() for ch in w.text) for w in line.words) >= 3
                  and (below := next((nxt for nxt in lines[index + 1:] if nxt.words), None)) is not None
                  and sum(w.text.strip(_WORD_EDGE).isalpha() and w.text.isupper() for w in below.words) >= 2
                  and _in_capitals(below.text)):
                # A line of words in small letters over one in capitals: the capitals are a heading
                # or a signature's title, not the sentence going on ("... năm 2023" over "TRƯỞNG
                # CÔNG AN HUYỆN": read on, the title's words made "năm" doubtful). Not a short line
                # ("Chương I"), nor over a line of codes ("Số: 15/TB-UBND"): read on, each helps.
                runs.append([])
        if spaced_runs:
            self._spaced_runs[id(lines)] = spaced_runs
        return plan, runs

    def _glued_set_line(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]],
                        following: Line | None) -> list[str] | None:
        """A set line whose first word was printed run into this line's last word, its rest opening
        the `following` line (SetLines.glued_head): the last word becomes its own letters before it
        (restored as any word) and the set line's first word; returns the rest's words for the
        following line."""
        if (self.set_lines is None or self.protect or following is None or not entries
                or not following.words or entries[-1][1] is None):
            return None
        word = entries[-1][0]
        slots = [slot for _, slot in entries[-1][1] if slot is not None]
        merged = self.model.rules.get("merged_words") or {}
        if len(slots) == 1 and not slots[0].fixed and min(
                (c.cost for c in slots[0].cands), default=math.inf) < merged.get("min_cost", math.inf):
            return None  # a word printed as one syllable well enough ("THUONG"): not two words
        found = self.set_lines.glued_head(word.text, [w.text for w in following.words])
        if found is None:
            return None
        cut, head, rest = found
        before = word.text[:cut]
        if not any(ch.isalpha() for ch in before):
            return None  # the word is the first word alone: the language model reads it
        pieces = self.word_slots(Word(text=before, space_after=""), len(entries) == 1, before.isupper())
        lm = self.model.lm
        fixed = Slot(head, [Cand(head, lm.id(head.lower()), 0.0, cased=False)], fixed=True)
        entries[-1] = (word, [*pieces, (" ", None), (word.text[cut:], fixed)])
        return rest

    def _fix_words(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]], parts: list[str],
                   *, set_line: bool) -> None:
        """The first printed words of a line as the given parts (a part "" joins its word to the
        one before)."""
        lm = self.model.lm
        for k, part in enumerate(parts[:len(entries)]):
            word = entries[k][0]
            cands = [Cand(part, lm.id(part.lower()), 0.0, cased=False)]
            entries[k] = (word, [(part, Slot(part, cands, fixed=True, set_line=set_line))])

    def _set_line(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """The national name or the motto (pipeline.restore.set_lines): its words as fixed slots,
        which the language model sees as context."""
        if self.set_lines is None or not entries:
            return
        found = self.set_lines.match([w.text for w, _ in entries])
        if found is None:
            return
        start, parts = found
        lm = self.model.lm
        for k, part in enumerate(parts):
            word = entries[start + k][0]
            slot = Slot(part, [Cand(part, lm.id(part.lower()), 0.0, cased=False)], fixed=True, set_line=True)
            entries[start + k] = (word, [(part, slot)])

    def _point_letters(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """A lone small letter after the word for a list's point ("tại điểm g khoản 2") is that
        point's letter (rules.json point_letters); a "d" there is a d or an đ, never certain."""
        rules = self.model.rules.get("point_letters")
        if not rules or self.protect:
            return
        lm = self.model.lm
        for n in range(1, len(entries)):
            slot = _core_slot(entries[n][1])
            before = entries[n - 1][0].text.strip(",;:()")
            if (slot is None or len(slot.printed) != 1 or slot.printed not in rules["letters"]
                    or base_key(before.lower()) not in rules["after"]):
                continue
            forms = rules["open"].get(slot.printed, [slot.printed])
            slot.cands = [Cand(form, lm.id(form), 0.0 if form == slot.printed else 1.0, cased=False)
                          for form in forms]
            slot.split = None
            if len(forms) > 1:
                slot.sure = self.model.params.get("mixed_token_cap", 0.9)
            else:
                slot.fixed = True

    def _numeral_cue(self, before: tuple[Word, list[tuple[str, Slot | None]] | None] | None) -> bool:
        """Whether the word after `before` may be a Roman numeral printed with strokes: `before`
        reads (as printed, marks aside, or as one of its best candidates) as a word that numerals
        follow ("khóa XIV", "lần thứ XVII", "Phụ lục II", "quý III"; rules.json roman "before")."""
        if before is None:
            return False
        cues = self._roman_cues
        if cues is None:
            listed = self.model.rules["roman"]["before"]
            cues = self._roman_cues = frozenset(base_key(w.lower()) for w in listed)
        return not cues.isdisjoint(_read_as(before, before[0].text.strip(_WORD_EDGE)))

    def _date_numbers(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """A day or a month between its words ("ngày l5 tháng I năm 2019"), printed with letters
        or marks for its digits, is that number (rules.json "date_numbers"): as a slot it was read
        "là", "Vi" or "I", and the words around it with it ("thăng là năm")."""
        rules = self.model.rules.get("date_numbers")
        if not rules or len(entries) < 3:
            return
        misreads = rules["digit_misreads"]

        def reads(n: int, words: list[str]) -> bool:
            slot = _core_slot(entries[n][1])
            if slot is None:
                return False
            return any(base_key(c.form.lower()) in words for c in slot.cands[:3] if c.cased)

        for n in range(1, len(entries) - 1):
            word, pieces = entries[n]
            core = word.text.rstrip(",.;:")
            if not 1 <= len(core) <= 2 or not all(ch.isdigit() or ch in misreads for ch in core):
                continue
            if core.isdigit() or not reads(n - 1, rules["before"]) or not reads(n + 1, rules["after"]):
                continue
            number = "".join(misreads.get(ch, ch) for ch in core)
            if not 1 <= int(number) <= 31:
                continue
            rest = word.text[len(core):]
            entries[n] = (word, [(core, self._fixed(number, NUM))] + ([(rest, None)] if rest else []))

    def _article_numbers(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """An article's or a clause's number printed with strokes for its digits ("Điều I.", "khoản l
        Điều 9") is that number (rules.json "article_numbers"): it was kept as a Roman numeral, or
        read as a word ("Điều lệ")."""
        rules = self.model.rules.get("article_numbers")
        if not rules:
            return
        misreads = self.model.rules["date_numbers"]["digit_misreads"]
        for n in range(1, len(entries)):
            word, pieces = entries[n]
            core = word.text.rstrip(",.;:")
            if (not 1 <= len(core) <= 3 or core.isdigit() or word.text[len(core):] not in ("", ".", ",", ":")
                    or not all(ch.isdigit() or ch in misreads for ch in core)):
                continue
            before = entries[n - 1]
            if not _read_as(before, before[0].text.rstrip(",.;:")).intersection(rules["after"]):
                continue
            number = "".join(misreads.get(ch, ch) for ch in core)
            if number.startswith("0"):
                continue
            fixed = self._fixed(number, NUM)
            fixed.sure = self.model.params.get("mixed_token_cap", 0.9)
            rest = word.text[len(core):]
            entries[n] = (word, [(core, fixed)] + ([(rest, None)] if rest else []))

    def _unit_names(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """Words where the page says a unit's name stands, that spell one marks aside, get its
        syllables as candidates (pipeline.restore.places): after a unit's kind ("xã Nam Da", only units
        of that kind), before ", ngày" (the place-and-date line), and capitalised words anywhere that
        spell a province's name."""
        rules = self.model.rules.get("unit_names")
        if rules is None:
            return
        cores = [w.text.strip(",.;:()") for w, _ in entries]
        keys = [base_key(c.lower()) for c in cores]
        kinds = self._unit_kinds
        if kinds is None:
            kinds = self._unit_kinds = [k.split() for k in rules["kinds"]]
        firsts = {kind[0] for kind in kinds}
        # A department named by an ampersand abbreviation is followed by its province's name
        # ("SỞ GD&ĐT VĨNH PHÚC").
        named = [self._names_department(pieces) for _, pieces in entries]
        # Two capitalised words or more anywhere may be a province's name ("Báo Tra Vinh"): there are
        # few, and capitalised words spelling one are that one whatever the sentence says.
        capitalised = [len(c) > 1 and c[:1].isupper() and c.isalpha() for c in cores]
        pairs = rules.get("provinces_anywhere", False) and any(
            a and b for a, b in zip(capitalised, capitalised[1:], strict=False))
        if not firsts.intersection(keys) and rules["date_cue"] not in keys and not any(named) and not pairs:
            return
        most = rules["max_words"]
        kind_of = rules.get("kind_of", {})
        # Each window of words where a name may stand, with the kind of unit announced (base letters;
        # None: any unit).
        windows: list[tuple[list[int], str | None]] = []
        for n in range(len(entries)):
            if named[n]:
                windows.extend((list(range(n + 1, n + 1 + size)), None) for size in range(most, 0, -1))
            for kind in kinds:
                if keys[n:n + len(kind)] == kind:
                    start = n + len(kind)
                    printed_kind = " ".join(kind)
                    unit_kind = kind_of.get(printed_kind, printed_kind)
                    windows.extend((list(range(start, start + size)), unit_kind)
                                   for size in range(most, 0, -1))
                    break
            if entries[n][0].text.endswith(",") and n + 1 < len(keys) and keys[n + 1] == rules["date_cue"]:
                windows.extend((list(range(n - size + 1, n + 1)), None)
                               for size in range(min(most, n + 1), 0, -1))
            if pairs and capitalised[n] and n + 1 < len(entries) and capitalised[n + 1]:
                windows.extend((list(range(n, n + size)), "@provinces") for size in (3, 2))
        done: set[int] = set()
        for window, unit_kind in windows:
            if window[-1] >= len(entries) or done & set(window):
                continue
            slots = [_core_slot(entries[i][1]) for i in window]
            words = [cores[i] for i in window]
            if any(s is None for s in slots) or not all(w[:1].isupper() for w in words):
                continue
            names = unit_name_at(words, unit_kind)
            if not names:
                continue
            # Two words or more spelling a whole unit's name where one is announced are that name:
            # a bonus per syllable too small left "Phần Dũng", "Năm Đà" (the language model knows
            # "phần", "năm" and no unit's name); one word alone may be a word that looks like one.
            bonus = self.model.params.get("unit_name_bonus" if len(window) == 1 else "unit_phrase_bonus", 1.0)
            for place, slot in enumerate(slots):
                assert slot is not None
                self._offer(slot, {name[place] for name in names}, bonus)
            done.update(window)

    def _campaign_phrases(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """Consecutive words whose candidates spell min_words or more syllables of a nationwide
        movement's name or slogan in a row (rules.json campaign_phrases: "Nông dân sản xuất, kinh
        doanh giỏi", "Tuổi cao - Gương sáng") are offered those syllables with a bonus: the corpus
        lacks most of them, and the language model reads "kinh doanh giới". Words of no letters
        ("-", "“") are skipped; the longest phrase from each word is taken."""
        index = self._phrase_index()
        if not index:
            return
        conf = self.model.rules["campaign_phrases"]
        seq = [_core_slot(pieces) for word, pieces in entries if any(ch.isalpha() for ch in word.text)]
        # Only candidates the letters explain nearly as well as the best: with every candidate, a
        # common run ("học tập và") was found in any three words ("Hợp tác với").
        near = float(conf.get("near", 4.0))
        forms = [_near_forms(slot, near) for slot in seq]
        bonus = float(conf.get("bonus", 3.0))
        i = 0
        while i < len(seq):
            found: tuple[str, ...] = ()
            for key in {base_key(form) for form in forms[i]}:
                for span in index.get(key, ()):
                    if len(span) > len(found) and i + len(span) <= len(seq) and all(
                            span[j] in forms[i + j] for j in range(len(span))):
                        found = span
            if not found:
                i += 1
                continue
            for j, syllable in enumerate(found):
                slot = seq[i + j]
                assert slot is not None
                self._offer(slot, {syllable}, bonus)
            i += len(found)

    def _item_label(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """The words that open an item and end with a colon ("1. Cha dé: “Tuổi trẻ...”") whose
        candidates spell one of the labels plans give their items (rules.json item_labels: Chủ đề,
        Thời gian, Hình thức...) are offered that label with a bonus: a colon ends the language
        model's run, and alone before it "Cha đẻ" (a father, the corpus's encyclopaedia) beat "Chủ
        đề". After an item's number or letter, a dash, or nothing."""
        conf = self.model.rules.get("item_labels")
        if not conf or self.protect:
            return
        words = [(word, pieces) for word, pieces in entries if pieces is not None]
        start = 0
        while start < len(words) and _ITEM_MARK.match(words[start][0].text):
            start += 1
        end = next((k for k in range(start, min(start + 3, len(words)))
                    if words[k][0].text.endswith(":")), None)
        if end is None or start > 1:
            return
        span = words[start:end + 1]
        slots = [_core_slot(pieces) for _, pieces in span]
        if any(slot is None for slot in slots):
            return
        near = float(conf.get("near", 5.0))
        forms = [_near_forms(slot, near) for slot in slots]
        for label in self._labels():
            if len(label) == len(slots) and all(syl in f for syl, f in zip(label, forms, strict=True)):
                for slot, syllable in zip(slots, label, strict=True):
                    assert slot is not None
                    self._offer(slot, {syllable}, float(conf.get("bonus", 4.0)))
                return

    def _labels(self) -> list[tuple[str, ...]]:
        memo = self.model.memo
        if "item_labels" not in memo:
            listed = (self.model.rules.get("item_labels") or {}).get("labels", ())
            memo["item_labels"] = [tuple(tone_style(nfc(w)).lower() for w in label.split())
                                   for label in listed]
        return memo["item_labels"]

    def _phrase_index(self) -> dict[str, list[tuple[str, ...]]]:
        """rules.json campaign_phrases, whole (min_words syllables or more) and as their runs of
        min_part_words or more, by the base letters of each run's first syllable; built once per
        model."""
        memo = self.model.memo
        if "campaign_phrases" not in memo:
            conf = self.model.rules.get("campaign_phrases") or {}
            least, part = int(conf.get("min_words", 3)), int(conf.get("min_part_words", 4))
            index: dict[str, set[tuple[str, ...]]] = {}
            for phrase in conf.get("phrases", ()):
                words = [tone_style(nfc(w)).lower() for w in re.findall(r"[^\W\d_]+", phrase)]
                if len(words) >= least:
                    index.setdefault(base_key(words[0]), set()).add(tuple(words))
                for a in range(len(words)):
                    for b in range(a + part, len(words) + 1):
                        index.setdefault(base_key(words[a]), set()).add(tuple(words[a:b]))
            memo["campaign_phrases"] = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}
        return memo["campaign_phrases"]

    def _names_department(self, pieces: list[tuple[str, Slot | None]] | None) -> bool:
        """Whether a planned word is a department's ampersand abbreviation ("GD&ĐT", read by word_slots
        as one fixed form of rules.json ampersand_abbreviations)."""
        forms = set(self._ampersand_forms().values())
        return any(slot is not None and slot.fixed and slot.cands[0].form in forms
                   for _, slot in pieces or [])

    def _party_committees(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """A unit's Party committee, its kind and "ủy" printed without marks ("Thi uy", "Huyen uy"): the
        two words are offered as the committee (rules.json party_committees), `bonus` nats ahead: the
        language model knows "thị ủy" too seldom, and made "Ban Thường vụ Thi uy" "Thủ quỹ"."""
        conf = self.model.rules.get("party_committees") or {}
        kinds = {base_key(k): k for k in conf.get("kinds", [])}
        word = conf.get("word", "")
        if not kinds or not word:
            return
        keys = [base_key(w.text.lower().strip(_WORD_EDGE)) for w, _ in entries]
        for n in range(len(entries) - 1):
            if keys[n] not in kinds:
                continue
            first, second = _core_slot(entries[n][1]), _core_slot(entries[n + 1][1])
            if first is None or second is None:
                continue
            # "ủy" printed "uy", or with its hook read as letters ("tly", "tty", "iy"): any word
            # after a capitalised unit's kind whose candidates hold it. A committee's name is
            # capitalised; in small letters only "uy" itself is taken ("quan ly" is quản lý, whose
            # "ly" may be "ủy" too).
            if keys[n + 1] != base_key(word) and (
                    word not in {c.form for c in second.cands} or not entries[n][0].text[:1].isupper()):
                continue
            self._offer(first, {kinds[keys[n]]}, conf.get("bonus", 3.0))
            self._offer(second, {word}, conf.get("bonus", 3.0))

    def _department_before_ampersand(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]
                                     ) -> None:
        """A department is named by such an abbreviation ("Sở GD&ĐT", "SO TN&MT"): the word before
        one, when it may be "sở", is offered it (rules.json ampersand_abbreviations "before"); the
        language model knows the abbreviation only by its parts, and made "Số GD&ĐT"."""
        conf = self.model.rules.get("ampersand_abbreviations", {})
        before = set(conf.get("before", []))
        if not before:
            return
        departments = {base_key(form.lower()) for form in conf.get("departments", [])}
        for n in range(1, len(entries)):
            printed = entries[n][0].text.strip(_WORD_EDGE)
            if not self._names_department(entries[n][1]) and not (
                    printed.isupper() and base_key(printed.lower()) in departments):
                continue
            slot = _core_slot(entries[n - 1][1])
            if slot is None or slot.fixed:
                continue
            offered = before & {c.form for c in slot.cands if c.cased}
            if offered:
                self._offer(slot, offered, conf.get("bonus", 3.0))

    def _case_evidence(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> None:
        """Inside a sentence of small letters, a word printed capitalised is mostly a name or a
        body's word ("Lâm trường", "Nam", "Phan"), one printed in small letters mostly not: each
        candidate pays how seldom the corpus writes it so there (Lexicon.case: its capitalised and
        small-letter counts inside sentences)."""
        table = self.model.lexicon.case
        weight = self.model.params.get("case_weight", 0.0)
        if not table or not weight:
            return
        prior = self.model.params.get("case_prior", 2.0)
        base = self.model.lexicon.case_base
        rules = self.model.rules["case_model"]
        ends, marks = tuple(rules["sentence_ends"]), set(rules["item_marks"])
        previous = entries[0][0].text if entries else ""
        for word, pieces in entries[1:]:
            before, previous = previous, word.text
            # After a sentence's end or a list item's mark ("a)", "-") a capital opens a sentence.
            if before.endswith(ends) or before in marks:
                continue
            slot = _core_slot(pieces)
            if slot is None or not slot.printed.isalpha():
                continue
            printed = slot.printed
            if printed[:1].isupper() and (len(printed) == 1 or printed[1:].islower()):
                side = 0
            elif printed.islower():
                side = 1
            else:
                continue
            cands = []
            for c in slot.cands:
                counts = table.get(c.form) if c.cased else None
                if counts is not None:
                    share = (counts[side] + prior * base[side]) / (counts[0] + counts[1] + prior)
                    c = Cand(c.form, c.lm_id, c.cost - weight * math.log(share), c.cased, c.fallback)
                cands.append(c)
            slot.cands = cands

    def _offer(self, slot: Slot, forms: set[str], bonus: float) -> None:
        """Make `forms` candidates of `slot` as cheap as its best one, less `bonus`."""
        best = min(c.cost for c in slot.cands)
        cands = [Cand(c.form, c.lm_id, min(c.cost, best) - bonus, c.cased, c.fallback)
                 if c.cased and c.form.lower() in forms else c for c in slot.cands]
        have = {c.form.lower() for c in cands if c.cased}
        cands += [Cand(f, self.model.lm.id(f), best - bonus) for f in sorted(forms - have)]
        slot.cands = cands  # a new list: the decoder's cached lists are shared

    def _rank(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> int:
        """How many words at the line's start are a military or police rank ("Đại tá", "Thượng
        úy", printed "Dai ta"): 2 or 0."""
        ranks = (self.model.rules.get("person_names") or {}).get("rank_words")
        if not ranks or len(entries) < 3:
            return 0
        first, second = (base_key(w.text.lower()) for w, _ in entries[:2])
        if first not in ranks[0] or second not in ranks[1]:
            return 0
        for (_, pieces), word in zip(entries[:2], (ranks[0][first], ranks[1][second]), strict=True):
            slot = _core_slot(pieces)
            if slot is not None:
                self._offer(slot, {word}, self.model.params.get("rank_bonus", 6.0))
        return 2

    def _degree(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> int:
        """1 when the line's first word is an academic or professional degree before a name
        ("PGS.TS. Nguyễn Đình Hiền", "BSCKII. Đoàn Văn Thạnh": rules.json person_names.degrees),
        else 0. The degree is an abbreviation, kept as printed; the name after it is a name."""
        degrees = (self.model.rules.get("person_names") or {}).get("degrees")
        if not degrees or len(entries) < 3:
            return 0
        strokes = self.model.rules["person_names"].get("degree_numeral_strokes", "")
        printed = entries[0][0].text
        parts = [p for p in printed.split(".") if p]
        if not parts or not all(numeral_strokes_read(p, strokes).upper() in degrees for p in parts):
            return 0
        if len(printed) <= 2 and not printed.isupper():
            # Two letters in small letters with no stop are a word whose vowel the engine lost
            # ("Cn cứ" for "Căn cứ"), not a degree ("CN.", "TS").
            return 0
        for _, slot in entries[0][1] or []:
            if slot is not None and not slot.fixed:  # "ThS" is no syllable to restore ("Thờ")
                slot.cands = [Cand(slot.printed, self.model.lm.id(slot.printed.lower()), 0.0, cased=False)]
                slot.fixed = True
        return 1

    def _name_line(self, entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]]) -> list[Slot]:
        """The slots of a line that is a person's name alone ("Nguyễn Thị Hồng Vân", "Dang Van Hoa"
        under a signature), each marked with its place in the name; [] for any other line. Such a
        line is two to four words, each one word piece with a capital first letter and no other
        capital (a line in capitals is a heading, not a name)."""
        rules = self.model.rules.get("person_names")
        if rules is None or (self.model.names is None and not self.protect):
            return []
        # Specks after the name ("Trần Minh Phụng .", "Lê Anh Dương |": the seal's or the
        # signature's ink read as marks) are no part of it.
        while entries and not any(ch.isalnum() for ch in entries[-1][0].text):
            entries = entries[:-1]
        while entries and not any(ch.isalnum() for ch in entries[0][0].text):  # "_ Duong Thi Thu Trang"
            entries = entries[1:]
        if not rules["min_words"] <= len(entries) <= rules["max_words"]:
            return []
        slots: list[Slot] = []
        for word, pieces in entries:
            if pieces is None or len(pieces) != 1 or pieces[0][1] is None or pieces[0][1].fixed:
                return []
            text = word.text
            if not (text[0].isalpha() and text[0].isupper()) or any(ch.isupper() for ch in text[1:]):
                return []
            slots.append(pieces[0][1])
        # A one-letter word is a name's only where the name model knows it there: the Central
        # Highlands' men's "A" and "Y" before a one-word name ("A Vương", "Y Thông"), the H'Mông
        # middle "A"; else the line is a list's letter and a word.
        first = slots[0].printed.lower()
        one_letter_surname = len(first) == 1 and self._known_name(first, "surname")
        if sum(len(s.printed) > 1 for s in slots) + one_letter_surname < 2:
            return []
        if self.protect:
            # An engine that knows Vietnamese reads names well, the rare ones too ("Y Ngông Niê
            # Kđăm", "Lò Văn Păn", "Điểu"), which the name model would make common ones and the
            # language model common words: a name it read confidently is kept (do no harm).
            confident = self.model.params.get("vie_confident", 0.8)
            if any(w.ocr_conf is not None and w.ocr_conf < confident for w, _ in entries):
                return []
            lex = self.model.lexicon
            for i, slot in enumerate(slots):
                lower = slot.printed.lower()
                surname = self._surname_for(lower) if i == 0 else None
                if surname is not None:
                    # Surnames are a closed class: a first word that is none, with the letters of
                    # one, is that surname with a tone misread ("Định" for "Đinh", "Vị" for "Vi").
                    self._keep_name(slot, surname)
                    continue
                # A word whose letters with other marks are a syllable, and whose own marks no
                # syllable has ("Xưân": ư and â together), is a misread syllable, not a rare name
                # ("Sính", "Kđăm"): weighed as any word.
                known = lower in lex.syllables or base_key(lower) not in lex.by_base
                if known or not _two_shaped_vowels(lower):
                    self._keep_name(slot)
            return slots
        for i, slot in enumerate(slots):
            slot.name_part = "surname" if i == 0 else "given" if i == len(slots) - 1 else "middle"
        self._offer_surnames(slots[0])
        for slot in slots[1:]:
            self._offer_printed_name(slot)
            self._offer_foreign_name(slot)
        self._price_name_letters(slots)
        for slot in slots:
            if slot.name_part != "given" and len(slot.printed) == 1 and self._known_name(
                    slot.printed.lower(), slot.name_part or ""):
                # A one-letter surname or middle name ("A Vương", "Giàng A Pao") is no syllable
                # garbled to one letter.
                self._keep_name(slot)
        return slots

    def _offer_foreign_name(self, slot: Slot) -> None:
        """The printed word itself as a middle or given name, where its letters spell no syllable
        and no candidate explains them within `min_channel_cost` nats (rules.json
        person_names.foreign_names): an engine without Vietnamese reads a minority's name
        ("Kdăm", "Byă", "Yul") letter for letter, and a common name with other letters ("Đàm",
        "Ba", "Vũ") is no reading of it. A garbled syllable ("Sudn" for "Suôn") is explained
        cheaply and offered nothing."""
        names = self.model.names
        conf = self.model.rules["person_names"].get("foreign_names")
        if (names is None or not conf or not slot.cands or self.unfamiliar
                or slot.name_part not in names.open_places):
            return
        lower = slot.printed.lower()
        # Marks printed ("Thuséng") are a Vietnamese syllable's, garbled.
        if not (lower.isascii() and names.is_foreign(lower, slot.name_part or "")):
            return
        others = [c for c in slot.cands if c.form.lower() != lower]
        if not others or min(c.cost for c in others) < conf["min_channel_cost"]:
            return
        # The printed word may be there already as a fallback, priced as a word no model knows.
        slot.cands = [*others, Cand(lower, self.model.lm.id(lower), 0.0)]

    def _offer_printed_name(self, slot: Slot) -> None:
        """The printed letters with each choice of marks that makes a syllable, priced by the
        channel, as a middle or given name's candidates (rules.json person_names.open_places): a
        rare name ("Páo", "Thoan") is no word the language model or the lexicon offers, and the
        name model gives it the share of names it never saw. Only forms the letters explain within
        the lattice margin of the best candidate."""
        names = self.model.names
        if names is None or slot.name_part not in names.open_places or not slot.cands or self.unfamiliar:
            return
        lower = slot.printed.lower()
        letters = base_key(lower)
        if not letters.isalpha() or len(letters) > 7:
            return
        channel = self.decoder.engine.channel
        bound = min(c.cost for c in slot.cands) + self.model.params["lattice_margin"]
        unk = self.model.params["unk_penalty"]
        priced: dict[str, float] = {}
        for form in spellings(letters):
            cost = channel.cost(form, lower, bound)
            if cost < bound:
                priced[form] = cost + (unk if self.model.lm.id(form) == 0 else 0.0)
        if not priced:
            return
        # A form there already keeps the lower price: the printed word itself may be there as a
        # fallback, priced as a word no model knows.
        cands = [Cand(c.form, c.lm_id, min(c.cost, priced.pop(c.form.lower(), c.cost)), c.cased, c.fallback)
                 for c in slot.cands]
        slot.cands = cands + [Cand(f, self.model.lm.id(f), cost) for f, cost in priced.items()]

    def _price_name_letters(self, slots: list[Slot]) -> None:
        """A name's word printed with a syllable's letters ("Chung", "Thi", "Tinh") keeps them: an
        engine without Vietnamese drops and misreads marks, and a marked vowel may come out as
        another vowel, but it does not add letters or mistake one consonant for another (but Đ,
        read as D or P). A name has no sentence to tell "Chung" from "Chương", and the name model
        prefers the common name: a reading that changes the letters so costs `penalty` nats more
        (rules.json person_names.letters_kept). Not for an engine the channel does not know."""
        conf = self.model.rules["person_names"].get("letters_kept")
        if not conf or self.unfamiliar:
            return
        lex = self.model.lexicon
        for slot in slots:
            printed = base_key(slot.printed.lower())
            if not printed.isalpha() or printed not in lex.by_base:
                continue
            slot.cands = [c if _letters_kept(printed, base_key(c.form.lower()), conf) else
                          Cand(c.form, c.lm_id, c.cost + conf["penalty"], c.cased, c.fallback)
                          for c in slot.cands]

    def _offer_surnames(self, slot: Slot) -> None:
        """The listed surnames (rules.json person_names.surnames) the printed first word of a name
        may be, priced by the channel: a surname the candidates missed ("BO" for "Đỗ": Đ read as B,
        ỗ as O, behind "bộ", "báo", "bổ" on the letters alone) can still be chosen by the name model.
        Only surnames the letters explain better than every listed one already there: "Tong" has
        Tòng and Tống, and "Trương" (common, a nat and a half behind on the letters) would crowd them."""
        names = self.model.names
        if names is None or not names.surnames or not slot.cands:
            return
        lower = slot.printed.lower()
        channel = self.decoder.engine.channel
        have = {c.form.lower() for c in slot.cands}
        listed = [channel.cost(form, lower) for form in have & names.surnames]
        bound = min(listed, default=min(c.cost for c in slot.cands) + self.model.params["lattice_margin"])
        unk = self.model.params["unk_penalty"]
        offered = []
        for surname in sorted(names.surnames - have):
            cost = channel.cost(surname, lower, bound)
            if cost < bound:
                lm_id = self.model.lm.id(surname)
                offered.append(Cand(surname, lm_id, cost + (unk if lm_id == 0 else 0.0)))
        if offered:  # a new list: the decoder's cache holds the old one
            slot.cands = slot.cands + offered

    def _known_name(self, lower: str, place: str) -> bool:
        """Whether the name model has seen `lower` at `place` in a name `known_name_min_count` times."""
        names = self.model.names
        least = self.model.rules["person_names"].get("known_name_min_count", 2)
        return names is not None and names.counts.get(place, {}).get(lower, 0) >= least

    def _surname_for(self, lower: str) -> str | None:
        """The surname a word that is no surname was printed for: a known surname with the same
        letters and another tone (the most frequent); None for a word that is a surname, or like
        none."""
        names = self.model.names
        if names is None:
            return None
        counts = names.counts.get("surname", {})
        if counts.get(lower, 0):
            return None
        key = base_key(lower)
        found = [(n, w) for w, n in counts.items() if base_key(w) == key and self._known_name(w, "surname")]
        return max(found)[1] if found else None

    def _keep_name(self, slot: Slot, form: str | None = None) -> None:
        """The word of a name as the Vietnamese engine printed it (or `form`, a surname it misread),
        every other form a margin behind (vie_name_line_margin, 8 nats): in practice kept; the
        confidence (0.9 x OCR's) says it is not certain."""
        lower = form or slot.printed.lower()
        same = [c for c in slot.cands if c.form.lower() == lower]
        keep = same[0] if same else Cand(
            apply_case(lower, case_pattern(slot.printed)) if form else slot.printed,
            self.model.lm.id(lower), 0.0, cased=False)
        margin = self.model.params.get("vie_name_line_margin", 8.0)
        # A surname the language model may not know ("Điểu") against the common word the engine
        # printed ("Điều"): no margin would hold, and the closed class already decided.
        slot.cands = [keep] if form else [keep] + [
            Cand(c.form, c.lm_id, c.cost + margin, c.cased, c.fallback)
            for c in slot.cands if c.form.lower() != lower]
        slot.kept_name = True
        slot.kept_form = lower

    def restore_lines(self, lines: list[Line], keep_raw: bool = False,
                      partner: tuple[ReadingRestorer, list[Line]] | None = None,
                      planned: Plan | None = None, partner_planned: Plan | None = None) -> None:
        """Restore words in place. keep_raw: also keep each word's uncalibrated posterior (as
        `_raw`, for fitting the calibration). partner: another reading of the same page and its
        restorer, whose words are further evidence for the words they align with. planned,
        partner_planned: `plan` of these lines and of the partner's, when made already (the
        partner's plan is only read here, so its own restoration can use it after)."""
        plan, runs = planned or self.plan(lines)
        if partner is not None:
            other, other_lines = partner
            _, other_runs = partner_planned or other.plan(other_lines)
            add_evidence([s for run in runs for s in run], [s for run in other_runs for s in run],
                         self.decoder, other.decoder)
        for run in runs:
            if run and run[0].name_part is not None:
                self.decoder.decode_name(run)
            elif run and run[0].kept_name:
                self.decoder.decode(run)
            elif any(not s.fixed for s in run):
                self._decode(run)
        edge_marks = self._edge_marks(lines)
        previous: Word | None = None
        for word, pieces in plan:
            if pieces is None:  # restored as part of the word before it
                assert previous is not None
                word.restored = ""
                word.confidence = previous.confidence
                word.alternatives = [Alternative("", float(previous.confidence or 0.0))]
                continue
            previous = word
            if id(word) in edge_marks:
                sure = self.model.rules["edge_marks"]["confidence"]
                word.restored, word.confidence = "", sure
                word.alternatives = [Alternative("", sure), Alternative(word.text, round(1.0 - sure, 4))]
                continue
            if any(slot is not None and slot.split_taken for _, slot in pieces):
                pieces[:] = [piece for text, slot in pieces for piece in _split_pieces(text, slot)]
            raw = self._fill(word, pieces)
            if keep_raw:
                word._raw = raw  # type: ignore[attr-defined]
        for first, last in self._spaced_runs.pop(id(lines), []):
            # In the last letter's word, the restored form keeps the space that follows the run.
            last.restored, last.confidence = first.restored, first.confidence
            last.alternatives = first.alternatives
            first.restored = ""
            first.alternatives = [Alternative("", float(first.confidence or 0.0))]

    def _edge_marks(self, lines: list[Line]) -> set[int]:
        """The words (by id) that are a lone underscore opening or closing a line of words ("_ Ban
        Thường vụ", "MỤC ĐÍCH _"): a list's dash, a speck or an underline that an engine printed
        as "_", which no clean page of these archives prints so (rules.json edge_marks). Not on an
        engine the channel does not know: it prints "_" for words ("lưu"). A run of underscores
        ("Số: ____") is a form's blank, kept."""
        conf = self.model.rules.get("edge_marks")
        if not conf or self.unfamiliar:
            return set()
        found: set[int] = set()
        for line in lines:
            words = [w for w in line.words if w.text]
            if len(words) < 2 or not any(ch.isalpha() for w in words for ch in w.text):
                continue
            for word in (words[0], words[-1]):
                if word.text.count("_") == 1 and all(ch in conf["marks"] for ch in word.text):
                    found.add(id(word))
        return found

    def _decode(self, run: list[Slot]) -> None:
        """Decode a run; a word that may be two syllables printed as one (Slot.split) is read as
        two when the run scores better so, by more than the merged_words penalty: the language
        model, which sees the words around it, decides ("đạt giadi thưởng" is one word, "giải")."""
        score = self.decoder.decode(run)
        penalty = (self.model.rules.get("merged_words") or {}).get("penalty", 0.0)
        for slot in [s for s in run if s.split is not None]:
            # All the syllables the word may be at once ("SOXAYDUNG": SỞ XÂY DỰNG); half a split
            # leaves a piece nothing explains.
            leaves = _leaves(slot)
            at = run.index(slot)
            other = run[:at] + leaves + run[at + 1:]
            split_score = self.decoder.decode(other) - penalty
            if split_score > score:
                _take_split(slot)
                run, score = other, split_score
            else:
                self.decoder.decode(run)  # the slots' choices as they were

    def _known_cap(self, restored: str) -> float:
        memo = self.model.memo.setdefault("known_cap", {})
        cap = memo.get(restored)
        if cap is None:
            if len(memo) > 200_000:
                memo.clear()
            cap = memo[restored] = self._cap_of(restored)
        return cap

    def _cap_of(self, restored: str) -> float:
        """The most confidence a restored word can have from what it is (issue 14, item 4): a
        token outside the syllable set and the abbreviation list is never certain (a name, a
        misread left as printed, a new code: "low"), nor is a Roman numeral or a short number,
        which may be a word an engine printed as letters or digits ("XVII", "6" for "ở")."""
        lex = self.model.lexicon
        params = self.model.params
        cap = 1.0
        symbols = restored.strip(_WORD_EDGE)
        if symbols and all(ch in self.letterish and ch != "|" for ch in symbols):
            # A symbol an engine prints for a letter, standing alone ("©" for "Ở", "&" for "ở").
            return params.get("unknown_token_cap", 0.7)
        stray = self.model.rules["stray_marks"]
        if any(ch in stray for ch in restored) and not any(ch.isalnum() for ch in restored):
            # Marks no clean page prints alone ("-_", "]"): what is left of a word or a numeral.
            return params.get("unknown_token_cap", 0.7)
        for text, is_word in word_pieces(restored, self.letterish):
            if not is_word:
                continue
            if text.isdigit():
                if len(text) <= 2:
                    cap = min(cap, params.get("short_number_cap", 0.98))
            elif any(ch.isdigit() for ch in text):
                cap = min(cap, params.get("mixed_token_cap", 0.9))
            elif self.rules.roman(text, heading=False, plain=True) and (len(text) >= 2 or text.isupper()):
                # A Roman numeral (the abbreviation list has them too): right as a rule, not always.
                cap = min(cap, params.get("roman_cap", 0.98))
            elif text.lower() in lex.syllables or text in lex.abbreviations or text in self.rules.units:
                continue
            elif len(text) == 1:  # a list item's letter ("đ)"), a lone numeral I, V, X
                cap = min(cap, params.get("roman_cap", 0.98))
            else:
                cap = min(cap, params.get("unknown_token_cap", 0.7))
        return cap

    def _fill(self, word: Word, pieces: list[tuple[str, Slot | None]]) -> list[float] | None:
        """Write the restored form, confidence and alternatives; return the confidence features
        of the word's least sure piece (None when nothing in it was doubtful)."""
        calibrate = self.decoder.engine.calibration
        words = self.decoder.engine.words
        texts = [slot.render() if slot else text for text, slot in pieces]
        # An underscore between two words is a header's underline read into the line ("TINH_AN"):
        # no Vietnamese word is joined so.
        for i in range(1, len(pieces) - 1):
            if (pieces[i][1] is None and set(pieces[i][0]) == {"_"}
                    and all(pieces[j][1] is not None and pieces[j][0].isalpha() for j in (i - 1, i + 1))):
                texts[i] = " "
        # Underscores opening or closing a word of letters ("_MUC", "_pham"), or opening an item's
        # number ("_1."): the underline of a header or a form, or a list's dash, read into the
        # word, no part of it.
        for i in (0, len(pieces) - 1):
            neighbour = 1 if i == 0 else len(pieces) - 2
            if (len(pieces) > 1 and pieces[i][1] is None and set(pieces[i][0]) == {"_"}
                    and pieces[neighbour][1] is not None and (
                        pieces[neighbour][0].isalpha() or i == 0 and pieces[neighbour][0].isdigit())):
                texts[i] = ""
        # A quote closing a word an engine without Vietnamese read ("tế’", "thành phố'", "Phó')")
        # is the mark it printed for the last vowel's hat or horn, now restored, unless a quote
        # opened before it in its paragraph is still open (”, misread ’, closes it).
        last = len(pieces) - 1
        if (not self.protect and last >= 1 and id(word) not in self._closing_quotes
                and pieces[last][1] is None and pieces[0][1] is not None
                and pieces[last][0][:1] in self.horn[0] and pieces[last - 1][1] is not None
                and base_key(pieces[last - 1][0][-1:]) in "aeiouy0123456789"):
            texts[last] = pieces[last][0].lstrip(self.horn[0])
        word.restored = sys.intern(nfc("".join(texts)))
        if any(s is not None and s.set_line for _, s in pieces):
            word.confidence = float(self.set_lines.confidence if self.set_lines else 0.0)
            word.alternatives = [Alternative(word.restored, word.confidence)]
            return None
        doubtful = [(i, s) for i, (_, s) in enumerate(pieces) if s is not None and not s.fixed]
        cap = self._known_cap(word.restored)
        if any(s is not None and s.kept_name and s.cands[s.choice].form.lower() == s.kept_form
               for _, s in pieces):
            # A name kept as the engine read it (a surname's tone aside): as sure as the engine
            # was, but never certain (a tone misread on a poor scan is no rarer in a name, and
            # nothing here can check it).
            # The calibration, fitted on restoration's own choices, does not apply to it.
            sure = self.model.params.get("vie_name_cap", 0.9)
            word.confidence = round(sure * (word.ocr_conf if word.ocr_conf is not None else 1.0), 4)
            word.alternatives = [Alternative(word.restored, word.confidence)]
            return None
        cap = min([cap] + [s.sure for _, s in pieces if s is not None])
        kept = not doubtful or any(s is not None and s.fixed for _, s in pieces) or any(
            ch.isdigit() for ch in word.restored)
        if self.unfamiliar and kept:
            # An engine the channel does not know prints letters as digits and symbols ("56" for
            # "số", "I)?" for "lý", "_" for "lưu"): a number, numeral, code or symbol kept as
            # printed may be a word.
            cap = min(cap, self.model.rules["unfamiliar_engine"].get("number_cap", 0.9))
        if not doubtful:
            word.confidence = cap
            word.alternatives = [Alternative(word.restored, cap)]
            return None
        features = [confidence_features(s, words, self.model.lm.log_freq) for _, s in doubtful]
        # A name's word is chosen by the name model, whose posterior the calibration (fitted on the
        # language model's choices, where a small channel margin means doubt) does not describe: its
        # posterior, never above name_word_cap, which keeps names out of the >= 0.95 promise.
        name_cap = self.model.params.get("name_word_cap", 0.9)
        confs = [min(name_cap, s.posterior[s.choice]) if s.name_part is not None and s.posterior
                 else calibrate(f) for f, (_, s) in zip(features, doubtful, strict=True)]
        # A reading only the generic channel proposed is a guess about a confusion the channel has
        # never seen: the calibration, fitted on the trained engines, does not vouch for it.
        fallback_cap = (self.model.rules.get("generic_channel") or {}).get("fallback_cap", 0.9)
        confs = [min(c, fallback_cap) if s.cands[s.choice].fallback else c
                 for c, (_, s) in zip(confs, doubtful, strict=True)]
        if self.unfamiliar:
            # The calibration was fitted on the trained engines' readings; on an engine it does
            # not know only a posterior near certainty is as reliable as its >= 0.95 promises.
            conf = self.model.rules["unfamiliar_engine"]
            sure, low = conf.get("sure_posterior", 0.999), conf.get("number_cap", 0.9)
            # A word printed with digits or marks in it ("11ng", "no’i") was read from glyphs the
            # engine did not recognise as letters: which letters they were is a guess.
            confs = [min(c, low) if s.posterior and s.posterior[s.choice] < sure
                     or not s.printed.isalpha() else c
                     for c, (_, s) in zip(confs, doubtful, strict=True)]
        word.confidence = float(min(min(confs), cap))
        # Alternatives vary the least sure piece of the word.
        i, slot = doubtful[confs.index(min(confs))]
        ranked = sorted(range(len(slot.cands)), key=slot.posterior.__getitem__, reverse=True)
        alts: list[Alternative] = []
        seen: set[str] = set()
        for k in ranked:
            piece = slot.render(k)
            form = nfc(piece if len(texts) == 1 else "".join(texts[:i] + [piece] + texts[i + 1:]))
            if form in seen:
                continue
            seen.add(form)
            alts.append(Alternative(form, round(float(slot.posterior[k]), 4)))
            if len(alts) == 5:
                break
        word.alternatives = alts
        return features[confs.index(min(confs))]


_VOWEL_RUN = re.compile("[aeiouy]+")


def _column_turn(entries: list[tuple[Word, list[tuple[str, Slot | None]] | None]], n: int) -> bool:
    """Whether word n, in small letters or capitalised, follows two words in capitals that spell
    syllables (a vowel each: not "UBND tỉnh", an abbreviation then its unit)."""
    text = entries[n][0].text
    if n < 2 or case_pattern(text) == "upper" or not any(ch.isalpha() for ch in text):
        return False
    before = [w.text for w, _ in entries[n - 2:n]]
    return all(case_pattern(t) == "upper" and _VOWEL_RUN.search(base_key(t.lower())) for t in before)


def _case_number_words(pieces: list[tuple[str, Slot | None]], words: list[Word], n: int) -> None:
    """A number read as a word opening its line, or a list's item ("- 6 Nội vụ"), before a capitalised
    word is capitalised: "Sở", not "SỞ" because another column's "PHÓ CHỦ TỊCH" fills the rest of
    the line, nor "sở" because a bullet stands before it."""
    slots = [slot for _, slot in pieces if slot is not None and not slot.fixed
             and not any(ch.isalpha() for ch in slot.printed)]
    if not slots:
        return
    after = [case_pattern(w.text) for w in words[n + 1:] if any(ch.isalpha() for ch in w.text)][:2]
    spelt = [w.text for w in words[n + 1:] if any(ch.isalpha() for ch in w.text)][:2]
    if len(spelt) == 2 and after == ["upper", "upper"] and all(
            _VOWEL_RUN.search(base_key(t.lower())) for t in spelt):
        # Before two words in capitals that spell syllables, in a line of two columns whose other
        # one is in small letters ("§6 XÂY DỰNG Độc lập - Tự do"): capitals, "SỞ" (not before an
        # abbreviation, "Sở GD&ĐT", which is in capitals everywhere).
        for slot in slots:
            slot.case_without_letters = "upper"
        return
    opening = all(not any(ch.isalnum() for ch in w.text) for w in words[:n])
    # Before an abbreviation (capitals that spell no syllable: "GD&DT", "GTVT") followed by small
    # letters, as before a capitalised word: "- 86 GD&DT (b/c);" is "Sở GD&ĐT".
    abbreviation = (len(after) == 2 and after == ["upper", "lower"]
                    and not _VOWEL_RUN.search(base_key(spelt[0].lower())))
    # "Sở Nội vụ", not "SỞ Y TẾ" or a heading in capitals with a word misread small ("SỞ Nội VỤ").
    if opening and after and (after[0] == "title" and "upper" not in after[1:] or abbreviation):
        for slot in slots:
            slot.case_without_letters = "title"


# An item's number or letter, or a list's dash, before its label ("1.", "a)", "-", "II.").
_ITEM_MARK = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}\.|[-–+•*])$")


def _near_forms(slot: Slot | None, near: float) -> set[str]:
    """The forms of a slot's candidates within `near` nats of its best one."""
    if slot is None or not slot.cands:
        return set()
    bound = min(c.cost for c in slot.cands) + near
    return {c.form.lower() for c in slot.cands if c.cost <= bound}


def _letters_kept(printed: str, restored: str, conf: dict) -> bool:
    """Whether `restored` (base letters) changes `printed` only as an engine without Vietnamese
    misreads a name: a vowel for a vowel, a first letter listed in conf "onsets" (D or P for Đ)."""
    if printed == restored:
        return True
    vowels, onsets = conf["vowels"], conf["onsets"]
    for op, at_printed, at in Levenshtein.editops(printed, restored):
        if op != "replace":
            return False
        if restored[at] in vowels and printed[at_printed] in vowels:
            continue
        if at == 0 and restored[0] in onsets.get(printed[0], ""):
            continue
        return False
    return True


def _strokes_only(core: str, strokes: dict) -> bool:
    """A capital I and strokes ("Il", "I1l"): no syllable is printed so, only a numeral of I's."""
    return len(core) >= 2 and core[0] == "I" and all(ch == "I" or ch in strokes for ch in core[1:])


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.5 * len(letters)


def _one_capital(printed: str) -> bool:
    letters = [ch for ch in printed if ch.isalpha()]
    return len(letters) == 1 and letters[0].isupper() and len(printed) > 1


def _letters_as_printed(runs: list[list[Slot]]) -> None:
    """In text without its marks, every candidate that the planning's other evidence offered (a
    surname, a unit's name, a set line) keeps the printed letters: only marks may change."""
    for run in runs:
        for slot in run:
            if slot.fixed:
                continue
            key = base_key(slot.printed)
            kept = [c for c in slot.cands if base_key(c.form) == key]
            if len(kept) != len(slot.cands):
                slot.cands = kept or [Cand(slot.printed, 0, 0.0, cased=False)]
            slot.split = None


def _case_one_capital_words(pieces: list[tuple[str, Slot | None]], words: list[Word], n: int) -> None:
    """A word of one capital and digits ("S6", "S0." for "SỞ") whose line goes on in capitals with
    a word is in capitals ("SỞ Y TẾ"): its own case says nothing. Before a colon or a number it is
    the number's word ("S6: 117", "S6 123-KH/TU": "Số")."""
    following = words[n + 1].text if n + 1 < len(words) else ""
    if words[n].text.endswith(":") or not following[:1].isalpha():
        return
    for _, slot in pieces:
        if slot is not None and not slot.fixed and _one_capital(slot.printed):
            slot.case_without_letters = "upper"


def _leaves(slot: Slot) -> list[Slot]:
    """The syllables a slot is read as when its split, and its halves' splits, are taken."""
    if slot.split is None:
        return [slot]
    return [leaf for half in slot.split for leaf in _leaves(half)]


def _take_split(slot: Slot) -> None:
    if slot.split is not None:
        slot.split_taken = True
        for half in slot.split:
            _take_split(half)


def _split_pieces(text: str, slot: Slot | None) -> list[tuple[str, Slot | None]]:
    """A word piece as the syllables it was read as (Slot.split_taken), with spaces between."""
    if slot is None or not slot.split_taken or slot.split is None:
        return [(text, slot)]
    left, right = slot.split
    return [*_split_pieces(left.printed, left), (" ", None), *_split_pieces(right.printed, right)]


def _set_lines(model: RestoreModel) -> SetLines | None:
    """The model's set lines (rules.json "set_lines"), built once per model."""
    found = getattr(model, "_set_lines", False)
    if found is False:
        found = SetLines.from_rules(model.rules.get("set_lines"),
                                    (model.rules.get("generic_channel") or {}).get("lookalikes", {}))
        model._set_lines = found  # type: ignore[attr-defined]
    return found


def _two_shaped_vowels(word: str) -> bool:
    """Two vowels with a breve, circumflex or horn, which no syllable has but "ươ" ("xưân")."""
    toneless = unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", word) if ch not in "\u0300\u0301\u0303\u0309\u0323"))
    bare = unicodedata.normalize("NFD", toneless.replace("ươ", ""))
    shaped = [ch for ch in bare if ch in "\u0302\u0306\u031b"]
    return len(shaped) >= 2


def _closing_quote_words(lines: list[Line]) -> set[int]:
    """The words (by id) that end with a quote while one opened before them in their paragraph is
    still open: that quote closes it, whatever the engine printed it as ("mới’" after "“Pa Tần")."""
    closing: set[int] = set()
    open_quote = False
    for line in lines:
        if not line.words:
            open_quote = False  # a paragraph ends
        for word in line.words:
            text = word.text
            if text[:1] in _OPENING_QUOTES and len(text) > 1:
                open_quote = True
                text = text[1:]
            stripped = text.rstrip(".,;:!?)")
            if open_quote and stripped[-1:] in _CLOSING_QUOTES and len(stripped) > 1:
                closing.add(id(word))
                open_quote = False
    return closing


def _letter_spaced(words: list[Word], n: int, conf: dict) -> list[str]:
    """The letters of the words from `n` on that print a heading with its letters spaced out ("K Ế H
    O Ạ C H", "Q U Y Ế T  Đ Ị N H": a wider space between its words), one string a word as spaced;
    [] when they are none: capitals alone, at least `min_letters` of them, two or more a word
    (rules.json "letter_spaced")."""
    if not conf.get("enabled") or n > 0 and _is_spaced_letter(words[n - 1]):
        return []
    groups = [""]
    end = n
    while end < len(words) and _is_spaced_letter(words[end]):
        groups[-1] += words[end].text
        end += 1
        if not words[end - 1].space_after:
            break
        if words[end - 1].space_after != " ":
            groups.append("")
    groups = [g for g in groups if g]
    if sum(map(len, groups)) < conf.get("min_letters", 3) or any(len(g) < 2 for g in groups):
        return []
    return groups


def _is_spaced_letter(word: Word) -> bool:
    return len(word.text) == 1 and word.text.isalpha() and word.text.isupper()


def _read_as(entry: tuple[Word, list[tuple[str, Slot | None]] | None], printed: str) -> set[str]:
    """What a planned word reads as, marks aside and in small letters: `printed` (the word as printed,
    less what stands around it) and its three best candidates that are words."""
    forms = {base_key(printed.lower())}
    slot = _core_slot(entry[1])
    if slot is not None:
        forms |= {base_key(c.form.lower()) for c in slot.cands[:3] if c.cased}
    return forms


def _core_slot(pieces: list[tuple[str, Slot | None]] | None) -> Slot | None:
    """The one word slot of a word with nothing else but punctuation around it ("Dung," "(Nam"), or None."""
    if pieces is None:
        return None
    slots = [slot for _, slot in pieces if slot is not None]
    if len(slots) != 1 or slots[0].fixed:
        return None
    return slots[0]


def _skeleton(text: str) -> str:
    return base_key(text)


def _skeleton_line(slots: list[Slot]) -> tuple[str, list[tuple[int, int]]]:
    """The slots' printed words without marks, joined by spaces, and where each one lies in it."""
    parts, spans = [], []
    pos = 0
    for slot in slots:
        key = _skeleton(slot.printed)
        spans.append((pos, pos + len(key)))
        parts.append(key)
        pos += len(key) + 1
    return " ".join(parts), spans


def add_evidence(slots: list[Slot], others: list[Slot], decoder: Decoder, other_decoder: Decoder) -> None:
    """Merge a second reading's evidence into `slots`: the two slot streams are aligned letter by
    letter (marks stripped); where one slot meets exactly one slot of the other reading, the
    candidates of both are pooled and each costs -ln P(reading 1 | c) - ln P(reading 2 | c)."""
    a, a_spans = _skeleton_line(slots)
    b, b_spans = _skeleton_line(others)
    if not a or not b:
        return
    land = [0] * (len(a) + 1)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b):
        for k in range(i1, i2):
            land[k] = j1 + (k - i1) * (j2 - j1) // max(1, i2 - i1) if tag != "delete" else j1
        land[i2] = j2
    starts = [sp[0] for sp in b_spans]
    params = decoder.params
    weight, log_freq = params["lm_weight"], decoder.lm.log_freq_list
    for slot, (s, e) in zip(slots, a_spans, strict=True):
        if slot.fixed or e <= s:
            continue
        lo, hi = land[s], land[e]
        k = bisect.bisect_right(starts, lo) - 1
        if k < 0 or k >= len(others):
            continue
        bs, be = b_spans[k]
        if not (bs <= lo and hi <= be + 1) or others[k].fixed:
            continue
        other = others[k]
        mine = {c.form.lower(): c for c in slot.cands}
        theirs = {c.form.lower(): c for c in other.cands}
        merged: list[tuple[float, float, Cand]] = []  # (rank, cost, the form's candidate)
        bound1 = min(c.cost for c in slot.cands) + params["lattice_margin"]
        bound2 = min(c.cost for c in other.cands) + params["evidence_cap"]
        for form in sorted(set(mine) | set(theirs)):
            c1, c2 = mine.get(form), theirs.get(form)
            base = c1 or c2
            assert base is not None
            # Either reading may be misread or misaligned here: neither can rule a form out. The
            # other reading's word moves a form by at most `evidence_cap` nats.
            # A form a reading did not propose at all costs that reading its full cap.
            cost = (min(c1.cost, bound1) if c1 else bound1) + (min(c2.cost, bound2) if c2 else bound2)
            merged.append((cost - weight * log_freq[base.lm_id], cost, base))
        if merged:
            merged.sort(key=itemgetter(0))  # stable: forms of one rank stay in spelling order
            slot.cands = [Cand(base.form, base.lm_id, cost, base.cased)
                          for _, cost, base in merged[: params["max_candidates"]]]
            slot.two_readings = True


def restore_reading(model: RestoreModel, reading: Reading, engine: str | None = None) -> None:
    engine = engine or ("vie" if reading.kind == "ocr_vie" else guess_engine(reading.text))
    ReadingRestorer(model, engine).restore_lines(reading.lines)


def restore_plain(model: RestoreModel, text: str, engine: str | None = None) -> str:
    """Restored text with every line break, space and punctuation mark of `text` kept."""
    text = unicodedata.normalize("NFC", text)
    reading = Reading(kind="txt", lines=[Line.from_text(t) for t in text.split("\n")])
    restore_reading(model, reading, engine or guess_engine(text))
    return tone_style(reading.restored_text)


__all__ = ["restore_plain", "restore_reading", "guess_engine", "base_key"]
