#!/usr/bin/env python3
"""Restoration benchmark: accuracy (dev and held-out), calibration, speed, load time, memory.

usage: scripts/bench_restore.py [--shared ../shared] [--heldout data/heldout] [--limit N] [--sealed]
       scripts/bench_restore.py --only speed [--speed-pages N]   (the restore/OCR time ratio alone)
       scripts/bench_restore.py --only ablation   (what each part adds, on each open test set)

Figures use the archive's metric (pipeline.training.metrics = ../shared/tools/score.py): syllable accuracy
(case-insensitive and case-sensitive) and character error rate. The dev document is measured, never
tuned on. The held-out set is corpus documents never used for training or pairs, rendered and read
by Tesseract eng and vie (data/heldout, made by scripts/make_heldout.py), and by Tesseract's legacy
engine, which the channel was never trained for (data/heldout/legacy). The sealed set
(data/sealed, scripts/make_sealed.py) stands for archives never seen: other documents, faces,
layouts and engine settings; it is printed only with --sealed, to be run at the end of a change.
Its open twin (data/unseen_open: other documents made and read the same ways) is printed every run.

Reading kinds: "garbled" (English OCR text layers), "garbled degraded" (the same on poor scans),
"vie good" / "vie degraded" (Vietnamese OCR of fair / poor scans), "never-trained engine" (the
legacy Tesseract engine, on the held-out and the sealed pages), "other-language engine" (Tesseract's
French and Portuguese models, which print accents but not Vietnamese's; restored with the engine
guessed from the text, as `decree` does), "diacritics-only" (clean text with every mark removed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract on one core, like the restorer

from pipeline.document import Document, Page, Reading  # noqa: E402
from pipeline.restore.engine import ReadingRestorer, guess_engine  # noqa: E402
from pipeline.restore.model import get_model  # noqa: E402
from pipeline.training.calibrate import judge  # noqa: E402
from pipeline.training.metrics import drop_lines, score, tokens  # noqa: E402
from pipeline.vietnamese import strip_marks  # noqa: E402

BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


def load_seconds() -> float:
    """Model load time in a fresh process (what a worker pays once)."""
    code = ("import time; t = time.perf_counter(); from pipeline.restore.model import get_model; "
            "get_model(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def pooled(scores: list[dict]) -> dict:
    """Token-weighted means of per-document scores."""
    n = sum(s["gold_tokens"] for s in scores) or 1
    return {k: sum(s[k] * s["gold_tokens"] for s in scores) / n for k in ("syl_acc", "syl_acc_cs", "cer")} | {
        "gold_tokens": n, "docs": len(scores)}


def line(name: str, r: dict) -> str:
    extra = f" docs={r['docs']}" if "docs" in r else ""
    return (f"  {name:34} syl_acc={r['syl_acc']:.4f}  syl_acc_cs={r['syl_acc_cs']:.4f}  cer={r['cer']:.4f}"
            f"  tokens={r['gold_tokens']}{extra}")


def restore_reading_text(text: str, engine: str, judged: list | None = None, clean: str | None = None,
                         model=None) -> tuple[str, float]:
    model = model or get_model()
    reading = Reading.from_text("txt", text)
    t = time.perf_counter()
    ReadingRestorer(model, engine).restore_lines(reading.lines)
    dt = time.perf_counter() - t
    if judged is not None and clean is not None:
        clean_lines = clean.split("\n")
        if len(clean_lines) == len(reading.lines):
            judged += judge(reading.lines, clean_lines)
    return reading.restored_text, dt


def heldout_docs(folder: Path, limit: int) -> list[tuple[str, str, str]]:
    docs = []
    for garbled in sorted(folder.glob("*.garbled.txt"))[:limit]:
        clean = garbled.with_name(garbled.name.replace(".garbled.txt", ".clean.txt"))
        if clean.exists():
            docs.append((garbled.name.replace(".garbled.txt", ""), garbled.read_text(encoding="utf-8"),
                         clean.read_text(encoding="utf-8")))
    return docs


def reliability(judged: list[tuple[float, float, bool]]) -> list[str]:
    rows = ["  confidence     words   share  accuracy"]
    total = len(judged) or 1
    for lo, hi in zip(BUCKETS, BUCKETS[1:], strict=False):
        sel = [g for _, c, g in judged if lo <= c < hi]
        if sel:
            close = "]" if hi > 1 else ")"
            rows.append(f"  [{lo:.2f}, {min(hi, 1):.2f}{close}  {len(sel):7d}  {len(sel) / total:6.1%}"
                        f"  {sum(sel) / len(sel):.4f}")
    high = [g for _, c, g in judged if c >= 0.95]
    if high:
        rows.append(f"  conf >= 0.95: {sum(high) / len(high):.4f} correct on "
                    f"{len(high) / total:.1%} of words")
    return rows


def ocr_ratio(docs: list[tuple[str, str, str]], warm: tuple[str, str, str] | None = None) -> list[str]:
    """Tesseract vie on rendered pages vs restoring the same pages, one core, same run; `warm`, another
    page, is restored first."""
    try:
        import pytesseract

        from pipeline.training.synth import render_pages
    except ImportError as exc:
        return [f"  (skipped: {exc})"]
    from pipeline.restore import restore

    rows = []
    ocr_total = restore_total = 0.0
    words = 0
    if warm is not None:
        # One page first, as every batch has past its first page: what restoration loads lazily
        # (the place index, the name tables) is not a page's cost.
        name, garbled, clean = warm
        restore(Document(doc_id=name, source=name, media_type="image", pages=[Page(1, readings=[
            Reading.from_text("pdf_text", garbled), Reading.from_text("ocr_vie", clean)])]))
    for name, _, clean in docs:
        image = render_pages(clean, "scan", seed=1)[0]
        t = time.perf_counter()
        vie_text = pytesseract.image_to_string(image, lang="vie")
        ocr = time.perf_counter() - t
        eng_text = pytesseract.image_to_string(image, lang="eng")
        t = time.perf_counter()
        doc = Document(doc_id=name, source=name, media_type="image", pages=[Page(1, readings=[
            Reading.from_text("pdf_text", eng_text), Reading.from_text("ocr_vie", vie_text)])])
        restore(doc)
        rest = time.perf_counter() - t
        ocr_total += ocr
        restore_total += rest
        words += len(eng_text.split())
        rows.append(f"  {name[:40]:40} OCR vie {ocr:6.2f} s  restore (both readings) {rest:5.2f} s"
                    f"  ratio {rest / ocr:.3f}")
    if ocr_total:
        rows.append(f"  all: restore/OCR = {restore_total / ocr_total:.3f}  ({words} words)")
    return rows


def degraded(style: dict) -> bool:
    """A poor scan in the held-out set's styles: low resolution, heavy JPEG, worn toner or heavy blur."""
    return bool((style.get("scan_dpi") or 999) <= 200 or (style.get("jpeg_quality") or 100) <= 45
                or style.get("ink", 0) < 0 or style.get("blur", 0) >= 0.9)


Docs = list[tuple[str, str, str]]


def speed_pages(args: argparse.Namespace) -> tuple[Docs, tuple[str, str, str] | None]:
    """The first --speed-pages held-out pages to time, and the one after them to warm up on."""
    docs = heldout_docs(args.heldout / "eng", args.speed_pages + 1)
    return docs[:args.speed_pages], (docs[args.speed_pages] if len(docs) > args.speed_pages else None)


def heldout_split(folder: Path, limit: int) -> tuple[Docs, Docs]:
    """The held-out documents of one reading, as (good scans, degraded scans)."""
    docs = heldout_docs(folder, limit)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    poor = {n for n, v in manifest.items() if degraded(v.get("style", {}))}
    return [d for d in docs if d[0] not in poor], [d for d in docs if d[0] in poor]


def sealed_docs(folder: Path, reading: str, limit: int) -> list[tuple[str, str, str, bool]]:
    """(name, reading text, clean text, binarised photocopy) of the sealed set."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    out = []
    for name in sorted(manifest)[:limit]:
        path = folder / f"{name}.{reading}.txt"
        if path.exists():
            out.append((name, path.read_text(encoding="utf-8"),
                        (folder / f"{name}.clean.txt").read_text(encoding="utf-8"),
                        bool(manifest[name]["photocopy"])))
    return out


class Measure:
    """Per reading kind: pooled scores as read and restored, page-by-page comparison, calibration."""

    def __init__(self) -> None:
        self.judged: dict[str, list] = {}
        self.speed_syl = 0.0
        self.speed_s = 0.0
        self.rows: dict[str, dict] = {}

    def run(self, kind: str, docs: list[tuple[str, str, str]], engine: str | None, page_check: bool = False,
            model=None) -> dict[str, str]:
        """engine None: guessed from each page's text (pipeline.restore.engine.guess_engine), as
        `decree` does for a text layer or a text file."""
        if not docs:
            print(f"  {kind}: (none)")
            return {}
        raw, rest, outs = [], [], {}
        worse, gains = [], []
        judged = self.judged.setdefault(kind, [])
        guessed: dict[str, int] = {}
        for name, garbled, clean in docs:
            page_engine = engine or guess_engine(garbled)
            guessed[page_engine] = guessed.get(page_engine, 0) + 1
            out, dt = restore_reading_text(garbled, page_engine, judged, clean, model=model)
            outs[name] = out
            before, after = score(clean, garbled), score(clean, out)
            raw.append(before)
            rest.append(after)
            gains.append(after["syl_acc"] - before["syl_acc"])
            if after["syl_acc"] < before["syl_acc"] - 1e-9:
                worse.append((name, before["syl_acc"], after["syl_acc"]))
            self.speed_syl += len(tokens(garbled))
            self.speed_s += dt
        print(f" {kind} ({len(docs)} pages" + ("" if engine else ", restored as the "
              + ", ".join(f"{e} engine's on {n}" for e, n in sorted(guessed.items()))) + ")")
        print(line("as read", pooled(raw)))
        print(line("restored", pooled(rest)))
        self.rows[kind] = {"raw": pooled(raw)["syl_acc"], "restored": pooled(rest)["syl_acc"],
                           "docs": len(docs)}
        if page_check:
            print(f"  page by page: restored worse than as read on {len(worse)} of {len(docs)} pages; "
                  f"mean gain {100 * sum(gains) / len(gains):+.2f} points, least {100 * min(gains):+.2f}")
            for name, b, a in worse:
                print(f"    worse: {name[:48]} {b:.4f} -> {a:.4f}")
        return outs


def cut(before: dict, after: dict) -> float:
    """The share of the syllable errors that `after` removes (negative: more errors)."""
    return (after["syl_acc"] - before["syl_acc"]) / max(1e-9, 1 - before["syl_acc"])


def adapted(texts: list[str], what: str):
    """The models adapted to a batch (pipeline.restore.adapt), with what was learned printed."""
    from pipeline.restore.adapt import ADAPT_MIN_GAIN, adapt, adapted_model, engine_gain
    from pipeline.restore.adapt_cli import describe_profile

    model = get_model()
    t = time.perf_counter()
    profile = adapt(model, texts, "eng", rounds=int(model.params.get("adapt_rounds", 2)))
    seconds = time.perf_counter() - t
    print(f"  adaptation over {what}:")
    print("\n".join("  " + row for row in describe_profile(model, profile)[:9]))
    gain = engine_gain(model, texts, "eng", rounds=int(model.params.get("adapt_rounds", 2)))
    print(f"  held-out gain of adapting {gain:.3f} nats a word: decree run "
          + ("adapts" if gain >= ADAPT_MIN_GAIN else f"does not adapt (below {ADAPT_MIN_GAIN})"))
    return adapted_model(model, profile), seconds


# (name, parameters changed): each row switches parts off the shipped restorer (the last row).
_LATER = {"context_extra_cost": None, "case_weight": 0.0}  # the parts stop 29 added, switched off
ABLATION = (
    ("channel and lexicon, no language model",
     {"lm_weight": 0.0, "word_channel_k": 0, "vie_protect": False} | _LATER),
    ("+ trigram language model", {"word_channel_k": 0, "vie_protect": False} | _LATER),
    ("+ whole-word channel", {"vie_protect": False} | _LATER),
    ("+ do no harm to vie readings", dict(_LATER)),
    ("+ case model", {"context_extra_cost": None}),
    ("+ candidates from the neighbours (shipped)", {}),
)


def variant(model, changes: dict):
    """The model with other decoding parameters, and candidate caches of its own (the shipped
    ones were computed with the shipped parameters)."""
    from dataclasses import replace

    if not changes:
        return model
    engines = {name: replace(e, cache={}, fallback_cache={}, shipped={}, word_totals={})
               for name, e in model.engines.items()}
    return replace(model, engines=engines, params=model.params | changes)


def ablation(args: argparse.Namespace) -> int:
    """Syllable accuracy of each ablation row on each open set (one process)."""
    sets: list[tuple[str, str, list[tuple[str, str, str]]]] = []
    gold_path = args.shared / "dev" / "001.gold.txt"
    seeds = sorted((args.shared / "seeds").glob("001_*.txt"))
    if gold_path.exists() and seeds:
        noise_path = gold_path.with_name("001.gold.txt.noise")
        noise = {int(x) for x in noise_path.read_text().split()} if noise_path.exists() else set()
        sets.append(("dev 001", "eng", [("001", seeds[0].read_text(encoding="utf-8"),
                                          drop_lines(gold_path.read_text(encoding="utf-8"), noise))]))
    for engine, label in (("eng", "garbled"), ("vie", "vie")):
        good, poor = heldout_split(args.heldout / engine, args.limit)
        sets.append((f"held-out {label} good", engine, good))
        sets.append((f"held-out {label} degraded", engine, poor))
        if engine == "eng":
            stripped = [(n, strip_marks(c), c) for n, _, c in sorted(good + poor)]
            sets.append(("held-out diacritics-only", "eng", stripped))
    for reading, engine, label in (("eng", "eng", "garbled"), ("legacy", "eng", "never-trained engine"),
                                   ("vie", "vie", "vie")):
        docs = [(n, g, c) for n, g, c, _ in sealed_docs(args.open_dir, reading, args.limit)]
        sets.append((f"open twin {label}", engine, docs))
    sets = [s for s in sets if s[2]]
    base = get_model()
    print("ABLATION: syllable accuracy (%) with parts of the restorer switched off, per open test set")
    print(f"  {'':44}" + "".join(f"{name[:13]:>14}" for name, _, _ in sets))
    for name, changes in ABLATION:
        model = variant(base, changes)
        row = []
        for _, engine, docs in sets:
            scores = [score(clean, restore_reading_text(text, engine, model=model)[0])
                      for _, text, clean in docs]
            row.append(100 * pooled(scores)["syl_acc"])
        print(f"  {name:44}" + "".join(f"{v:14.2f}" for v in row), flush=True)
    print("  sets: " + "; ".join(f"{name} ({len(docs)})" for name, _, docs in sets))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--heldout", type=Path, default=ROOT / "data" / "heldout")
    ap.add_argument("--sealed-dir", type=Path, default=ROOT / "data" / "sealed")
    ap.add_argument("--open-dir", type=Path, default=ROOT / "data" / "unseen_open",
                    help="The sealed set's open twin (made by make_sealed.py --exclude data/sealed): "
                         "measured every run, and the place to study errors.")
    ap.add_argument("--sealed", action="store_true",
                    help="Also measure the sealed set (only at the end of a change).")
    ap.add_argument("--limit", type=int, default=1000,
                    help="At most this many held-out documents per engine.")
    ap.add_argument("--no-ocr", action="store_true", help="Skip the OCR timing.")
    ap.add_argument("--no-adapt", action="store_true", help="Skip the figures with batch adaptation.")
    ap.add_argument("--skip", default="", help="Comma-separated sets not to measure: dev, heldout.")
    ap.add_argument("--only", choices=("speed", "ablation"),
                    help="speed: only the restore/OCR time ratio on a few held-out pages (a couple of "
                         "minutes; the process's word cache starts empty, as in a fresh worker).")
    ap.add_argument("--speed-pages", type=int, default=3, help="Held-out pages in the restore/OCR ratio.")
    args = ap.parse_args()
    if args.only == "ablation":
        return ablation(args)

    print(f"model load (fresh process): {load_seconds():.2f} s")
    t = time.perf_counter()
    get_model()
    print(f"model load (this process): {time.perf_counter() - t:.2f} s")

    if args.only == "speed":
        print("\nSPEED (one core)")
        print("\n".join(ocr_ratio(*speed_pages(args))))
        return 0

    print("\nDEV (../shared/dev/001.gold.txt vs the garbled seed 001; measured only)")
    gold_path = args.shared / "dev" / "001.gold.txt"
    seeds = sorted((args.shared / "seeds").glob("001_*.txt"))
    if "dev" not in args.skip and gold_path.exists() and seeds:
        noise_path = gold_path.with_name("001.gold.txt.noise")
        noise = {int(x) for x in noise_path.read_text().split()} if noise_path.exists() else set()
        gold = drop_lines(gold_path.read_text(encoding="utf-8"), noise)
        garbled = seeds[0].read_text(encoding="utf-8")
        restored, dt = restore_reading_text(garbled, "eng")
        print(line("as read", score(gold, garbled)))
        print(line("restored", score(gold, restored)))
        print(f"  {len(tokens(garbled))} syllables in {dt:.2f} s")
        if not args.no_adapt:
            batch = [next((args.shared / "seeds").glob(f"{n}_*.txt")).read_text(encoding="utf-8")
                     for n in ("000", "001", "002", "004")]
            model, seconds = adapted(batch, "the four garbled seeds 000, 001, 002, 004")
            after, _ = restore_reading_text(garbled, "eng", model=model)
            print(line("restored, adapted", score(gold, after)))
            print(f"  error rate cut by adaptation: {cut(score(gold, restored), score(gold, after)):+.1%}"
                  f" (adapting took {seconds:.0f} s)")
    else:
        print("  (no ../shared: skipped)")

    m = Measure()
    print(f"\nHELD-OUT ({args.heldout}: corpus documents never trained on; degraded = poor scan style)")
    by_engine: dict[str, list] = {}
    for engine in ("eng", "vie"):
        good, poor = ([], []) if "heldout" in args.skip else heldout_split(args.heldout / engine, args.limit)
        by_engine[engine] = sorted(good + poor)
        label = "garbled" if engine == "eng" else "vie"
        m.run(f"held-out {label} good", good, engine, engine == "vie")
        m.run(f"held-out {label} degraded", poor, engine, engine == "vie")

    eng_docs = {n: (g, c) for n, g, c in by_engine.get("eng", [])}
    vie_docs = {n: (g, c) for n, g, c in by_engine.get("vie", [])}
    both = sorted(set(eng_docs) & set(vie_docs))
    if both:
        print(" held-out both readings (eng text layer + vie OCR of the same page, combined)")
        from pipeline.restore import restore

        combined = []
        for name in both:
            (eng_text, clean), (vie_text, _) = eng_docs[name], vie_docs[name]
            doc = Document(doc_id=name, source=name, media_type="pdf", pages=[Page(1, readings=[
                Reading.from_text("pdf_text", eng_text), Reading.from_text("ocr_vie", vie_text)])])
            restore(doc)
            combined.append(score(clean, doc.restored_text))
        print(line("combined", pooled(combined)))

    legacy = heldout_docs(args.heldout / "legacy", args.limit) if "heldout" not in args.skip else []
    if legacy:
        # The same pages read by Tesseract's legacy engine (make_heldout.py --readings legacy): an
        # engine the channel was never trained for, restored with the eng channel as an archive's
        # text layer would be, then with the batch adapted to it.
        m.run("held-out never-trained engine", legacy, "eng")
        if not args.no_adapt:
            model, seconds = adapted([g for _, g, _ in legacy], "the held-out never-trained engine's pages")
            m.run("held-out never-trained engine, adapted", legacy, "eng", model=model)
            before = m.rows["held-out never-trained engine"]["restored"]
            after = m.rows["held-out never-trained engine, adapted"]["restored"]
            print(f"  error rate cut by adaptation: {(after - before) / max(1e-9, 1 - before):+.1%}"
                  f" (adapting took {seconds:.0f} s)")

    for reading in ("fra", "por"):
        # The same pages read by engines for other Latin-script languages (make_heldout.py --readings
        # fra,por), as an archive OCR'd with the wrong language set has them.
        other = heldout_docs(args.heldout / reading, args.limit) if "heldout" not in args.skip else []
        if other:
            kind = f"held-out other-language engine ({reading})"
            m.run(kind, other, None)
            if not args.no_adapt:
                model, seconds = adapted([g for _, g, _ in other], f"the held-out {reading} pages")
                m.run(f"{kind}, adapted", other, None, model=model)
                before, after = m.rows[kind]["restored"], m.rows[f"{kind}, adapted"]["restored"]
                print(f"  error rate cut by adaptation: {(after - before) / max(1e-9, 1 - before):+.1%}"
                      f" (adapting took {seconds:.0f} s)")

    stripped = [(n, strip_marks(c), c) for n, (_, c) in sorted(eng_docs.items())]
    if stripped:
        m.run("held-out diacritics-only", stripped, "eng")

    unseen = [(args.open_dir, "open twin", "OPEN TWIN OF THE SEALED SET", True),
              (args.sealed_dir, "sealed", "SEALED", args.sealed)]
    for folder, prefix, title, wanted in unseen:
        if not wanted or not (folder / "manifest.json").exists():
            continue
        print(f"\n{title} ({folder}: unseen documents, faces, layouts and engine settings)")
        for reading, engine, label in (("eng", "eng", "garbled"), ("legacy", "eng", "never-trained engine"),
                                       ("vie", "vie", "vie")):
            docs = sealed_docs(folder, reading, args.limit)
            good = [(n, g, c) for n, g, c, photocopy in docs if not photocopy]
            poor = [(n, g, c) for n, g, c, photocopy in docs if photocopy]
            m.run(f"{prefix} {label} good", good, engine, reading == "vie")
            m.run(f"{prefix} {label} degraded", poor, engine, reading == "vie")
            if engine == "eng" and not args.no_adapt and docs:
                model, _ = adapted([g for _, g, _, _ in docs], f"the {prefix} {label} pages")
                for kind, part in ((f"{prefix} {label} good", good), (f"{prefix} {label} degraded", poor)):
                    m.run(f"{kind}, adapted", part, engine, model=model)
                    before, after = m.rows[kind]["restored"], m.rows[f"{kind}, adapted"]["restored"]
                    print(f"  error rate cut by adaptation: {(after - before) / max(1e-9, 1 - before):+.1%}")
        for reading in ("fra", "por"):
            docs = sealed_docs(folder, reading, args.limit)
            if docs:
                m.run(f"{prefix} other-language engine ({reading})", [(n, g, c) for n, g, c, _ in docs], None)
        # The classic task on these documents too: their clean text with every mark removed.
        clean = sorted({n: c for n, _, c, _ in sealed_docs(folder, "eng", args.limit)}.items())
        if clean:
            m.run(f"{prefix} diacritics-only", [(n, strip_marks(c), c) for n, c in clean], "eng")

    print("\nCALIBRATION (confidence = calibrated posterior), per reading kind")
    for kind, rows in m.judged.items():
        if rows:
            print(f" {kind}:")
            print("\n".join(reliability(rows)))
    everything = [r for rows in m.judged.values() for r in rows]
    if everything:
        print(" all:")
        print("\n".join(reliability(everything)[-1:]))

    print("\nSPEED (one core)")
    if m.speed_s:
        print(f"  {m.speed_syl / m.speed_s:.0f} syllables/s over the readings above "
              "(one process: its word cache fills as it goes, as in a batch run)")
    if not args.no_ocr:
        print("\n".join(ocr_ratio(*speed_pages(args))))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
