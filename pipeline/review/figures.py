"""The document list's per-document figures (doubtful words, lowest confidence, issuer), kept in a
table of the review app beside the store's, so a list of thousands of documents does not read every
document again after each restart: a document is read only when its version, its corrections or the
doubt threshold changed since its figures were taken."""

from __future__ import annotations

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


def measure(doc: Document, info: DocumentInfo, threshold: float) -> Figures:
    confidences = [w.confidence for _, _, line in doc.lines() for w in line.words if w.confidence is not None]
    record = doc.record
    return Figures(
        version=info.current_version, corrections=info.corrections, threshold=threshold,
        issuer=record.issuer if record else None, title=record.title if record else None,
        words=sum(len(line.words) for _, _, line in doc.lines()),
        doubtful=sum(1 for c in confidences if c < threshold),
        lowest=min(confidences) if confidences else None,
        mean=sum(confidences) / len(confidences) if confidences else None,
    )


class FigureBook:
    def __init__(self, store: Store, threshold: float) -> None:
        self.store = store
        self.threshold = threshold
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
        if len(stale) > BULK:
            for info, doc in self.store.iter_current_documents():
                if info.doc_id in stale:
                    fresh[info.doc_id] = measure(doc, info, self.threshold)
        else:
            for doc_id, info in stale.items():
                fresh[doc_id] = measure(self.store.current_document(doc_id), info, self.threshold)
        try:
            with self.store.engine.begin() as conn:
                conn.execute(review_figures.delete().where(review_figures.c.doc_id.in_(list(fresh))))
                conn.execute(review_figures.insert(), [{"doc_id": d, **f.__dict__} for d, f in fresh.items()])
        except IntegrityError:
            pass  # another request stored the same figures meanwhile
        return {**known, **fresh}, len(fresh)
