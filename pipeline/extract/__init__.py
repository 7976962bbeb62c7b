"""Extraction: the segmented Document to its CampaignRecord (schema: docs/datasets.md, docs/architecture.md).

Every field comes with the spans of text it was read from (`record.spans[field]`) and a confidence
(`record.confidence[field]`). A field the document does not state stays None (or an empty list):
nothing is inferred from other documents or filled in by default. Works on the blocks of
`pipeline.segment` (run it first) and on `Line.restored_text`.
"""

from __future__ import annotations

import re

from pipeline.document import Block, CampaignRecord, Document
from pipeline.extract import fields
from pipeline.extract.dates import DateMatch, find_dates, parse_date

__all__ = ["extract", "find_dates", "parse_date", "DateMatch"]


def _header(doc: Document, role: str) -> Block | None:
    return next((b for b in doc.blocks if b.kind == "header" and b.role == role), None)


def _own_places(record: CampaignRecord) -> list[str]:
    """The names of the document's own place as its header gives them: the place of its date line and
    the unit its issuer belongs to ("UBND xã Di Linh": Di Linh)."""
    places = [record.place] if record.place else []
    unit = re.search(fields.rules()["own_unit_of_issuer"], record.issuer or "")
    if unit and unit.group(1) not in places:
        places.append(unit.group(1))
    return places


def extract(doc: Document) -> Document:
    """Fill `doc.record` from `doc.blocks`."""
    record = CampaignRecord(doc_id=doc.doc_id, source=doc.source)

    def put(name: str, found: fields.Found | None) -> None:
        if found is None:
            return
        setattr(record, name, found.value)
        record.spans[name] = found.spans
        record.confidence[name] = found.confidence

    body = [b for b in doc.blocks if b.role in ("preamble", "section", "closing")]
    # A rule book's chapters (issued with a decision) are its sections and define its rewards; its
    # other words (the laws it cites, its dates) are not the decision's own.
    chapters = [b for b in doc.blocks if b.role == "chapter"]
    preamble = [b for b in doc.blocks if b.role == "preamble"]
    title_block = _header(doc, "title")
    subject = _header(doc, "subject")

    numbered = fields.number_and_symbol(doc, _header(doc, "number"))
    if numbered:
        put("number", numbered[0])
        numbered = numbered[0], fields.symbol_of_type(doc, numbered[1], _header(doc, "doc_type"))
        put("symbol", numbered[1])
    place, issued_on = fields.place_and_date(doc, _header(doc, "place_date"), _header(doc, "issuer"))
    issuer = fields.issuer(doc, _header(doc, "issuer"), place)
    if issuer:
        put("issuer", fields.issuer_as_written(doc, issuer[0], body))
        put("issuer_header", issuer[1])
        put("issuer_level", issuer[2])
    put("place", place)
    put("issued_on", issued_on)
    put("title", fields.title(doc, title_block, subject))
    symbol = numbered[1] if numbered else None
    put("doc_type", fields.doc_type(doc, _header(doc, "doc_type"), symbol, subject))
    places = _own_places(record)
    put("theme", fields.theme(doc, body, places))
    put("period", fields.period(doc, body, preamble))
    titled = [b for b in (title_block, subject) if b is not None]
    put("commemorations", fields.commemorations(doc, titled + body))
    put("sections", fields.sections(doc, body + chapters))
    annex = next((b for b in doc.blocks if b.role == "annex"), None)
    rewards, awarded = fields.rewards_and_awarded(doc, body, record.doc_type, annex, record.title)
    if chapters:
        # A rule book gives nothing itself: it says who gives what (a kind neither awarding nor decided).
        defined, _ = fields.rewards_and_awarded(doc, chapters, fields.RULE_BOOK)
        rewards = fields.merged(rewards, defined)
    put("rewards", rewards)
    put("awarded", awarded)
    put("references", fields.references(doc, titled + body, (record.number, record.symbol), places))
    put("recipients", fields.recipients(doc, next((b for b in doc.blocks if b.role == "recipients"), None)))
    put("signer", fields.signer(doc, next((b for b in doc.blocks if b.role == "signature"), None)))
    doc.record = record
    return doc
