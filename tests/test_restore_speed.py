"""The restorer's fast paths give exactly what the plain computations give (issue 14, item 6: speed
without a changed output)."""

from __future__ import annotations

import copy

import numpy as np

from pipeline.restore.model import get_model


def _plain(lm, steps, adapt_weight):
    out = []
    for us, vs, ws in steps:
        u, v, w = np.meshgrid(us, vs, ws, indexing="ij")
        flat = lm.trigram(u.ravel(), v.ravel(), w.ravel()) + adapt_weight * lm.adapted(v.ravel(), w.ravel())
        out.append(flat.reshape(u.shape))
    return out


def _chain(lm, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    # Frequent words (low ids) so that many trigrams are in the table, a few rare ones, <s> and </s>.
    pool = np.concatenate([np.arange(1, 60), rng.integers(0, lm.size, 40)])
    return [np.array([1]), np.array([1])] + [rng.choice(pool, rng.integers(1, 9)) for _ in range(12)] + [
        np.array([2])]


def _steps(chain: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return [(chain[t - 2], chain[t - 1], chain[t]) for t in range(2, len(chain))]


def test_lattice_equals_trigram_lookups():
    lm = get_model().lm
    found: list[np.ndarray] = []
    for seed in range(5):
        chain = _chain(lm, seed)
        steps = _steps(chain)
        fast, plain = lm.lattice(chain, 1.0), _plain(lm, steps, 1.0)
        keys = np.concatenate([((u[:, None, None] * lm.size + v[None, :, None]) * lm.size + w).ravel()
                               for u, v, w in steps])
        found.append(lm._find(lm.k3, keys)[1])
        for f, p in zip(fast, plain, strict=True):
            assert f.shape == p.shape
            assert np.array_equal(f, p)
    # The chains reach both trigrams in the table and backed-off ones (over all of them: which a
    # chain of random words reaches depends on the model's vocabulary).
    hits = np.concatenate(found)
    assert hits.any() and not hits.all()


def test_lattice_with_adapted_bigrams():
    lm = copy.copy(get_model().lm)
    lm.adapt({f"{lm.vocab[v]} {lm.vocab[w]}": 3.0 for v in range(4, 30) for w in range(4, 30, 3)})
    for seed in range(3):
        chain = _chain(lm, seed)
        for f, p in zip(lm.lattice(chain, 0.7), _plain(lm, _steps(chain), 0.7), strict=True):
            assert np.array_equal(f, p)
