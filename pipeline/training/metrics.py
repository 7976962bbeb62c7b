"""The restoration metric (the same definitions as the archive's scoring tool): syllable accuracy
(1 - token edit distance / gold tokens, tokens = \\w+ runs), its case-sensitive twin, and character
error rate, all on NFC text with both tone placements ("hoà"/"hòa") counted as equal."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

TOKEN = re.compile(r"\w+", re.UNICODE)
TONES = "\u0300\u0301\u0303\u0309\u0323"
_MOVE = re.compile("(?<![qQ])([oOuU])([aAeEyY])([" + TONES + "])(?![\\w])")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    text = _MOVE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)
    return unicodedata.normalize("NFC", text)


def tokens(text: str, case_sensitive: bool = False) -> list[str]:
    found = TOKEN.findall(norm(text))
    return found if case_sensitive else [t.lower() for t in found]


def chars(text: str) -> str:
    return re.sub(r"\s+", " ", norm(text)).strip()


def score(gold: str, hyp: str) -> dict[str, float]:
    g, h = tokens(gold), tokens(hyp)
    gc, hc = tokens(gold, True), tokens(hyp, True)
    return {
        "gold_tokens": len(g),
        "syl_acc": 1 - Levenshtein.distance(g, h) / max(1, len(g)),
        "syl_acc_cs": 1 - Levenshtein.distance(gc, hc) / max(1, len(gc)),
        "cer": Levenshtein.distance(chars(gold), chars(hyp)) / max(1, len(chars(gold))),
    }


def drop_lines(text: str, noise_lines: set[int]) -> str:
    """`text` without its 1-based lines in `noise_lines` (stamp and scan noise, not scored)."""
    return "\n".join(line for i, line in enumerate(text.split("\n"), 1) if i not in noise_lines)
