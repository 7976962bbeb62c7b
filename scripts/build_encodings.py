"""Build pipeline/ingest/data/legacy_encodings.json: the byte tables of the legacy Vietnamese
encodings old archives hold, which Python has no codec for.

- tcvn3: TCVN 5712 (the "ABC" fonts .VnTime and friends), one byte per character. Taken from the
  system's iconv (glibc's TCVN5712-1), which also covers the capitals of the VN1 variant; bytes
  0xB0-0xB4 are combining tone marks.
- vni: VNI Windows fonts. A vowel is written as its ASCII base letter followed by a mark byte
  (e.g. "a" + 0xF9 for á); the table maps each such byte sequence (as Latin-1 text) to its letter.
  VNI's layout is regular, so it is written out below row by row rather than copied from a tool.

    python scripts/build_encodings.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.files import write_atomic  # noqa: E402
from pipeline.ingest.syllables import DATA  # noqa: E402

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # ngang, sắc, huyền, hỏi, ngã, nặng

# VNI: (Unicode base letter, VNI spelling of the base, the mark bytes for sắc, huyền, hỏi, ngã, nặng)
_VNI_PLAIN_TONES = ("ù", "ø", "û", "õ", "ï")  # after a, e, o, ô(=ơ), u, ö(=ư), y
_VNI_CIRCUMFLEX_TONES = ("á", "à", "å", "ã", "ä")  # after aâ, eâ, oâ (â, ê, ô)
_VNI_BREVE_TONES = ("é", "è", "ú", "ü", "ë")  # after aê (ă)
VNI_ROWS: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    ("a", "a", _VNI_PLAIN_TONES),
    ("â", "aâ", _VNI_CIRCUMFLEX_TONES),
    ("ă", "aê", _VNI_BREVE_TONES),
    ("e", "e", _VNI_PLAIN_TONES),
    ("ê", "eâ", _VNI_CIRCUMFLEX_TONES),
    ("o", "o", _VNI_PLAIN_TONES),
    ("ô", "oâ", _VNI_CIRCUMFLEX_TONES),
    ("ơ", "ô", _VNI_PLAIN_TONES),
    ("u", "u", _VNI_PLAIN_TONES),
    ("ư", "ö", _VNI_PLAIN_TONES),
    ("y", "y", ("ù", "ø", "û", "õ", None)),  # ỵ is a byte of its own
)
# i and y-nặng, and đ, are single bytes of their own.
VNI_SINGLE = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "đ": "ñ"}


def tcvn3_table() -> dict[str, str]:
    table = {}
    for byte in range(0x80, 0x100):
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                             capture_output=True, check=True).stdout.decode("utf-8")
        table[f"{byte:02x}"] = out
    for byte in range(0x01, 0x20):  # VN1's capitals in the C0 range; controls map to themselves
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                             capture_output=True, check=True).stdout.decode("utf-8")
        if out != chr(byte):
            table[f"{byte:02x}"] = out
    return table


def vni_table() -> dict[str, str]:
    """VNI spelling (Latin-1 text) -> letter, upper and lower case."""
    table = {}
    for letter, spelling, marks in VNI_ROWS:
        for tone, mark in zip(TONES, ("", *marks), strict=True):
            if mark is None:
                continue
            char = unicodedata.normalize("NFC", letter + tone)
            seq = spelling + mark
            table[seq] = char
            table[seq.upper()] = char.upper()
    for char, byte in VNI_SINGLE.items():
        table[byte] = char
        table[byte.upper()] = char.upper()
    return {seq: char for seq, char in table.items() if seq != char}


def main() -> None:
    out = DATA / "legacy_encodings.json"
    data = {"tcvn3": tcvn3_table(), "vni": vni_table()}
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"tcvn3: {len(data['tcvn3'])} bytes, vni: {len(data['vni'])} sequences -> {out}")


if __name__ == "__main__":
    main()
