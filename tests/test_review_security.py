"""The review app's guards as an attacker meets them: sessions that end on the server, sign-in
attempts limited per user and per address, Secure cookies off loopback, saves that are all or
nothing when two reviewers race, and accounts that can be disabled."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from review_docs import WRONG_WORD
from test_review import PASSWORD, decree, save, token, word_edit

from pipeline.review import sessions as session_module
from pipeline.review.app import (
    SETTINGS_ENV,
    Settings,
    app_from_environment,
    cookies_secure,
    create_app,
    settings_environment,
)
from pipeline.review.desk import Desk
from pipeline.store import Conflict


def attempt(client: TestClient, name: str, password: str):
    csrf = token(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": csrf, "next": "/"},
                       follow_redirects=False)


def test_a_copied_cookie_opens_nothing_once_its_owner_signs_out(env):
    alice = env.client("alice")
    thief = TestClient(env.app)
    thief.cookies.update(alice.cookies)
    assert thief.get("/").status_code == 200, "the copy works while the session is open"
    csrf = token(alice.get("/").text)
    assert alice.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert thief.get("/", follow_redirects=False).status_code == 303, "ended on the server, not forgotten"


def test_a_new_password_ends_every_session_on_the_server(env):
    alice, again = env.client("alice"), env.client("alice")
    with env.store() as store:
        assert session_module.Sessions(store).count("alice") == 2
    assert decree("users", "passwd", "alice", "--db", str(env.db), "--password-stdin",
                  stdin="another long password\n").exit_code == 0
    with env.store() as store:
        assert session_module.Sessions(store).count("alice") == 0
    assert alice.get("/", follow_redirects=False).status_code == 303
    assert again.get("/", follow_redirects=False).status_code == 303


def test_failed_sign_ins_are_limited_per_user_with_a_growing_wait_and_logged(env, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(session_module, "clock", lambda: now[0])
    client = env.client()
    for _ in range(session_module.USER_FREE_FAILURES):
        assert attempt(client, "alice", "wrong password").status_code == 401
    locked = attempt(client, "alice", "wrong password")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) == 30
    # Even the right password is refused while locked: it is not checked at all.
    refused = attempt(client, "alice", PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.text
    # Another user from elsewhere is not locked out by alice's failures.
    assert attempt(env.client(), "bob", PASSWORD).status_code == 303
    now[0] += 31
    assert attempt(client, "alice", "wrong again").status_code == 429
    second = attempt(client, "alice", PASSWORD)
    assert second.status_code == 429 and int(second.headers["Retry-After"]) == 60, "the wait doubles"
    now[0] += 61
    assert attempt(client, "alice", PASSWORD).status_code == 303
    # The right password clears the name's count: one slip later is a plain refusal again.
    client.cookies.clear()
    assert attempt(client, "alice", "slip").status_code == 401
    with env.store() as store:
        actions = [e.action for e in store.audit(limit=200) if e.who == "alice"]
    assert actions.count("login_throttled") == 2 and actions.count("login_refused") == 8


def test_one_address_guessing_many_names_is_locked_out_too(env, monkeypatch):
    monkeypatch.setattr(session_module, "clock", lambda: 2_000_000.0)
    client = env.client()
    for i in range(session_module.CLIENT_FREE_FAILURES):
        assert attempt(client, f"user{i}", "guess").status_code == 401
    assert attempt(client, "user-last", "guess").status_code == 429
    assert attempt(client, "bob", PASSWORD).status_code == 429


def test_the_cookie_is_secure_off_loopback_or_when_asked(env):
    assert not cookies_secure("127.0.0.1", False) and not cookies_secure("localhost", False)
    assert cookies_secure("0.0.0.0", False) and cookies_secure("192.168.1.5", False)
    assert cookies_secure("127.0.0.1", True)
    plain = TestClient(env.app)
    cookie = plain.get("/login").headers["set-cookie"].lower()
    assert "secure" not in cookie and "httponly" in cookie and "samesite=strict" in cookie
    secure = TestClient(create_app(Settings(db=str(env.db), data_dir=env.data, secure_cookies=True)),
                        base_url="https://testserver")
    assert "; secure" in secure.get("/login").headers["set-cookie"].lower()


def test_a_save_of_several_words_racing_another_writes_nothing(env, monkeypatch):
    alice, bob = env.client("alice"), env.client("bob")
    doc = env.plan.doc_id
    target, wrong, _ = WRONG_WORD
    bobs_page = bob.get(f"/documents/{doc}").text
    assert save(alice, doc, word_edit(target, wrong, "đua")).status_code == 303
    # Bob's check ran before alice's save went in (the race): only the store's transaction sees it.
    monkeypatch.setattr(Desk, "_clashes", lambda self, opened, words, fields: [])
    edits = {**word_edit("p1/ocr_vie/l1/w1", "LẠNG", "LĂNG"), **word_edit(target, wrong, "dưa")}
    response = save(bob, doc, edits, page_html=bobs_page)
    assert response.status_code == 409
    with env.store() as store:
        assert [(c.who, c.after) for c in store.corrections(doc)] == [("alice", "đua")], \
            "bob's first word is not written either"


def test_the_store_writes_several_corrections_in_one_transaction(env):
    doc = env.plan.doc_id
    target, wrong, right = WRONG_WORD
    with env.store() as store:
        version = store.document_info(doc).current_version
        edits = [("word", "p1/ocr_vie/l1/w1", "LĂNG", "LẠNG"), ("word", target, right, "not what is there")]
        with pytest.raises(Conflict):
            store.correct_all(doc, edits, who="alice", base_version=version)
        assert store.corrections(doc) == [] and store.document_info(doc).status == "new"
        edits = [("word", "p1/ocr_vie/l1/w1", "LĂNG", "LẠNG"), ("word", target, right, wrong),
                 ("field", "issuer", "Sở Y tế", "UBND tỉnh Lạng Sơn")]
        written = store.correct_all(doc, edits, who="alice", base_version=version)
        assert [c.seq for c in written] == [1, 2, 3]
        assert store.current_record(doc).issuer == "Sở Y tế"
        assert store.document_info(doc).corrections == 3


def test_a_disabled_user_is_signed_out_and_cannot_sign_in(env):
    alice = env.client("alice")
    result = decree("users", "disable", "alice", "--db", str(env.db))
    assert result.exit_code == 0 and "alice disabled (1 session(s) ended)" in result.stdout, result.output
    assert alice.get("/", follow_redirects=False).status_code == 303
    assert attempt(env.client(), "alice", PASSWORD).status_code == 401
    listed = decree("users", "list", "--db", str(env.db)).stdout
    assert "alice\treviewer" in listed and listed.split("alice")[1].split("\n")[0].endswith("disabled")
    assert decree("users", "disable", "alice", "--enable", "--db", str(env.db)).exit_code == 0
    assert attempt(env.client(), "alice", PASSWORD).status_code == 303
    missing = decree("users", "disable", "nobody", "--db", str(env.db))
    assert missing.exit_code == 2 and "no such user" in missing.stderr



def test_decree_review_secure_cookies_reaches_the_served_app(env):
    """--secure-cookies on loopback, through the command and the worker processes' settings."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "pipeline", "review", "--db", str(env.db), "--port", str(port),
               "--secure-cookies"]
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.ConnectError:
                assert server.poll() is None and time.monotonic() < deadline, "decree review did not start"
                time.sleep(0.2)
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("decree_review=") and "; secure" in cookie
    finally:
        server.terminate()
        server.wait(30)


@pytest.mark.parametrize("secure", [True, False])
def test_the_workers_get_the_cookie_setting(env, monkeypatch, secure):
    settings = Settings(db=str(env.db), data_dir=env.data, secure_cookies=secure)
    monkeypatch.setenv(SETTINGS_ENV, settings_environment(settings))
    client = TestClient(app_from_environment(), base_url="https://testserver")
    assert ("; secure" in client.get("/login").headers["set-cookie"].lower()) is secure
