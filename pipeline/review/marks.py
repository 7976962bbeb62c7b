"""What reviewers mark without changing the text, in tables of the review app beside the store's:
words accepted as they are (verified: no longer doubtful, and not a correction that changes nothing)
and each page's review status (new / in progress / done)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from pipeline.review.figures import review_figures
from pipeline.store import Store

metadata = sa.MetaData()
review_verified = sa.Table(
    "review_verified", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("target", sa.String(200), primary_key=True),
    # The form accepted: a later pipeline version that reads the word differently makes it doubtful again.
    sa.Column("form", sa.Text, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)
review_pages = sa.Table(
    "review_pages", metadata,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("page", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("done", sa.Boolean, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)

PAGE_STATUSES = ("new", "in_progress", "done")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Marks:
    def __init__(self, store: Store) -> None:
        self.store = store
        metadata.create_all(store.engine)

    def verify(self, doc_id: str, words: dict[str, str], who: str) -> None:
        """Mark words (target -> the form accepted) verified; logged, and the list's figures of the
        document are taken again."""
        if not words:
            return
        now = _now()
        with self.store.engine.begin() as conn:
            conn.execute(review_verified.delete().where(review_verified.c.doc_id == doc_id,
                                                        review_verified.c.target.in_(list(words))))
            conn.execute(review_verified.insert(), [{"doc_id": doc_id, "target": t, "form": f, "who": who,
                                                     "at": now} for t, f in words.items()])
            conn.execute(review_figures.delete().where(review_figures.c.doc_id == doc_id))
        self.store.log("verify_words", who=who, doc_id=doc_id, detail={"words": sorted(words)})

    def verified(self, doc_id: str | None = None) -> dict[str, dict[str, str]]:
        """doc_id -> {target: form accepted}."""
        query = sa.select(review_verified.c.doc_id, review_verified.c.target, review_verified.c.form)
        if doc_id is not None:
            query = query.where(review_verified.c.doc_id == doc_id)
        out: dict[str, dict[str, str]] = {}
        with self.store.engine.connect() as conn:
            for row in conn.execute(query):
                out.setdefault(row.doc_id, {})[row.target] = row.form
        return out

    def set_page_done(self, doc_id: str, page: int, done: bool, who: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(review_pages.delete().where(review_pages.c.doc_id == doc_id,
                                                     review_pages.c.page == page))
            conn.execute(review_pages.insert().values(doc_id=doc_id, page=page, done=done, who=who,
                                                      at=_now()))
        action = "page_done" if done else "page_reopened"
        self.store.log(action, who=who, doc_id=doc_id, detail={"page": page})

    def pages_done(self, doc_id: str) -> set[int]:
        with self.store.engine.connect() as conn:
            return set(conn.execute(sa.select(review_pages.c.page).where(
                review_pages.c.doc_id == doc_id, review_pages.c.done.is_(True))).scalars())
