"""Does learning from archivists' corrections help? Before/after syllable accuracy on held-out documents.

On the held-out generated documents (data/heldout/<engine>/: clean text and its OCR garbling, never
used for training), a simulated reviewer corrects the first documents: every restored word that differs
from the true text is corrected in a store, exactly as the review app records it. The corrections are
then folded into a copy of the models (`pipeline.training.learning.learn`, what
`decree train --corrections DB`
runs) and the *other* documents are restored again. Prints syllable accuracy and CER before and after.

    python scripts/bench_learning.py [--engine eng] [--reviewed 0.3]
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.document import Document, Page, Reading  # noqa: E402
from pipeline.restore.combine import restore_document  # noqa: E402
from pipeline.restore.model import RestoreModel, restore_dir  # noqa: E402
from pipeline.store import Store, word_target  # noqa: E402
from pipeline.training.learning import learn  # noqa: E402
from pipeline.training.metrics import score  # noqa: E402
from pipeline.vietnamese import nfc  # noqa: E402

READING_OF_ENGINE = {"eng": "pdf_text", "vie": "ocr_vie"}


def load_docs(folder: Path, garbled_suffix: str, clean_suffix: str) -> list[tuple[str, str, str]]:
    """(name, garbled, clean) of every document in `folder` that has both texts, sorted by name."""
    docs = []
    for garbled in sorted(folder.glob(f"*{garbled_suffix}")):
        name = garbled.name.removesuffix(garbled_suffix)
        clean = garbled.with_name(f"{name}{clean_suffix}")
        if clean.is_file():
            text = nfc(garbled.read_text(encoding="utf-8"))
            docs.append((name, text, nfc(clean.read_text(encoding="utf-8"))))
    return docs


def load_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """The held-out corpus documents: <name>.garbled.txt beside <name>.clean.txt."""
    return load_docs(folder, ".garbled.txt", ".clean.txt")


def load_twins(folder: Path) -> list[tuple[str, str, str]]:
    """The labelled campaign documents: <name>.eng.txt (English-OCR twin) beside <name>.txt."""
    return load_docs(folder, ".eng.txt", ".txt")


def as_document(name: str, garbled: str, engine: str) -> Document:
    page = Page(number=1, readings=[Reading.from_text(READING_OF_ENGINE[engine], garbled)])  # type: ignore[arg-type]
    page.primary = page.readings[0].kind
    return Document(doc_id=name[-16:], source=f"{name}.garbled.txt", media_type="text", pages=[page])


def restored(model: RestoreModel, name: str, garbled: str, engine: str) -> Document:
    doc = as_document(name, garbled, engine)
    restore_document(model, doc)
    return doc


def reviewer_fixes(doc: Document, clean: str) -> list[tuple[int, int, str, str]]:
    """What a reviewer who knows the true text changes: (line, word, machine's word, true word) for
    each restored word that a one-to-one alignment with the true text shows wrong. The alignment is
    over the whole document, so OCR lines need not match the printed lines one for one."""
    reading = doc.pages[0].readings[0]
    places = [(i, j) for i, line in enumerate(reading.lines) for j in range(len(line.words))]
    machine = [w.restored if w.restored is not None else w.text for line in reading.lines for w in line.words]
    truth = clean.split()
    matcher = difflib.SequenceMatcher(a=[m.lower() for m in machine], b=[t.lower() for t in truth],
                                      autojunk=False)
    fixes = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "replace" and a1 - a0 == b1 - b0:
            for k in range(a1 - a0):
                line, word = places[a0 + k]
                fixes.append((line, word, machine[a0 + k], truth[b0 + k]))
    return fixes


def accuracy(model: RestoreModel, docs: list[tuple[str, str, str]], engine: str) -> dict[str, float]:
    gold = "\n".join(clean for _, _, clean in docs)
    hyp = "\n".join(restored(model, name, garbled, engine).restored_text for name, garbled, _ in docs)
    return score(gold, hyp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="eng", choices=["eng", "vie"])
    parser.add_argument("--reviewed", type=float, default=0.3, help="share of documents reviewed")
    parser.add_argument("--set", dest="docset", default="heldout", choices=["heldout", "labelled"],
                        help="heldout: corpus documents (data/heldout/<engine>); labelled: the campaign "
                             "documents of the extraction set with their English-OCR twins (eng only)")
    args = parser.parse_args()

    if args.docset == "labelled":
        args.engine = "eng"
        docs = load_twins(ROOT / "tests" / "data" / "labelled")
    else:
        docs = load_pairs(ROOT / "data" / "heldout" / args.engine)
    if len(docs) < 4:
        print(f"too few documents in the {args.docset} set", file=sys.stderr)
        return 2
    n_reviewed = max(1, round(len(docs) * args.reviewed))
    reviewed, evaluated = docs[:n_reviewed], docs[n_reviewed:]

    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "models"
        shutil.copytree(restore_dir(), model_dir)
        before_model = RestoreModel.load(model_dir)
        before = accuracy(before_model, evaluated, args.engine)

        store = Store(Path(tmp) / "review.db")
        n_fixes = 0
        for name, garbled, clean in reviewed:
            doc = restored(before_model, name, garbled, args.engine)
            version = store.save_version(doc, pipeline_version="bench", model_version="before")
            reading = doc.pages[0].readings[0].kind
            for line, word, machine, truth in reviewer_fixes(doc, clean):
                store.correct_word(doc.doc_id, word_target(1, line, word, reading), truth, who="simulated",
                                   before=machine, base_version=version)
                n_fixes += 1
        started = time.perf_counter()
        used = learn(store, model_dir)
        fold_s = time.perf_counter() - started
        store.close()
        after = accuracy(RestoreModel.load(model_dir), evaluated, args.engine)

    print(f"{args.docset} {args.engine} documents: {len(reviewed)} reviewed, {len(evaluated)} evaluated")
    print(f"corrections made by the simulated reviewer: {n_fixes}; word pairs folded: {used} "
          f"({fold_s:.1f} s)")
    print(f"{'':8} {'syl_acc':>8} {'cer':>8}")
    print(f"{'before':8} {before['syl_acc']:8.4f} {before['cer']:8.4f}")
    print(f"{'after':8} {after['syl_acc']:8.4f} {after['cer']:8.4f}")
    print(f"change   {after['syl_acc'] - before['syl_acc']:+8.4f} {after['cer'] - before['cer']:+8.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
