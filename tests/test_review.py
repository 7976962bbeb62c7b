"""The review app, page by page and action by action, as archivists use it: sign in, find the least
sure documents, correct words and fields beside the scan, save, see the history, undo; and what it
refuses: strangers, forged forms, stale saves, paths outside the data folder, script in a document."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from click.testing import Result
from fastapi import FastAPI
from fastapi.testclient import TestClient
from review_docs import WRONG_WORD, scanned_document, store_with
from typer.testing import CliRunner

from pipeline.cli import app as decree_app
from pipeline.review.app import Settings, create_app
from pipeline.review.security import load_or_create_secret, secret_path
from pipeline.review.users import Users
from pipeline.store import Store

PASSWORD = "correct horse battery"


# Hashing with argon2's defaults takes a good part of a second on a busy machine; the tests' own
# accounts use the cheapest parameters (signing in verifies with the parameters stored in the hash).
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Env:
    """A run's output folder: the store with three documents and three accounts, the page images."""

    def __init__(self, data: Path, build: bool = True) -> None:
        self.data = data
        self.db = data / "decrees.db"
        self.plan = scanned_document(data, with_image=build)
        self.hostile = scanned_document(
            data, "hostile", title_line="<script>alert('x')</script> & <b>bold</b>",
            issuer="UBND huyện Cao Lộc", doc_type="phat_dong", issued_on="2019-05-02", with_image=build)
        self.plain = scanned_document(data, "plain", issuer="Sở Nội vụ", issued_on="2021-03-03",
                                      with_image=False)
        for word in (w for _, _, line in self.plain.lines() for w in line.words):
            word.confidence = 0.99
        if build:
            store_with(self.db, [self.plan, self.hostile, self.plain])
            with Store(self.db) as store:
                users = Users(store, CHEAP)
                users.add("alice", PASSWORD)
                users.add("bob", PASSWORD)
                users.add("root", PASSWORD, role="admin")
        self._app: FastAPI | None = None

    @property
    def app(self) -> FastAPI:
        if self._app is None:
            self._app = create_app(Settings(db=str(self.db), data_dir=self.data))
        return self._app

    def copy(self, data: Path) -> Env:
        shutil.copytree(self.data, data)
        other = Env.__new__(Env)
        other.__dict__.update(self.__dict__)
        other.data, other.db, other._app = data, data / "decrees.db", None
        return other

    def client(self, name: str | None = None, lang: str = "en") -> TestClient:
        """A browser, signed in as `name`; in English unless asked (most checks read the English)."""
        client = TestClient(self.app)
        client.cookies.set("decree_lang", lang)
        if name is not None:
            page = client.get("/login")
            response = client.post("/login", data={"name": name, "password": PASSWORD, "next": "/",
                                                   "csrf_token": token(page.text)}, follow_redirects=False)
            assert response.status_code == 303, response.text
        return client

    def store(self) -> Store:
        return Store(self.db)


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found[1]


def form_of(html: str) -> dict[str, str]:
    """The save form's inputs as the page gives them (hidden ones and fields, not the submit)."""
    form = html[html.index('id="save-form"'):html.index("</form>", html.index('id="save-form"'))]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    values.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        # As a browser does: the selected option, else the first.
        chosen = re.search(r'<option value="([^"]*)" selected>', options) or \
            re.search(r'<option value="([^"]*)"', options)
        values[name] = chosen[1]
    return {k: _unescape(v) for k, v in values.items()}


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def save(client: TestClient, env_doc_id: str, edits: dict[str, str], page_html: str | None = None):
    html = page_html or client.get(f"/documents/{env_doc_id}").text
    data = form_of(html)
    data.update(edits)
    return client.post(f"/documents/{env_doc_id}/save", data=data, follow_redirects=False)


def word_edit(target: str, before: str, after: str) -> dict[str, str]:
    return {f"word:{target}": after, f"word_before:{target}": before}



# --------------------------------------------------------------------------- signing in


def test_every_page_sends_a_stranger_to_the_sign_in_page(env):
    stranger = env.client()
    doc = env.plan.doc_id
    for path in ("/", f"/documents/{doc}", f"/documents/{doc}/history", f"/documents/{doc}/pages/1/image"):
        response = stranger.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next="), path
    assert stranger.get("/", headers={"HX-Request": "true"}).status_code == 401


def test_a_stranger_cannot_post_anything_even_with_a_token(env):
    stranger = env.client()
    csrf = token(stranger.get("/login").text)
    doc = env.plan.doc_id
    for action in ("save", "status", "corrections/1/undo"):
        path = f"/documents/{doc}/{action}"
        response = stranger.post(path, data={"csrf_token": csrf, "status": "reviewed", "revision": "1"},
                                 follow_redirects=False)
        assert response.status_code == 401, path
    with env.store() as store:
        assert store.document_info(doc).status == "new"


def test_wrong_password_and_unknown_name_are_refused_alike(env):
    client = env.client()
    csrf = token(client.get("/login").text)
    for name, password in (("alice", "not the password"), ("mallory", PASSWORD)):
        response = client.post("/login", data={"name": name, "password": password, "csrf_token": csrf})
        assert response.status_code == 401
        assert "Wrong name or password." in response.text
    assert client.get("/", follow_redirects=False).status_code == 303
    with env.store() as store:
        assert [(e.action, e.who) for e in store.audit()[:2]] == [("login_refused", "mallory"),
                                                                   ("login_refused", "alice")]


def test_sign_in_without_csrf_token_is_refused(env):
    client = env.client()
    client.get("/login")
    response = client.post("/login", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(env):
    client = env.client()
    csrf = token(client.get("/login").text)
    for target, expected in ((f"/documents/{env.plan.doc_id}", f"/documents/{env.plan.doc_id}"),
                             ("//evil.example/x", "/"), ("https://evil.example/", "/")):
        client.cookies.clear()
        csrf = token(client.get("/login").text)
        response = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": csrf,
                                               "next": target}, follow_redirects=False)
        assert response.headers["location"] == expected


def test_sign_out_ends_the_session_and_needs_the_token(env):
    alice = env.client("alice")
    assert alice.post("/logout", follow_redirects=False).status_code == 403
    assert alice.get("/").status_code == 200
    csrf = token(alice.get("/").text)
    assert alice.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert alice.get("/", follow_redirects=False).status_code == 303
    with env.store() as store:
        assert [(e.action, e.who) for e in store.audit()[:2]] == [("logout", "alice"), ("login", "alice")]


def test_a_new_password_signs_the_user_out_everywhere(env):
    alice = env.client("alice")
    with env.store() as store:
        Users(store).set_password("alice", "another long password", who="test")
    assert alice.get("/", follow_redirects=False).status_code == 303


def test_the_session_key_is_kept_next_to_the_database_readable_by_its_owner_only(tmp_path):
    db = tmp_path / "decrees.db"
    path = secret_path(db)
    assert path.parent == tmp_path
    key = load_or_create_secret(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_secret(path) == key and len(key) >= 40


def test_sessions_survive_a_restart_of_the_app(env):
    alice = env.client("alice")
    restarted = TestClient(create_app(Settings(db=str(env.db), data_dir=env.data)))
    restarted.cookies.update(alice.cookies)
    assert restarted.get("/").status_code == 200


# --------------------------------------------------------------------------- the document list


def test_the_list_puts_the_least_sure_documents_first_with_their_doubtful_words(env):
    html = env.client("alice").get("/").text
    order = [m for m in re.findall(r'href="/documents/([0-9a-f]{16})"', html)]
    assert order == [env.hostile.doc_id, env.plan.doc_id, env.plain.doc_id] or \
        order == [env.plan.doc_id, env.hostile.doc_id, env.plain.doc_id]
    assert order[-1] == env.plain.doc_id, "the document with no doubtful word comes last"
    rows = html.split("<tr")[2:]
    plan_row = next(r for r in rows if env.plan.doc_id in r)
    plain_row = next(r for r in rows if env.plain.doc_id in r)
    assert "2 / 28" in plan_row, "2 doubtful of 28 words"
    assert "0 / 28" in plain_row
    assert "0.45" in plan_row and "0.99" in plain_row


def test_the_list_counts_are_kept_across_restarts_and_follow_corrections(env, monkeypatch):
    alice = env.client("alice")
    alice.get("/")
    restarted = TestClient(create_app(Settings(db=str(env.db), data_dir=env.data)))
    restarted.cookies.update(alice.cookies)

    def no_reading(*args, **kwargs):
        raise AssertionError("the list read a document it had already measured")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "current_document", no_reading)
        patch.setattr(Store, "iter_current_documents", no_reading)
        assert "2 / 28" in restarted.get("/").text
    save(restarted, env.plan.doc_id, word_edit(*WRONG_WORD))
    row = next(r for r in restarted.get("/").text.split("<tr")[2:] if env.plan.doc_id in r)
    assert "1 / 28" in row, "the corrected word is no longer doubtful"
    stricter = TestClient(create_app(Settings(db=str(env.db), data_dir=env.data, threshold=0.995)))
    stricter.cookies.update(alice.cookies)
    row = next(r for r in stricter.get("/").text.split("<tr")[2:] if env.plain.doc_id in r)
    assert "28 / 28" in row, "a new threshold counts again"


@pytest.mark.parametrize("query, expected", [
    ({"doc_type": "phat_dong"}, {"hostile"}),
    ({"year": "2020"}, {"plan"}),
    ({"issuer": "Sở Nội vụ"}, {"plain"}),
    ({"status": "new"}, {"plan", "hostile", "plain"}),
    ({"status": "reviewed"}, set()),
    ({"doc_type": "ke_hoach", "year": "2021"}, {"plain"}),
])
def test_the_list_filters_by_status_type_year_and_issuer(env, query, expected):
    html = env.client("alice").get("/", params=query).text
    shown = set(re.findall(r'href="/documents/([0-9a-f]{16})"', html))
    names = {"plan": env.plan.doc_id, "hostile": env.hostile.doc_id, "plain": env.plain.doc_id}
    assert shown == {names[n] for n in expected}
    for value in query.values():
        assert f'<option value="{value}" selected>' in html, "the filter shows what it is set to"


def test_htmx_filtering_answers_with_the_rows_only(env):
    response = env.client("alice").get("/", params={"year": "2019"},
                                       headers={"HX-Request": "true", "HX-Target": "doc-rows"})
    assert "<html" not in response.text and "<table" in response.text
    assert env.hostile.doc_id in response.text and env.plan.doc_id not in response.text


# --------------------------------------------------------------------------- the document view


def test_the_document_view_shows_the_scan_words_doubts_alternatives_and_record(env):
    html = env.client("alice").get(f"/documents/{env.plan.doc_id}").text
    assert f'src="/documents/{env.plan.doc_id}/pages/1/image"' in html
    assert html.count('class="box') == 28, "a box over the page image for every word"
    doubtful = re.findall(r'<span class="w doubtful" data-key="([^"]+)"', html)
    assert doubtful == ["p1/ocr_vie/l1/w1", WRONG_WORD[0]]
    wrong = re.search(rf'data-key="{re.escape(WRONG_WORD[0])}"[^>]*data-alts="([^"]*)"', html)
    assert json.loads(_unescape(wrong[1])) == ["đua", "dưa", "dừa"]
    assert 'data-orig="dua"' in html, "the word as read is at hand"
    assert "Phat dong phong trao thi dua nam 2020" in html, "the garbled original is one toggle away"
    assert "Source: «Phát động phong trào thi dựa năm 2020»" in html, "the title shows its source span"
    assert 'name="field:issuer" value="UBND tỉnh Lạng Sơn"' in html


def test_word_boxes_are_placed_where_the_words_are_on_the_image(env):
    html = env.client("alice").get(f"/documents/{env.plan.doc_id}").text
    word = env.plan.pages[0].main.lines[3].words[5]
    left = re.search(rf'class="box doubtful" data-key="{re.escape(WRONG_WORD[0])}"[^>]*style="left:([\d.]+)%;'
                     rf'top:([\d.]+)%', html)
    assert abs(float(left[1]) - 100 * word.box[0] / 1000) < 0.01
    assert abs(float(left[2]) - 100 * word.box[1] / env.plan.pages[0].height) < 0.01


def test_a_document_without_an_image_still_opens(env):
    html = env.client("alice").get(f"/documents/{env.plain.doc_id}").text
    assert 'class="review no-image"' in html, "the text takes the scan's place"
    assert 'class="scan"' not in html and 'class="box' not in html


def test_text_from_a_document_is_shown_escaped_everywhere(env):
    alice = env.client("alice")
    doc = env.hostile.doc_id
    line = env.hostile.pages[0].main.lines[3]
    target = f"p1/ocr_vie/l3/w{len(line.words) - 1}"
    assert save(alice, doc, word_edit(target, line.words[-1].best, "<img/src=x/onerror=alert(1)>")) \
        .status_code == 303
    for path in ("/", f"/documents/{doc}", f"/documents/{doc}/history"):
        html = alice.get(path).text
        assert "<script>alert(" not in html and "<b>bold</b>" not in html and "<img/src" not in html, path
    assert "&lt;script&gt;alert(" in alice.get(f"/documents/{doc}").text


def test_unknown_and_malformed_documents_are_not_found(env):
    alice = env.client("alice")
    assert alice.get("/documents/0000000000000000").status_code == 404
    assert alice.get("/documents/..%2F..%2Fetc").status_code == 404


# --------------------------------------------------------------------------- page images


def test_the_page_image_is_served(env):
    response = env.client("alice").get(f"/documents/{env.plan.doc_id}/pages/1/image")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content == (env.data / "pages" / env.plan.doc_id / "1.png").read_bytes()


@pytest.mark.parametrize("image", ["../secret.png", "/etc/passwd", "pages/../../secret.png", "decrees.db"])
def test_a_page_image_outside_the_data_folder_is_never_served(env, image):
    (env.data.parent / "secret.png").write_bytes(b"\x89PNG secret")
    doc = scanned_document(env.data, "escaping", with_image=False)
    doc.pages[0].image = image if not image.startswith("..") else str(Path(image))
    store_with(env.db, [doc])
    response = env.client("alice").get(f"/documents/{doc.doc_id}/pages/1/image")
    assert response.status_code == 404
    assert b"secret" not in response.content and b"root:" not in response.content
    assert b"SQLite" not in response.content


def test_a_link_from_the_pages_folder_to_outside_is_not_followed(env):
    secret = env.data.parent / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    image = env.data / "pages" / env.plan.doc_id / "1.png"
    image.unlink()
    image.symlink_to(secret)
    response = env.client("alice").get(f"/documents/{env.plan.doc_id}/pages/1/image")
    assert response.status_code == 404 and b"secret" not in response.content


@pytest.mark.parametrize("path", ["/documents/..%2F..%2Fsecret/pages/1/image",
                                  "/documents/%2e%2e/pages/1/image",
                                  "/documents/abc/pages/..%2F..%2Fsecret/image"])
def test_traversal_in_the_image_address_is_refused(env, path):
    (env.data.parent / "secret").mkdir()
    (env.data.parent / "secret" / "pages").mkdir()
    response = env.client("alice").get(path)
    assert response.status_code in (404, 422)
    assert b"PNG" not in response.content


# --------------------------------------------------------------------------- saving corrections


def test_a_word_fix_is_a_new_correction_row_and_the_export_shows_it_at_once(env, tmp_path):
    alice = env.client("alice")
    target, wrong, right = WRONG_WORD
    response = save(alice, env.plan.doc_id, word_edit(target, wrong, right))
    assert response.status_code == 303 and "saved=1&" in response.headers["location"]
    with env.store() as store:
        [fix] = store.corrections(env.plan.doc_id)
        assert (fix.kind, fix.target, fix.before, fix.after, fix.who) == \
            ("word", target, wrong, right, "alice")
        assert store.document(env.plan.doc_id).pages[0].main.lines[3].words[5].restored == wrong, \
            "the pipeline's version is kept as it was"
    html = alice.get(f"/documents/{env.plan.doc_id}?saved=1").text
    assert "Saved 1 correction." in html
    assert f'data-key="{target}" data-before="{right}"' in html
    assert re.search(rf'class="w" data-key="{re.escape(target)}"', html), "no longer doubtful"
    result = decree("export", "--db", str(env.db), "--out", str(tmp_path / "export"))
    assert result.exit_code == 0, result.output
    restored = (tmp_path / "export" / "restored" / f"{env.plan.doc_id}.txt").read_text(encoding="utf-8")
    assert "Phát động phong trào thi đua năm 2020" in restored


def test_accepting_a_doubtful_word_marks_it_verified_without_a_correction(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    before = alice.get("/").text
    assert re.search(r"<td class=\"num\">2 / \d+</td>", before.split(doc)[1]), "two doubtful words at first"
    response = save(alice, doc, word_edit("p1/ocr_vie/l1/w1", "LẠNG", "LẠNG"))
    assert response.status_code == 303 and "saved=0&verified=1" in response.headers["location"]
    html = alice.get(response.headers["location"]).text
    assert "1 word(s) marked verified." in html
    assert re.findall(r'<span class="w doubtful" data-key="([^"]+)"', html) == [WRONG_WORD[0]]
    with env.store() as store:
        assert store.corrections(doc) == [], "nothing changed: no correction row"
        assert store.document_info(doc).corrections == 0
        assert store.audit(doc)[0].action == "verify_words"
    after = alice.get("/").text
    assert re.search(r"<td class=\"num\">1 / \d+</td>", after.split(doc)[1]), "one doubtful word left"
    # A new pipeline version that reads the word otherwise makes it doubtful again.
    import copy

    plan = copy.deepcopy(env.plan)
    plan.pages[0].main.lines[1].words[1].restored = "LĂNG"
    store_with(env.db, [plan])
    again = alice.get(f"/documents/{doc}").text
    assert len(re.findall(r'<span class="w doubtful"', again)) == 2


def test_field_edits_are_saved_and_the_record_export_shows_them(env, tmp_path):
    alice = env.client("alice")
    edits = {"field:title": "Phát động phong trào thi đua năm 2020", "field:issued_on": "2020-01-16",
             "field:recipients": "Ban TĐKT Trung ương\nSở Nội vụ\nLưu: VT", "field:signer.capacity": "TM."}
    assert save(alice, env.plan.doc_id, edits).status_code == 303
    with env.store() as store:
        fixes = {c.target: (c.before, c.after) for c in store.corrections(env.plan.doc_id)}
        record = store.current_record(env.plan.doc_id)
    assert set(fixes) == {"title", "issued_on", "recipients", "signer.capacity"}, \
        "unchanged fields are no edits"
    assert fixes["recipients"] == (["Ban TĐKT Trung ương", "Lưu: VT"],
                                   ["Ban TĐKT Trung ương", "Sở Nội vụ", "Lưu: VT"])
    assert record.issued_on == "2020-01-16" and record.signer.capacity == "TM."
    with env.store() as store:
        from pipeline.export import export

        export(store, tmp_path / "export")
    exported = json.loads((tmp_path / "export" / "records" / f"{env.plan.doc_id}.json").read_text("utf-8"))
    assert exported["title"] == "Phát động phong trào thi đua năm 2020"
    assert exported["recipients"][1] == "Sở Nội vụ"


def test_decomposed_letters_from_the_browser_are_stored_composed(env):
    import unicodedata

    alice = env.client("alice")
    issuer = "UBND tỉnh Lạng Sơn"
    edits = {"field:issuer": unicodedata.normalize("NFD", issuer),  # the same text, decomposed: no edit
             **word_edit(WRONG_WORD[0], WRONG_WORD[1], unicodedata.normalize("NFD", "dưa"))}
    assert save(alice, env.plan.doc_id, edits).status_code == 303
    with env.store() as store:
        assert [(c.target, c.after) for c in store.corrections(env.plan.doc_id)] == [(WRONG_WORD[0], "dưa")]


def test_the_items_of_the_records_lists_are_edited_one_by_one(env):
    alice = env.client("alice")
    html = alice.get(f"/documents/{env.plan.doc_id}").text
    assert "Commemoration 1" in html and "Awarded 1" in html
    assert 'name="field:awarded[0].individuals" value="15"' in html
    edits = {"field:commemorations[0].years": "91", "field:awarded[0].individuals": "16",
             "field:commemorations[0].event": "91 năm Ngày thành lập Đảng Cộng sản Việt Nam"}
    assert save(alice, env.plan.doc_id, edits, page_html=html).status_code == 303
    with env.store() as store:
        record = store.current_record(env.plan.doc_id)
        fixes = {c.target: c.after for c in store.corrections(env.plan.doc_id)}
    assert fixes == {"commemorations[0].years": 91, "awarded[0].individuals": 16,
                     "commemorations[0].event": "91 năm Ngày thành lập Đảng Cộng sản Việt Nam"}
    assert record.commemorations[0].years == 91 and record.awarded[0].individuals == 16
    assert record.awarded[0].collectives == 3, "the item's other values are kept"


def test_a_part_the_record_lacks_can_be_filled_in(env):
    doc = scanned_document(env.data, "no-period", with_image=False)
    doc.record.period = None
    store_with(env.db, [doc])
    alice = env.client("alice")
    edits = {"field:period.start": "2021-02-01", "field:period.text": "Từ 01/02/2021"}
    assert save(alice, doc.doc_id, edits).status_code == 303
    with env.store() as store:
        period = store.current_record(doc.doc_id).period
    assert (period.start, period.end, period.text) == ("2021-02-01", None, "Từ 01/02/2021")


@pytest.mark.parametrize("edits, message", [
    (word_edit(WRONG_WORD[0], "dựa", "thi đua"), "one word"),
    ({"field:nowhere": "x"}, "unknown field"),
    ({**word_edit(WRONG_WORD[0], "dựa", "đua"), "field:references[3].number": "1/KH"}, "no Reference 4"),
    (word_edit("p9/ocr_vie/l0/w0", "x", "y"), "no word"),
])
def test_an_impossible_edit_is_refused_and_nothing_is_written(env, edits, message):
    response = save(env.client("alice"), env.plan.doc_id, edits)
    assert response.status_code == 400 and message in response.text
    with env.store() as store:
        assert store.corrections(env.plan.doc_id) == []


def test_a_save_without_the_csrf_token_is_refused(env):
    alice = env.client("alice")
    data = form_of(alice.get(f"/documents/{env.plan.doc_id}").text)
    data.update(word_edit(*WRONG_WORD))
    for forged in ({k: v for k, v in data.items() if k != "csrf_token"}, {**data, "csrf_token": "forged"}):
        response = alice.post(f"/documents/{env.plan.doc_id}/save", data=forged)
        assert response.status_code == 403
    stranger_token = token(env.client("bob").get("/").text)
    assert alice.post(f"/documents/{env.plan.doc_id}/save", data={**data, "csrf_token": stranger_token}) \
        .status_code == 403, "another session's token does not do"
    with env.store() as store:
        assert store.corrections(env.plan.doc_id) == []


def test_htmx_requests_carry_the_token_in_a_header(env):
    alice = env.client("alice")
    csrf = token(alice.get(f"/documents/{env.plan.doc_id}").text)
    path = f"/documents/{env.plan.doc_id}/status"
    assert alice.post(path, data={"status": "reviewed"}, headers={"HX-Request": "true"}).status_code == 403
    response = alice.post(path, data={"status": "reviewed"},
                          headers={"HX-Request": "true", "X-CSRF-Token": csrf})
    assert response.status_code == 200 and "<html" not in response.text and "reviewed" in response.text
    with env.store() as store:
        assert store.document_info(env.plan.doc_id).status == "reviewed"
    html = alice.get("/", params={"status": "reviewed"}).text
    assert set(re.findall(r'href="/documents/([0-9a-f]{16})"', html)) == {env.plan.doc_id}


def test_saving_puts_a_new_document_in_review(env):
    save(env.client("alice"), env.plan.doc_id, word_edit(*WRONG_WORD))
    with env.store() as store:
        assert store.document_info(env.plan.doc_id).status == "in_review"


# --------------------------------------------------------------------------- two reviewers


def test_a_stale_save_gets_a_conflict_page_with_both_values_and_loses_nothing(env):
    alice, bob = env.client("alice"), env.client("bob")
    doc = env.plan.doc_id
    target, wrong, _ = WRONG_WORD
    bobs_page = bob.get(f"/documents/{doc}").text
    assert save(alice, doc, word_edit(target, wrong, "đua")).status_code == 303
    edits = {**word_edit(target, wrong, "dưa"), **word_edit("p1/ocr_vie/l1/w1", "LẠNG", "LĂNG")}
    response = save(bob, doc, edits, page_html=bobs_page)
    assert response.status_code == 409
    assert "Someone else saved changes" in response.text
    clash = response.text[response.text.index("<tbody>"):response.text.index("</tbody>")]
    assert "dựa" in clash and "dưa" in clash and "đua" in clash and "alice" in clash
    with env.store() as store:
        fixes = store.corrections(doc)
        assert [(c.who, c.after) for c in fixes] == [("alice", "đua")], "nothing of bob's saved, alice's kept"
    # Bob has seen both; saving his over hers is a new correction on top, hers stays in the history.
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
    assert form[f"word_before:{target}"] == "đua"
    assert bob.post(f"/documents/{doc}/save", data=form, follow_redirects=False).status_code == 303
    with env.store() as store:
        assert [(c.who, c.before, c.after) for c in store.corrections(doc)] == [
            ("alice", "dựa", "đua"), ("bob", "đua", "dưa"), ("bob", "LẠNG", "LĂNG")]


def test_a_stale_field_save_shows_both_values(env):
    alice, bob = env.client("alice"), env.client("bob")
    doc = env.plan.doc_id
    bobs_page = bob.get(f"/documents/{doc}").text
    assert save(alice, doc, {"field:issuer": "UBND tỉnh Lạng Sơn (A)"}).status_code == 303
    response = save(bob, doc, {"field:issuer": "UBND tỉnh Lạng Sơn (B)"}, page_html=bobs_page)
    assert response.status_code == 409
    assert "UBND tỉnh Lạng Sơn (A)" in response.text and "UBND tỉnh Lạng Sơn (B)" in response.text
    with env.store() as store:
        assert store.current_record(doc).issuer == "UBND tỉnh Lạng Sơn (A)"


def test_a_save_against_a_version_processed_again_meanwhile_is_a_conflict(env):
    alice = env.client("alice")
    page = alice.get(f"/documents/{env.plan.doc_id}").text
    store_with(env.db, [env.plan])  # the pipeline runs again: version 2
    response = save(alice, env.plan.doc_id, word_edit(*WRONG_WORD), page_html=page)
    assert response.status_code == 409 and "processed again (version 2)" in response.text
    with env.store() as store:
        assert store.corrections(env.plan.doc_id) == []


# --------------------------------------------------------------------------- history and undo


def test_history_lists_every_correction_and_undo_is_a_new_row(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    target, wrong, right = WRONG_WORD
    save(alice, doc, word_edit(target, wrong, right))
    html = alice.get(f"/documents/{doc}/history").text
    assert "word 6 of line 4, page 1" in html and "alice" in html
    # The row shows the line with the change in place, and links to the word on its page.
    assert (f'<span class="context">Phát động phong trào thi </span><del>{wrong}</del><ins>{right}</ins>'
            f'<span class="context"> năm 2020</span>') in html
    assert f'href="/documents/{doc}?page=1&amp;word={target}"' in html
    with env.store() as store:
        [fix] = store.corrections(doc)
    undo = f"/documents/{doc}/corrections/{fix.id}/undo"
    assert alice.post(undo, follow_redirects=False).status_code == 403, "undo needs the token too"
    response = alice.post(undo, data={"csrf_token": token(html)}, follow_redirects=False)
    assert response.status_code == 303
    with env.store() as store:
        fixes = store.corrections(doc)
        assert [(c.before, c.after, c.undoes) for c in fixes] == \
            [(wrong, right, None), (right, wrong, fix.id)]
        assert store.current_document(doc).pages[0].main.lines[3].words[5].best == wrong
    html = alice.get(f"/documents/{doc}/history").text
    assert 'class="undone"' in html and "(undo)" in html
    assert alice.post(undo, data={"csrf_token": token(html)}).status_code == 400, "undone once only"


def test_only_an_admin_may_undo_someone_elses_correction(env):
    alice, bob, root = env.client("alice"), env.client("bob"), env.client("root")
    save(alice, env.plan.doc_id, word_edit(*WRONG_WORD))
    with env.store() as store:
        [fix] = store.corrections(env.plan.doc_id)
    undo = f"/documents/{env.plan.doc_id}/corrections/{fix.id}/undo"
    assert "Undo</button>" not in bob.get(f"/documents/{env.plan.doc_id}/history").text
    assert bob.post(undo, data={"csrf_token": token(bob.get("/").text)}).status_code == 400
    assert root.post(undo, data={"csrf_token": token(root.get("/").text)}, follow_redirects=False) \
        .status_code == 303


def test_undoing_a_correction_that_was_corrected_again_is_a_conflict(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    target, wrong, right = WRONG_WORD
    save(alice, doc, word_edit(target, wrong, right))
    save(alice, doc, word_edit(target, right, "dưa"))
    with env.store() as store:
        first = store.corrections(doc)[0]
    response = alice.post(f"/documents/{doc}/corrections/{first.id}/undo",
                          data={"csrf_token": token(alice.get("/").text)})
    assert response.status_code == 409 and "undo the later change first" in response.text
    with env.store() as store:
        assert len(store.corrections(doc)) == 2


# --------------------------------------------------------------------------- decree users


def decree(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(decree_app, list(args), input=stdin)


def test_users_are_added_listed_and_given_new_passwords_from_the_command_line(env):
    db = str(env.db)
    result = decree("users", "add", "carol", "--role", "admin", "--db", db, "--password-stdin",
                    stdin="a long password\n")
    assert result.exit_code == 0 and "added carol (admin)" in result.stdout, result.output
    listed = decree("users", "list", "--db", db).stdout.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [["alice", "reviewer"], ["bob", "reviewer"],
                                                          ["carol", "admin"], ["root", "admin"]]
    with env.store() as store:
        hashed = store.user("carol").password_hash
        assert hashed.startswith("$argon2") and "a long password" not in hashed
        assert Users(store).authenticate("carol", "a long password") is not None
    assert decree("users", "passwd", "carol", "--db", db, "--password-stdin", stdin="newer password\n") \
        .exit_code == 0
    with env.store() as store:
        assert Users(store).authenticate("carol", "a long password") is None
        assert Users(store).authenticate("carol", "newer password") is not None


def test_users_add_asks_for_the_password_twice(env):
    mismatch = decree("users", "add", "erin", "--db", str(env.db), stdin="a long password\nanother one\n")
    assert mismatch.exit_code != 0
    result = decree("users", "add", "erin", "--db", str(env.db), stdin="a long password\na long password\n")
    assert result.exit_code == 0 and "added erin (reviewer)" in result.stdout
    assert "a long password" not in result.stdout, "the password is not echoed"


@pytest.mark.parametrize("args, stdin, message", [
    (["add", "alice"], "a long password\n", "already exists"),
    (["add", "dave", "--role", "boss"], "a long password\n", "invalid role"),
    (["add", "dave"], "short\n", "too short"),
    (["add", "da ve"], "a long password\n", "invalid user name"),
    (["passwd", "nobody"], "a long password\n", "no such user"),
])
def test_users_command_refuses_bad_requests_in_one_line(env, args, stdin, message):
    result = decree("users", *args, "--db", str(env.db), "--password-stdin", stdin=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_decree_review_serves_the_app_on_this_machine_only(env):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "pipeline", "review", "--db", str(env.db), "--port", str(port)]
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=False, timeout=5)
                break
            except httpx.ConnectError:
                assert server.poll() is None and time.monotonic() < deadline, "decree review did not start"
                time.sleep(0.2)
        assert response.status_code == 303 and response.headers["location"] == "/login?next=/"
        script = f"http://127.0.0.1:{port}/static/htmx.min.js"
        assert httpx.get(script, timeout=5).text.startswith("var htmx=")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"Uvicorn running on http://127.0.0.1:{port}" in output
    assert "decree review: 3 documents (3 read now)" in output
    assert (env.data / "decrees.db.review-secret").is_file(), "the session key is made beside the store"


def test_review_command_refuses_a_missing_store(tmp_path):
    result = decree("review", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no store at" in result.stderr
