"""`decree run` adapting to its batch by itself (issue 14, item 2): before the documents are
processed, the text layers of the batch are read (no OCR: cheap), and when they hold enough garbled
text (from an OCR engine without Vietnamese) the channel is adapted to them; the profile is kept in
the store with the batch and every worker restores with it. A batch already adapted (a resumed run)
reuses its stored profile."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from pipeline.restore.adapt import ADAPT_MIN_GAIN, Profile, adapt, adapted_model, engine_gain
from pipeline.restore.engine import guess_engine
from pipeline.restore.model import RestoreModel, get_model


def garbled_texts(files: list[Path]) -> list[str]:
    """The garbled text layers (and garbled text files) among `files`; unreadable ones are left to
    the run itself, which reports them."""
    import contextlib
    import io

    from pipeline.inputs import not_a_file
    from pipeline.restore.adapt_cli import TEXT_SUFFIXES, batch_texts

    # Only regular text files and PDFs (a pipe would block, an image has no text layer), read
    # quietly: the run itself names every file it cannot read, once.
    readable = [f for f in files if f.suffix.lower() in (*TEXT_SUFFIXES, ".pdf") and not not_a_file(f)]
    with contextlib.redirect_stderr(io.StringIO()):
        texts = batch_texts(readable, lambda _message: None)
    return [t for t in texts if t.strip() and guess_engine(t) == "eng"]


def learn_profile(files: list[Path]) -> tuple[dict | None, int]:
    """(the profile learned from the garbled text among `files`, or None when there is too little
    of it to learn from or its engine garbles as the trained one does (`adapt.engine_gain` below
    params adapt_min_gain); how many garbled words there are)."""
    texts = garbled_texts(files)
    words = sum(len(t.split()) for t in texts)
    model = get_model()
    if words < int(model.params.get("adapt_min_words", 2000)):
        return None, words
    # The channel's rates settle long before a large batch is read through: adapt on a sample.
    sample, budget = [], int(model.params.get("adapt_max_words", 20000))
    for text in texts:
        if budget <= 0:
            break
        sample.append(text)
        budget -= len(text.split())
    rounds = int(model.params.get("adapt_rounds", 2))
    if engine_gain(model, sample, "eng", rounds) < float(model.params.get("adapt_min_gain", ADAPT_MIN_GAIN)):
        # The batch's engine garbles as the trained one does: adapting would only fit the batch's
        # noise (on such pages it made restoration worse, not better).
        return None, words
    profile = adapt(model, sample, "eng", rounds=rounds)
    return profile.to_json(), words


def prepare_profile(store, files: list[Path], out: Path, say: Callable[[str], None] = lambda _m: None,
                    learn: Callable[[list[Path]], tuple[dict | None, int]] = learn_profile) -> Path | None:
    """The path of the batch's profile (written under `out` for the workers), or None when the
    batch holds too little garbled text to learn from. `learn`: how the profile is learned (the
    batch runs `learn_profile` in a process of its own, so that reading every file's text layer
    leaves nothing behind in the process its workers are forked from)."""
    kept = store.profile()
    if kept is None:
        kept, words = learn(files)
        if kept is None:
            return None
        store.save_profile(kept, who="decree run")
        say(f"adapted the restoration to this batch's OCR engine ({words} garbled words)")
    from pipeline.files import write_atomic

    path = out / "adaptation_profile.json"
    write_atomic(path, json.dumps(kept, ensure_ascii=False))
    return path


@lru_cache(maxsize=2)
def profile_model(path: str) -> RestoreModel:
    """The adapted models of a worker (loaded once per process)."""
    return adapted_model(get_model(), Profile.load(Path(path)))
