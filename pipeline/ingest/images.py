"""Image files (PNG, JPEG, TIFF with any number of pages): every page OCR'd with Tesseract `vie`."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.document import Document, Page
from pipeline.files import atomic_path
from pipeline.ingest.errors import IngestError
from pipeline.ingest.pages import PageJob, keep_image, ocr_into, over_limit, warn
from pipeline.ingest.passes import grey_image

# PIL's own decompression-bomb check fires in Image.open with a message about PIL; ingest checks every
# page's declared size against its own limit (PageJob.max_pixels) before decoding instead.
Image.MAX_IMAGE_PIXELS = None
_AS_IS = {"PNG": ".png", "JPEG": ".jpg"}


# How each kind of image file begins: a file that begins so but cannot be read is damaged.
_MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8",), "TIFF": (b"II*\x00", b"MM\x00*")}


def read_image(path: Path, doc: Document, job: PageJob, kind: str) -> None:
    # PIL reports oddities it gets past (corrupt EXIF...) as Python warnings: not the user's business,
    # and they would break the one-line report.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _read_image(path, doc, job, kind)


def _read_image(path: Path, doc: Document, job: PageJob, kind: str) -> None:
    try:
        img = Image.open(path)
    except Exception as exc:  # noqa: BLE001 - PIL's openers raise many kinds on bad headers
        with open(path, "rb") as fh:
            head = fh.read(8)
        if any(head.startswith(m) for m in _MAGIC[kind]):
            detail = "" if isinstance(exc, UnidentifiedImageError) else f" ({_detail(exc)})"
            raise IngestError(f"damaged or truncated {kind} image{detail}") from None
        raise IngestError(f"not a {kind} image: the file's content is not an image") from None
    with img:
        try:
            frames = getattr(img, "n_frames", 1)
        except Exception as exc:  # noqa: BLE001 - PIL fails on a damaged page index in many ways
            raise IngestError(f"damaged or truncated {kind} image: its page index cannot be read "
                              f"({_detail(exc)})") from None
        doc.page_count = frames
        # A one-page PNG or JPEG is kept for the review app as the file itself: no re-encoding.
        as_is = _AS_IS.get(img.format) if frames == 1 else None
        if job.ocr == "never":
            warn(doc, "OCR turned off (--ocr never): image pages have no text")
        refused: list[str] = []
        for index in range(frames):
            try:
                img.seek(index)  # reads the page's header only: its size is known, no pixel decoded
            except Exception as exc:  # noqa: BLE001 - as below
                raise IngestError(f"damaged or truncated {kind} image: page {index + 1} cannot be "
                                  f"read ({_detail(exc)})") from None
            page = Page(number=index + 1, width=img.width, height=img.height, dpi=_dpi(img))
            too_big = over_limit(img.width, img.height, job)
            if too_big:
                refused.append(too_big)
                if frames > 1:
                    warn(doc, f"page {page.number}: image of {too_big}: page not read")
                doc.pages.append(page)
                continue
            try:
                img.load()
            except Exception as exc:  # noqa: BLE001 - as above, for one page's pixels
                raise IngestError(f"damaged or truncated {kind} image: page {index + 1} cannot be "
                                  f"read ({_detail(exc)})") from None
            if as_is:
                page.image = str(_keep_file(path, job.image_dir, as_is) if job.image_dir else path)
            else:
                # Grey for the review app; converted only here, where it is kept (a kept file as it
                # is needs no copy), and dropped at once: one page's pixels in memory at a time.
                kept = keep_image(job, page.number, grey_image(img))
                page.image = str(kept) if kept else None
            if job.ocr != "never":
                ocr_into(doc, page, img, job)  # in colour: seal ink is told apart by it
                page.primary = "ocr_vie" if page.readings else None
            doc.pages.append(page)
        if len(refused) == frames:
            what = (f"image of {refused[0]}" if frames == 1
                    else f"every page is over the pixel limit (page 1: {refused[0]})")
            raise IngestError(f"{what}: not read")


def _keep_file(path: Path, image_dir: Path, suffix: str) -> Path:
    kept = image_dir / f"1{suffix}"
    with atomic_path(kept) as tmp:
        shutil.copyfile(path, tmp)
    return kept


def _detail(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _dpi(img: Image.Image) -> int | None:
    dpi = img.info.get("dpi")
    if not dpi:
        return None
    try:
        return round(float(dpi[0])) or None
    except (TypeError, ValueError):
        return None
