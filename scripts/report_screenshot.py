"""Take the screenshot of `decree report` in the README and docs/analysts.md: docs/report.png.

Runs the pipeline over the sample archive (data/raw) into a temporary folder (or uses the store given
with --db), writes the report there and photographs it in headless chromium, top of the page down to
the data-quality section.

    .venv/bin/python scripts/report_screenshot.py [--db data/processed/decrees.db] [--out docs/report.png]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from review_docs import chromium  # noqa: E402

WIDTH = 1280


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a run's store (default: run the sample archive now)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    args = parser.parse_args()
    browser = chromium(WIDTH, 900)
    if browser is None:
        print("report_screenshot: chromium, chromedriver or selenium is not installed", file=sys.stderr)
        return 1
    from selenium.webdriver.common.by import By

    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = args.db
            if db is None:
                run = Path(tmp) / "processed"
                # The relative path, as the README runs it: sources show as data/raw/...
                subprocess.run([sys.executable, "-m", "pipeline", "run", "data/raw", "--out", str(run)],
                               cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                db = run / "decrees.db"
            page = Path(tmp) / "report.html"
            subprocess.run([sys.executable, "-m", "pipeline", "report", "--db", str(db), "--out", str(page),
                            "--lang", args.lang, "--records", str(db.parent / "records")],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            browser.get(page.as_uri())
            # Down to the end of the quality section: the plots and the review progress.
            bottom = browser.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return Math.ceil(r.bottom + window.scrollY)",
                browser.find_element(By.ID, "quality"))
            browser.set_window_size(WIDTH, bottom + 120)
            png = browser.get_screenshot_as_png()
    finally:
        browser.quit()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, bottom + 16))).quantize(colors=128)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, optimize=True)
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
