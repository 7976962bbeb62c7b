"""Syllable trigram language model, interpolated modified Kneser-Ney (Chen & Goodman), built with
numpy from token counts and stored pruned and quantised in one .npz file.

Runtime lookups are vectorised: the decoder asks for many (u, v, w) triples at once and gets natural
log probabilities back, found by binary search in sorted n-gram keys (no big Python dicts to build,
so loading takes milliseconds)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

UNK, BOS, EOS, NUM = "<unk>", "<s>", "</s>", "<num>"
SPECIALS = (UNK, BOS, EOS, NUM)
# Log probabilities are stored as uint16 steps of this size (natural log), floor at -65.5; the
# many trigram probabilities as uint8 steps of _STEP3 (error under 0.03 nats), floor at -15.3.
_STEP = 0.001
_STEP3 = 0.06


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified KN discounts D1, D2, D3+ from the count-of-counts (index 0 unused)."""
    n = [int(np.count_nonzero(counts == k)) for k in range(1, 5)]
    y = n[0] / max(1, n[0] + 2 * n[1])
    d = [0.0, 1 - 2 * y * n[1] / max(1, n[0]), 2 - 3 * y * n[2] / max(1, n[1]),
         3 - 4 * y * n[3] / max(1, n[2])]
    return np.array([0.0] + [min(max(x, 0.05), k) for k, x in zip((1, 2, 3), d[1:], strict=True)])


def _interpolate(keys: np.ndarray, counts: np.ndarray, size: int, lower: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One KN order: p(w|ctx) for every key (ctx*size + w) and the back-off weight of each context.
    `lower` is p_lower(w) for each key. Returns (p, contexts, gammas)."""
    disc = _discounts(counts)
    ctx = keys // size
    contexts, inv = np.unique(ctx, return_inverse=True)
    total = np.bincount(inv, weights=counts)
    n1 = np.bincount(inv, weights=(counts == 1))
    n2 = np.bincount(inv, weights=(counts == 2))
    n3 = np.bincount(inv, weights=(counts >= 3))
    gamma = (disc[1] * n1 + disc[2] * n2 + disc[3] * n3) / total
    p = (counts - disc[np.minimum(counts, 3).astype(np.int64)]) / total[inv] + gamma[inv] * lower
    return p, contexts, gamma


def _quantise(logp: np.ndarray) -> np.ndarray:
    return np.clip(np.round(-logp / _STEP), 0, 65535).astype(np.uint16)


def _quantise3(logp: np.ndarray) -> np.ndarray:
    return np.clip(np.round(-logp / _STEP3), 0, 255).astype(np.uint8)


class SyllableLM:
    """Runtime model: vocabulary, dense unigram/back-off arrays and sorted bigram/trigram tables."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.vocab: list[str] = str(arrays["vocab"].tobytes(), "utf-8").split("\n")
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.size = len(self.vocab)
        self.unigram_counts = arrays["unigram_counts"]
        # Plain relative frequency (the KN unigram is a continuation probability: how many
        # different words precede a word, not how often it occurs) for ranking candidates.
        self.log_freq = np.log((self.unigram_counts + 0.5) / (self.unigram_counts.sum() + 0.5 * self.size))
        self.log_freq_list: list[float] = self.log_freq.tolist()  # read one by one, in Python
        self.p1 = -arrays["p1"].astype(np.float64) * _STEP
        self.g2 = -arrays["g2"].astype(np.float64) * _STEP  # back-off weight of a one-word context
        self.k2 = np.cumsum(arrays["k2_delta"].astype(np.int64))
        self.p2 = -arrays["p2"].astype(np.float64) * _STEP
        self.k3 = np.cumsum(arrays["k3_delta"].astype(np.int64))
        self.p3 = -arrays["p3"].astype(np.float64) * _STEP3
        self.c3 = np.cumsum(arrays["c3_delta"].astype(np.int64))  # two-word contexts with a weight
        self.g3 = -arrays["g3"].astype(np.float64) * _STEP
        # A lattice asks about each pair of neighbouring words twice: as a bigram and as the
        # context of the next trigram. One table holds both answers, so each pair is searched once.
        self.pair_keys = np.union1d(self.k2, self.c3)
        at2, at3 = np.searchsorted(self.pair_keys, self.k2), np.searchsorted(self.pair_keys, self.c3)
        self.pair_is_bigram = np.zeros(len(self.pair_keys), dtype=bool)
        self.pair_is_bigram[at2] = True
        self.pair_p2 = np.zeros(len(self.pair_keys))
        self.pair_p2[at2] = self.p2
        self.pair_is_context = np.zeros(len(self.pair_keys), dtype=bool)
        self.pair_is_context[at3] = True
        self.pair_g3 = np.zeros(len(self.pair_keys))
        self.pair_g3[at3] = self.g3

    @classmethod
    def load(cls, path: Path) -> SyllableLM:
        with np.load(path) as data:
            return cls({k: data[k] for k in data.files})

    def id(self, word: str) -> int:
        return self.index.get(word, 0)

    @staticmethod
    def _find(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Searched in sorted order: numpy's binary search starts from the last hit when the
        # queries increase, which keeps it in the cache (a lattice's queries come unordered).
        if len(query) > 16:
            order = np.argsort(query, kind="stable")
            pos = np.empty(len(query), dtype=np.int64)
            pos[order] = np.searchsorted(keys, query[order])
        else:
            pos = np.searchsorted(keys, query)
        pos = np.minimum(pos, len(keys) - 1)
        return pos, keys[pos] == query

    def bigram(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=np.int64)
        w = np.asarray(w, dtype=np.int64)
        pos, hit = self._find(self.k2, v * self.size + w)
        return np.where(hit, self.p2[pos], self.g2[v] + self.p1[w])

    def adapt(self, bigrams: dict[str, float]) -> None:
        """Reviewed text's bigrams ("v w" -> count): the archive's own phrasing, learned from
        archivists' corrections, raises those bigrams' scores above what the corpus alone gives."""
        keys, counts = [], []
        for pair, count in bigrams.items():
            v, _, w = pair.partition(" ")
            iv, iw = self.id(v), self.id(w)
            if iv and iw:
                keys.append(iv * self.size + iw)
                counts.append(count)
        order = np.argsort(np.array(keys, dtype=np.int64))
        self.adapt_keys = np.array(keys, dtype=np.int64)[order]
        self.adapt_bonus = np.log1p(np.array(counts, dtype=np.float64))[order]

    def adapted(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        keys = getattr(self, "adapt_keys", None)
        if keys is None or not len(keys):
            return np.zeros(len(v))
        pos, hit = self._find(keys, np.asarray(v, dtype=np.int64) * self.size + np.asarray(w, dtype=np.int64))
        return np.where(hit, self.adapt_bonus[pos], 0.0)

    def trigram(self, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """ln p(w | u v) for arrays of ids."""
        u = np.asarray(u, dtype=np.int64)
        v = np.asarray(v, dtype=np.int64)
        w = np.asarray(w, dtype=np.int64)
        ctx = u * self.size + v
        pos, hit = self._find(self.k3, ctx * self.size + w)
        cpos, chit = self._find(self.c3, ctx)
        backoff = np.where(chit, self.g3[cpos], 0.0) + self.bigram(v, w)
        return np.where(hit, self.p3[pos], backoff)

    def lattice(self, chain: list[np.ndarray], adapt_weight: float = 1.0) -> list[np.ndarray]:
        """For a chain of candidate id arrays, each step's grid of ln p(w | u v) (see `lattice_buffer`)."""
        return self.lattice_buffer(chain, adapt_weight)[1]

    def lattice_buffer(self, chain: list[np.ndarray], adapt_weight: float = 1.0
                       ) -> tuple[np.ndarray, list[np.ndarray]]:
        """For a chain of candidate id arrays (a decoder's run, <s> <s> first), ln p(w | u v) +
        adapt_weight * adapted(v, w) over every product chain[t-2] x chain[t-1] x chain[t], t >= 2
        (shape (len(u), len(v), len(w))): the same numbers as `trigram` and `adapted` on the
        meshgrid, for much less work. The back-off terms depend only on a pair of neighbours (the
        context (u, v), the bigram (v, w)), so each pair is looked up once and broadcast; every kept
        trigram's context is in c3, so only the triples of the contexts found there (about one in
        eight in a decoder's lattice) are searched, and in sorted order, which keeps the binary
        searches in the cache.

        Returns the grids and the one buffer they are views of, step after step (the decoder
        works on all the steps at once where it can)."""
        size = self.size
        steps = [(chain[t - 2], chain[t - 1], chain[t]) for t in range(2, len(chain))]
        if not steps:
            return np.empty(0), []
        # Pair k is chain[k] x chain[k + 1]: step t's contexts are pair t - 2, its bigrams pair t - 1.
        pair_n = np.array([len(chain[k]) * len(chain[k + 1]) for k in range(len(chain) - 1)],
                          dtype=np.int64)
        keys = np.concatenate([(chain[k][:, None] * size + chain[k + 1][None, :]).reshape(-1)
                               for k in range(len(chain) - 1)])
        at, hit = self._find(self.pair_keys, keys)
        first, last = int(pair_n[0]), int(pair_n[-1])
        ctx_keys = keys[:len(keys) - last]
        chit = (hit & self.pair_is_context[at])[:len(keys) - last]
        g = np.where(chit, self.pair_g3[at[:len(keys) - last]], 0.0)
        pairs = keys[first:]
        v_all = pairs // size
        w_all = pairs - v_all * size
        is_bigram = (hit & self.pair_is_bigram[at])[first:]
        bg = np.where(is_bigram, self.pair_p2[at[first:]], self.g2[v_all] + self.p1[w_all])
        has_adapt = getattr(self, "adapt_keys", None) is not None and len(self.adapt_keys)
        adapted = adapt_weight * self.adapted(v_all, w_all) if has_adapt else None
        a_n = np.array([len(us) for us, _, _ in steps], dtype=np.int64)
        b_n = np.array([len(vs) for _, vs, _ in steps], dtype=np.int64)
        c_n = np.array([len(ws) for _, _, ws in steps], dtype=np.int64)
        ab_end, bc_end, abc_end = np.cumsum(a_n * b_n), np.cumsum(b_n * c_n), np.cumsum(a_n * b_n * c_n)
        flat = np.empty(int(abc_end[-1]))
        grids = []
        c0 = p0 = k0 = 0
        for (us, vs, ws), c1, p1, k1 in zip(steps, ab_end.tolist(), bc_end.tolist(), abc_end.tolist(),
                                            strict=True):
            a, b, c = len(us), len(vs), len(ws)
            grid = flat[k0:k1].reshape(a, b, c)
            np.add(g[c0:c1].reshape(a, b, 1), bg[p0:p1].reshape(1, b, c), out=grid)
            grids.append(grid)
            c0, p0, k0 = c1, p1, k1
        # The triples of the contexts found, for all steps at once (numpy calls per step are what
        # a lattice of a few hundred triples per step pays most for).
        hit_ctx = np.flatnonzero(chit)
        if len(hit_ctx):
            step = np.searchsorted(ab_end, hit_ctx, side="right")
            local = hit_ctx - (ab_end - a_n * b_n)[step]
            width = c_n[step]
            ctx_key = ctx_keys[hit_ctx]
            owner = np.repeat(np.arange(len(hit_ctx)), width)
            j = np.arange(int(width.sum())) - np.repeat(np.cumsum(width) - width, width)
            ws_all = np.concatenate([ws for _, _, ws in steps])
            ws_start = np.cumsum(c_n) - c_n
            query = ctx_key[owner] * size + ws_all[(ws_start[step])[owner] + j]
            places = ((abc_end - a_n * b_n * c_n)[step] + local * width)[owner] + j
            order = np.argsort(query)
            pos = np.empty(len(query), dtype=np.int64)
            pos[order] = np.minimum(np.searchsorted(self.k3, query[order]), len(self.k3) - 1)
            found = self.k3[pos] == query
            flat[places[found]] = self.p3[pos[found]]
        if adapted is not None:
            p0 = 0
            for grid in grids:
                _, b, c = grid.shape
                grid += adapted[p0:p0 + b * c].reshape(1, b, c)
                p0 += b * c
        return flat, grids

    def score_runs(self, runs: Iterable[list[str]]) -> tuple[float, int]:
        """Total ln probability and token count (for perplexity checks)."""
        total, n = 0.0, 0
        for run in runs:
            ids = [1, 1] + [self.id(t) for t in run] + [2]
            a = np.array(ids)
            total += float(self.trigram(a[:-2], a[1:-1], a[2:]).sum())
            n += len(ids) - 2
        return total, n


def train_lm(runs: Iterable[list[str]], out: Path, *, min_count: int = 2, min_trigram: int = 1,
             min_bigram: int = 1, extra_vocab: Iterable[str] = ()) -> dict[str, int]:
    """Count, smooth and save. `runs` are token lists (see text.lm_tokens)."""
    runs = list(runs)
    freq = Counter(t for run in runs for t in run)
    extra = set(extra_vocab)
    for w in extra:
        freq[w] += 0
    words = sorted((w for w, c in freq.items() if (c >= min_count or w in extra)
                    and w not in SPECIALS), key=lambda w: (-freq[w], w))
    vocab = list(SPECIALS) + words
    index = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    stream: list[int] = []
    starts: list[int] = []
    for run in runs:
        starts.append(len(stream))
        stream.extend((1, 1))
        stream.extend(index.get(t, 0) for t in run)
        stream.append(2)
    ids = np.array(stream, dtype=np.int64)
    valid = np.ones(len(ids), dtype=bool)
    valid[-2:] = False
    ends = np.array(starts[1:] + [len(ids)], dtype=np.int64)
    valid[ends - 2] = False  # a trigram may not start in the last two slots of a run
    valid[ends[ends >= 1] - 1] = False
    first = np.flatnonzero(valid)
    key3 = (ids[first] * size + ids[first + 1]) * size + ids[first + 2]
    t3, c3 = np.unique(key3, return_counts=True)
    size2 = size * size

    # Bigram continuation counts: how many distinct words precede (v, w); after <s> use real counts.
    b_of_t3 = t3 % size2
    t2, cc2 = np.unique(b_of_t3, return_counts=True)
    after_bos = (t3 // size2 == 1) & ((t3 // size) % size == 1)
    bos_counts = Counter(dict(zip((t3[after_bos] % size2).tolist(), c3[after_bos].tolist(), strict=True)))
    is_bos = t2 // size == 1
    cc2 = cc2.astype(np.float64)
    cc2[is_bos] = [bos_counts.get(int(k), 1) for k in t2[is_bos]]

    cc1 = np.bincount(t2 % size, minlength=size).astype(np.float64)
    cc1[1] = 0  # <s> is never predicted
    p1 = (cc1 + 0.5) / (cc1.sum() + 0.5 * size)

    p2, ctx2, g2c = _interpolate(t2, cc2, size, p1[t2 % size])
    g2 = np.ones(size)
    g2[ctx2] = g2c
    # p2 for each trigram's (v, w): t2 is sorted and holds every b_of_t3.
    p2_of_t3 = p2[np.searchsorted(t2, b_of_t3)]
    p3, ctx3, g3 = _interpolate(t3, c3.astype(np.float64), size, p2_of_t3)

    keep3 = c3 >= min_trigram
    keep2 = cc2 >= min_bigram
    k3 = t3[keep3]
    k2 = t2[keep2]
    arrays = {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "unigram_counts": np.array([freq.get(w, 0) for w in vocab], dtype=np.int32),
        "p1": _quantise(np.log(p1)),
        "g2": _quantise(np.log(g2)),
        "k2_delta": np.diff(k2, prepend=0).astype(np.uint32 if size2 < 2**32 else np.int64),
        "p2": _quantise(np.log(p2[keep2])),
        "k3_delta": np.diff(k3, prepend=0).astype(np.int64),
        "p3": _quantise3(np.log(p3[keep3])),
        "c3_delta": np.diff(ctx3, prepend=0).astype(np.int64),
        "g3": _quantise(np.log(g3)),
    }
    np.savez_compressed(out, **arrays)
    return {"vocab": size, "bigrams": int(keep2.sum()), "trigrams": int(keep3.sum()),
            "tokens": int(sum(len(r) for r in runs))}
