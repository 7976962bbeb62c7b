"""Extraction accuracy on the labelled set, field by field and form by form, on its open and sealed parts.

Parts: tests/data/labelled (open: rules may be developed against it) and tests/data/labelled_sealed
(sealed: its keys were written before the rules it measures, and its errors are never listed, so the
figures stay honest). Every document <name>.txt with its answer key <name>.json is read in these forms:
  clean      the text as written
  garbled    its English-model OCR twin <name>.eng.txt, as read (no restoration)
  restored   the same twin after pipeline.restore
  scan       the text printed and scanned well ("scan" style), as an image-only PDF through ingest
             (Tesseract vie) and restoration
  degraded   the same as a poor photocopy ("photocopy" style: blur, fading, low resolution, JPEG, stamp)

The scans are made here (pipeline.training.synth), not kept in the repository; their OCR is cached in --cache.
Prints per field the share of documents where the field is exactly right (lists: every item right and
none missing), then per form the share of all fields right, the false values (a value where the key
has none, or a wrong value; for a list any wrong item) and the missing ones, counted apart.
`--wrong` lists every miss of the open part (never of the sealed one).

The part `left-out` is a third of the open part (by a hash of each name) restored with models that
never saw it. The open documents are domain text the language model, the lexicon and the name model
are trained on (pipeline.training.corpus.DomainText), so the open part's restored, scan and degraded
forms flatter restoration: the left-out third is measured with a language model, lexicon and name
model rebuilt from the corpus (--corpus, ../shared/corpus) and the other two thirds only, the shipped
channels and parameters otherwise (built once into --cache, about two minutes). Its misses are listed
with --wrong: it is a study set for archives the models never saw, not a sealed one.

    python scripts/bench_extract.py [--forms clean restored scan degraded] [--parts open sealed left-out]
                                    [--wrong] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's pipeline, not one the virtualenv installed from another checkout.
sys.path.insert(0, str(ROOT))

from pipeline.document import Document  # noqa: E402
from pipeline.extract import extract  # noqa: E402
from pipeline.extract.score import FIELDS, Score  # noqa: E402
from pipeline.segment import segment  # noqa: E402
from pipeline.textdoc import document_from_text  # noqa: E402

DATA = ROOT / "tests" / "data"
PARTS = {"open": DATA / "labelled", "sealed": DATA / "labelled_sealed", "left-out": DATA / "labelled"}
LEFT_OUT_SHARE = 3  # one open document in this many is left out of the models' domain text
FORMS = ("clean", "garbled", "restored", "scan", "degraded")
SCAN_STYLES = {"scan": "scan", "degraded": "photocopy"}
CACHE = Path.home() / ".cache" / "decree" / "bench_extract"


def _restore() -> Callable[[Document], Document]:
    from pipeline.restore import restore

    return restore


def record_of(doc: Document) -> dict:
    doc = extract(segment(doc))
    assert doc.record is not None
    return doc.record.to_json_dict()


def scanned(text: str, name: str, form: str, cache: Path) -> Document:
    """The document as a scan of the printed text: rendered, saved as an image-only PDF and read
    back by ingest (OCR). The ingested Document is cached by text and style."""
    from pipeline.ingest import ingest
    from pipeline.training.synth import render_pages

    style = SCAN_STYLES[form]
    digest = hashlib.sha256(f"{style}\n{text}".encode()).hexdigest()[:20]
    cached = cache / f"{name}.{form}.{digest}.json"
    if cached.exists():
        return Document.from_json(cached.read_text(encoding="utf-8"))
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    images = render_pages(text, style, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / f"{name}.pdf"
        images[0].save(pdf, save_all=True, append_images=images[1:], resolution=300)
        doc = ingest(pdf, ocr="auto")
    cache.mkdir(parents=True, exist_ok=True)
    tmp_path = cached.with_name(cached.name + ".tmp")
    tmp_path.write_text(doc.to_json(), encoding="utf-8")
    tmp_path.replace(cached)
    return doc


def left_out(name: str) -> bool:
    """Whether an open document is in the third left out of the models' domain text (`left-out`)."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % LEFT_OUT_SHARE == 0


def left_out_models(corpus: Path, cache: Path) -> Path:
    """A models folder whose language model, lexicon and name model were trained on the corpus and
    the open documents not left out (the shipped channels, parameters and the candidates of the same
    printed words, recomputed, otherwise); built once per corpus, domain text and code of training."""
    from pipeline import models
    from pipeline.training.corpus import DomainText
    from pipeline.training.names import build_names
    from pipeline.training.train import build_language, refresh_candidate_cache

    if not corpus.is_dir():
        sys.exit(f"error: the left-out part needs the training corpus: {corpus} is no folder (--corpus)")
    domain = sorted(p for p in PARTS["open"].glob("*.txt") if "." not in p.stem and not left_out(p.stem))
    digest = hashlib.sha256()
    for path in domain + sorted(corpus.iterdir()) + sorted((ROOT / "pipeline").rglob("*.py")) + sorted(
            (models.root() / "restore").iterdir()):
        digest.update(path.name.encode() + (path.read_bytes() if path.suffix != ".jsonl" else
                                            str(path.stat().st_size).encode()))
    out = cache / f"left-out-{digest.hexdigest()[:16]}"
    if (out / "restore" / "lm.npz").exists():
        return out
    tmp = Path(tempfile.mkdtemp(dir=cache.parent if cache.parent.exists() else None))
    shutil.copytree(models.root() / "restore", tmp / "restore")
    with tempfile.TemporaryDirectory() as folder:
        for path in domain:
            (Path(folder) / path.name).symlink_to(path)
        quiet = lambda line: None  # noqa: E731
        build_language(corpus, tmp / "restore", quiet, DomainText(Path(folder)))
        build_names(corpus, tmp / "restore", quiet, DomainText(Path(folder)))
    for engine in ("eng", "vie"):
        refresh_candidate_cache(tmp / "restore", engine, quiet)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.replace(out)
    return out


def measure(folder: Path, forms: tuple[str, ...], cache: Path, only_left_out: bool = False
            ) -> tuple[dict[str, Score], int]:
    restore = _restore() if any(f != "clean" and f != "garbled" for f in forms) else None
    scores = {f: Score() for f in forms}
    keys = sorted(p for p in folder.glob("*.json") if p.with_suffix(".txt").exists()
                  and (not only_left_out or left_out(p.stem)))
    for key_path in keys:
        name = key_path.stem
        key = json.loads(key_path.read_text(encoding="utf-8"))
        text = key_path.with_suffix(".txt").read_text(encoding="utf-8")
        twin_path = key_path.with_name(f"{name}.eng.txt")
        twin = twin_path.read_text(encoding="utf-8") if twin_path.exists() else None
        for form in forms:
            if form == "clean":
                doc = document_from_text(text, source=name)
            elif form in ("garbled", "restored"):
                if twin is None:
                    continue
                doc = document_from_text(twin, source=name)
                if form == "restored":
                    assert restore is not None
                    doc = restore(doc)
            else:
                assert restore is not None
                doc = restore(scanned(text, name, form, cache))
            scores[form].add(name, record_of(doc), key)
    return scores, len(keys)


def report(part: str, scores: dict[str, Score], count: int) -> None:
    names = list(scores)
    print(f"\n== {part}: {count} documents")
    print(f"{'field':18}" + "".join(f"{n:>11}" for n in names))
    for f in FIELDS:
        print(f"{f:18}" + "".join(f"{scores[n].fields[f].accuracy:>11.1%}" for n in names))
    print("-" * (18 + 11 * len(names)))
    print(f"{'ALL FIELDS':18}" + "".join(f"{scores[n].accuracy:>11.1%}" for n in names))
    print(f"{'false values':18}" + "".join(f"{scores[n].false_values:>11d}" for n in names))
    print(f"{'  none in key':18}" + "".join(f"{scores[n].invented:>11d}" for n in names))
    print(f"{'missing values':18}" + "".join(f"{scores[n].missing:>11d}" for n in names))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", nargs="+", choices=FORMS, default=list(FORMS))
    parser.add_argument("--parts", nargs="+", choices=list(PARTS), default=["open", "sealed"])
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the scans' OCR is kept")
    parser.add_argument("--wrong", action="store_true", help="list every miss of the open and left-out parts")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="the training corpus (the left-out part's models are trained on it)")
    args = parser.parse_args()
    started = time.monotonic()
    results = {}
    for part in args.parts:
        if part == "left-out":
            from pipeline import models

            shipped = os.environ.get(models.ENV)
            models.use(left_out_models(args.corpus, args.cache.parent / "bench_extract_models"))
            try:
                scores, count = measure(PARTS[part], tuple(args.forms), args.cache, only_left_out=True)
            finally:
                if shipped is None:
                    os.environ.pop(models.ENV, None)
                else:
                    os.environ[models.ENV] = shipped
        else:
            scores, count = measure(PARTS[part], tuple(args.forms), args.cache)
        if not count:
            print(f"no labelled documents in {PARTS[part].name}", file=sys.stderr)
            return 2
        results[part] = scores
        report(part, scores, count)
    print(f"\n{time.monotonic() - started:.1f} s")
    for part in ("open", "left-out"):
        if not args.wrong or part not in results:
            continue
        for form, score in results[part].items():
            print(f"\n[{part}, {form}] {len(score.wrong)} wrong")
            for line in score.wrong:
                print("  " + line[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
