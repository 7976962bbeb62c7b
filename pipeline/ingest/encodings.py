"""Text file encodings: the Unicode ones and the legacy Vietnamese ones old archives still hold.

Windows-1258 has a Python codec but writes most accented letters as a base letter plus a combining
tone mark; TCVN3 (ABC) and VNI have no codec at all, so their tables are data
(data/legacy_encodings.json, made by scripts/build_encodings.py). `decode` gives NFC text for every
one; `encode` is its inverse, for making test files and converting back.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from functools import lru_cache

from pipeline.ingest.syllables import DATA, vietnamese_share

LEGACY = ("cp1258", "tcvn3", "vni")
# cp1258's combining tone marks (it has precomposed letters only for the toneless vowels).
_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Windows-1252 leaves five bytes undefined; VNI text read through it keeps them as Latin-1."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("vni_latin1", _latin1_fallback)


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    return json.loads((DATA / "legacy_encodings.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _tcvn3_decoding() -> str:
    """A 256-character string: the character each TCVN3 byte stands for."""
    chars = [chr(b) for b in range(256)]
    for byte, char in _tables()["tcvn3"].items():
        chars[int(byte, 16)] = char
    return "".join(chars)


@lru_cache(maxsize=1)
def _vni_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = _tables()["vni"]
    # Two-byte spellings first, so "aù" is read as á rather than a followed by ù.
    alternatives = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives)), table


@lru_cache(maxsize=4)
def _reverse(name: str) -> dict[str, str]:
    """letter -> its spelling in a legacy table (the shortest, when a letter has two)."""
    table = _tables()[name]
    if name == "tcvn3":  # keyed by byte value in hex
        table = {chr(int(byte, 16)): char for byte, char in table.items()}
    reverse: dict[str, str] = {}
    for seq, char in sorted(table.items(), key=lambda kv: len(kv[0]), reverse=True):
        reverse[char] = seq
    return reverse


def decode(data: bytes, encoding: str) -> str:
    """Bytes in `encoding` to NFC text. Raises UnicodeDecodeError when they are not valid in it."""
    if encoding == "tcvn3":
        text = data.decode("latin-1").translate(dict(enumerate(_tcvn3_decoding())))
    elif encoding == "vni":
        pattern, table = _vni_pattern()
        text = pattern.sub(lambda m: table[m.group(0)], data.decode("cp1252", "vni_latin1"))
    else:
        text = codecs.decode(data, encoding)
    return unicodedata.normalize("NFC", text)


def encode(text: str, encoding: str) -> bytes:
    """NFC text to bytes in `encoding`. Raises UnicodeEncodeError for a character it cannot hold."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "cp1258":
        return b"".join(_encode_cp1258(ch) for ch in text)
    if encoding in ("tcvn3", "vni"):
        reverse = _reverse(encoding)
        out = []
        for i, ch in enumerate(text):
            seq = reverse.get(ch, ch)
            try:
                # VNI fonts keep Windows-1252's punctuation (curly quotes, dashes); TCVN3 has none.
                out.append(seq.encode("cp1252" if encoding == "vni" else "latin-1"))
            except UnicodeEncodeError as exc:
                raise UnicodeEncodeError(encoding, text, i, i + 1, "not in the table") from exc
        return b"".join(out)
    return text.encode(encoding)


def _encode_cp1258(ch: str) -> bytes:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _CP1258_TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _CP1258_TONES))
    return base.encode("cp1258") + tone.encode("cp1258")


# A text layer whose font is a legacy one (.VnTime, VNI-Times) holds the font's byte codes, which a
# PDF reader gives as the Windows-1252 (or Latin-1) characters of those bytes: "Céng hoµ x· héi".
# Decoded, such a layer must read as clearly more Vietnamese than as it is, and as Vietnamese at all.
FONT_LEGACY = ("tcvn3", "vni")
FONT_MIN_GAIN = 0.25
FONT_MIN_SHARE = 0.5


def font_bytes(text: str) -> bytes | None:
    """The byte codes a legacy font drew `text` with (Windows-1252, else Latin-1, per character);
    None when a character is outside both, so the text was no such font's."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1252"))
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ch.encode("latin-1"))
    return b"".join(out)


def legacy_font_encoding(text: str) -> str | None:
    """The legacy encoding ("tcvn3", "vni") a PDF text layer's font wrote `text` in, or None when
    the text reads as well as it is (Unicode fonts, an OCR engine's layer, English)."""
    if text.isascii():  # both encodings spell every marked letter with bytes above 127
        return None
    data = font_bytes(text)
    if data is None:
        return None
    share = vietnamese_share(text)
    best, best_share = None, share
    for name in FONT_LEGACY:
        try:
            decoded = decode(data, name)
        except UnicodeDecodeError:
            continue
        decoded_share = vietnamese_share(decoded)
        if decoded_share > best_share:
            best, best_share = name, decoded_share
    if best is None or best_share < max(FONT_MIN_SHARE, share + FONT_MIN_GAIN):
        return None
    return best
