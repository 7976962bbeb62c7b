"""Every command that takes --db works on a real PostgreSQL server (started by the tests, conftest.py),
and two `decree run` processes on one PostgreSQL store at once never duplicate a document."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.store import Store, word_target

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = ROOT / "data" / "raw" / "003_d03dbde7257b0f58.txt"
PASSWORD = "một mật khẩu dài 2024"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DECREE_TEST_SLOW", "DECREE_TEST_TASK_SLOW", "DECREE_SCHEDULER"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env


def decree_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def decree(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(decree_cmd(*args), capture_output=True, text=True, cwd=cwd, timeout=600,
                          env=_env(), input=stdin)


def make_archive(folder: Path, n: int) -> Path:
    paras = [p for p in SEED_003.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"doc_{i:02d}.txt").write_text(f"Văn bản số {i}\n\n{paras[i % len(paras)]}\n",
                                                 encoding="utf-8")
    return folder


def version_rows(url: str) -> list[tuple[str, int]]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as con:
            return [tuple(r) for r in con.execute(sa.text(
                "SELECT doc_id, seq FROM document_versions ORDER BY doc_id, seq"))]
    finally:
        engine.dispose()


def test_run_export_users_review_and_train_on_a_postgresql_store(pg_url: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    archive = make_archive(tmp_path / "archive", 2)
    run = decree("run", str(archive), "--out", str(tmp_path / "out"), "--db", pg_url, "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "out" / "decrees.db").exists()  # the rows went to PostgreSQL, not a file
    rows = version_rows(pg_url)
    assert len(rows) == 2 and {seq for _, seq in rows} == {1}

    exported = decree("export", "--db", pg_url, "--out", str(tmp_path / "datasets"))
    assert exported.returncode == 0, exported.stderr
    import pandas as pd

    documents = pd.read_parquet(tmp_path / "datasets" / "documents.parquet")
    assert sorted(documents["doc_id"]) == sorted(d for d, _ in rows)

    added = decree("users", "add", "lan", "--db", pg_url, "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    listed = decree("users", "list", "--db", pg_url)
    assert listed.returncode == 0 and "lan" in listed.stdout, listed.stdout + listed.stderr

    # The review app on the same store: sign in as the user just added and see both documents.
    from fastapi.testclient import TestClient

    from pipeline.review.app import Settings, create_app

    monkeypatch.chdir(tmp_path)  # a URL store keeps the app's session key in the working folder
    client = TestClient(create_app(Settings(db=pg_url, data_dir=tmp_path / "out")))
    client.cookies.set("decree_lang", "en")
    login = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
    assert csrf, login.text
    response = client.post("/login", data={"name": "lan", "password": PASSWORD, "next": "/",
                                           "csrf_token": csrf.group(1)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    listing = client.get("/")
    assert listing.status_code == 200
    for doc_id, _ in rows:
        assert doc_id in listing.text

    # A correction made in the store is folded into a copy of the models by train --corrections URL.
    with Store(pg_url) as store:
        doc_id = rows[0][0]
        doc = store.current_document(doc_id)
        target = word_target(1, 0, 0)
        before = store.current_value(doc_id, "word", target)
        assert before == doc.pages[0].main.lines[0].words[0].best
        store.correct_word(doc_id, target, before + "x", who="lan", before=before, base_version=1)
    models = tmp_path / "restore"
    shutil.copytree(ROOT / "models" / "restore", models)
    trained = decree("train", "--corrections", pg_url, "--out", str(models))
    assert trained.returncode == 0, trained.stderr
    assert re.search(r"folded 1 corrected words", trained.stdout), trained.stdout


def test_two_runs_at_once_on_one_postgresql_store_never_duplicate_a_document(pg_url: str, tmp_path: Path):
    archive = make_archive(tmp_path / "archive", 5)
    env = _env() | {"DECREE_TEST_TASK_SLOW": "1"}  # both runs are busy with the same documents at once
    runs = [subprocess.Popen(decree_cmd("run", str(archive), "--out", str(tmp_path / f"out{i}"),
                                        "--db", pg_url, "--workers", "1"),
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(2)]
    done = 0
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        done += int(re.search(r"^\s*done\s+(\d+)\b", stderr, re.M).group(1))
    rows = version_rows(pg_url)
    assert len(rows) == 5 and len({d for d, _ in rows}) == 5 and {seq for _, seq in rows} == {1}
    assert done == 5  # each document counted done by exactly one of the runs


def test_search_on_postgresql_finds_what_sqlite_finds(pg_url: str, tmp_path: Path):
    """The review app's search on a PostgreSQL store (pg_trgm over the folded text): the same documents,
    pages and snippets as on SQLite, without diacritics, by number and by issuer, corrections included."""
    from review_docs import WRONG_WORD, scanned_document

    from pipeline.search import SearchIndex

    plan = scanned_document(tmp_path, with_image=False)
    hostile = scanned_document(tmp_path, "hostile", title_line="<script>alert('x')</script> & <b>bold</b>",
                               issuer="UBND huyện Cao Lộc", doc_type="phat_dong", issued_on="2019-05-02",
                               with_image=False)
    plain = scanned_document(tmp_path, "plain", issuer="Sở Nội vụ", issued_on="2021-03-03", with_image=False)
    queries = [("TINH LANG SON", None), ("cao loc", "issuer"), ("12/KH-UBND", "number"),
               ("12/KH-UBND", "title"), ("thi đua", None), ("hang", None), ("sở nội vụ", None),
               ("ubnd", None)]
    found = {}
    for where in (tmp_path / "s.db", pg_url):
        with Store(where) as store:
            for doc in (plan, hostile, plain):
                store.save_version(doc, pipeline_version="test", model_version="test")
            index = SearchIndex(store)
            found[str(where)] = [sorted((h.doc_id, h.page, tuple(h.snippet)) for h in index.search(q, f))
                                 for q, f in queries]
    sqlite_hits, pg_hits = found.values()
    assert pg_hits == sqlite_hits
    by_query = dict(zip(queries, pg_hits, strict=True))
    assert {h[0] for h in by_query[("TINH LANG SON", None)]} == {plan.doc_id, hostile.doc_id, plain.doc_id}
    assert [h[0] for h in by_query[("cao loc", "issuer")]] == [hostile.doc_id]
    assert by_query[("12/KH-UBND", "title")] == [] and by_query[("hang", None)] == []
    with Store(pg_url) as store:
        target, wrong, _ = WRONG_WORD
        store.correct_word(plan.doc_id, target, "hăng", who="lan", before=wrong, base_version=1)
        [hit] = SearchIndex(store).search("HANG")
        assert hit.doc_id == plan.doc_id and ("hăng", True) in hit.snippet
