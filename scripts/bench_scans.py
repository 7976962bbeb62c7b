#!/usr/bin/env python3
"""Poor scans: bare Tesseract against each clean-up alone, the fused passes and the whole run.

The set is made here, seeded, from the held-out texts in data/scans/texts.jsonl (pipeline/training/
scanset.py): each text as a degraded archive page (150-190 dpi, 1-2.5 degree skew, JPEG ~30, faded,
speckled, uneven light, red seal and signature over the signature block) and as a good office scan.
Pages take turns being a JPEG page image, a PDF with an English-OCR text layer (Tesseract `eng`'s
PDF over the JPEG, as the archive's files are) and an image-only PDF.

Printed per page kind: syllable accuracy (restoration's metric) of
  bare         `tesseract -l vie` on the page image as given
  otsu         what ingest did before this work: one pass on the Otsu-binarised grey page
  +seal ... +despeckle   each clean-up alone, on top of otsu
  auto / best  pipeline/ingest/passes.py (diagnosis, clean-ups, extra passes on poor pages, fusion)
  layer        the English-OCR text layer restored alone (PDF pages with a layer)
  run          ingest (auto) + restoration, as `decree run` does; auto(run) its OCR reading alone
the share of signer names and titles recovered (run), and seconds per page against bare.

    python scripts/bench_scans.py [--texts 8] [--kinds degraded good] [--variants ...]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

from pipeline.ingest import ingest  # noqa: E402
from pipeline.ingest.cleanup import Prepared, deskew, despeckle, grey, otsu, rescale, sauvola  # noqa: E402
from pipeline.ingest.diagnose import diagnose, scale_for  # noqa: E402
from pipeline.ingest.passes import ocr_prepared, page_pixels, read_page  # noqa: E402
from pipeline.training.metrics import score, tokens  # noqa: E402
from pipeline.training.scanset import ScanPage, load_texts, make_page  # noqa: E402

FORMS = ("image", "pdf-eng", "pdf-image")


def write_file(page: ScanPage, form: str, folder: Path) -> Path:
    buf = io.BytesIO()
    page.image.save(buf, format="JPEG", quality=page.degradation.jpeg_quality or 90, dpi=(page.dpi, page.dpi))
    jpeg = buf.getvalue()
    if form == "image":
        path = folder / f"{page.name}.jpg"
        path.write_bytes(jpeg)
    elif form == "pdf-image":
        path = folder / f"{page.name}.pdf"
        Image.open(io.BytesIO(jpeg)).save(path, format="PDF", resolution=page.dpi)
    else:
        src = folder / f"{page.name}.src.jpg"
        src.write_bytes(jpeg)
        path = folder / f"{page.name}.eng"
        subprocess.run(["tesseract", str(src), str(path), "-l", "eng", "pdf"], check=True,
                       capture_output=True)
        path = path.with_suffix(".eng.pdf")
    return path


def page_as_ingested(path: Path) -> tuple[np.ndarray, float | None]:
    """The page image ingest OCRs (PDF pages rendered as ingest does), and its sheet dpi."""
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        from pipeline.ingest.pdf import page_image
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[0]
            image = page_image(page, colour=True).image
            width = page.get_size()[0]
        finally:
            pdf.close()
        return page_pixels(image), image.width / (width / 72)
    image = Image.open(path)
    return page_pixels(image), float(image.info.get("dpi", (0,))[0]) or None


def bare(path: Path, pixels: np.ndarray, tmp: Path) -> tuple[str, float]:
    src = path
    if path.suffix == ".pdf":
        src = tmp / "bare.png"
        Image.fromarray(pixels).save(src)
    started = time.perf_counter()
    out = subprocess.run(["tesseract", str(src), "-", "-l", "vie", "--psm", "3"], capture_output=True,
                         text=True, check=True).stdout
    return out, time.perf_counter() - started


def one_step(pixels: np.ndarray, page_dpi: float | None, step: str) -> Prepared:
    """The page with one clean-up alone, then Otsu (what ingest did before)."""
    diag = diagnose(pixels, page_dpi)
    prep = Prepared(grey(pixels, suppress_seal=step == "+seal"))
    binarise = otsu
    if step == "+upscale":
        prep = rescale(prep, scale_for(diag))
    elif step == "+deskew":
        prep = deskew(prep, diag.skew)
    elif step == "+sauvola":
        binarise = sauvola
    image = binarise(prep.image)
    if step == "+despeckle":
        image = despeckle(image)
    return Prepared(image, prep.to_page, prep.steps)


def signer_found(page: ScanPage, text: str) -> tuple[bool, bool]:
    """Whether the signer's name, and every line of the title, appear as consecutive syllables."""
    hyp = " " + " ".join(tokens(text)) + " "

    def has(line: str) -> bool:
        want = tokens(line)
        return not want or (" " + " ".join(want) + " ") in hyp

    return has(page.signer_name or ""), all(has(t) for t in page.signer_title)


def run_doc(path: Path, effort: str) -> tuple[str, float, str]:
    from pipeline.restore import restore

    started = time.perf_counter()
    doc = ingest(path, ocr="auto", ocr_effort=effort)
    took = time.perf_counter() - started
    vie = "\n".join(p.reading("ocr_vie").text for p in doc.pages if p.reading("ocr_vie"))
    restore(doc)
    return doc.restored_text, took, vie


def layer_alone(path: Path) -> str | None:
    from pipeline.restore import restore

    doc = ingest(path, ocr="never")
    if not any(p.reading("pdf_text") for p in doc.pages):
        return None
    return restore(doc).restored_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=8)
    ap.add_argument("--kinds", nargs="+", default=["degraded", "good"])
    ap.add_argument("--variants", nargs="+",
                    default=["bare", "otsu", "+seal", "+upscale", "+deskew", "+sauvola", "+despeckle",
                             "auto", "best", "layer", "run"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    texts = load_texts()[: args.texts]
    acc: dict[tuple[str, str], list[float]] = defaultdict(list)
    secs: dict[tuple[str, str], list[float]] = defaultdict(list)
    signers: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="bench_scans_") as tmpdir:
        tmp = Path(tmpdir)
        # Kinds take turns (degraded, good, degraded...) so that a cut-short run still has both.
        pages = (make_page(entry, kind, args.seed) for entry in texts for kind in args.kinds)
        for page_no, page in enumerate(pages):
            form = FORMS[page_no % len(FORMS)]
            path = write_file(page, form, tmp)
            pixels, page_dpi = page_as_ingested(path)
            got: dict[str, float] = {}
            for variant in args.variants:
                hyp, took = None, None
                if variant == "bare":
                    hyp, took = bare(path, pixels, tmp)
                elif variant in ("auto", "best"):
                    started = time.perf_counter()
                    reading, report = read_page(pixels, effort=variant, page_dpi=page_dpi)
                    took = time.perf_counter() - started
                    hyp = reading.text
                    if args.verbose:
                        print(f"   {variant}: {report.passes} {report.confidences} poor={report.poor} "
                              f"{report.diagnosis}", flush=True)
                elif variant == "layer":
                    if form == "pdf-eng":
                        hyp = layer_alone(path)
                elif variant == "run":
                    # The run's own OCR reading is the "auto" figure: one ingest, not two.
                    hyp, took, vie = run_doc(path, "auto")
                    signers[page.kind].append(signer_found(page, hyp))
                    got["name"], got["title"] = (float(x) for x in signers[page.kind][-1])
                    got["auto(run)"] = score(page.gold, vie)["syl_acc"]
                    for key in ((page.kind, "all"), (page.kind, form)):
                        acc[(key[0], key[1] + "|auto(run)")].append(got["auto(run)"])
                        secs[(key[0], key[1] + "|auto(run)")].append(took)
                else:
                    started = time.perf_counter()
                    prep = one_step(pixels, page_dpi, "" if variant == "otsu" else variant)
                    hyp = ocr_prepared(prep, timeout=600).text
                    took = time.perf_counter() - started
                if hyp is None:
                    continue
                got[variant] = score(page.gold, hyp)["syl_acc"]
                for key in ((page.kind, "all"), (page.kind, form)):
                    acc[(key[0], key[1] + "|" + variant)].append(got[variant])
                    if took is not None:
                        secs[(key[0], key[1] + "|" + variant)].append(took)
            print(f"{page.name:12} {form:9} " + " ".join(f"{v}={a:.3f}" for v, a in got.items()), flush=True)
    print()
    if "run" in args.variants:
        args.variants.insert(args.variants.index("run"), "auto(run)")
    print(f"{'kind':10} {'form':10} " + " ".join(f"{v:>10}" for v in args.variants))
    for kind in args.kinds:
        for form in ("all",) + FORMS:
            row = [acc.get((kind, f"{form}|{v}")) for v in args.variants]
            if not any(row):
                continue
            print(f"{kind:10} {form:10} " + " ".join(f"{100 * sum(r) / len(r):10.2f}" if r else f"{'-':>10}"
                                                      for r in row))
    print("\nseconds per page (x bare in the same run)")
    for kind in args.kinds:
        base = secs.get((kind, "all|bare"))
        parts = []
        for v in args.variants:
            s = secs.get((kind, f"all|{v}"))
            if s:
                mean = sum(s) / len(s)
                ratio = f" ({mean / (sum(base) / len(base)):.2f}x)" if base else ""
                parts.append(f"{v}={mean:.2f}s{ratio}")
        print(f"{kind:10} " + "  ".join(parts))
    for kind, found in signers.items():
        names = sum(n for n, _ in found) / len(found)
        titles = sum(t for _, t in found) / len(found)
        print(f"signers ({kind}, run): names {100 * names:.0f} %, titles {100 * titles:.0f} % "
              f"of {len(found)} pages")


if __name__ == "__main__":
    main()
