"""The review desk in Vietnamese by default (English on request, codes shown by label) and the search
over every document, diacritics aside, in the app and on the command line."""

from __future__ import annotations

import re

import pytest
from review_docs import WRONG_WORD, scanned_document, store_with
from test_review import Env, decree, save, word_edit

from pipeline.review.i18n import catalogue, messages
from pipeline.search import SearchIndex, fts_query, snippet
from pipeline.store import Store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Env:
    return Env(tmp_path_factory.mktemp("built") / "out")


@pytest.fixture
def env(built: Env, tmp_path) -> Env:
    return built.copy(tmp_path / "out")


# --------------------------------------------------------------------------- languages


def test_every_message_of_the_app_has_its_vietnamese():
    vietnamese = catalogue("vi")
    found = messages()
    assert len(found) > 100
    missing = [m for m in found if not vietnamese.get(m)]
    assert missing == [], "run `python -m pipeline.review.i18n` and translate the new messages"
    # Placeholders survive translation, or the page would fail or lie.
    for message in found:
        placeholders = re.compile(r"%\(\w+\)s")
        assert sorted(placeholders.findall(message)) == sorted(placeholders.findall(vietnamese[message]))


def test_the_desk_speaks_vietnamese_by_default_and_labels_codes(env):
    alice = env.client("alice", lang="")
    html = alice.get("/").text
    assert '<html lang="vi">' in html
    assert "Văn bản" in html and "Đăng xuất" in html and "Từ nghi ngờ" in html
    assert "Documents" not in html and "Sign out" not in html
    row = next(r for r in html.split("<tr")[2:] if env.hostile.doc_id in r)
    assert "Phát động" in row and "phat_dong" not in row.split("</a>")[1], "the code is shown by its label"
    assert '<option value="phat_dong" >Phát động</option>' in html, "the type filter by label too"
    page = alice.get(f"/documents/{env.hostile.doc_id}").text
    assert "Trích yếu" in page and "Ngày ban hành" in page and "Đánh dấu trang đã xong" in page
    assert '<option value="phat_dong" selected>Phát động</option>' in page


def test_english_on_request_and_remembered(env):
    alice = env.client("alice", lang="")
    english = alice.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Sign out" in english.text
    assert "Campaign launch" in english.text
    assert '<html lang="en">' in alice.get(f"/documents/{env.plan.doc_id}").text, "kept in a cookie"
    assert '<html lang="vi">' in alice.get("/?lang=vi").text


def test_a_wrong_date_is_explained_in_vietnamese(env):
    alice = env.client("alice", lang="vi")
    response = save(alice, env.plan.doc_id, {"field:issued_on": "32/12/2019"})
    assert response.status_code == 422
    assert "“32/12/2019” không phải là ngày: hãy viết 31/12/2019" in response.text
    assert "Chưa lưu gì: hãy sửa các giá trị được đánh dấu" in response.text


def test_too_many_sign_ins_are_refused_in_vietnamese(env):
    client = env.client(lang="vi")
    for _ in range(6):
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]
        response = client.post("/login", data={"name": "bob", "password": "no", "csrf_token": csrf})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần: hãy thử lại sau 30 giây." in response.text


# --------------------------------------------------------------------------- search


def test_queries_are_folded_and_quoted():
    assert fts_query("Thi ĐUA năm") == '"thi" AND "dua" AND "nam"'
    assert fts_query("12/KH-UBND", "number") == 'number : ("12 kh ubnd")'
    assert fts_query('" OR * NEAR(') == '"or" AND "near"', "nothing typed is operator syntax"
    assert fts_query("  ") is None


def test_a_snippet_marks_the_matches_in_the_original_text():
    text = "Phát động phong trào thi đua yêu nước năm 2020"
    pieces, offset = snippet(text, "thi dua")
    assert offset == text.index("thi")
    assert [p for p, hit in pieces if hit] == ["thi", "đua"]
    assert "".join(p for p, _ in pieces) == text


def test_search_finds_words_without_diacritics_numbers_and_issuers(env):
    with Store(env.db) as store:
        index = SearchIndex(store)
        by_words = index.search("TINH LANG SON")
        assert {h.doc_id for h in by_words} == {env.plan.doc_id, env.hostile.doc_id, env.plain.doc_id}
        assert all(h.page == 1 for h in by_words)
        assert [h.doc_id for h in index.search("cao loc", field="issuer")] == [env.hostile.doc_id]
        assert {h.doc_id for h in index.search("12/KH-UBND", field="number")} == {
            env.plan.doc_id, env.hostile.doc_id, env.plain.doc_id}
        assert index.search("12/KH-UBND", field="title") == []
        # The restoration wrote "dựa" where the scan says "đua": both are found by either spelling.
        assert {h.doc_id for h in index.search("thi đua")} == {env.plan.doc_id, env.plain.doc_id}
        assert index.search("hang") == []
    # A correction is searchable at the next search.
    alice = env.client("alice")
    target, wrong, _ = WRONG_WORD
    assert save(alice, env.plan.doc_id, word_edit(target, wrong, "hăng")).status_code == 303
    with Store(env.db) as store:
        [hit] = SearchIndex(store).search("HANG")
        assert hit.doc_id == env.plan.doc_id and ("hăng", True) in hit.snippet


def test_the_search_page_shows_highlighted_snippets_linked_to_the_page(env):
    alice = env.client("alice")
    html = alice.get("/search", params={"q": "nguyen van"}).text
    assert "3 document(s) found for “nguyen van”." in html
    assert "<mark>Nguyễn</mark> <mark>Văn</mark> A" in html
    assert f'href="/documents/{env.plan.doc_id}?page=1"' in html
    hostile = alice.get("/search", params={"q": "script alert"}).text
    assert "<script>" not in hostile and "&lt;<mark>script</mark>&gt;" in hostile, "text stays escaped"
    assert alice.get("/search", params={"q": ""}).status_code == 200
    stranger = env.client()
    assert stranger.get("/search?q=x", follow_redirects=False).status_code == 303


def test_decree_search_on_the_command_line(env):
    other = scanned_document(env.data, "second-page", with_image=False)
    store_with(env.db, [other])
    result = decree("search", "thi dua", "--db", str(env.db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all("\tp1\t" in line for line in lines)
    assert "[thi] [dựa]" in lines[0]
    assert "3 document(s)" in result.stderr
    assert decree("search", "x", "--db", str(env.data / "none.db")).exit_code == 2
    wrong = decree("search", "x", "--db", str(env.db), "--in", "everywhere")
    assert wrong.exit_code == 2 and "--in must be one of" in wrong.stderr
