"""Full-text search over every document of the store, insensitive to Vietnamese diacritics.

SQLite FTS5 indexes a folded copy of each document's text as users see it (corrections applied):
tone marks and vowel hats removed, đ -> d, lower case (`vietnamese.fold` keeps the length of the text,
so a match found in the folded copy has the same offsets in the original, which is kept beside it for
the snippets). Columns: the body, the title, the issuer, the number and symbol ("12/KH-UBND").
The index follows the store: a search first indexes again the documents whose version or
corrections changed since they were indexed.

    SearchIndex(store).search("thi dua", field=None, limit=20) -> list[Hit]

On a PostgreSQL store the same folded columns live in a plain table with pg_trgm trigram indexes
(GIN), and a term is a word-bounded regular expression over them (`~ '\\mthi\\W+dua\\M'`, which
those indexes serve); the folding is the same Python `fold` as for SQLite, so both stores find the
same documents (PostgreSQL's unaccent would fold less: it keeps some Vietnamese letters whole). The
ranking there counts which columns match, with bm25's column weights. Other databases:
`SearchUnavailable` says so in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from pipeline.store import Store
from pipeline.vietnamese import fold

FIELDS = ("body", "title", "issuer", "number")
SNIPPET_CHARS = 160
WORD = re.compile(r"\w+")


class SearchUnavailable(RuntimeError):
    """A store the search cannot index."""


@dataclass(frozen=True)
class Hit:
    doc_id: str
    source: str
    title: str | None
    issuer: str | None
    number: str | None  # "12/KH-UBND"
    issued_on: str | None
    page: int | None  # the page of the first match in the body, None when only a heading matched
    snippet: list[tuple[str, bool]]  # (text, is a match) pieces of the original text
    score: float


def folded(text: str) -> str:
    return fold(text).lower()


def terms(query: str) -> list[list[str]]:
    """The query's terms, folded: each whitespace-separated chunk is a term; a chunk with punctuation
    inside ("12/KH-UBND") is a phrase of its parts."""
    out = []
    for chunk in folded(query).split():
        parts = WORD.findall(chunk)
        if parts:
            out.append(parts)
    return out


def fts_query(query: str, field: str | None = None) -> str | None:
    """An FTS5 MATCH expression: every term must occur (quoted, so nothing the user types is
    operator syntax)."""
    found = terms(query)
    if not found:
        return None
    expression = " AND ".join('"' + " ".join(parts) + '"' for parts in found)
    return f"{field} : ({expression})" if field else expression


def snippet(original: str, query: str,
            width: int = SNIPPET_CHARS) -> tuple[list[tuple[str, bool]], int | None]:
    """A window of `original` around the first match of the query's terms, each match marked; and the
    offset of that first match (None when the text has none)."""
    low = folded(original)
    patterns = [r"\W+".join(re.escape(p) for p in parts) for parts in terms(query)]
    if not patterns:
        return [], None
    matcher = re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")
    first = matcher.search(low)
    if first is None:
        return [(" ".join(original[:width].split()), False)], None
    start = max(0, first.start() - width // 3)
    end = min(len(original), start + width)
    # Start and end at word boundaries, and keep one line of the page's text.
    while start > 0 and not original[start - 1].isspace():
        start -= 1
    while end < len(original) and not original[end].isspace():
        end += 1
    pieces: list[tuple[str, bool]] = []
    at = start
    for m in matcher.finditer(low, start, end):
        if m.start() > at:
            pieces.append((original[at:m.start()], False))
        pieces.append((original[m.start():m.end()], True))
        at = m.end()
    if at < end:
        pieces.append((original[at:end], False))
    pieces = [(" ".join(text.replace("\f", " ").split("\n")), hit) for text, hit in pieces]
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end < len(original):
        pieces.append((" …", False))
    return pieces, first.start()


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self.postgres = store.engine.dialect.name == "postgresql"
        if store.engine.dialect.name != "sqlite" and not self.postgres:
            raise SearchUnavailable(f"search needs a SQLite or PostgreSQL store, not "
                                    f"{store.engine.dialect.name}")
        self.store = store
        if self.postgres:
            self._create_postgres()
            return
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
                "doc_id UNINDEXED, body, title, issuer, number, "
                "tokenize = 'unicode61 remove_diacritics 2')")
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS search_docs (doc_id TEXT PRIMARY KEY, "
                "version INTEGER NOT NULL, corrections INTEGER NOT NULL, body TEXT NOT NULL, "
                "page_numbers TEXT NOT NULL)")

    def _create_postgres(self) -> None:
        with self.store.engine.begin() as conn:
            # One creator at a time: concurrent CREATE ... IF NOT EXISTS can still collide.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7305)"))
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            conn.execute(sa.text(
                "CREATE TABLE IF NOT EXISTS search_index (doc_id TEXT PRIMARY KEY, body TEXT NOT NULL, "
                "title TEXT NOT NULL, issuer TEXT NOT NULL, number TEXT NOT NULL)"))
            for column in FIELDS:
                conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS search_index_{column}_trgm "
                                     f"ON search_index USING gin ({column} gin_trgm_ops)"))
            conn.execute(sa.text(
                "CREATE TABLE IF NOT EXISTS search_docs (doc_id TEXT PRIMARY KEY, "
                "version INTEGER NOT NULL, corrections INTEGER NOT NULL, body TEXT NOT NULL, "
                "page_numbers TEXT NOT NULL)"))

    def refresh(self) -> int:
        """Index the documents new or changed since they were indexed; returns how many."""
        infos = {info.doc_id: info for info in self.store.list_documents()}
        with self.store.reader.connect() as conn:
            known = {row[0]: (row[1], row[2]) for row in
                     conn.exec_driver_sql("SELECT doc_id, version, corrections FROM search_docs")}
        stale = [d for d, info in infos.items()
                 if known.get(d) != (info.current_version, info.corrections)]
        gone = [d for d in known if d not in infos]
        for doc_id in gone:
            self._delete(doc_id)
        for doc_id in stale:
            info = infos[doc_id]
            doc = self.store.current_document(doc_id)
            record = doc.record
            body = "\f".join(p.main.restored_text if p.main else "" for p in doc.pages)
            number = "/".join(x for x in (record.number, record.symbol) if x) if record else ""
            with self.store.engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM search_index WHERE doc_id = :d"), {"d": doc_id})
                conn.execute(sa.text("DELETE FROM search_docs WHERE doc_id = :d"), {"d": doc_id})
                conn.execute(sa.text(
                    "INSERT INTO search_index (doc_id, body, title, issuer, number) "
                    "VALUES (:d, :body, :title, :issuer, :number)"),
                    {"d": doc_id, "body": folded(body), "title": folded(record.title or "") if record else "",
                     "issuer": folded(record.issuer or "") if record else "", "number": folded(number)})
                conn.execute(sa.text(
                    "INSERT INTO search_docs (doc_id, version, corrections, body, page_numbers) "
                    "VALUES (:d, :v, :c, :body, :pages)"),
                    {"d": doc_id, "v": info.current_version, "c": info.corrections, "body": body,
                     "pages": ",".join(str(p.number) for p in doc.pages)})
        return len(stale)

    def _delete(self, doc_id: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM search_index WHERE doc_id = :d"), {"d": doc_id})
            conn.execute(sa.text("DELETE FROM search_docs WHERE doc_id = :d"), {"d": doc_id})

    def search(self, query: str, field: str | None = None, limit: int = 50) -> list[Hit]:
        """The documents matching every term of `query` (in `field` only when given), best first."""
        if field is not None and field not in FIELDS:
            raise ValueError(f"field must be one of {', '.join(FIELDS)}")
        expression = fts_query(query, field)
        if expression is None:
            return []
        self.refresh()
        if self.postgres:
            rows = self._postgres_rows(query, field, limit)
        else:
            # Weights: a match in the title or the number counts most, then the issuer, then the body.
            sql = ("SELECT search_index.doc_id, bm25(search_index, 0.0, 1.0, 4.0, 2.0, 4.0) AS score, "
                   "search_docs.body, search_docs.page_numbers FROM search_index JOIN search_docs "
                   "ON search_docs.doc_id = search_index.doc_id WHERE search_index MATCH ? "
                   "ORDER BY score LIMIT ?")
            with self.store.reader.connect() as conn:
                rows = conn.exec_driver_sql(sql, (expression, limit)).fetchall()
        infos = {info.doc_id: info for info in self.store.list_documents()}
        hits = []
        for doc_id, score, body, page_numbers in rows:
            info = infos.get(doc_id)
            if info is None:
                continue
            record = self.store.current_record(doc_id)
            pieces, offset = snippet(body, query)
            page = None
            if offset is not None:
                numbers = [int(n) for n in page_numbers.split(",") if n]
                index = body.count("\f", 0, offset)
                page = numbers[index] if index < len(numbers) else None
            number = "/".join(x for x in (record.number, record.symbol) if x) if record else None
            if offset is None:
                # Only a heading matched: show that heading with its match.
                for heading in (record.title, number, record.issuer) if record else ():
                    marked, at = snippet(heading or "", query)
                    if at is not None:
                        pieces = marked
                        break
            hits.append(Hit(doc_id, info.source, record.title if record else info.title,
                            record.issuer if record else None, number or None, info.issued_on, page,
                            pieces, float(score)))
        return hits

    def _postgres_rows(self, query: str, field: str | None, limit: int) -> list[Any]:
        """(doc_id, score, body, page_numbers) of the documents where every term matches (in `field`
        when given), best first (lowest score first, as bm25 gives it)."""
        columns = (field,) if field else FIELDS
        weights = {"body": 1.0, "title": 4.0, "issuer": 2.0, "number": 4.0}
        params: dict[str, Any] = {"limit": limit}
        every, score = [], []
        for i, parts in enumerate(terms(query)):
            # The parts are folded word characters only: nothing in them is regex syntax.
            params[f"t{i}"] = r"\m" + r"\W+".join(parts) + r"\M"
            every.append("(" + " OR ".join(f"i.{c} ~ :t{i}" for c in columns) + ")")
            score.extend(f"CASE WHEN i.{c} ~ :t{i} THEN {weights[c]} ELSE 0 END" for c in columns)
        sql = (f"SELECT i.doc_id, -({' + '.join(score)}) AS score, d.body, d.page_numbers "
               "FROM search_index i JOIN search_docs d ON d.doc_id = i.doc_id "
               f"WHERE {' AND '.join(every)} ORDER BY score, i.doc_id LIMIT :limit")
        with self.store.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).fetchall()
