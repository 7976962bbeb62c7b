"""The review app's languages: Vietnamese by default, English on request.

Messages are written in English in the templates and the code (`_("...")`); the Vietnamese comes
from the gettext catalogue locale/vi/LC_MESSAGES/messages.po, read through Babel. Codes the records
hold (doc_type values such as phat_dong, statuses) are shown by label: labels.json gives the English
label, the catalogue its Vietnamese.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")
DEFAULT = "vi"
COOKIE = "decree_lang"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation of a language's catalogue (empty for English, the messages' own)."""
    path = HERE / "locale" / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    # A fuzzy entry is a guess nobody checked: the English is better than a wrong Vietnamese.
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def translator(lang: str) -> Callable[[str], str]:
    table = catalogue(lang if lang in LANGUAGES else DEFAULT)

    def gettext(message: str) -> str:
        return table.get(message, message)

    return gettext


@functools.cache
def labels() -> dict[str, dict[str, str]]:
    """kind (doc_type, status, page_status) -> code -> English label."""
    return json.loads((HERE / "labels.json").read_text(encoding="utf-8"))


def label(kind: str, code: str | None, gettext: Callable[[str], str]) -> str:
    """A code as users read it, in their language; the code itself when it has no label."""
    if not code:
        return ""
    english = labels().get(kind, {}).get(code)
    return gettext(english) if english else code


def choose(query: str | None, cookie: str | None) -> str:
    """The language of a request: asked for in the address, else remembered, else Vietnamese."""
    for lang in (query, cookie):
        if lang in LANGUAGES:
            return lang  # type: ignore[return-value]
    return DEFAULT
