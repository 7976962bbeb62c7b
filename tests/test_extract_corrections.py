"""Corrections flow into the record: an archivist fixes words in the review app, the fields read from
those words are read again from the corrected text, a field the archivist set by hand stays as set,
and the record, the exported tables and the review form say the same."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from pipeline.document import Document
from pipeline.export import export
from pipeline.extract import extract
from pipeline.review.app import Settings, create_app
from pipeline.review.users import Users
from pipeline.segment import segment
from pipeline.store import Store, word_target
from pipeline.textdoc import document_from_text

PASSWORD = "correct horse battery"
TEXT = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN CAO LỘC          Độc lập - Tự do - Hạnh phúc
Số: 57/KH-UBND          Cao Lộc, ngày 09 tháng 3 năm 2020

KẾ HOẠCH

Phong trào thi đua bứt phá hoàn thành các chỉ tiêu năm 2020

I. MỤC ĐÍCH, YÊU CẦU

Khơi dậy tinh thần thi đua trong cán bộ, công chức.

Nơi nhận:          CHỦ TỊCH
- UBND tỉnh (b/c);
- Lưu: VT.

Hoàng Văn Tài
"""
TITLE_LINE = 6
# What restoration got wrong in the title ("bứt phá" read as "bất phải"), as (word index, wrong, right).
MISREAD = ((4, "bất", "bứt"), (5, "phải", "phá"))


def pipeline_output() -> Document:
    doc = document_from_text(TEXT, source="archive/kh_caoloc.txt")
    words = doc.pages[0].main.lines[TITLE_LINE].words
    for index, wrong, right in MISREAD:
        assert words[index].text == right
        words[index].restored = wrong
        words[index].confidence = 0.4
    return extract(segment(doc))


@pytest.fixture
def env(tmp_path: Path) -> tuple[Path, Document]:
    doc = pipeline_output()
    assert doc.record is not None and "bất phải" in doc.record.title
    db = tmp_path / "decrees.db"
    with Store(db) as store:
        store.save_version(doc, pipeline_version="test", model_version="test")
        Users(store, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).add("alice", PASSWORD)
    return db, doc


def signed_in(db: Path) -> TestClient:
    client = TestClient(create_app(Settings(db=str(db), data_dir=db.parent)))
    page = client.get("/login")
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "next": "/",
                                           "csrf_token": _token(page.text)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found[1]


def _form(page: str) -> dict[str, str]:
    form = page[page.index('id="save-form"'):page.index("</form>", page.index('id="save-form"'))]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    values.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options) or \
            re.search(r'<option value="([^"]*)"', options)
        values[name] = chosen[1]
    return {k: html.unescape(v) for k, v in values.items()}


def save(client: TestClient, doc_id: str, edits: dict[str, str]) -> None:
    data = _form(client.get(f"/documents/{doc_id}").text)
    data.update(edits)
    response = client.post(f"/documents/{doc_id}/save", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text


def word_fixes() -> dict[str, str]:
    edits = {}
    for index, wrong, right in MISREAD:
        target = word_target(1, TITLE_LINE, index, "txt")
        edits[f"word:{target}"] = right
        edits[f"word_before:{target}"] = wrong
    return edits


def exported(db: Path, out: Path, doc_id: str) -> tuple[dict, dict]:
    with Store(db) as store:
        export(store, out)
    record = json.loads((out / "records" / f"{doc_id}.json").read_text(encoding="utf-8"))
    [row] = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["doc_id"] == doc_id]
    return record, row


def test_a_word_fix_in_the_app_changes_the_title_everywhere(env, tmp_path):
    db, doc = env
    client = signed_in(db)
    save(client, doc.doc_id, word_fixes())
    title = "Phong trào thi đua bứt phá hoàn thành các chỉ tiêu năm 2020"
    with Store(db) as store:
        assert store.current_record(doc.doc_id).title == title
        assert store.current_document(doc.doc_id).record.title == title
        assert store.document_info(doc.doc_id).title == title, "the list shows the new title"
        assert store.document(doc.doc_id).record.title != title, "the pipeline's version is kept"
    assert _form(client.get(f"/documents/{doc.doc_id}").text)["field:title"] == title
    record, row = exported(db, tmp_path / "export", doc.doc_id)
    assert record["title"] == row["title"] == title
    assert record["issuer"] == row["issuer"] == "UBND huyện Cao Lộc", "fields of other words are kept"


def test_a_field_set_by_hand_stays_when_its_words_are_fixed_later(env, tmp_path):
    db, doc = env
    client = signed_in(db)
    by_hand = "Phong trào thi đua năm 2020 (trích yếu do lưu trữ viên ghi)"
    save(client, doc.doc_id, {"field:title": by_hand})
    save(client, doc.doc_id, word_fixes())
    with Store(db) as store:
        assert store.current_record(doc.doc_id).title == by_hand
        assert "bứt phá" in store.current_document(doc.doc_id).restored_text
    assert _form(client.get(f"/documents/{doc.doc_id}").text)["field:title"] == by_hand
    record, row = exported(db, tmp_path / "export", doc.doc_id)
    assert record["title"] == row["title"] == by_hand
