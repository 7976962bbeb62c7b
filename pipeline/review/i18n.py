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


# --------------------------------------------------------------------------- the catalogue's messages


def messages() -> list[str]:
    """Every message the app shows that the catalogue must translate: the templates' `_("...")`
    (found by Babel's Jinja extractor), the labels of codes, the record form's labels, and the
    messages the Python code hands to templates (marked with `N_`)."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, None] = {}
    for _, _, message, _, _ in extract_from_dir(
            HERE, method_map=[("templates/**.html", "jinja2"), ("**.py", "python")],
            options_map={"templates/**.html": {"extensions": ""}}, keywords={"_": None, "N_": None}):
        if isinstance(message, str):
            found[message] = None
    for codes in labels().values():
        if isinstance(codes, dict):
            found.update(dict.fromkeys(codes.values()))
    form = json.loads((HERE / "record_form.json").read_text(encoding="utf-8"))
    found.update(dict.fromkeys(f["label"] for f in form["fields"]))
    for item in form["lists"]:
        found[item["label"]] = None
        found.update(dict.fromkeys(f["label"] for f in item["fields"]))
    return list(found)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for the catalogue, translate later"
    return message


def update_catalogue(lang: str = "vi") -> tuple[int, int]:
    """Bring the language's .po up to date with `messages()`: new messages added untranslated, gone
    ones dropped, translations kept. Returns (messages, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = HERE / "locale" / lang / "LC_MESSAGES" / "messages.po"
    old: dict[str, str] = {}
    if path.is_file():
        with path.open("rb") as fh:
            old = {m.id: m.string for m in read_po(fh, locale=lang) if isinstance(m.id, str) and m.id}
    catalog = Catalog(locale=lang, project="decree review", charset="utf-8")
    missing = 0
    for message in messages():
        catalog.add(message, old.get(message, ""))
        missing += not old.get(message)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=110, omit_header=False, sort_output=False)
    catalogue.cache_clear()
    return len(catalog), missing


if __name__ == "__main__":
    total, untranslated = update_catalogue()
    print(f"locale/vi/LC_MESSAGES/messages.po: {total} messages, {untranslated} untranslated")
