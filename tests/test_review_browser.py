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
    assert "1 word correction not saved yet." in browser.find_element(By.ID, "pending").text
    browser.find_element(By.TAG_NAME, "body").send_keys("s")
    notice = wait.until(ec.presence_of_element_located((By.ID, "saved")))
    assert notice.text == "Saved 1 correction."
    word = browser.find_element(By.CSS_SELECTOR, f'.w[data-key="{target}"]')
    assert word.text == right and "doubtful" not in word.get_attribute("class")
    # Marking it reviewed goes through htmx, its CSRF token in a header.
    browser.find_element(By.ID, "mark-reviewed").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#status .badge"), "reviewed"))

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
    assert "2 word corrections not saved yet." in browser.find_element(By.ID, "pending").text

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
    saved = ec.text_to_be_present_in_element((By.ID, "saved"), "Saved 2 corrections.")
    WebDriverWait(browser, 10).until(saved)
    with Store(data / "decrees.db") as store:
        assert [(c.target, c.before, c.after, c.who) for c in store.corrections(doc.doc_id)] == [
            ("p1/ocr_vie/l1/w1", "LẠNG", "LÀNG", "alice"), (target, wrong, wrong, "alice")]
