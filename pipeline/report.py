"""The archive at a glance: one self-contained HTML page with plots, data quality and review progress.

The page is made from the same rows as the datasets (``pipeline.export.document_rows``: the archivists'
corrections applied), so a figure in the report and a count in the Parquet files always agree. Plots
are drawn with matplotlib and inlined as SVG; the page links to nothing outside itself except each
campaign's record file (``records/<doc_id>.json`` beside the store, written by ``decree run`` and
``decree export``). Every text that comes from a document is escaped: by Jinja2's autoescaping in the
HTML, by matplotlib's SVG writer in the plots (which also treats ``$`` as text, not mathematics).

Vietnamese by default; ``lang="en"`` for English. Labels live in ``report_text.json``.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from pipeline import __version__
from pipeline.export import DOUBT_THRESHOLD, SCALAR_FIELDS, TABLES, document_rows, frame
from pipeline.files import write_atomic
from pipeline.store import Correction, Store

LANGS = ("vi", "en")
HERE = Path(__file__).resolve().parent
# The longest label a plot shows before it is cut with an ellipsis (whole text in the page's tables).
LABEL_CHARS = 40
# Bars a category plot shows; the rest are summed into one "others" bar.
TOP = 12
# Inches: a plot's width in its column of the page (at 1280 pixels, about its size on screen, so that
# its labels are as big as the page's text).
PLOT_WIDTH = 5.2
QUALITY_WIDTH = 4.6  # the quality section's plots, two side by side
COLORS = ("#1f5f8b", "#d9822b", "#3a9a5b", "#b8413a", "#7d5ba6", "#8c6d31", "#5f7f8f")
STYLE = {
    "svg.fonttype": "none",  # text stays text: small, selectable, and the page's font renders Vietnamese
    "svg.hashsalt": "decree",  # the same archive gives the same page
    "text.parse_math": False,  # a "$" in a document is a dollar sign
    "font.family": "DejaVu Sans",  # shipped with matplotlib; has every Vietnamese letter
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@cache
def texts() -> dict[str, dict[str, Any]]:
    return json.loads((HERE / "report_text.json").read_text(encoding="utf-8"))


@dataclass
class Section:
    key: str  # the section's id in the page
    title: str
    note: str | None
    svg: str | None  # None: nothing to plot yet


# --------------------------------------------------------------------------- data


def archive_tables(store: Store, threshold: float = DOUBT_THRESHOLD) -> dict[str, pd.DataFrame]:
    """Every dataset table, as `decree export` would write it, read from the store."""
    fixes: dict[str, list[Correction]] = {}
    for fix in store.corrections():
        fixes.setdefault(fix.doc_id, []).append(fix)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for info, version, doc in store.iter_current():
        for name, found in document_rows(info, version, doc, fixes.get(doc.doc_id, []), threshold).items():
            rows[name].extend(found)
    return {name: frame(name, found) for name, found in rows.items()}


def document_year(documents: pd.DataFrame) -> pd.Series:
    """Each document's year: of its date, else of its period's end, else of its start."""
    return (documents["issued_on"].dt.year.fillna(documents["period_end"].dt.year)
            .fillna(documents["period_start"].dt.year).astype("Int64"))


# --------------------------------------------------------------------------- plots


def _short(text: Any, unknown: str) -> str:
    if text is None or pd.isna(text) or not str(text).strip():
        return unknown
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _svg(fig: Figure) -> str:
    """The figure as an inline <svg> element: no XML prolog, doctype or metadata."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return svg


def _figure(width: float, height: float) -> Figure:
    # A bare Figure (no pyplot): no global state, nothing shown, safe in a server's threads.
    return Figure(figsize=(width, height), layout="constrained")


def _with_style(draw: Any) -> Any:
    """Run a plotting function under the report's matplotlib style (local, not global state)."""
    def wrapped(*args: Any, **kwargs: Any) -> str | None:
        import matplotlib

        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)
    return wrapped


@_with_style
def bars_per_year(counts: pd.Series, ylabel: str, xlabel: str) -> str | None:
    if counts.empty:
        return None
    years = list(range(int(counts.index.min()), int(counts.index.max()) + 1))
    values = [int(counts.get(y, 0)) for y in years]
    fig = _figure(PLOT_WIDTH, 2.8)
    ax = fig.subplots()
    ax.bar([str(y) for y in years], values, color=COLORS[0])
    ax.bar_label(ax.containers[0], fmt="%d")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


@_with_style
def bars_by_category(counts: pd.Series, xlabel: str, others: str,
                     width: float | None = None) -> str | None:
    """Horizontal bars, biggest first; beyond TOP the rest summed into one bar."""
    if counts.empty:
        return None
    counts = counts.sort_values(ascending=False)
    if len(counts) > TOP:
        counts = pd.concat([counts.iloc[:TOP - 1], pd.Series({others: counts.iloc[TOP - 1:].sum()})])
    fig = _figure(width or PLOT_WIDTH, 0.5 + 0.32 * len(counts))
    ax = fig.subplots()
    labels = list(counts.index)[::-1]
    ax.barh(labels, list(counts.values)[::-1], color=COLORS[0])
    ax.bar_label(ax.containers[0], fmt="%d")
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


@_with_style
def stacked_by_category(table: pd.DataFrame, xlabel: str) -> str | None:
    """Rows are bars (biggest first), columns their stacked parts with a legend."""
    if table.empty:
        return None
    table = table.loc[table.sum(axis=1).sort_values(ascending=True).index]
    fig = _figure(PLOT_WIDTH, 1.4 + 0.36 * len(table))
    ax = fig.subplots()
    left = [0] * len(table)
    for i, column in enumerate(table.columns):
        values = [int(v) for v in table[column]]
        ax.barh(list(table.index), values, left=left, label=column, color=COLORS[i % len(COLORS)])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=8)
    return _svg(fig)


@_with_style
def grouped_per_year(table: pd.DataFrame, ylabel: str, xlabel: str) -> str | None:
    """One group of bars per year (rows), one bar per column."""
    if table.empty:
        return None
    years = list(range(int(table.index.min()), int(table.index.max()) + 1))
    table = table.reindex(years, fill_value=0)
    fig = _figure(PLOT_WIDTH, 2.8)
    ax = fig.subplots()
    width = 0.8 / len(table.columns)
    for i, column in enumerate(table.columns):
        xs = [n + (i - (len(table.columns) - 1) / 2) * width for n in range(len(years))]
        bars = ax.bar(xs, [int(v) for v in table[column]], width=width, label=column,
                      color=COLORS[i % len(COLORS)])
        ax.bar_label(bars, fmt="%d", fontsize=7)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg(fig)


@_with_style
def timeline(points: pd.DataFrame) -> str | None:
    """Anniversaries on a time axis: one row per event, a dot per document commemorating it."""
    if points.empty:
        return None
    events = list(points.groupby("label")["end"].min().sort_values().index)
    fig = _figure(PLOT_WIDTH, 0.8 + 0.3 * len(events))
    ax = fig.subplots()
    rows = {label: i for i, label in enumerate(events)}
    ax.scatter(points["end"], [rows[label] for label in points["label"]], s=40, color=COLORS[1], zorder=3)
    ax.set_yticks(range(len(events)), events)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd")
    ax.invert_yaxis()
    return _svg(fig)


@_with_style
def histogram(values: Iterable[float], xlabel: str, ylabel: str) -> str | None:
    values = [v for v in values if v is not None and not pd.isna(v)]
    if not values:
        return None
    fig = _figure(QUALITY_WIDTH, 2.6)
    ax = fig.subplots()
    ax.hist([100 * v for v in values], bins=[0, 1, 2, 5, 10, 20, 30, 50, 100], color=COLORS[2],
            edgecolor="white")
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xticks([0, 1, 2, 5, 10, 20, 50, 100], ["0", "1", "2", "5", "10", "20", "50", "100 %"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


@_with_style
def cumulative(moments: pd.Series, ylabel: str) -> str | None:
    """A running total over time (corrections made, day by day)."""
    moments = moments.dropna()
    if moments.empty:
        return None
    per_day = moments.dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize().value_counts().sort_index()
    fig = _figure(QUALITY_WIDTH, 2.6)
    ax = fig.subplots()
    ax.step(per_day.index, per_day.cumsum(), where="post", color=COLORS[1])
    ax.fill_between(per_day.index, per_day.cumsum(), step="post", color=COLORS[1], alpha=0.25)
    locator = mdates.AutoDateLocator(minticks=2, maxticks=5)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


# --------------------------------------------------------------------------- the page


def sections(tables: dict[str, pd.DataFrame], t: dict[str, Any], threshold: float) -> list[Section]:
    documents, campaigns = tables["documents"], tables["campaigns"]
    unknown, out = t["unknown"], []

    per_year = campaigns["year"].dropna().astype(int).value_counts()
    out.append(Section("per-year", t["per_year"], t["per_year_note"],
                       bars_per_year(per_year, t["count_campaigns"], t["year"])))

    if "issuer_level" in campaigns.columns:
        levels = campaigns["issuer_level"].astype("string").fillna(unknown)
        counts = levels.map(lambda v: t["levels"].get(v, v)).value_counts()
        out.append(Section("per-level", t["per_level"], None,
                           bars_by_category(counts, t["count_campaigns"], t["others"])))
    else:
        counts = campaigns["issuer"].map(lambda v: _short(v, unknown)).value_counts()
        out.append(Section("per-level", t["per_issuer"], t["per_issuer_note"],
                           bars_by_category(counts, t["count_campaigns"], t["others"])))

    comm = tables["commemorations"].dropna(subset=["end"])
    points = pd.DataFrame({"end": comm["end"], "label": [_short(e, unknown) for e in comm["event"]]})
    out.append(Section("commemorations", t["commemorations"], t["commemorations_note"], timeline(points)))

    rewards = tables["rewards"]
    if rewards.empty:
        offered = pd.DataFrame()
    else:
        authority = rewards["authority"].map(lambda v: _short(v, unknown))
        top = authority.value_counts().index[:len(COLORS) - 1]
        authority = authority.where(authority.isin(top), t["others"])
        offered = pd.crosstab(rewards["form"].map(lambda v: _short(v, unknown)), authority)
    out.append(Section("rewards", t["rewards"], t["rewards_note"],
                       stacked_by_category(offered, t["times_offered"])))

    awarded = tables["awarded"].merge(
        documents[["doc_id"]].assign(year=document_year(documents)), on="doc_id", how="left")
    awarded = awarded.dropna(subset=["year"])
    per_year_awarded = awarded.groupby(awarded["year"].astype(int))[["collectives", "individuals"]].sum()
    per_year_awarded.columns = [t["collectives"], t["individuals"]]
    out.append(Section("awarded", t["awarded"], t["awarded_note"],
                       grouped_per_year(per_year_awarded, t["awarded_count"], t["year"])))
    return out


def quality_figures(tables: dict[str, pd.DataFrame], t: dict[str, Any]) -> dict[str, Any]:
    quality = tables["document_quality"]
    statuses = quality["status"].astype("string").value_counts()
    progress = [(t["statuses"][s], int(statuses.get(s, 0)), s) for s in t["statuses"]]
    lacking = [t["fields"].get(name, name) for names in quality["missing_fields"] for name in names]
    missing = pd.Series(lacking, dtype="string").value_counts()
    worst = quality.merge(tables["documents"][["doc_id", "source", "title"]], on="doc_id")
    worst = worst[worst["doubtful_words"] > 0].sort_values("doubtful_share", ascending=False).head(10)
    return {
        "progress": progress,
        "total": len(quality),
        "histogram": histogram(quality["doubtful_share"], t["doubtful_share"], t["count_documents"]),
        "fields_missing": float(quality["fields_missing"].mean()) if len(quality) else None,
        "fields_doubtful": float(quality["fields_doubtful"].mean()) if len(quality) else None,
        "missing": bars_by_category(missing, t["count_documents"], t["others"], QUALITY_WIDTH),
        "corrections": cumulative(tables["corrections"]["at"], t["corrections_total"]),
        "worst": [{"source": _text(r.source), "title": _text(r.title), "share": r.doubtful_share,
                   "status": t["statuses"].get(_text(r.status), _text(r.status))}
                  for r in worst.itertuples()],
    }


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def campaign_rows(tables: dict[str, pd.DataFrame], t: dict[str, Any], records: str) -> list[dict[str, str]]:
    campaigns = tables["campaigns"].sort_values(["year", "issued_on", "doc_id"], na_position="last")
    rows = []
    for c in campaigns.itertuples():
        period = _text(c.period_text) or " – ".join(
            d.strftime("%d/%m/%Y") for d in (c.period_start, c.period_end) if not pd.isna(d))
        rows.append({
            "doc_id": c.doc_id, "year": _text(c.year), "issuer": _text(c.issuer), "title": _text(c.title),
            "theme": _text(c.theme), "period": period,
            "type": t["doc_types"].get(_text(c.doc_type), _text(c.doc_type)),
            "href": f"{records}/{c.doc_id}.json",
        })
    return rows


def render(tables: dict[str, pd.DataFrame], *, lang: str = "vi", records: str = "records",
           threshold: float = DOUBT_THRESHOLD, made_at: datetime | None = None) -> str:
    """The report page as HTML text. `records`: the URL (relative to the page) of the folder holding
    each document's `<doc_id>.json` record."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    t = texts()[lang]
    quality = tables["document_quality"]
    status = quality["status"].astype("string")
    kpis = [
        (t["documents"], len(tables["documents"])),
        (t["campaigns"], len(tables["campaigns"])),
        (t["pages"], int(quality["pages"].sum())),
        (t["words"], int(quality["words"].sum())),
        (t["doubtful_words"], int(quality["doubtful_words"].sum())),
        (t["corrections"], len(tables["corrections"])),
        (t["reviewed_docs"], int((status == "reviewed").sum())),
    ]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["num"] = lambda n: f"{n:,}".replace(",", "." if lang == "vi" else ",")
    env.filters["pct"] = lambda x: "" if x is None or pd.isna(x) else f"{100 * x:.1f} %"
    note = t["quality_note"].format(threshold=threshold, fields=len(SCALAR_FIELDS))
    return env.get_template("report_page.html").render(
        lang=lang, t=t, kpis=kpis, sections=sections(tables, t, threshold),
        quality=quality_figures(tables, t),
        quality_note=note, campaigns=campaign_rows(tables, t, records), version=__version__,
        made_at=(made_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(store: Store, out: Path, *, lang: str = "vi", records_dir: Path | None = None,
                 threshold: float = DOUBT_THRESHOLD) -> Path:
    """Write the report of `store` to `out` (atomically). `records_dir`: the folder of the records
    (`records/<doc_id>.json`; default: `records/` beside `out`); the links are relative to `out`."""
    tables = archive_tables(store, threshold)
    records = records_dir or out.parent / "records"
    href = Path(os.path.relpath(records.resolve(), out.resolve().parent)).as_posix()
    html = render(tables, lang=lang, records=href, threshold=threshold)
    try:
        write_atomic(out, html)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(out)) from exc
    return out
