"""An analyst opens `decree report`'s page: one file, nothing fetched from anywhere, every plot drawn,
every campaign linking to its record, in Vietnamese or English, and no document can inject markup."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from factory import make_document
from review_docs import chromium

from pipeline.document import Commemoration, Reward
from pipeline.export import export, is_campaign
from pipeline.report import archive_tables, render, write_report
from pipeline.store import Store, word_target

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_TITLE = '<script>window.pwned = 1</script>Phát động thi đua "năm" 2020 & $x$'
HOSTILE_ISSUER = "<img src=x onerror=\"window.pwned = 2\">UBND tỉnh"
HOSTILE_EVENT = "90 năm <b onmouseover=\"window.pwned = 3\">thành lập Đảng</b>"
PLOTS = ("per-year", "per-level", "commemorations", "rewards", "awarded", "doubtful-share", "missing-fields",
         "corrections-made")


def hostile_document():
    doc = make_document(900)
    doc.record.doc_type = "phat_dong"
    doc.record.title = HOSTILE_TITLE
    doc.record.issuer = HOSTILE_ISSUER
    doc.record.commemorations = [Commemoration(event=HOSTILE_EVENT, start="1930-02-03", end="2020-02-03",
                                               years=90)]
    doc.record.rewards = [Reward(form="Bằng khen </svg><script>window.pwned = 4</script>",
                                 authority="Chủ tịch <i>UBND</i>")]
    return doc


DOCS = [make_document(i) for i in range(40)] + [hostile_document()]


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run's OUT: the store, the datasets with their records, and the report beside them."""
    root = tmp_path_factory.mktemp("report")
    with Store(root / "decrees.db") as store:
        for doc in DOCS:
            store.save_version(doc, pipeline_version="v1", model_version="m1")
        store.correct_word(DOCS[0].doc_id, word_target(1, 0, 0), "UỶ", who="lan", before="ỦY", base_version=1)
        for doc in DOCS[:5]:
            store.set_status(doc.doc_id, "reviewed", who="lan")
        export(store, root)
        write_report(store, root / "report.html")
    return root


@pytest.fixture(scope="module")
def page(run_folder: Path) -> str:
    return (run_folder / "report.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every URL the page would load or link to, and the <script> elements in it."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.scripts = 0
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data") and value:
                self.urls.append((tag, name, value))
            if name == "style" and value and "url(" in value:
                self.urls.append((tag, name, value))


def parsed(page: str) -> Links:
    links = Links()
    links.feed(page)
    return links


def test_the_page_is_self_contained(page: str, run_folder: Path):
    links = parsed(page)
    assert links.scripts == 0 and "link" not in links.tags and "iframe" not in links.tags
    outside = [u for u in links.urls if not (u[0] == "a" and u[2].startswith("records/"))]
    # Inside the inline SVGs, matplotlib's own references point into the page (#id).
    assert all(u[2].startswith("#") for u in outside), outside
    assert "url(http" not in page and "@import" not in page
    assert not re.search(r"<\?xml|<!DOCTYPE svg", page), "SVG inlined without its file prolog"


def test_every_plot_is_drawn_from_the_archive(page: str, run_folder: Path):
    for key in PLOTS:
        section = re.search(rf'<(section|div class="plot") id="{key}">(.*?)</(section|div)>', page, re.S)[2]
        assert "<svg" in section, f"{key}: no plot"
    campaigns = pd.read_parquet(run_folder / "campaigns.parquet")
    per_year = re.search(r'<section id="per-year">(.*?)</section>', page, re.S)[1]
    shown = set(re.findall(r">\s*(\d{4})\s*<", per_year))
    years = campaigns["year"].dropna().astype(int)
    assert {str(y) for y in range(years.min(), years.max() + 1)} <= shown, "every year on the axis"
    # The headline figures are the datasets' own.
    kpis = [int(n.replace(".", "")) for n in re.findall(r'<span class="n">([\d.]+)</span>', page)]
    quality = pd.read_parquet(run_folder / "document_quality.parquet")
    assert kpis == [len(DOCS), len(campaigns), int(quality["pages"].sum()), int(quality["words"].sum()),
                    int(quality["doubtful_words"].sum()), 1, 5]
    missing = re.search(r'id="missing-fields">(.*?)</div>', page, re.S)[1]
    assert "Ngày ban hành" in missing and "Chủ đề" in missing, "the fields documents lack, by name"
    assert "Đã duyệt: <strong>5</strong>" in page and f"Chưa duyệt: <strong>{len(DOCS) - 5}</strong>" in page


def test_every_campaign_links_to_its_record(page: str, run_folder: Path):
    hrefs = re.findall(r'<tr data-doc="(\w+)">.*?<a href="([^"]+)">', page)
    expected = {d.doc_id for d in DOCS if is_campaign(d.record)}
    assert {doc_id for doc_id, _ in hrefs} == expected and len(hrefs) == len(expected)
    for doc_id, href in hrefs:
        assert href == f"records/{doc_id}.json" and (run_folder / href).is_file()


def test_text_from_documents_is_escaped(page: str):
    links = parsed(page)
    assert not {"script", "img", "b", "i"} & set(links.tags), "no element from a document's text"
    assert not links.handlers, "no event handler from a document's text"
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;Phát động thi đua" in page
    assert "$x$" in page, "a dollar sign is text, not mathematics"


def test_vietnamese_by_default_english_on_request(page: str, run_folder: Path):
    assert '<html lang="vi">' in page and "Phong trào theo năm" in page
    with Store(run_folder / "decrees.db") as store:
        english = render(archive_tables(store), lang="en")
    assert '<html lang="en">' in english and "Campaigns per year" in english
    assert "Phong trào theo năm" not in english
    with pytest.raises(ValueError):
        render(archive_tables(store), lang="fr")


def test_an_empty_archive_says_so_instead_of_plotting(tmp_path: Path):
    with Store(tmp_path / "decrees.db") as store:
        page = render(archive_tables(store))
    assert "<svg" not in page
    assert page.count("Chưa có dữ liệu.") == 7  # five plots, the histogram, the campaigns
    assert "Không văn bản nào thiếu trường nào." in page and "Chưa có lượt sửa nào." in page


def decree(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_decree_report_writes_the_page_or_says_in_one_line_why_not(run_folder: Path, tmp_path: Path):
    out = tmp_path / "site" / "archive.html"
    out.parent.mkdir()
    done = decree("report", "--db", str(run_folder / "decrees.db"), "--out", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    written = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in written
    # The links reach the records beside the store from wherever the page is.
    (href,) = set(re.findall(r'<a href="([^"]+)/\w+\.json">', written))
    assert (out.parent / href).resolve() == (run_folder / "records").resolve()

    missing = decree("report", "--db", str(tmp_path / "nothing.db"), "--out", str(out))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nothing.db" in missing.stderr
    language = decree("report", "--db", str(run_folder / "decrees.db"), "--out", str(out), "--lang", "fr")
    assert language.returncode == 2 and "--lang" in language.stderr
    blocked = tmp_path / "blocked.html"
    blocked.mkdir()  # something in the way
    failed = decree("report", "--db", str(run_folder / "decrees.db"), "--out", str(blocked))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.count("\n") == 1 and "blocked.html" in failed.stderr, failed.stderr


@pytest.fixture
def browser():
    driver = chromium(1300, 900)
    if driver is None:
        pytest.skip("chromium, chromedriver or selenium is not installed")
    yield driver
    driver.quit()


def test_the_page_opens_in_a_browser_with_every_plot_and_nothing_fetched(browser, run_folder: Path):
    from selenium.webdriver.common.by import By

    browser.get((run_folder / "report.html").as_uri())
    assert browser.title == "Lưu trữ phong trào thi đua: tổng quan"
    for key in PLOTS:
        svg = browser.find_element(By.CSS_SELECTOR, f"#{key} svg")
        box = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", svg)
        assert box[0] > 200 and box[1] > 50, f"{key}: the plot is drawn ({box})"
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return window.pwned === undefined")
    rows = browser.find_elements(By.CSS_SELECTOR, "#campaigns tbody tr")
    assert len(rows) == sum(is_campaign(d.record) for d in DOCS)
    hostile = browser.find_element(By.CSS_SELECTOR, f'tr[data-doc="{DOCS[-1].doc_id}"]')
    assert HOSTILE_TITLE in hostile.text and HOSTILE_ISSUER in hostile.text, "shown as text, whole"
    hostile.find_element(By.TAG_NAME, "a").click()
    assert browser.current_url == (run_folder / "records" / f"{DOCS[-1].doc_id}.json").as_uri()
    assert DOCS[-1].doc_id in browser.find_element(By.TAG_NAME, "body").text
