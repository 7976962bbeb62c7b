"""The review desk in Vietnamese by default (English on request, codes shown by label) and the search
over every document, diacritics aside, in the app and on the command line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from review_docs import WRONG_WORD, scanned_document, store_with
from test_review import decree, save, word_edit

from pipeline.review.i18n import catalogue, messages
from pipeline.search import SearchIndex, fts_query, snippet
from pipeline.store import Store

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


# --------------------------------------------------------------------------- more of both


CODES = ("phat_dong", "ke_hoach", "bao_cao", "quyet_dinh", "huong_dan", "cong_van", "in_review",
         "in_progress")


class _Visible(HTMLParser):
    """The text a reader sees: no tags, no attributes, no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_raw_code_is_shown_on_any_page(env, lang):
    alice = env.client("alice", lang=lang)
    doc = env.hostile.doc_id  # a phat_dong
    # Statuses in every state: one in review, one reviewed, one page in progress.
    target, wrong, right = WRONG_WORD
    assert save(alice, env.plan.doc_id, word_edit(target, wrong, right)).status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', alice.get("/").text)[1]
    assert alice.post(f"/documents/{env.plain.doc_id}/status",
                      data={"status": "reviewed", "csrf_token": csrf}).status_code in (200, 303)
    pages = {"list": "/", "list filtered": "/?doc_type=phat_dong", "document": f"/documents/{doc}",
             "corrected document": f"/documents/{env.plan.doc_id}",
             "history": f"/documents/{env.plan.doc_id}/history", "search": "/search?q=lang+son"}
    for name, path in pages.items():
        response = alice.get(path)
        assert response.status_code == 200, name
        text = visible(response.text)
        shown = [code for code in CODES if code in text]
        assert shown == [], f"raw codes on the {name} page: {shown}"
    listing = visible(alice.get("/").text)
    if lang == "vi":
        assert "Phát động" in listing and "Kế hoạch" in listing
        assert "Campaign launch" not in listing and "In review" not in listing
    else:
        assert "Campaign launch" in listing and "Plan" in listing and "In review" in listing


def test_phong_trao_thi_dua_is_found_without_its_marks(env):
    alice = env.client("alice")
    target, wrong, right = WRONG_WORD
    assert save(alice, env.plan.doc_id, word_edit(target, wrong, right)).status_code == 303  # thi đua
    html = alice.get("/search", params={"q": "phong trao thi dua"}).text
    assert "2 document(s) found for “phong trao thi dua”." in html
    assert "<mark>phong</mark> <mark>trào</mark> <mark>thi</mark> <mark>đua</mark>" in html
    assert "<mark>phong</mark> <mark>trào</mark> <mark>thi</mark> <mark>dựa</mark>" in html, "the other one"
    assert env.hostile.doc_id not in html, "its title line is other words"
    with Store(env.db) as store:
        index = SearchIndex(store)
        plain = {h.doc_id for h in index.search("phong trao thi dua")}
        assert plain == {env.plan.doc_id, env.plain.doc_id}
        assert {h.doc_id for h in index.search("PHONG TRÀO THI ĐUA")} == plain, "marks and case aside"
        assert {h.doc_id for h in index.search("phong tráo thị dúa")} == plain, "or the wrong marks"
        assert index.search("phong trao thi dua xe") == [], "every word must be there"
    assert "0 document(s) found" in alice.get("/search", params={"q": "phong trao xe dap"}).text


def test_the_search_page_finds_a_number_and_symbol_and_an_issuer(env):
    other = scanned_document(env.data, "decision", issuer="Sở Nội vụ", doc_type="quyet_dinh",
                             with_image=False)
    other.record.number, other.record.symbol = "345", "QĐ-UBND"
    store_with(env.db, [other])
    alice = env.client("alice")

    def found(**params: str) -> list[str]:
        html = alice.get("/search", params=params).text
        return re.findall(r'<a href="/documents/([0-9a-f]+)[^"]*" class="hit"', html)

    assert found(q="345/QĐ-UBND", field="number") == [other.doc_id]
    assert found(q="345/qd-ubnd", field="number") == [other.doc_id], "folded: Đ is D"
    assert found(q="345", field="number") == [other.doc_id]
    assert sorted(found(q="12/KH-UBND", field="number")) == sorted(
        [env.plan.doc_id, env.hostile.doc_id, env.plain.doc_id])
    assert found(q="12/KH-UBND", field="title") == []
    assert sorted(found(q="so noi vu", field="issuer")) == sorted([env.plain.doc_id, other.doc_id])
    assert found(q="huyen cao loc", field="issuer") == [env.hostile.doc_id]
    # A field the search does not know is everywhere, not an error.
    assert sorted(found(q="huyen cao loc", field="nowhere")) == [env.hostile.doc_id]


def test_decree_search_finds_the_unmarked_words_and_says_nothing_found(env):
    result = decree("search", "phong trao thi dua", "--db", str(env.db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert {line.split("\t")[0] for line in lines} == {env.plan.doc_id, env.plain.doc_id}
    assert all("[phong] [trào] [thi] [dựa]" in line for line in lines)
    number = decree("search", "12/kh-ubnd", "--db", str(env.db), "--in", "number")
    assert number.exit_code == 0 and len(number.stdout.splitlines()) == 3
    nothing = decree("search", "xe dap", "--db", str(env.db))
    assert nothing.exit_code == 0 and nothing.stdout == "" and "0 document(s)" in nothing.stderr


@pytest.mark.parametrize("kind", ["missing", "folder", "not a database", "another database"])
def test_decree_search_on_a_bad_store_is_one_line_exit_2(env, tmp_path, kind):
    db = tmp_path / "bad.db"
    if kind == "folder":
        db.mkdir()
    elif kind == "not a database":
        db.write_text("not a database at all\n" * 50)
    elif kind == "another database":
        import sqlite3

        with sqlite3.connect(db) as other:
            other.execute("CREATE TABLE t (x)")
    result = decree("search", "thi dua", "--db", str(db))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("decree: ") and str(db) in line
    assert "Traceback" not in result.output
