"""The channel's two-letter chunks: a row the alignments used a few times is a rate over every
occurrence of its letters, not a certainty (pipeline.restore.channel.chunk_shares)."""

from __future__ import annotations

import math

from pipeline.restore.adapt import Profile, adapted_model
from pipeline.restore.channel import Channel, chunk_shares
from pipeline.restore.decode import Decoder
from pipeline.restore.model import get_model

COUNTS = {"d": {"d": 995.0, "": 5.0}, "â": {"â": 600.0, "a": 400.0}, "n": {"n": 1000.0},
          "a": {"a": 1000.0}, "dâ": {"a": 5.0}}


def test_a_rare_chunk_row_is_a_share_of_its_letters_occurrences() -> None:
    # "dâ" occurs 1,000 times in the clean syllables; the alignments printed it whole as "a" 5 times.
    shares = chunk_shares(COUNTS, {"dân": 1000.0})
    assert shares == {"dâ": 0.005}
    channel = Channel(COUNTS, {}, shares=shares)
    # Printed "an" for "dân" is a lost first letter: about 1 time in 200, not every time.
    assert channel.cost("dân", "an") > -math.log(0.01)
    assert channel.cost("dân", "dan") < 1.0
    # Without the share the row alone says the chunk is always printed so.
    assert Channel(COUNTS, {}).cost("dân", "an") < 0.1


def test_a_chunk_of_no_known_syllable_keeps_its_row() -> None:
    assert chunk_shares(COUNTS, {"an": 10.0}) == {}
    assert Channel(COUNTS, {}, shares={}).cost("dân", "an") < 0.1


def test_the_shipped_channel_does_not_read_a_short_word_as_one_with_its_first_letter_lost() -> None:
    costs = {c.form: c.cost for c in Decoder(get_model(), "eng").candidates("an")}
    # "an" as printed (and its marked forms) against "dân", a d the engine is not known to drop.
    assert costs["an"] < 0.5
    assert costs.get("dân", math.inf) > costs["an"] + 3.0


def test_an_adapted_channel_keeps_the_trained_shares() -> None:
    model = get_model()
    adapted = adapted_model(model, Profile("eng"))
    assert adapted.engines["eng"].channel.shares == model.engines["eng"].channel.shares
    assert model.engines["eng"].channel.shares
