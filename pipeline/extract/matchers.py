"""spaCy token matchers for the vocabularies of extraction (patterns in extract_rules.json).

They run over the fold of the text (no diacritics, same length), tokenised by a blank multilingual
pipeline: a token-level match never starts inside a word, and a pattern can allow for the letters
OCR confuses ({"REGEX": "^gi[a-z]{1,2}y$"} for "giấy" read as "gidy").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.vietnamese import fold


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    return spacy.blank("xx")


@lru_cache(maxsize=8)
def _matcher(name: str, patterns_json: str) -> Any:
    import json

    from spacy.matcher import Matcher

    matcher = Matcher(_nlp().vocab)
    for label, patterns in json.loads(patterns_json).items():
        matcher.add(label, [_across_blank_rows(p) for p in patterns])
    return matcher


def _across_blank_rows(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`pattern` with a whitespace token allowed between its tokens: a blank row a scan's OCR put
    inside a phrase ("danh hiệu “Chiến" / "" / "sĩ thi đua cơ sở”") is the two spaces of its line
    breaks (find), which spaCy makes a token of; the phrase is still one."""
    out: list[dict[str, Any]] = []
    for n, token in enumerate(pattern):
        if n:
            out.append({"IS_SPACE": True, "OP": "?"})
        out.append(token)
    return out


def find(name: str, patterns: dict[str, list[list[dict[str, Any]]]], text: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of every match in `text` (character offsets), longest first where they
    overlap, in text order. `name` keys the compiled matcher."""
    import json

    from spacy.util import filter_spans

    nlp = _nlp()
    # "khen./." at a document's end is one token to spaCy: slashes become spaces (same length). A
    # phrase wrapped at a line's end ("tặng Bằng\nkhen") is one phrase: line breaks become spaces too
    # (a blank row two: _across_blank_rows).
    doc = nlp.make_doc(fold(text).lower().replace("/", " ").replace("\n", " "))
    matcher = _matcher(name, json.dumps(patterns, sort_keys=True))
    spans = [doc[s:e] for _, s, e in matcher(doc)]
    labels = {(doc[s:e].start_char, doc[s:e].end_char): nlp.vocab.strings[m] for m, s, e in matcher(doc)}
    return [(labels[(sp.start_char, sp.end_char)], sp.start_char, sp.end_char)
            for sp in sorted(filter_spans(spans), key=lambda sp: sp.start)]


def phrase_pattern(phrase: str) -> list[dict[str, Any]]:
    """A token pattern for a vocabulary phrase written in Vietnamese ("Chỉ thị" -> chi, thi)."""
    return [{"LOWER": word} for word in fold(phrase).lower().split()]
