"""What `decree adapt` and `decree restore --profile` call: the batch's texts read with one-line
errors, the profile loaded or refused in one line, and what adaptation learned put in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import DecreeError, UsageError, one_line
from pipeline.files import display_path

TEXT_SUFFIXES = (".txt", ".text", ".md", "")


def batch_texts(paths: list[Path], say: Callable[[str], None]) -> list[str]:
    """The garbled text of each input: a text file's content, or the text layer of a PDF (no OCR:
    what adapts is the engine that made the layers). An unreadable input is named in one line
    (through `say`) and left out."""
    from pipeline.ingest import ingest, read_text_file

    texts = []
    for path in paths:
        try:
            if path.suffix.lower() in TEXT_SUFFIXES:
                texts.append(read_text_file(path))
                continue
            doc = ingest(path, ocr="never")
        except DecreeError as exc:
            say(f"decree: {exc}; left out")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad input never stops the batch
            say(f"decree: {display_path(path)}: cannot read ({one_line(exc)}); left out")
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
    """The shipped models adapted by the profile at `path`; a bad profile is a UsageError naming it."""
    from pipeline.restore.adapt import Profile, adapted_model
    from pipeline.restore.model import get_model

    try:
        profile = Profile.load(path)
    except OSError as exc:
        raise UsageError(f"{display_path(path)}: cannot read the profile ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{display_path(path)}: not an adaptation profile ({one_line(exc)})") from None
    try:
        return adapted_model(get_model(), profile)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{display_path(path)}: not an adaptation profile ({one_line(exc)})") from None


def run_adapt(files: list[Path], profile_path: Path, rounds: int, say: Callable[[str], None],
              show: Callable[[str], None]) -> int:
    """`decree adapt` over the batch's `files`: the exit status (0 done, 1 nothing to learn from);
    UsageError for bad arguments."""
    from pipeline.restore.adapt import ADAPT_MIN_GAIN, adapt, engine_gain
    from pipeline.restore.engine import guess_engine
    from pipeline.restore.model import get_model

    if profile_path.is_dir():
        raise UsageError(f"{display_path(profile_path)}: is a folder")
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
    gain = engine_gain(model, garbled, "eng", rounds=rounds)
    if gain < ADAPT_MIN_GAIN:
        show(f"this batch's engine garbles much as the trained one does (a held-out gain of {gain:.3f} nats "
             f"a word, below {ADAPT_MIN_GAIN}): the profile may fit its noise; decree run would not adapt")
    show(f"profile written to {display_path(profile_path)} ({len(garbled)} of {len(texts)} inputs garbled)")
    return 0
