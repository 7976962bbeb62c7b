"""Take the README's screenshot of the review app's document view: docs/review-document.png.

Builds a small run folder (a generated scan, its garbled OCR reading and restoration, a record) in a
temporary folder, serves the app, signs in with chromium and goes to the second doubtful word.

    .venv/bin/python scripts/review_screenshot.py [--out docs/review-document.png]
"""

from __future__ import annotations

import argparse
import io
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-document.png")
    args = parser.parse_args()
    browser = chromium(1400, 820)
    if browser is None:
        print("review_screenshot: chromium, chromedriver or selenium is not installed", file=sys.stderr)
        return 1
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "out"
        doc = scanned_document(data)
        store_with(data / "decrees.db", [doc])
        with Store(data / "decrees.db") as store:
            demo = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
            Users(store, demo).add("archivist", "demo-password")
        app = create_app(Settings(db=str(data / "decrees.db"), data_dir=data))
        try:
            with serving(app) as base:
                browser.implicitly_wait(5)
                browser.get(f"{base}/login?next=/documents/{doc.doc_id}")
                browser.find_element(By.ID, "name").send_keys("archivist")
                browser.find_element(By.ID, "password").send_keys("demo-password" + Keys.ENTER)
                browser.find_element(By.ID, "review")
                body = browser.find_element(By.TAG_NAME, "body")
                body.send_keys("n")
                body.send_keys("n")
                png = browser.get_screenshot_as_png()
        finally:
            browser.quit()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, optimize=True)
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
