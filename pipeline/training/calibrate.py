"""Confidence calibration and the choice of decoding weights, on the calibration split of the
pairs (documents the channel never learned from; never the held-out measurement set).

Each calibration page is restored as a document; every restored word is marked right or wrong
against the clean line; the word's posterior is then mapped to the observed rate of being right by
isotonic regression (pool adjacent violators), fitted separately for each engine."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from pipeline.document import Line, Reading
from pipeline.files import write_atomic
from pipeline.restore.model import Calibration, RestoreModel
from pipeline.training.metrics import tokens

MAX_PAGES = 60  # calibration pages per engine: enough words (~20k) for a stable fit, quick to decode


def pages_of(rows: Iterable[dict]) -> list[list[dict]]:
    pages: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        pages[(r["doc"], r["page"])].append(r)
    return [sorted(v, key=lambda r: r["line"]) for _, v in sorted(pages.items())]


def judge(lines: list[Line], clean_lines: list[str]) -> list[tuple[list[float] | None, float, bool]]:
    """(confidence features or None, confidence, right) for each restored word that has a
    syllable or number (features are kept only when restored with keep_raw)."""
    out = []
    for line, clean in zip(lines, clean_lines, strict=True):
        owners: list[int] = []
        hyp: list[str] = []
        for i, w in enumerate(line.words):
            for t in tokens(w.best):
                owners.append(i)
                hyp.append(t)
        gold = tokens(clean)
        ok = [False] * len(hyp)
        for tag, i1, i2, _, _ in Levenshtein.opcodes(hyp, gold):
            if tag == "equal":
                for k in range(i1, i2):
                    ok[k] = True
        right: dict[int, bool] = {}
        for k, i in enumerate(owners):
            right[i] = right.get(i, True) and ok[k]
        for i, good in right.items():
            w = line.words[i]
            out.append((getattr(w, "_raw", None), float(w.confidence or 0.0), good))
    return out


def restore_pages(model: RestoreModel, pages: list[list[dict]], engine: str
                  ) -> list[tuple[list[float] | None, float, bool]]:
    from pipeline.restore.engine import ReadingRestorer

    restorer = ReadingRestorer(model, engine)
    judged = []
    for page in pages:
        reading = Reading.from_text("txt", "\n".join(r["garbled"] for r in page))
        restorer.restore_lines(reading.lines, keep_raw=True)
        judged += judge(reading.lines, [r["clean"] for r in page])
    return judged


def logistic(rows: list[list[float]], right: list[bool], l2: float = 1.0, rounds: int = 25) -> list[float]:
    """Weights of a logistic regression (Newton's method, a little L2 so it stays finite)."""
    x = np.array(rows, dtype=np.float64)
    y = np.array(right, dtype=np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return [round(float(v), 5) for v in w]


def wilson_lower(right: float, n: float, z: float = 1.645) -> float:
    if n <= 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def isotonic(points: list[tuple[float, bool]], bins: int = 40) -> Calibration:
    """Pool-adjacent-violators on (score, right), summarised as at most `bins` knots."""
    points = sorted(points)
    blocks: list[list[float]] = []  # [sum right, count, max score]
    for x, y in points:
        blocks.append([float(y), 1.0, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s, n, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
            blocks[-1][2] = hi
    # Each block's rate is taken at the lower end of its 90% interval (Wilson): a confidence is
    # then a promise ("at least this often right"), never flattered by a small block.
    xs, ys = [0.0], [0.0]
    for s, n, hi in blocks:
        xs.append(hi)
        ys.append(wilson_lower(s, n))
    for k in range(1, len(ys)):  # keep the map non-decreasing after the adjustment
        ys[k] = max(ys[k], ys[k - 1])
    if len(xs) > bins:
        step = len(xs) / bins
        pick = sorted({int(k * step) for k in range(bins)} | {len(xs) - 1})
        xs, ys = [xs[k] for k in pick], [ys[k] for k in pick]
    # A strictly increasing x axis for np.interp; y is already non-decreasing.
    out_x, out_y = [], []
    for x, y in zip(xs, ys, strict=True):
        if out_x and x <= out_x[-1]:
            out_y[-1] = max(out_y[-1], y)
            continue
        out_x.append(x)
        out_y.append(y)
    if out_x[-1] < 1.0:
        out_x.append(1.0)
        out_y.append(out_y[-1])
    return Calibration([round(x, 6) for x in out_x], [round(y, 6) for y in out_y])


def calibrate(pairs_dir: Path, out: Path, seed: int, log: Callable[[str], None]) -> None:
    from pipeline.restore.model import RestoreModel
    from pipeline.training.pairs import calibration_split, read_pairs

    params_path = out / "params.json"
    params = json.loads(params_path.read_text(encoding="utf-8"))
    params.setdefault("calibration", {})
    for engine in ("eng", "vie"):
        path = pairs_dir / f"{engine}.jsonl"
        if not (out / f"channel_{engine}.json.gz").exists() or not path.exists():
            continue
        rows = [r for r in read_pairs(path) if calibration_split(r["doc"], seed)]
        pages = pages_of(rows)[:MAX_PAGES]
        model = RestoreModel.load(out)
        model.engines[engine].calibration = Calibration()  # score with raw posteriors while fitting
        judged = restore_pages(model, pages, engine)
        fit = [(f, good) for f, _, good in judged if f is not None]
        if len(fit) < 200:
            log(f"calibration {engine}: only {len(fit)} words, not fitted")
            continue
        # Half the pages fit the logistic score, the other half its isotonic map (no word is
        # scored by weights it helped to fit).
        half = len(fit) // 2
        weights = logistic([f[2:] for f, _ in fit[:half]], [g for _, g in fit[:half]])
        scorer = Calibration(weights=weights)
        cal = isotonic([(scorer.score(f), good) for f, good in fit[half:]])
        params["calibration"][engine] = {"xs": cal.xs, "ys": cal.ys, "weights": weights}
        acc = sum(g for _, _, g in judged) / max(1, len(judged))
        log(f"calibration {engine}: {len(pages)} pages, {len(judged)} words, word accuracy {acc:.4f}")
    write_atomic(params_path, json.dumps(params, indent=1, sort_keys=True) + "\n")
