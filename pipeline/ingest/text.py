"""Text files: find the encoding (Unicode or a legacy Vietnamese one), convert to NFC, keep lines.

Every candidate encoding that can decode the bytes is tried and the one whose text has the largest
share of valid Vietnamese syllables wins: a wrong legacy decoding garbles the accents, so its words
stop being syllables. UTF-8 wins ties, being by far the most common.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from pipeline.document import Page, Reading
from pipeline.ingest.encodings import LEGACY, decode
from pipeline.ingest.errors import IngestError
from pipeline.ingest.syllables import bare_vietnamese_share, vietnamese_share, words_of
from pipeline.vietnamese import visible

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that never occur in text, in any of the encodings read here (TCVN3's few capitals in the C0
# range are rare enough to stay far under the limit below).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1A)) | frozenset(range(0x1C, 0x20))
MAX_CONTROL_SHARE = 0.02
UTF8_MARGIN = 0.05
MIN_WORDS_FOR_LANGUAGE = 8
MIN_BARE_SHARE = 0.5  # under this, a text is not Vietnamese, even without its accents
# Mojibake is looked for in a text this little Vietnamese (clean text scores about 0.9), and the
# repair kept when it gains this much.
MOJIBAKE_BELOW = 0.6
MOJIBAKE_GAIN = 0.25


@dataclass
class DecodedText:
    text: str
    encoding: str
    vietnamese: float  # share of words that are Vietnamese syllables


def decode_text(data: bytes) -> DecodedText:
    """The text of a file's bytes in the encoding that fits best, NFC, line ends as "\\n"."""
    decoded = _best_decoding(data)
    decoded.text = visible(decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    return decoded


def _best_decoding(data: bytes) -> DecodedText:
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data, name)
            if text is None:
                raise IngestError(f"undecodable text: invalid {name.upper()} after its byte-order mark")
            if name == "utf-16":
                name = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
            return _repaired(DecodedText(text, name, vietnamese_share(text)))

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is None:
            raise IngestError(f"undecodable text: looks like {utf16.upper()} but is not valid")
        return _repaired(DecodedText(text, utf16, vietnamese_share(text)))

    if sum(1 for b in data[:65536] if b in _CONTROL_BYTES) > MAX_CONTROL_SHARE * min(len(data), 65536):
        raise IngestError("undecodable text: binary content, not a text file")

    candidates: list[DecodedText] = []
    for name in ("utf-8", *LEGACY):
        text = _strict(data, name)
        if text is not None:
            decoded = DecodedText(text, name, vietnamese_share(text))
            # Mojibake is UTF-8 read as another encoding: a UTF-8 text is repaired before it is
            # weighed against the legacy readings of its bytes.
            candidates.append(_repaired(decoded) if name == "utf-8" else decoded)
    if not candidates:
        raise IngestError("undecodable text: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI")
    best = max(candidates, key=lambda c: c.vietnamese)
    # Legacy bytes are almost never valid UTF-8 by chance, so valid UTF-8 keeps its place unless
    # another reading is clearly more Vietnamese.
    utf8 = candidates[0]
    if utf8.encoding.startswith("utf-8") and utf8.vietnamese >= best.vietnamese - UTF8_MARGIN:
        return utf8
    return best


def _repaired(decoded: DecodedText) -> DecodedText:
    """UTF-8 that was once read as Windows-1252 or Latin-1 and saved again ("Cá»™ng hÃ²a" for "Cộng
    hòa"), as an export through an old system leaves it: repaired with ftfy (whose whole purpose this
    is, across the many ways text gets so), when that reads clearly more Vietnamese."""
    if decoded.text.isascii() or decoded.vietnamese >= MOJIBAKE_BELOW:
        return decoded
    import ftfy

    fixed = unicodedata.normalize("NFC", ftfy.fix_encoding(decoded.text))
    share = vietnamese_share(fixed)
    if fixed == decoded.text or share < max(MIN_BARE_SHARE, decoded.vietnamese + MOJIBAKE_GAIN):
        return decoded
    return DecodedText(fixed, f"{decoded.encoding}, mojibake repaired", share)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return decode(data, encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as a NUL in every other byte for ASCII characters
    (spaces, digits, unaccented letters: most of any Vietnamese text)."""
    sample = data[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def language_warning(text: str) -> str | None:
    """A warning when a text does not look Vietnamese at all (English, say). Vietnamese that lost
    its accents (the archive's English-model OCR) is still Vietnamese and gets none."""
    if len(words_of(text)) < MIN_WORDS_FOR_LANGUAGE:
        return None
    share = bare_vietnamese_share(text)
    if share >= MIN_BARE_SHARE:
        return None
    return (f"does not look like Vietnamese (only {share:.0%} of its words are Vietnamese syllables, "
            "even ignoring accents); ingested as it is")


def text_pages(text: str) -> list[Page]:
    """One page per form-feed-separated part; the final newline of the file is not a line."""
    if text.endswith("\n"):
        text = text[:-1]
    return [Page(number=i, readings=[Reading.from_text("txt", part)], primary="txt")
            for i, part in enumerate(text.split("\f"), start=1)]
