"""What the `decree restore / train / eval` commands call: file handling with one-line errors and
atomic writes, kept out of the CLI layer."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as text; the message names it."""


def read_text_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text.replace("\r\n", "\n")
    raise InputError(f"{path}: not UTF-8 text")


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def batch_texts(paths: list[Path], say) -> list[str]:
    """The garbled text of each input for `decree adapt`: a text file's content, or the text layer
    of a PDF (no OCR: what adapts is the engine that made the layers). An unreadable input is named
    in one line (through `say`) and left out."""
    from pipeline.batch import display_path

    texts = []
    for path in paths:
        if path.suffix.lower() in (".txt", ".text", ".md", ""):
            try:
                texts.append(read_text_file(path))
            except InputError as exc:
                say(f"decree: {exc}; left out")
            continue
        try:
            from pipeline.ingest import ingest

            doc = ingest(path, ocr="never")
        except Exception as exc:  # noqa: BLE001 - one bad input never stops the batch
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            say(f"decree: {display_path(path)}: cannot read ({reason}); left out")
            continue
        layer = [r.text for p in doc.pages for r in p.readings if r.kind == "pdf_text"]
        if layer:
            texts.append("\n".join(layer))
        else:
            say(f"decree: {display_path(path)}: no text layer; left out")
    return texts


def describe_profile(model, profile) -> list[str]:
    """What adaptation learned, against the trained channel, for the user."""
    from pipeline.restore.adapt import learned_confusions

    rows = [f"adapted the {profile.engine} channel on {profile.syllables} restored words "
            f"({profile.rounds} rounds); confusions learned against the prior:"]
    for clean, printed, before, after in learned_confusions(model, profile):
        rows.append(f"  {clean or '∅'} -> {printed or '∅'}: {before:.1%} -> {after:.1%}")
    return rows


def profile_model(path: Path):
    """The shipped models adapted by the profile at `path`; InputError names a bad profile."""
    from pipeline.restore.adapt import Profile, adapted_model
    from pipeline.restore.model import get_model

    try:
        return adapted_model(get_model(), Profile.load(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the profile ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not an adaptation profile ({exc})") from None


def run_adapt(inputs: list[Path], profile_path: Path, rounds: int, say, show) -> int:
    """`decree adapt`: the exit status (0 done, 1 nothing to learn from, 2 bad arguments)."""
    from pipeline.batch import collect_inputs, display_path
    from pipeline.restore.adapt import adapt
    from pipeline.restore.engine import guess_engine
    from pipeline.restore.model import get_model

    files, missing = collect_inputs(inputs)
    for message in missing:
        say(f"decree: {message}")
    if missing:
        return 2
    if profile_path.exists() and profile_path.is_dir():
        say(f"decree: {display_path(profile_path)}: is a folder")
        return 2
    texts = [t for t in batch_texts(files, say) if t.strip()]
    garbled = [t for t in texts if guess_engine(t) == "eng"]
    if not garbled:
        say("decree: no garbled text (from an OCR engine without Vietnamese) in the inputs: nothing to adapt")
        return 1
    model = get_model()
    profile = adapt(model, garbled, "eng", rounds=rounds)
    profile.save(profile_path)
    for row in describe_profile(model, profile):
        show(row)
    show(f"profile written to {display_path(profile_path)} ({len(garbled)} of {len(texts)} inputs garbled)")
    return 0
