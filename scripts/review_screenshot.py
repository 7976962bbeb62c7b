"""Take the README's screenshots of the review app (docs/review-*.png), in its default Vietnamese:

    review-document.png   a page of a three-page scan, the second doubtful word selected: the scan
                          zoomed onto the word's box, the word's line cut from the scan above its text
    review-search.png     a search without diacritics, the matches marked in each snippet
    review-form.png       a refused save: the wrong date marked beside its field, the other edits kept

Builds a small run folder (generated scans, their garbled OCR reading and restoration, records) in a
temporary folder, serves the app and drives Debian's chromium.

    .venv/bin/python scripts/review_screenshot.py [--out-dir docs]
"""

from __future__ import annotations

import argparse
import copy
import io
import shutil
import sys
import tempfile
from pathlib import Path

from argon2 import PasswordHasher
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from review_docs import chromium, scanned_document, serving, store_with  # noqa: E402

from pipeline.review.app import Settings, create_app  # noqa: E402
from pipeline.review.users import Users  # noqa: E402
from pipeline.store import Store  # noqa: E402


def build(data: Path) -> str:
    doc = scanned_document(data)
    for number in (2, 3):
        extra = copy.deepcopy(doc.pages[0])
        extra.number = number
        extra.image = extra.image.replace("/1.png", f"/{number}.png")
        shutil.copy(data / doc.pages[0].image, data / extra.image)
        doc.pages.append(extra)
    doc.page_count = 3
    kinds = (("UBND huyện Cao Lộc", "phat_dong"), ("Sở Nội vụ", "bao_cao"))
    others = [scanned_document(data, f"other-{i}", issuer=issuer, doc_type=kind, with_image=False)
              for i, (issuer, kind) in enumerate(kinds)]
    store_with(data / "decrees.db", [doc, *others])
    with Store(data / "decrees.db") as store:
        demo = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        Users(store, demo).add("archivist", "demo-password")
    return doc.doc_id


def save(png: bytes, out: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    print(f"{out}: {out.stat().st_size // 1024} KB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    browser = chromium(1400, 820)
    if browser is None:
        print("review_screenshot: chromium, chromedriver or selenium is not installed", file=sys.stderr)
        return 1
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    shots: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "out"
        doc_id = build(data)
        app = create_app(Settings(db=str(data / "decrees.db"), data_dir=data))
        try:
            with serving(app) as base:
                browser.implicitly_wait(5)
                browser.get(f"{base}/login?next=/documents/{doc_id}")
                browser.find_element(By.ID, "name").send_keys("archivist")
                browser.find_element(By.ID, "password").send_keys("demo-password" + Keys.ENTER)
                browser.find_element(By.ID, "review")
                body = browser.find_element(By.TAG_NAME, "body")
                body.send_keys("n")
                body.send_keys("n")
                shots["review-document.png"] = browser.get_screenshot_as_png()

                browser.get(f"{base}/search?q=phong+trao+thi+dua")
                browser.find_element(By.ID, "results")
                shots["review-search.png"] = browser.get_screenshot_as_png()

                browser.get(f"{base}/documents/{doc_id}")
                body = browser.find_element(By.TAG_NAME, "body")
                body.send_keys("n")
                body.send_keys("2")
                issued = browser.find_element(By.NAME, "field:issued_on")
                issued.clear()
                issued.send_keys("31/02/2020")
                browser.find_element(By.ID, "save").click()
                error = browser.find_element(By.CSS_SELECTOR, ".field.invalid")
                browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
                shots["review-form.png"] = browser.get_screenshot_as_png()
        finally:
            browser.quit()
    for name, png in shots.items():
        save(png, args.out_dir / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
