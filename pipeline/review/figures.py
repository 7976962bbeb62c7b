"""The document list's per-document figures (doubtful words, lowest confidence, issuer), kept in a
table of the review app beside the store's, so a list of thousands of documents does not read every
document again after each restart: a document is read only when its version, its corrections or the
doubt threshold changed since its figures were taken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pipeline.document import Document
from pipeline.store import DocumentInfo, Store

metadata = sa.MetaData()
review_figures = sa.Table(
    "review_figures", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("corrections", sa.Integer, nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("issuer", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("doubtful", sa.Integer, nullable=False),
    sa.Column("lowest", sa.Float),
    sa.Column("mean", sa.Float),
)

# Past this many documents to (re)read, one pass over the whole store beats reading them one by one.
BULK = 50


@dataclass(frozen=True)
class Figures:
    version: int
    corrections: int
    threshold: float
    issuer: str | None
    title: str | None
    words: int
    doubtful: int
    lowest: float | None  # the least confident word
    mean: float | None

    def fresh_for(self, info: DocumentInfo, threshold: float) -> bool:
        return (self.version, self.corrections, self.threshold) == (info.current_version, info.corrections,
                                                                   threshold)


def measure(doc: Document, info: DocumentInfo, threshold: float,
            verified: dict[str, str] | None = None) -> Figures:
    """The document's figures; a word a reviewer accepted as it is (`verified`: target -> form) is
    no longer doubtful."""
    verified = verified or {}
    confidences = []
    doubtful = 0
    for page in doc.pages:
        reading = page.main
        for li, line in enumerate(reading.lines if reading is not None else []):
            for wi, w in enumerate(line.words):
                if w.confidence is None:
                    continue
                confidences.append(w.confidence)
                target = f"p{page.number}/{reading.kind}/l{li}/w{wi}"  # type: ignore[union-attr]
                if w.confidence < threshold and verified.get(target) != w.best:
                    doubtful += 1
    record = doc.record
    return Figures(
        version=info.current_version, corrections=info.corrections, threshold=threshold,
        issuer=record.issuer if record else None, title=record.title if record else None,
        words=sum(len(line.words) for _, _, line in doc.lines()),
        doubtful=doubtful,
        lowest=min(confidences) if confidences else None,
        mean=sum(confidences) / len(confidences) if confidences else None,
    )


class FigureBook:
    def __init__(self, store: Store, threshold: float, verified: Callable[[], dict[str, dict[str, str]]]
                 | None = None) -> None:
        self.store = store
        self.threshold = threshold
        self.verified = verified or dict
        metadata.create_all(store.engine)

    def for_documents(self, infos: list[DocumentInfo]) -> dict[str, Figures]:
        """Figures of every document in `infos`, measuring again only those that changed."""
        return self.refresh(infos)[0]

    def refresh(self, infos: list[DocumentInfo]) -> tuple[dict[str, Figures], int]:
        """Figures of every document in `infos`, and how many had to be measured (again)."""
        with self.store.engine.connect() as conn:
            known = {row.doc_id: Figures(**{k: v for k, v in row._mapping.items() if k != "doc_id"})
                     for row in conn.execute(sa.select(review_figures))}
        stale = {info.doc_id: info for info in infos
                 if info.doc_id not in known or not known[info.doc_id].fresh_for(info, self.threshold)}
        if not stale:
            return known, 0
        fresh: dict[str, Figures] = {}
        verified = self.verified()
        if len(stale) > BULK:
            for info, doc in self.store.iter_current_documents():
                if info.doc_id in stale:
                    fresh[info.doc_id] = measure(doc, info, self.threshold, verified.get(info.doc_id))
        else:
            for doc_id, info in stale.items():
                fresh[doc_id] = measure(self.store.current_document(doc_id), info, self.threshold,
                                        verified.get(doc_id))
        try:
            with self.store.engine.begin() as conn:
                conn.execute(review_figures.delete().where(review_figures.c.doc_id.in_(list(fresh))))
                conn.execute(review_figures.insert(), [{"doc_id": d, **f.__dict__} for d, f in fresh.items()])
        except IntegrityError:
            pass  # another request stored the same figures meanwhile
        return {**known, **fresh}, len(fresh)
