"""Page render times of the review app over a store of many documents (1,000 by default).

    .venv/bin/python scripts/bench_review.py [--documents 1000] [--pages 1] [--repeat 20]

Prints, in milliseconds, the median time of each page as a signed-in reviewer gets it (in-process
HTTP through the ASGI app, so the figures are the app's and the store's, not the network's). The
first list view is timed apart: it reads every document once to count its doubtful words.
"""

from __future__ import annotations

import argparse
import copy
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fastapi.testclient import TestClient  # noqa: E402
from review_docs import WRONG_WORD, scanned_document  # noqa: E402

from pipeline.review.app import Settings, create_app  # noqa: E402
from pipeline.review.users import Users  # noqa: E402
from pipeline.store import Store  # noqa: E402

ISSUERS = ("UBND tỉnh Lạng Sơn", "UBND huyện Cao Lộc", "Sở Nội vụ", "Hội Nông dân tỉnh", "Sở Y tế")
TYPES = ("ke_hoach", "phat_dong", "bao_cao", "quyet_dinh")


def build(data: Path, count: int, pages: int) -> str:
    started = time.perf_counter()
    first = ""
    with Store(data / "decrees.db") as store:
        for i in range(count):
            doc = scanned_document(data, f"bench-{i}", issuer=ISSUERS[i % len(ISSUERS)],
                                   doc_type=TYPES[i % len(TYPES)],
                                   issued_on=f"{2015 + i % 8}-0{1 + i % 9}-15", with_image=i == 0)
            # Page-sized documents: the plan's body lines again and again, as more pages.
            body = doc.pages[0].readings[0].lines
            for number in range(2, pages + 1):
                extra = copy.deepcopy(doc.pages[0])
                extra.number, extra.image = number, None
                extra.readings[0].lines = copy.deepcopy(body * 7)
                doc.pages.append(extra)
            for n, word in enumerate(w for _, _, line in doc.lines() for w in line.words):
                if word.confidence is not None and word.confidence > 0.9:
                    word.confidence = 0.9 + ((i * 7 + n) % 10) / 100
            store.save_version(doc, pipeline_version="bench", model_version="bench")
            first = first or doc.doc_id
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        Users(store, cheap).add("bench", "bench-password")
    words = sum(len(line.words) for _, _, line in doc.lines())
    print(f"store of {count} documents of {pages} page(s), {words} words each, built in "
          f"{time.perf_counter() - started:.1f} s")
    return first


def timed(client: TestClient, path: str, repeat: int, **kwargs: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, **kwargs)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=1, help="pages per document (the first has an image; "
                        "each further one about 200 words)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "out"
        doc_id = build(data, args.documents, args.pages)
        client = TestClient(create_app(Settings(db=str(data / "decrees.db"), data_dir=data)))
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]
        client.post("/login", data={"name": "bench", "password": "bench-password", "csrf_token": token},
                    follow_redirects=False)
        started = time.perf_counter()
        assert client.get("/").status_code == 200
        first = 1000 * (time.perf_counter() - started)
        print(f"{'document list, first view (reads every document)':55} {first:8.1f} ms")
        rows = [
            ("document list, 100 rows of " + str(args.documents), "/", {}),
            ("document list, page 5", "/?page_no=5", {}),
            ("list filtered by year and issuer (htmx rows only)", "/",
             {"params": {"year": "2016", "issuer": ISSUERS[1]}, "headers": {"HX-Request": "true",
                                                                             "HX-Target": "doc-rows"}}),
            ("document view", f"/documents/{doc_id}", {}),
            ("history", f"/documents/{doc_id}/history", {}),
            ("page image", f"/documents/{doc_id}/pages/1/image", {}),
        ]
        for label, path, kwargs in rows:
            print(f"{label:55} {timed(client, path, args.repeat, **kwargs):8.1f} ms")
        restarted = TestClient(create_app(Settings(db=str(data / "decrees.db"), data_dir=data)))
        restarted.cookies.update(client.cookies)
        print(f"{'document list, first view after a restart':55} {timed(restarted, '/', 1):8.1f} ms")
        target, wrong, right = WRONG_WORD
        page = client.get(f"/documents/{doc_id}").text
        form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1], "revision": "1",
                f"word:{target}": right, f"word_before:{target}": wrong}
        started = time.perf_counter()
        response = client.post(f"/documents/{doc_id}/save", data=form, follow_redirects=False)
        assert response.status_code == 303
        print(f"{'save one word correction':55} {1000 * (time.perf_counter() - started):8.1f} ms")
        print(f"{'document list after that save':55} {timed(client, '/', 1):8.1f} ms")


if __name__ == "__main__":
    main()
