"""The review desk serves a document one page at a time, and reads and renders off the event loop:
a slow page for one reviewer does not hold up the others."""

from __future__ import annotations

import copy
import re
import threading
import time

import httpx
import pytest
from review_docs import scanned_document, serving, store_with
from test_review import PASSWORD


def test_a_document_page_holds_that_page_only(env):
    doc = scanned_document(env.data, "three-pages", with_image=False)
    for number, word in ((2, "HAIHAI"), (3, "BABABA")):
        extra = copy.deepcopy(doc.pages[0])
        extra.number = number
        extra.readings[0].lines[2].words[0].restored = word
        doc.pages.append(extra)
    doc.page_count = 3
    store_with(env.db, [doc])
    alice = env.client("alice")
    second = alice.get(f"/documents/{doc.doc_id}", params={"page": 2}).text
    assert "HAIHAI" in second and "BABABA" not in second
    assert ">KẾ</span>" not in second, "page 2 has HAIHAI there"
    assert second.count('<div class="line" data-line=') == 7, "one page of lines"
    strip = re.findall(r'class="pg[^"]*"[^>]*data-page="(\d)"', second)
    assert strip == ["1", "2", "3"], "a strip of every page"
    first = alice.get(f"/documents/{doc.doc_id}").text
    assert "HAIHAI" not in first and "BABABA" not in first and ">KẾ</span>" in first
    assert "BABABA" in alice.get(f"/documents/{doc.doc_id}", params={"page": 3}).text
    # A page that is not there: the first page rather than an error.
    assert "HAIHAI" not in alice.get(f"/documents/{doc.doc_id}", params={"page": 9}).text


def _signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    client.cookies.set("decree_lang", "en")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": csrf,
                                           "next": "/"})
    assert response.status_code == 303, response.text
    assert "Sign out" in client.get("/search").text  # not a page the tests hold
    return client


@pytest.mark.parametrize("slow", ["document", "list"])
def test_a_slow_page_does_not_hold_up_other_reviewers(env, slow):
    """While one reviewer's page is held in the middle of reading the store, another's pages are
    served: the reading and the rendering are done in worker threads, not on the event loop."""
    desk = env.app.state.desk
    entered, release = threading.Event(), threading.Event()
    if slow == "document":
        original, owner, name = desk.marks.verified, desk.marks, "verified"
        path = f"/documents/{env.plan.doc_id}"
    else:
        original, owner, name, path = desk.listing, desk, "listing", "/"  # type: ignore[assignment]

    def held(*args, **kwargs):
        entered.set()
        release.wait(20)
        return original(*args, **kwargs)

    with serving(env.app) as base:
        first, second = _signed_in(base), _signed_in(base)
        setattr(owner, name, held)
        finished: list[float] = []
        thread = threading.Thread(target=lambda: (first.get(path), finished.append(time.monotonic())))
        try:
            thread.start()
            assert entered.wait(20), "the held request reached the store"
            started = time.monotonic()
            # Another reviewer meanwhile: the search page and a page image go through their own
            # store reads, the sign-in page through none.
            assert second.get("/login", timeout=10).status_code == 200
            assert second.get("/search", params={"q": "lang son"}, timeout=10).status_code == 200
            assert second.get(f"/documents/{env.plain.doc_id}/history", timeout=10).status_code == 200
            served = time.monotonic()
            assert not finished, "the held request is still held"
            assert served - started < 10
        finally:
            release.set()
            thread.join(30)
            setattr(owner, name, original)
        assert finished and finished[0] >= served
        first.close()
        second.close()


def test_the_page_shows_what_ingest_measured_on_its_scan(env):
    from pipeline.document import ScanDiagnosis

    doc = scanned_document(env.data, "diagnosed")
    second = copy.deepcopy(doc.pages[0])
    second.number = 2
    doc.pages[0].scan = ScanDiagnosis(text_px=17.0, effective_dpi=189, skew=1.25, contrast=96, noise=2.5,
                                      seal=0.012, mean_conf=0.71, poor=True,
                                      passes=["cleaned", "sauvola", "psm4", "dropped text x1"])
    second.scan = ScanDiagnosis(text_px=27.0, effective_dpi=300, skew=0.0, contrast=230, noise=0.1,
                                seal=0.0, mean_conf=0.96, poor=False, passes=["cleaned"])
    doc.pages.append(second)
    doc.page_count = 2
    store_with(env.db, [doc])
    alice = env.client("alice", lang="")  # the Vietnamese interface
    poor = alice.get(f"/documents/{doc.doc_id}").text
    block = poor.split('id="scan-diagnosis"')[1].split("</details>")[0]
    assert "kém, đã đọc 3 lần" in block, "three readings fused (the dropped-text pass reads no page)"
    assert "189 dpi" in block and "1.25°" in block and "96 / 255" in block and "1.2 %" in block
    assert "độ tin cậy Tesseract 71 %" in block
    good = alice.get(f"/documents/{doc.doc_id}", params={"page": 2}).text
    block = good.split('id="scan-diagnosis"')[1].split("</details>")[0]
    assert "tốt, đọc một lần" in block and "300 dpi" in block and "Mực con dấu" not in block
    # A document that was never a scan (a text file) has no such block.
    plain = scanned_document(env.data, "no-scan", with_image=False)
    store_with(env.db, [plain])
    assert 'id="scan-diagnosis"' not in alice.get(f"/documents/{plain.doc_id}").text
