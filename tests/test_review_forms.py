"""Forms that forgive and history that explains: dates as Vietnamese archivists write them, a wrong
value marked beside its field with every other edit kept, the record's lists gaining and losing
items, and each pipeline version's changes as a word diff with its CER."""

from __future__ import annotations

import copy
import re

import pytest
from review_docs import WRONG_WORD, store_with
from test_review import form_of, save, word_edit

from pipeline.review.record_form import FieldValueError, to_date


@pytest.mark.parametrize("typed, iso", [
    ("31/12/2019", "2019-12-31"), ("1/2/2020", "2020-02-01"), ("31-12-2019", "2019-12-31"),
    ("31.12.2019", "2019-12-31"), ("ngày 31 tháng 12 năm 2019", "2019-12-31"),
    ("Ngày 05 tháng 9 năm 2016", "2016-09-05"), ("ngay 31 thang 12 nam 2019", "2019-12-31"),
    ("2019-12-31", "2019-12-31"), ("29/02/2020", "2020-02-29"),
])
def test_dates_are_taken_as_archivists_write_them(typed, iso):
    assert to_date(typed) == iso


@pytest.mark.parametrize("typed", ["31/02/2019", "2019-02-30", "12/2019", "31/12/2019 hoặc 2020", "hôm qua",
                                   "29/02/2019"])
def test_what_is_no_day_is_refused(typed):
    with pytest.raises(FieldValueError):
        to_date(typed)


def test_a_vietnamese_date_is_saved_as_iso(env):
    alice = env.client("alice")
    response = save(alice, env.plan.doc_id, {"field:issued_on": "ngày 16 tháng 1 năm 2020",
                                             "field:period.end": "31/12/2020 "})
    assert response.status_code == 303
    with env.store() as store:
        record = store.current_record(env.plan.doc_id)
        fixes = {c.target: c.after for c in store.corrections(env.plan.doc_id)}
    assert record.issued_on == "2020-01-16"
    assert fixes == {"issued_on": "2020-01-16"}, "31/12/2020 is the date already stored: no edit"


def test_a_wrong_value_is_marked_beside_its_field_and_every_other_edit_is_kept(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    target, wrong, right = WRONG_WORD
    edits = {"field:issued_on": "31/02/2020", "field:title": "Phát động thi đua năm 2020",
             "field:commemorations[0].years": "ninety", **word_edit(target, wrong, right)}
    response = save(alice, doc, edits)
    assert response.status_code == 422
    html = response.text
    assert "Nothing was saved: correct the values marked below" in html
    fields = dict(re.findall(r'<div class="field[^"]*invalid"[^>]*>.*?name="field:([^"]+)".*?'
                             r'<p class="field-error"[^>]*>([^<]+)</p>', html, re.S))
    assert set(fields) == {"issued_on", "commemorations[0].years"}
    assert "not a date" in fields["issued_on"] and "not a whole number" in fields["commemorations[0].years"]
    assert 'value="31/02/2020"' in html, "the wrong value is shown as typed, to be fixed"
    assert ">Phát động thi đua năm 2020</textarea>" in html, "the other field edits are kept"
    assert f'name="word:{target}" value="{right}"' in html, "the word edits are kept"
    with env.store() as store:
        assert store.corrections(doc) == []
    # Fixing the two values and saving the same page saves everything at once.
    data = form_of(html)
    data.update({"field:issued_on": "29/02/2020", "field:commemorations[0].years": "90"})
    again = alice.post(f"/documents/{doc}/save", data=data, follow_redirects=False)
    assert again.status_code == 303, again.text[:500]
    with env.store() as store:
        fixes = {c.target: c.after for c in store.corrections(doc)}
    assert fixes == {"issued_on": "2020-02-29", "title": "Phát động thi đua năm 2020", target: right}


def test_a_list_gains_a_missed_item_and_loses_a_wrong_one(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    html = alice.get(f"/documents/{doc}").text
    assert 'name="field:commemorations[1].event" value=""' not in html  # a textarea, blank
    assert 'name="field:commemorations[1].event"' in html and 'name="remove:awarded[0]"' in html
    edits = {"field:commemorations[1].event": "75 năm Ngày Quốc khánh", "field:commemorations[1].start":
             "02/09/1945", "field:commemorations[1].years": "75", "remove:awarded[0]": "on"}
    assert save(alice, doc, edits, page_html=html).status_code == 303
    with env.store() as store:
        record = store.current_record(doc)
        fixes = {c.target: (c.before, c.after) for c in store.corrections(doc)}
    assert [c.event for c in record.commemorations] == ["90 năm Ngày thành lập Đảng Cộng sản Việt Nam",
                                                        "75 năm Ngày Quốc khánh"]
    assert record.commemorations[1].start == "1945-09-02" and record.commemorations[1].years == 75
    assert record.awarded == []
    assert set(fixes) == {"commemorations", "awarded"}, "one correction per list, each undoable"
    assert len(fixes["awarded"][0]) == 1 and fixes["awarded"][1] == []


def test_a_new_item_needs_its_first_value(env):
    alice = env.client("alice")
    response = save(alice, env.plan.doc_id, {"field:rewards[0].authority": "Chủ tịch UBND tỉnh"})
    assert response.status_code == 422 and "a new item needs its form" in response.text
    with env.store() as store:
        assert store.corrections(env.plan.doc_id) == []


def test_a_version_view_shows_what_the_new_pipeline_version_changed(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    newer = copy.deepcopy(env.plan)
    newer.pages[0].main.lines[3].words[5].restored = "đua"
    store_with(env.db, [newer])
    history = alice.get(f"/documents/{doc}/history").text
    assert f'href="/documents/{doc}/versions/2"' in history
    html = alice.get(f"/documents/{doc}/versions/2").text
    assert "<del>dựa</del> <ins>đua</ins>" in html
    summary = re.search(r'id="version-summary">([^<]+)<', html)[1]
    total = len(env.plan.restored_text)
    # dựa -> đua: two letters of the whole text changed (d -> đ, ự -> u).
    assert f"Against version 1: 1 word(s) changed, CER {200 / total:.2f}%." == summary
    assert "nothing to compare" in alice.get(f"/documents/{doc}/versions/1").text
    assert alice.get(f"/documents/{doc}/versions/9").status_code == 404


def test_rewards_references_and_recipients_gain_and_lose_entries(env):
    alice = env.client("alice")
    doc = env.plan.doc_id
    html = alice.get(f"/documents/{doc}").text
    for blank in ("rewards[0].form", "references[0].kind", "references[0].date"):
        assert f'name="field:{blank}"' in html, f"a blank {blank} to fill in"
    edits = {"field:rewards[0].form": "Bằng khen", "field:rewards[0].authority": "Chủ tịch UBND tỉnh",
             "field:references[0].kind": "Chỉ thị", "field:references[0].number": "26/CT-TTg",
             "field:references[0].date": "ngày 5 tháng 9 năm 2016",
             "field:recipients": "Ban TĐKT Trung ương\nSở Nội vụ\n"}
    response = save(alice, doc, edits, page_html=html)
    assert response.status_code == 303, response.text[:500]
    with env.store() as store:
        record = store.current_record(doc)
    assert [(r.form, r.authority) for r in record.rewards] == [("Bằng khen", "Chủ tịch UBND tỉnh")]
    assert [(r.kind, r.number, r.date) for r in record.references] == [("Chỉ thị", "26/CT-TTg", "2016-09-05")]
    assert record.recipients == ["Ban TĐKT Trung ương", "Sở Nội vụ"], "Lưu: VT removed, Sở Nội vụ added"
    # And they go again, each with its Remove box.
    html = alice.get(f"/documents/{doc}").text
    assert 'name="remove:rewards[0]"' in html and 'name="remove:references[0]"' in html
    response = save(alice, doc, {"remove:rewards[0]": "on", "remove:references[0]": "on",
                                 "field:recipients": ""}, page_html=html)
    assert response.status_code == 303, response.text[:500]
    with env.store() as store:
        record = store.current_record(doc)
        targets = [c.target for c in store.corrections(doc)]
    assert record.rewards == [] and record.references == [] and record.recipients == []
    assert sorted(set(targets)) == ["recipients", "references", "rewards"]
