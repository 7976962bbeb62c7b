"""Restoration's view of text: the tokeniser that splits a line into word cores and everything else,
case patterns, and the language model's tokens (the Vietnamese helpers are pipeline.vietnamese)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.vietnamese import nfc, tone_style

# Letters and digits: the characters a syllable (or a garbled reading of one) is made of.
CORE_RE = re.compile(r"[^\W_]+")
# The language model's tokens: words, and an abbreviation joined by ampersands ("GD&ĐT", "TN&MT")
# as one token, as restoration reads it (engine.ReadingRestorer.word_slots): learnt as its parts,
# its last part stood for it, and "Sở GD&ĐT" read as "số đt" (a telephone number) made it "Số".
LM_TOKEN_RE = re.compile(r"[^\W_]+(?:&[^\W_]+)+|[^\W_]+")
# Where the language model's context is cut: sentence and clause punctuation.
BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”‘’…«»]")


def is_letters(text: str) -> bool:
    return bool(text) and all(ch.isalpha() for ch in text)


@lru_cache(maxsize=65536)  # asked for every rendering of every candidate: a few thousand distinct words
def case_pattern(text: str) -> str:
    """"upper", "title" or "lower": how a word read from a page is cased."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "lower"
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) >= 2 and upper >= 2 and upper * 3 >= len(letters) * 2:
        return "upper"
    return "title" if letters[0].isupper() else "lower"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


def lm_tokens(text: str) -> list[list[str]]:
    """Clean text as the language model sees it: runs of lower-cased syllables (numbers as <num>)
    between clause punctuation; line breaks do not cut a run (pages wrap mid-sentence)."""
    runs: list[list[str]] = []
    for piece in BREAK_RE.split(tone_style(nfc(text))):
        run = []
        for tok in LM_TOKEN_RE.findall(piece):
            run.append("<num>" if any(ch.isdigit() for ch in tok) else tok.lower())
        if run:
            runs.append(run)
    return runs


def word_pieces(token: str, letterish: str, horn: tuple[str, str] = ("", ""), inner: str = ""
                ) -> list[tuple[str, bool]]:
    """Cut one whitespace-free token into (text, is_word) pieces that join back to it exactly.

    A word is a run of letters, digits and the symbols an OCR engine prints for letters
    (`letterish`: "bi¢t" is one word); everything else (punctuation, hyphens, slashes) is kept as
    its own piece, byte for byte. `horn` is (marks, letters): a mark right after one of those
    letters is the horn of ư or ơ as an engine without Vietnamese prints it ("nu’ớc"), so part of
    the word. `inner`: marks that are part of a word between two letters (see _join_inner)."""
    return list(_pieces(token, letterish, horn, inner))


@lru_cache(maxsize=100_000)
def _pieces(token: str, letterish: str, horn: tuple[str, str], inner: str) -> tuple[tuple[str, bool], ...]:
    # Asked for every word of every page, most of them words seen before.
    out: list[tuple[str, bool]] = []
    cur = ""
    cur_word = False
    marks, horn_letters = horn
    for ch in token:
        is_word = ch.isalnum() or ch in letterish or (
            ch in marks and cur_word and cur[-1:] in horn_letters)
        if cur and is_word != cur_word:
            out.append((cur, cur_word))
            cur = ""
        cur += ch
        cur_word = is_word
    if cur:
        out.append((cur, cur_word))
    if inner:
        out = _join_inner(out, inner)
    # A letterish symbol at a word's edge is punctuation ("|" between columns); one that is the
    # whole word is a letter's misprint ("¥ nghĩa" for "ý nghĩa", "&" for "ở").
    if len(out) == 1 and out[0][1] and len(token) == 1:
        return ((token, True),)
    return tuple((t, w and any(c.isalnum() for c in t) or (w and len(t) == 1 and t == "|")) for t, w in out)


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _join_inner(pieces: list[tuple[str, bool]], inner: str) -> list[tuple[str, bool]]:
    """Word, a mark or two of `inner`, word -> one word ("thu’ong", "chi’J"): an engine that does
    not know a letter's horn or hook prints it as a quote beside the letter, inside the word."""
    out: list[tuple[str, bool]] = []
    # A word opening with "(" and a stroke and never closing it ("(16ng", "(11nh"): the bowl and
    # stem of a d printed as two marks (clean text opens a bracket before a word it closes after).
    if (len(pieces) >= 2 and pieces[0][0] == "(" and "(" in inner and pieces[1][1]
            and pieces[1][0][:1] in "1l" and len(pieces[1][0]) >= 2 and not any(")" in t for t, _ in pieces)):
        pieces = [("(" + pieces[1][0], True)] + pieces[2:]
    for text, is_word in pieces:
        between = len(out) >= 2 and out[-2][1] and not out[-1][1] and len(out[-1][0]) <= 2
        # A digit beside the mark is a letter's piece too ("c1’1a" for "của") when both sides hold
        # a letter, or when the word ends in such a vowel ("ph1'1" for "phủ": one or two digits
        # after the mark, a digit and a letter before it).
        left = out[-2][0] if len(out) >= 2 else ""
        vowel_end = left[-1:].isdigit() and _has_letter(left) and text.isdigit() and len(text) <= 2
        if (is_word and between and all(ch in inner for ch in out[-1][0])
                and (left[-1:].isalpha() or left[-1:].isdigit() and _has_letter(left))
                and (text[:1].isalpha() or text[:1].isdigit() and _has_letter(text) or vowel_end)):
            mark = out.pop()[0]
            out[-1] = (out[-1][0] + mark + text, True)
        else:
            out.append((text, is_word))
    return out
