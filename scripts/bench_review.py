"""The review app under a burst of concurrent signed-in reviewers, served as `decree review` serves it.

    .venv/bin/python scripts/bench_review.py [--documents 300] [--reviewers 20] [--rounds 10]
                                             [--big-words 10000]

Builds a store of generated scanned documents plus one long document (--big-words words over pages
of about 250 words), starts `decree review` on 127.0.0.1 in its own process, signs in one account per
reviewer, then every reviewer at once, round after round: opens the document list, a page of a random
document and a page of the long document. Prints the p50 / p95 / max of each kind of page in
milliseconds over the whole burst (client-side, so the network stack and the HTTP server count too).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from review_docs import scanned_document  # noqa: E402

from pipeline.review.users import Users  # noqa: E402
from pipeline.store import Store  # noqa: E402

ISSUERS = ("UBND tỉnh Lạng Sơn", "UBND huyện Cao Lộc", "Sở Nội vụ", "Hội Nông dân tỉnh", "Sở Y tế")
TYPES = ("ke_hoach", "phat_dong", "bao_cao", "quyet_dinh")
PASSWORD = "bench-password"


def build(data: Path, count: int, big_words: int, reviewers: int) -> tuple[list[str], str, int]:
    """The store; returns the documents' ids, the long document's id and its page count."""
    started = time.perf_counter()
    ids = []
    with Store(data / "decrees.db") as store:
        for i in range(count):
            doc = scanned_document(data, f"bench-{i}", issuer=ISSUERS[i % len(ISSUERS)],
                                   doc_type=TYPES[i % len(TYPES)],
                                   issued_on=f"{2015 + i % 8}-0{1 + i % 9}-15", with_image=i < 5)
            for n, word in enumerate(w for _, _, line in doc.lines() for w in line.words):
                if word.confidence is not None and word.confidence > 0.9:
                    word.confidence = 0.9 + ((i * 7 + n) % 10) / 100
            store.save_version(doc, pipeline_version="bench", model_version="bench")
            ids.append(doc.doc_id)
        big = scanned_document(data, "bench-long", with_image=True)
        body = big.pages[0].readings[0].lines
        per_line = sum(len(line.words) for line in body) / len(body)
        lines_per_page = 250 // int(per_line) + 1
        words = sum(len(line.words) for line in body)
        number = 1
        while words < big_words:
            number += 1
            extra = copy.deepcopy(big.pages[0])
            extra.number, extra.image = number, None
            extra.readings[0].lines = [copy.deepcopy(body[k % len(body)]) for k in range(lines_per_page)]
            words += sum(len(line.words) for line in extra.readings[0].lines)
            big.pages.append(extra)
        big.page_count = len(big.pages)
        store.save_version(big, pipeline_version="bench", model_version="bench")
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        users = Users(store, cheap)
        for r in range(reviewers):
            users.add(f"reviewer{r}", PASSWORD)
    print(f"store: {count} documents of ~{sum(len(line.words) for line in body)} words, and one of {words} "
          f"words on {len(big.pages)} pages; built in {time.perf_counter() - started:.1f} s")
    return ids, big.doc_id, len(big.pages)


async def sign_in(base: str, name: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    response = await client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token,
                                                 "next": "/"})
    assert response.status_code == 303, response.text[:300]
    return client


async def reviewer(client: httpx.AsyncClient, rounds: int, ids: list[str], big: str, big_pages: int,
                   seed: int, times: dict[str, list[float]]) -> None:
    rng = random.Random(seed)
    for _ in range(rounds):
        for kind, path in (("document list", "/"),
                           ("document page", f"/documents/{rng.choice(ids)}"),
                           ("long document, a page", f"/documents/{big}?page={rng.randint(1, big_pages)}")):
            started = time.perf_counter()
            response = await client.get(path)
            times[kind].append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (path, response.status_code)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def burst(base: str, args: argparse.Namespace, ids: list[str], big: str, big_pages: int) -> None:
    clients = [await sign_in(base, f"reviewer{r}") for r in range(args.reviewers)]
    # One look at each page first: the first list view measures every document once (timed apart).
    started = time.perf_counter()
    await clients[0].get("/")
    print(f"first document list after the start: {1000 * (time.perf_counter() - started):.0f} ms")
    alone: dict[str, list[float]] = {"document list": [], "document page": [], "long document, a page": []}
    await reviewer(clients[0], 3, ids, big, big_pages, 99, alone)
    times: dict[str, list[float]] = {k: [] for k in alone}
    started = time.perf_counter()
    await asyncio.gather(*(reviewer(c, args.rounds, ids, big, big_pages, r, times)
                           for r, c in enumerate(clients)))
    wall = time.perf_counter() - started
    total = sum(len(v) for v in times.values())
    print(f"{args.reviewers} reviewers at once, {args.rounds} rounds each: {total} pages in {wall:.1f} s "
          f"(server: {args.workers} process(es); this machine: {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f})")
    print(f"{'page':28} {'alone p50':>10} {'p50':>8} {'p95':>8} {'max':>8}   (ms)")
    for kind, values in times.items():
        print(f"{kind:28} {statistics.median(alone[kind]):10.0f} {statistics.median(values):8.0f} "
              f"{percentile(values, 0.95):8.0f} {max(values):8.0f}")
    sizes = [len((await clients[0].get(f"/documents/{big}?page={p}")).content) for p in (1, big_pages)]
    print(f"long document page size: {max(sizes) / 1024:.0f} KB")
    for c in clients:
        await c.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--big-words", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="decree review --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "out"
        ids, big, big_pages = build(data, args.documents, args.big_words, args.reviewers)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [sys.executable, "-m", "pipeline", "review", "--db", str(data / "decrees.db"),
                   "--port", str(port), "--workers", str(args.workers)]
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    httpx.get(f"{base}/login", timeout=5)
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("bench_review: decree review did not start") from None
                    time.sleep(0.3)
            asyncio.run(burst(base, args, ids, big, big_pages))
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
