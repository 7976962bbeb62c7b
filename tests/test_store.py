"""The store keeps every version and every correction: re-runs add versions, corrections stay on top."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from factory import make_document
from sqlalchemy.dialects import postgresql

from pipeline.store import (
    SCHEMA_VERSION,
    Conflict,
    DocumentNotFound,
    Store,
    TargetNotFound,
    documents,
    metadata,
    word_target,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """Every store test runs on both back ends: an SQLite file and a real PostgreSQL server."""
    where = tmp_path / "decrees.db" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store(where) as s:
        yield s


def test_a_saved_document_comes_back_identical(store: Store):
    doc = make_document(3)
    assert store.save_version(doc, pipeline_version="0.1.0+abc", model_version="abc") == 1
    assert store.document(doc.doc_id).to_dict() == doc.to_dict()
    assert store.current_record(doc.doc_id) == doc.record
    assert store.has_version(doc.doc_id, "0.1.0+abc")
    assert not store.has_version(doc.doc_id, "0.2.0+abc")


def test_the_database_is_sqlite_in_wal_mode_at_the_newest_schema(tmp_path: Path):
    Store(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        applied = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert applied == list(range(1, SCHEMA_VERSION + 1))
    with Store(tmp_path / "s.db") as again:  # reopening migrates nothing twice
        assert again.schema_version() == SCHEMA_VERSION


def test_a_rerun_adds_a_version_never_a_second_document(store: Store):
    doc = make_document(1)
    store.save_version(doc, pipeline_version="0.1.0+a", model_version="a")
    doc.record.title = "Về việc phát động thi đua (mô hình mới)"
    assert store.save_version(doc, pipeline_version="0.2.0+b", model_version="b") == 2
    assert store.doc_ids() == [doc.doc_id]
    versions = store.versions(doc.doc_id)
    assert [(v.seq, v.pipeline_version, v.model_version) for v in versions] == [(1, "0.1.0+a", "a"),
                                                                              (2, "0.2.0+b", "b")]
    assert store.document(doc.doc_id, 1).record.title != store.document(doc.doc_id).record.title
    assert store.document_info(doc.doc_id).title == "Về việc phát động thi đua (mô hình mới)"


def test_corrections_survive_a_rerun_and_are_applied_on_top_of_the_newest_version(store: Store):
    doc = make_document(0)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    target = word_target(1, 0, 0)
    assert store.current_value(doc.doc_id, "word", target) == "ỦY"
    store.correct_word(doc.doc_id, target, "UỶ", who="lan", before="ỦY", base_version=1)
    store.correct_field(doc.doc_id, "commemorations[0].years", 90, who="lan",
                        before=doc.record.commemorations[0].years, base_version=1)
    store.correct_field(doc.doc_id, "title", "Về việc phát động phong trào thi đua", who="minh",
                        before=doc.record.title, base_version=1)

    rerun = make_document(0, title="Ve viec phat dong (new model, still wrong)")
    store.save_version(rerun, pipeline_version="v2", model_version="m2")

    current = store.current_document(doc.doc_id)
    assert current.pages[0].main.lines[0].words[0].best == "UỶ"
    assert current.pages[0].main.lines[0].words[0].confidence == 1.0
    assert current.record.commemorations[0].years == 90
    assert current.record.title == "Về việc phát động phong trào thi đua"
    assert current.record.confidence["title"] == 1.0
    assert store.document(doc.doc_id).record.title.startswith("Ve viec"), "the version itself is kept as made"
    assert len(store.corrections(doc.doc_id)) == 3
    assert store.document_info(doc.doc_id).title == "Về việc phát động phong trào thi đua"


def test_a_correction_against_a_stale_value_is_refused_with_both_values(store: Store):
    doc = make_document(2)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    store.correct_field(doc.doc_id, "issuer", "UBND tỉnh Lạng Sơn", who="lan", before=doc.record.issuer,
                        base_version=1)
    with pytest.raises(Conflict) as caught:
        store.correct_field(doc.doc_id, "issuer", "UBND huyện", who="minh", before=doc.record.issuer,
                            base_version=1)
    assert caught.value.current == "UBND tỉnh Lạng Sơn"
    assert caught.value.attempted == "UBND huyện"
    assert store.current_record(doc.doc_id).issuer == "UBND tỉnh Lạng Sơn"
    assert len(store.corrections(doc.doc_id)) == 1, "the refused correction left no row"


def test_a_correction_against_an_old_version_is_refused(store: Store):
    doc = make_document(4)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    store.save_version(doc, pipeline_version="v2", model_version="m2")
    with pytest.raises(Conflict) as caught:
        store.correct_field(doc.doc_id, "number", "77", who="lan", before=doc.record.number, base_version=1)
    assert (caught.value.base_version, caught.value.current_version) == (1, 2)
    assert store.corrections(doc.doc_id) == []


def test_undo_is_a_new_row_that_puts_the_old_value_back(store: Store):
    doc = make_document(5)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    fix = store.correct_field(doc.doc_id, "recipients[1]", "Lưu: VT, TĐKT", who="lan", before="Lưu: VT",
                              base_version=1)
    undo = store.undo(fix.id, who="minh")
    assert undo.undoes == fix.id and undo.after == "Lưu: VT" and undo.before == "Lưu: VT, TĐKT"
    assert store.current_record(doc.doc_id).recipients[1] == "Lưu: VT"
    assert [c.id for c in store.corrections(doc.doc_id)] == [fix.id, undo.id]
    with pytest.raises(Conflict):  # the value is no longer what the correction set
        store.undo(fix.id, who="minh")


def test_corrections_whose_target_a_new_version_lacks_are_kept_and_listed(store: Store):
    doc = make_document(6)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    fix = store.correct_word(doc.doc_id, word_target(1, 2, 9), "2021", who="lan", before="2021",
                             base_version=1)
    shorter = make_document(6)
    del shorter.pages[0].readings[0].lines[2].words[9]
    store.save_version(shorter, pipeline_version="v2", model_version="m2")
    assert store.unapplied_corrections(doc.doc_id) == [fix]
    current_line = store.current_document(doc.doc_id).pages[0].main.lines[2]
    assert current_line.text == shorter.pages[0].main.lines[2].text


def test_bad_targets_and_documents_are_clear_errors(store: Store):
    doc = make_document(7)
    store.save_version(doc, pipeline_version="v1", model_version="m1")
    with pytest.raises(TargetNotFound):
        store.correct_word(doc.doc_id, word_target(3, 0, 0), "x", who="lan", before="x", base_version=1)
    with pytest.raises(TargetNotFound):
        store.correct_field(doc.doc_id, "no_such_field", "x", who="lan", before=None, base_version=1)
    with pytest.raises(TargetNotFound):
        store.correct_field(doc.doc_id, "doc_id", "x", who="lan", before=doc.doc_id, base_version=1)
    with pytest.raises(DocumentNotFound):
        store.current_document("0" * 16)
    bare = make_document(70, with_record=False)
    store.save_version(bare, pipeline_version="v1", model_version="m1")
    assert store.current_record(bare.doc_id) is None
    with pytest.raises(TargetNotFound):
        store.correct_field(bare.doc_id, "title", "x", who="lan", before=None, base_version=1)
    with pytest.raises(ValueError):
        store.correct_word(doc.doc_id, word_target(1, 0, 0), "hai từ", who="lan", before="ỦY", base_version=1)


def test_statuses_follow_the_review_and_everything_is_audited(store: Store):
    docs = [make_document(i) for i in range(3)]
    for doc in docs:
        store.save_version(doc, pipeline_version="v1", model_version="m1")
    assert store.status_counts() == {"new": 3, "in_review": 0, "reviewed": 0}
    store.correct_field(docs[0].doc_id, "place", "Lạng Sơn (tỉnh)", who="lan", before="Lạng Sơn",
                        base_version=1)
    store.set_status(docs[1].doc_id, "reviewed", who="minh")
    assert store.status_counts() == {"new": 1, "in_review": 1, "reviewed": 1}
    assert [d.doc_id for d in store.list_documents(status="in_review")] == [docs[0].doc_id]
    assert len(store.list_documents(limit=2)) == 2 and len(store.list_documents(offset=1)) == 2
    assert store.count_documents(doc_type="ke_hoach") == 1
    assert store.count_documents(search="lạng sơn") == 0 and store.count_documents(search="PHÁT ĐỘNG") == 3
    store.correct_field(docs[2].doc_id, "title", "KẾ HOẠCH THI ĐUA", who="lan", before=docs[2].record.title,
                        base_version=1)
    assert [d.doc_id for d in store.list_documents(search="kế hoạch")] == [docs[2].doc_id]
    assert len(store.list_documents(search="archive/", limit=2, offset=2)) == 1
    actions = [(e.action, e.who) for e in store.audit(docs[0].doc_id)]
    assert actions == [("correct_field", "lan"), ("save_version", "pipeline")]
    with pytest.raises(ValueError):
        store.set_status(docs[2].doc_id, "done", who="minh")


def test_users_are_kept_with_their_hash_only(store: Store):
    uid = store.add_user("lan", "argon2-hash-1")
    assert store.user("lan").id == uid and store.user("lan").password_hash == "argon2-hash-1"
    with pytest.raises(ValueError):
        store.add_user("lan", "other")
    store.set_password("lan", "argon2-hash-2", who="admin")
    assert [u.password_hash for u in store.users()] == ["argon2-hash-2"]
    assert store.user("nobody") is None


def test_iterating_current_documents_applies_corrections(store: Store):
    docs = [make_document(i) for i in range(5)]
    for doc in docs:
        store.save_version(doc, pipeline_version="v1", model_version="m1")
    store.correct_field(docs[3].doc_id, "title", "Tiêu đề đã sửa", who="lan", before=docs[3].record.title,
                        base_version=1)
    seen = {info.doc_id: doc for info, doc in store.iter_current_documents(batch=2)}
    assert set(seen) == {d.doc_id for d in docs}
    assert seen[docs[3].doc_id].record.title == "Tiêu đề đã sửa"


def test_the_schema_and_queries_are_plain_sql_postgresql_accepts():
    """No server here: the same statements must at least compile for PostgreSQL (the production store)."""
    emitted: list[str] = []

    def record(sql: sa.schema.ExecutableDDLElement, *args: object, **kwargs: object) -> None:
        emitted.append(str(sql.compile(dialect=engine.dialect)))

    engine = sa.create_mock_engine("postgresql+psycopg://", record)
    metadata.create_all(engine, checkfirst=False)
    assert len([s for s in emitted if s.lstrip().startswith("CREATE TABLE")]) == len(metadata.tables)
    assert not any("PRAGMA" in s or "AUTOINCREMENT" in s for s in emitted)
    locked = sa.select(documents).where(documents.c.doc_id == "x").with_for_update()
    assert "FOR UPDATE" in str(locked.compile(dialect=postgresql.dialect()))


def test_a_database_of_schema_1_is_migrated_and_its_versions_still_read(tmp_path: Path):
    db = tmp_path / "old.db"
    old_doc, new_doc = make_document(8), make_document(9)
    Store(db).close()
    with sqlite3.connect(db) as con:  # back to what schema 1 made: plain JSON, no compressed column
        con.execute("ALTER TABLE document_versions DROP COLUMN document_z")
        con.execute("DELETE FROM schema_migrations WHERE version > 1")
        con.execute("INSERT INTO documents (doc_id, source, media_type, status, current_version, corrections,"
                    " first_seen, updated_at) VALUES (?, ?, 'pdf', 'new', 1, 0, 'then', 'then')",
                    (old_doc.doc_id, old_doc.source))
        con.execute("INSERT INTO document_versions (doc_id, seq, pipeline_version, model_version, created_at,"
                    " document_json) VALUES (?, 1, 'v0', 'm0', 'then', ?)",
                    (old_doc.doc_id, old_doc.to_json()))
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.document(old_doc.doc_id) == old_doc
        store.save_version(new_doc, pipeline_version="v1", model_version="m1")
        assert store.document(new_doc.doc_id) == new_doc
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT length(document_z), length(document_json) FROM document_versions "
                             "WHERE doc_id = ?", (new_doc.doc_id,)).fetchone()
    assert stored[0] < len(new_doc.to_json()) / 3 and stored[1] == 0, "new versions are stored compressed"


def test_a_pipeline_version_is_saved_once_even_by_writers_racing_on_two_connections(store: Store):
    """Two runs on one store finishing the same document at once: one version, no error, on both back
    ends (PostgreSQL: the advisory lock covers a document row that does not exist yet)."""
    import threading

    doc = make_document(2)
    results: list[object] = []
    start = threading.Barrier(4)
    others = [Store(store.url) for _ in range(3)]

    def save(s: Store) -> None:
        start.wait()
        try:
            results.append(s.save_version_once(doc, pipeline_version="v1", model_version="m"))
        except Exception as exc:  # noqa: BLE001 - any error is a failure of the test below
            results.append(exc)

    threads = [threading.Thread(target=save, args=(s,)) for s in [store, *others[:3]]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in others:
        s.close()
    assert sorted(results, key=repr) == [1, None, None, None]
    assert [v.seq for v in store.versions(doc.doc_id)] == [1]
    assert store.save_version_once(doc, pipeline_version="v1", model_version="m") is None
    assert store.save_version_once(doc, pipeline_version="v2", model_version="m") == 2
    assert [(v.seq, v.pipeline_version) for v in store.versions(doc.doc_id)] == [(1, "v1"), (2, "v2")]
