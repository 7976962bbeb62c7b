"""A reviewer in a real browser (Debian's chromium through Selenium): signs in, goes to a doubtful
word with the keyboard, types the fix, saves; `decree export` then has the corrected word."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from review_docs import WRONG_WORD, chromium, scanned_document, serving, store_with
from typer.testing import CliRunner

from pipeline.cli import app as decree_app
from pipeline.review.app import Settings, create_app
from pipeline.review.users import Users
from pipeline.store import Store

PASSWORD = "correct horse battery"


@pytest.fixture
def browser():
    driver = chromium()
    if driver is None:
        pytest.skip("chromium, chromedriver or selenium is not installed")
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def site(tmp_path):
    """A run folder with one scanned plan and an account, served on a local port."""
    data = tmp_path / "out"
    doc = scanned_document(data)
    store_with(data / "decrees.db", [doc])
    with Store(data / "decrees.db") as store:
        Users(store, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).add("alice", PASSWORD)
    app = create_app(Settings(db=str(data / "decrees.db"), data_dir=data))
    with serving(app) as base:
        yield base, data, doc


def open_document(browser, base: str, doc_id: str):
    """Sign in as alice and open the document from the list; returns the page's body."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    browser.get(f"{base}/")
    browser.find_element(By.ID, "name").send_keys("alice")
    browser.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.docs")))
    browser.find_element(By.CSS_SELECTOR, f'a[href="/documents/{doc_id}"]').click()
    wait.until(ec.presence_of_element_located((By.ID, "review")))
    return browser.find_element(By.TAG_NAME, "body")


def test_a_reviewer_fixes_a_doubtful_word_with_the_keyboard_and_the_export_has_it(browser, site, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, data, doc = site
    target, wrong, right = WRONG_WORD
    wait = WebDriverWait(browser, 10)
    body = open_document(browser, base, doc.doc_id)
    image = browser.find_element(By.CSS_SELECTOR, ".scan img")
    assert browser.execute_script("return arguments[0].naturalWidth", image) == 1000, "the scan is shown"
    body.send_keys("n")
    first = browser.find_element(By.CSS_SELECTOR, ".w.selected")
    assert first.get_attribute("data-key") == "p1/ocr_vie/l1/w1", "n goes to the first doubtful word"
    body.send_keys("n")
    selected = browser.find_element(By.CSS_SELECTOR, ".w.selected")
    assert (selected.get_attribute("data-key"), selected.text) == (target, wrong)
    box = browser.find_element(By.CSS_SELECTOR, f'.box[data-key="{target}"]')
    assert "selected" in box.get_attribute("class"), "its box on the scan is picked out too"
    body.send_keys("e")
    fix = browser.switch_to.active_element
    assert fix.get_attribute("id") == "wp-fix"
    fix.send_keys(Keys.CONTROL, "a")
    fix.send_keys(right + Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, f'.w[data-key="{target}"]').text == right
    assert "1 chỗ sửa chưa được lưu." in browser.find_element(By.ID, "pending").text
    browser.find_element(By.TAG_NAME, "body").send_keys("s")
    notice = wait.until(ec.presence_of_element_located((By.ID, "saved")))
    assert notice.text == "Đã lưu 1 chỗ sửa."
    word = browser.find_element(By.CSS_SELECTOR, f'.w[data-key="{target}"]')
    assert word.text == right and "doubtful" not in word.get_attribute("class")
    # Marking it reviewed goes through htmx, its CSRF token in a header.
    browser.find_element(By.ID, "mark-reviewed").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#status .badge"), "Đã duyệt"))

    result = CliRunner().invoke(decree_app, ["export", "--db", str(data / "decrees.db"), "--out",
                                             str(tmp_path / "export")])
    assert result.exit_code == 0, result.output
    restored = (tmp_path / "export" / "restored" / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
    assert "Phát động phong trào thi đua năm 2020" in restored
    with Store(data / "decrees.db") as store:
        assert store.document_info(doc.doc_id).status == "reviewed"


def test_alternatives_accepting_the_original_and_source_spans_from_the_keyboard(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, data, doc = site
    target, wrong, _ = WRONG_WORD
    body = open_document(browser, base, doc.doc_id)
    body.send_keys("n")
    body.send_keys("2")  # LẠNG's second alternative; then on to the next doubtful word
    assert browser.find_element(By.CSS_SELECTOR, '.w[data-key="p1/ocr_vie/l1/w1"]').text == "LÀNG"
    assert browser.find_element(By.CSS_SELECTOR, ".w.selected").get_attribute("data-key") == target
    body.send_keys(Keys.ENTER)  # accept dựa as it is
    assert "2 chỗ sửa chưa được lưu." in browser.find_element(By.ID, "pending").text

    body.send_keys("o")
    assert browser.find_element(By.ID, "original").is_displayed()
    assert not browser.find_element(By.ID, "restored").is_displayed()
    assert "Phat dong phong trao thi dua nam 2020" in browser.find_element(By.ID, "original").text
    body.send_keys("o")
    assert browser.find_element(By.ID, "restored").is_displayed()

    browser.find_element(By.NAME, "field:title").click()
    sources = browser.find_elements(By.CSS_SELECTOR, "#restored .w.source")
    assert " ".join(w.text for w in sources) == f"Phát động phong trào thi {wrong} năm 2020"

    browser.find_element(By.ID, "save").click()
    notice = "Đã lưu 1 chỗ sửa. Đã đánh dấu 1 từ là đã kiểm tra."
    saved = ec.text_to_be_present_in_element((By.ID, "saved"), notice)
    WebDriverWait(browser, 10).until(saved)
    with Store(data / "decrees.db") as store:
        # Accepting dựa as it is marks it verified: no correction that changes nothing.
        assert [(c.target, c.before, c.after, c.who) for c in store.corrections(doc.doc_id)] == [
            ("p1/ocr_vie/l1/w1", "LẠNG", "LÀNG", "alice")]
    assert browser.find_elements(By.CSS_SELECTOR, "#restored .w.doubtful") == []


# --------------------------------------------------------------------------- the desk of issue 12


@pytest.fixture
def desk_site(tmp_path):
    """A three-page scanned plan (each page with its scan), a text-only document, and alice."""
    import copy
    import shutil

    data = tmp_path / "out"
    doc = scanned_document(data, "three-pages")
    for number in (2, 3):
        extra = copy.deepcopy(doc.pages[0])
        extra.number = number
        extra.image = extra.image.replace("/1.png", f"/{number}.png")
        shutil.copy(data / doc.pages[0].image, data / extra.image)
        doc.pages.append(extra)
    doc.page_count = 3
    plain = scanned_document(data, "text-only", issuer="Sở Nội vụ", with_image=False)
    store_with(data / "decrees.db", [doc, plain])
    with Store(data / "decrees.db") as store:
        Users(store, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).add("alice", PASSWORD)
    app = create_app(Settings(db=str(data / "decrees.db"), data_dir=data))
    with serving(app) as base:
        yield base, data, doc, plain


def viewer_state(browser) -> dict:
    return browser.execute_script(
        "const v = document.getElementById('viewport'), c = document.getElementById('canvas');"
        "return {scale: Number(v.dataset.scale), fit: window.decreeViewer.fitScale,"
        " transform: c.style.transform, view: v.getBoundingClientRect().toJSON()};")


def test_the_scan_zooms_pans_and_follows_the_selected_word(browser, desk_site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By

    base, _, doc, _ = desk_site
    body = open_document(browser, base, doc.doc_id)
    start = viewer_state(browser)
    assert abs(start["scale"] - start["fit"]) < 1e-3, "the page opens fitted to the viewer's width"
    browser.find_element(By.ID, "zoom-in").click()
    assert viewer_state(browser)["scale"] > start["scale"] * 1.2
    viewport = browser.find_element(By.ID, "viewport")
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(viewport), 0, -300).perform()
    wheeled = viewer_state(browser)
    assert wheeled["scale"] > start["scale"] * 1.4, "the wheel zooms too"
    ActionChains(browser).click_and_hold(viewport).move_by_offset(-120, -80).release().perform()
    assert viewer_state(browser)["transform"] != wheeled["transform"], "dragging pans"
    browser.find_element(By.ID, "zoom-fit").click()
    assert abs(viewer_state(browser)["scale"] - start["fit"]) < 1e-3
    body.send_keys("n")
    body.send_keys("n")
    target = WRONG_WORD[0]
    state = viewer_state(browser)
    assert state["scale"] > start["fit"] * 1.5, "the selected word is brought close enough to read"
    box = browser.execute_script(
        f"return document.querySelector('.box[data-key=\"{target}\"]').getBoundingClientRect().toJSON()")
    view = state["view"]
    middle = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
    assert view["left"] < middle[0] < view["right"] and view["top"] < middle[1] < view["bottom"], \
        "and its box is in sight"
    assert box["height"] > 30, "tall enough for its diacritics"
    # The word's line: its strip of the scan above its text, the word marked.
    strip = browser.find_element(By.ID, "wp-line-image")
    assert strip.is_displayed() and strip.size["height"] > 10
    assert "/pages/1/image" in strip.value_of_css_property("background-image")
    assert browser.find_element(By.CSS_SELECTOR, "#wp-line mark").text == WRONG_WORD[1]
    assert "Phát động phong trào thi" in browser.find_element(By.ID, "wp-line").text
    body.send_keys("+")
    assert viewer_state(browser)["scale"] > state["scale"]


def test_pages_one_at_a_time_with_a_strip_and_their_status(browser, desk_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _, doc, _ = desk_site
    wait = WebDriverWait(browser, 10)
    body = open_document(browser, base, doc.doc_id)
    strip = browser.find_elements(By.CSS_SELECTOR, "#page-strip .pg")
    assert [a.get_attribute("data-page") for a in strip] == ["1", "2", "3"]
    assert all("new" in a.get_attribute("class") for a in strip)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#restored .line")) == 7, "one page of text only"
    body.send_keys("]")
    wait.until(ec.url_contains("page=2"))
    assert browser.find_element(By.CSS_SELECTOR, "#page-strip .pg.current").text.startswith("2")
    assert browser.find_element(By.ID, "page-image").get_attribute("src").endswith("/pages/2/image")
    # Fix a word on page 2 and save: the page is in progress; then marked done.
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("n")
    body.send_keys("1")
    body.send_keys("s")
    wait.until(ec.presence_of_element_located((By.ID, "saved")))
    assert "page=2" in browser.current_url
    assert "in_progress" in browser.find_element(By.CSS_SELECTOR, '.pg[data-page="2"]').get_attribute("class")
    assert browser.find_element(By.ID, "page-status").text == "Đang làm"
    browser.find_element(By.ID, "page-done").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "page-status"), "Đã xong"))
    assert "done" in browser.find_element(By.CSS_SELECTOR, '.pg[data-page="2"]').get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, '.pg[data-page="3"]').click()
    wait.until(ec.url_contains("page=3"))
    assert browser.find_elements(By.ID, "next-page") == [] and browser.find_element(By.ID, "prev-page")
    browser.find_element(By.TAG_NAME, "body").send_keys("[")
    wait.until(ec.url_contains("page=2"))


def test_a_document_without_a_scan_gives_its_text_the_width(browser, desk_site):
    from selenium.webdriver.common.by import By

    base, _, _, plain = desk_site
    open_document(browser, base, plain.doc_id)
    assert browser.find_elements(By.CSS_SELECTOR, ".scan") == []
    text = browser.find_element(By.CSS_SELECTOR, "section.text")
    width = browser.execute_script("return window.innerWidth")
    assert text.size["width"] > 0.55 * width


def test_search_from_the_header_in_vietnamese_then_english(browser, desk_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _, doc, _ = desk_site
    wait = WebDriverWait(browser, 10)
    open_document(browser, base, doc.doc_id)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Đăng xuất" in browser.find_element(By.TAG_NAME, "header").text
    browser.find_element(By.ID, "search-q").send_keys("noi vu" + Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.ID, "results")))
    assert browser.find_element(By.ID, "search-count").text == "Tìm thấy 1 văn bản cho “noi vu”."
    assert [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#results mark")] == ["Nội", "vụ"]
    browser.find_element(By.ID, "search-page-q").clear()
    browser.find_element(By.ID, "search-page-q").send_keys("phong trao thi dua" + Keys.ENTER)
    wait.until(ec.text_to_be_present_in_element((By.ID, "search-count"), "2 văn bản"))
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#results li:first-child mark")]
    assert marks == ["phong", "trào", "thi", "dựa"]
    browser.find_element(By.ID, "lang-switch").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "search-count"), "document(s) found"))
    assert "Sign out" in browser.find_element(By.TAG_NAME, "header").text
    browser.find_element(By.CSS_SELECTOR, "#results a.hit").click()
    wait.until(ec.presence_of_element_located((By.ID, "review")))
    assert "page=1" in browser.current_url and "Sign out" in browser.find_element(By.TAG_NAME, "header").text


def test_the_date_form_takes_vietnamese_dates_and_marks_a_wrong_one(browser, desk_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, data, doc, _ = desk_site
    wait = WebDriverWait(browser, 10)
    body = open_document(browser, base, doc.doc_id)
    body.send_keys("n")
    body.send_keys("1")  # a word fix, to be kept through a refused save
    issued = browser.find_element(By.NAME, "field:issued_on")
    issued.clear()
    issued.send_keys("31/02/2020")
    period = browser.find_element(By.NAME, "field:period.end")
    period.clear()
    period.send_keys("ngày 30 tháng 12 năm 2020")
    browser.find_element(By.ID, "save").click()
    error = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".field.invalid .field-error")))
    assert error.text.startswith("“31/02/2020” không phải là ngày")
    period = browser.find_element(By.NAME, "field:period.end")
    assert period.get_attribute("value") == "ngày 30 tháng 12 năm 2020"
    assert browser.find_element(By.ID, "pending").text == "1 chỗ sửa chưa được lưu.", "the word fix is kept"
    assert browser.find_element(By.CSS_SELECTOR, '.w[data-key="p1/ocr_vie/l1/w1"]').text == "LĂNG"
    issued = browser.find_element(By.NAME, "field:issued_on")
    issued.clear()
    issued.send_keys("31/12/2019")
    browser.find_element(By.ID, "save").click()
    wait.until(ec.presence_of_element_located((By.ID, "saved")))
    assert browser.find_element(By.NAME, "field:issued_on").get_attribute("value") == "2019-12-31"
    with Store(data / "decrees.db") as store:
        record = store.current_record(doc.doc_id)
        assert (record.issued_on, record.period.end) == ("2019-12-31", "2020-12-30")
        assert [c.target for c in store.corrections(doc.doc_id) if c.kind == "word"] == ["p1/ocr_vie/l1/w1"]
