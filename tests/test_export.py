"""An analyst loads every exported table with pandas: documented columns, real dtypes, keys that join,
and the archivists' corrections in the values."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from factory import ISSUERS, make_document

from pipeline.document import Period
from pipeline.export import ISSUER_FIELDS, TABLES, export, is_campaign
from pipeline.store import Store, word_target

ROOT = Path(__file__).resolve().parent.parent
DOCS = [make_document(i) for i in range(60)] + [make_document(60, with_record=False)]
CHILD_TABLES = ("sections", "commemorations", "rewards", "awarded", "references", "recipients")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    with Store(root / "decrees.db") as store:
        for doc in DOCS:
            store.save_version(doc, pipeline_version="v1", model_version="m1")
        first = DOCS[0]
        store.correct_field(first.doc_id, "commemorations[0].years", 90, who="lan",
                            before=first.record.commemorations[0].years, base_version=1)
        store.correct_word(first.doc_id, word_target(1, 0, 0), "UỶ", who="lan", before="ỦY", base_version=1)
        # A word corrected and the correction undone: a correction row, but no word changed.
        slip = store.correct_word(first.doc_id, word_target(1, 1, 0), "TỈNk", who="minh", before="TỈNH",
                                  base_version=1)
        store.undo(slip.id, who="minh")
        store.correct_field(DOCS[1].doc_id, "issued_on", "2020-01-15", who="lan",
                            before=DOCS[1].record.issued_on, base_version=1)
        store.set_status(DOCS[1].doc_id, "reviewed", who="lan")
        export(store, root / "out")
    return root / "out"


# What pandas gives for each type docs/datasets.md names, loading Parquet with no arguments.
PANDAS_DTYPES = {"string": "string", "Int64": "Int64", "float64": "float64", "date": "datetime64[ms]",
                 "moment": "datetime64[ms, UTC]", "category": "category", "list of string": "object"}
# Canonical issuer columns the record does not have yet (extraction adds them) are documented but absent.
NOT_YET = {"issuer_header", "issuer_level"} - set(ISSUER_FIELDS)


def documented_types() -> dict[str, dict[str, str]]:
    """Each table's documented columns and their types (the first two cells of its rows)."""
    types: dict[str, dict[str, str]] = {}
    table = None
    for line in (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `?(\w+)`?", line)
        if heading:
            table = heading[1]
            types[table] = {}
        cell = re.match(r"^\| `(\w+)` \| ([^|]+?) \|", line)
        if cell and table and cell[1] not in NOT_YET:
            types[table][cell[1]] = cell[2]
    return types


def documented_columns() -> dict[str, list[str]]:
    """The columns docs/datasets.md lists for each table (its `### name` sections' first column)."""
    return {table: list(types) for table, types in documented_types().items()}


def documented_csv_dates() -> dict[str, list[str]]:
    """The `DATES` mapping docs/datasets.md gives for reading the CSV and JSONL files."""
    text = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    snippet = re.search(r"(DATES = \{.*?\})\n", text, re.S)[1]
    namespace: dict = {}
    exec(snippet, namespace)
    return namespace["DATES"]


def naive(moments: pd.Series) -> pd.Series:
    return moments.dt.tz_convert("UTC").dt.tz_localize(None) if moments.dt.tz else moments


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_loads_with_plain_pandas_in_its_documented_dtypes(exported: Path, table: str):
    types = documented_types()[table]
    parquet = pd.read_parquet(exported / f"{table}.parquet")
    found = {name: str(dtype) for name, dtype in parquet.dtypes.items()}
    assert found == {name: PANDAS_DTYPES[kind] for name, kind in types.items()}
    dates = [name for name, kind in types.items() if kind in ("date", "moment")]
    assert sorted(documented_csv_dates().get(table, [])) == sorted(dates), "the CSV recipe names every date"
    csv = pd.read_csv(exported / f"{table}.csv", parse_dates=dates)
    jsonl = pd.read_json(exported / f"{table}.jsonl", lines=True)
    for name in dates:
        jsonl[name] = pd.to_datetime(jsonl[name])
        assert pd.api.types.is_datetime64_any_dtype(csv[name]), f"{table}.csv {name}"
        assert pd.api.types.is_datetime64_any_dtype(jsonl[name]), f"{table}.jsonl {name}"
        # The same moments, whichever file they were read from.
        assert list(naive(csv[name].dropna())) == list(naive(parquet[name].dropna())), f"{table}.csv {name}"


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_has_its_documented_columns_in_all_three_formats(exported: Path, table: str):
    documented = documented_columns()[table]
    parquet = pd.read_parquet(exported / f"{table}.parquet")
    csv = pd.read_csv(exported / f"{table}.csv")
    jsonl = pd.read_json(exported / f"{table}.jsonl", lines=True)
    assert list(parquet.columns) == documented
    assert list(csv.columns) == documented
    assert len(parquet) == len(csv) == len(jsonl) > 0
    assert list(jsonl.columns) == documented


def test_dtypes_are_the_analysts(exported: Path):
    documents = pd.read_parquet(exported / "documents.parquet")
    assert isinstance(documents["doc_type"].dtype, pd.CategoricalDtype)
    assert {"phat_dong", "ke_hoach", "other"} <= set(documents["doc_type"].cat.categories)
    assert isinstance(documents["status"].dtype, pd.CategoricalDtype)
    assert str(documents["pages"].dtype) == "Int64" and str(documents["corrections"].dtype) == "Int64"
    assert documents["confidence_title"].dtype == "float64"
    assert documents["issued_on"].isna().any(), "a missing date stays missing"
    # Dates are usable as they come: .dt, and comparing with ISO text.
    assert set(documents["issued_on"].dt.year.dropna()) == {2014 + i % 8 for i in range(60) if i % 7}
    assert (documents["issued_on"] >= "2020-01-01").sum() == sum(
        1 for d in DOCS if d.record and d.record.issued_on and d.record.issued_on >= "2020-01-01"
        and d is not DOCS[1]) + 1  # DOCS[1] was corrected to 2020-01-15
    schema = pq.read_schema(exported / "commemorations.parquet")
    assert str(schema.field("start").type) == "timestamp[ms]"
    awarded = pd.read_parquet(exported / "awarded.parquet")
    for count in ("collectives", "individuals", "households", "others"):
        assert str(awarded[count].dtype) == "Int64"
    assert awarded["households"].isna().any() and awarded["households"].notna().any()
    sections = pd.read_parquet(exported / "sections.parquet")
    assert isinstance(sections["kind"].dtype, pd.CategoricalDtype)
    assert list(sections["items"].iloc[0]) == ["Phát huy truyền thống", "Hoàn thành kế hoạch"]


def test_keys_are_unique_and_every_row_joins_its_document(exported: Path):
    documents = pd.read_parquet(exported / "documents.parquet")
    assert documents["doc_id"].is_unique
    assert set(documents["doc_id"]) == {d.doc_id for d in DOCS}
    for table in (*CHILD_TABLES, "campaigns"):
        df = pd.read_parquet(exported / f"{table}.parquet")
        key = ["doc_id", "position"] if table in CHILD_TABLES else ["doc_id"]
        assert not df.duplicated(key).any(), f"{table}: duplicate {key}"
        joined = df.merge(documents[["doc_id", "source"]], on="doc_id", how="left", validate="many_to_one")
        assert joined["source"].notna().all(), f"{table}: a row without its document"


def test_one_row_per_thing(exported: Path):
    with_record = [d for d in DOCS if d.record is not None]
    expected = {
        "sections": sum(len(d.record.sections) for d in with_record),
        "commemorations": sum(len(d.record.commemorations) for d in with_record),
        "rewards": sum(len(d.record.rewards) for d in with_record),
        "awarded": sum(len(d.record.awarded) for d in with_record),
        "references": sum(len(d.record.references) for d in with_record),
        "recipients": sum(len(d.record.recipients) for d in with_record),
        "campaigns": sum(is_campaign(d.record) for d in with_record),
    }
    found = {name: len(pd.read_parquet(exported / f"{name}.parquet")) for name in expected}
    assert found == expected
    awarded = pd.read_parquet(exported / "awarded.parquet")
    assert awarded["individuals"].sum() == sum(a.individuals for d in with_record for a in d.record.awarded)


def test_corrections_are_in_the_tables_and_per_document_files(exported: Path):
    first, second = DOCS[0].doc_id, DOCS[1].doc_id
    comm = pd.read_parquet(exported / "commemorations.parquet").set_index(["doc_id", "position"])
    assert comm.loc[(first, 0), "years"] == 90
    assert comm.loc[(first, 0), "confidence"] == 1.0, "a corrected value is certain"
    documents = pd.read_parquet(exported / "documents.parquet").set_index("doc_id")
    assert documents.loc[second, "issued_on"] == pd.Timestamp("2020-01-15")
    assert documents.loc[second, "confidence_issued_on"] == 1.0
    assert documents.loc[first, "corrections"] == 4 and documents.loc[first, "status"] == "in_review"
    record = json.loads((exported / "records" / f"{first}.json").read_text(encoding="utf-8"))
    assert record["commemorations"][0]["years"] == 90
    restored = (exported / "restored" / f"{first}.txt").read_text(encoding="utf-8")
    assert restored.startswith("UỶ BAN NHÂN DÂN")
    assert not (exported / "records" / f"{DOCS[60].doc_id}.json").exists(), "no record, no record file"


def test_the_manifest_lists_every_file_with_its_checksum(exported: Path):
    manifest = json.loads((exported / "export.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(TABLES)
    assert len(manifest["files"]) == 3 * len(TABLES)
    assert {"corrections", "document_quality"} <= set(manifest["tables"])
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((exported / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert not list(exported.rglob("*.tmp"))


def test_the_readme_example_answers_its_question(exported: Path, monkeypatch: pytest.MonkeyPatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(import pandas as pd\n.*?)```", readme, re.S)[1].strip().splitlines()
    assert len(code) <= 6
    *body, last = code
    shown = re.fullmatch(r"print\((.*)\)", last)[1]
    data = exported.parent / "data" / "processed"
    data.parent.mkdir(exist_ok=True)
    if not data.exists():
        data.symlink_to(exported)
    monkeypatch.chdir(exported.parent)
    namespace: dict = {}
    exec("\n".join(body), namespace)
    answer = eval(shown, namespace)
    expected: dict[int, int] = {}
    for d in DOCS:
        rec = d.record
        if rec and is_campaign(rec) and any("thành lập Đảng" in c.event for c in rec.commemorations):
            start = (rec.period and (rec.period.start or rec.period.end)) or rec.issued_on
            if start:
                expected[int(start[:4])] = expected.get(int(start[:4]), 0) + 1
    assert expected, "the sample archive has campaigns for the Party's founding"
    assert {int(k): int(v) for k, v in answer.items()} == expected


def decree(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_an_export_that_cannot_write_is_one_line_not_a_traceback(exported: Path, tmp_path: Path):
    out = tmp_path / "out"
    (out / "campaigns.parquet").mkdir(parents=True)  # something in the way of the table
    result = decree("export", "--db", str(exported.parent / "decrees.db"), "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "campaigns.parquet" in result.stderr, result.stderr
    assert not (out / "export.json").exists()


def test_a_run_whose_export_fails_says_so_in_its_summary(tmp_path: Path):
    empty, out = tmp_path / "archive", tmp_path / "out"
    empty.mkdir()
    (out / "documents.csv").mkdir(parents=True)
    result = decree("run", str(empty), "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "export failed" in line]
    assert len(lines) == 1 and "documents.csv" in lines[0], result.stderr


def test_a_run_writes_the_datasets(tmp_path: Path):
    empty, out = tmp_path / "archive", tmp_path / "out"
    empty.mkdir()
    assert decree("run", str(empty), "--out", str(out)).returncode == 0
    manifest = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert manifest["tables"] == {name: 0 for name in TABLES}
    assert list(pd.read_parquet(out / "campaigns.parquet").columns) == documented_columns()["campaigns"]


def test_an_archivists_correction_survives_decree_run_again(tmp_path: Path):
    # The head of the clean sample document (header and title): the whole pipeline, kept quick.
    sample = (ROOT / "data" / "raw" / "003_d03dbde7257b0f58.txt").read_text(encoding="utf-8")
    source = tmp_path / "003_head.txt"
    source.write_text("\n".join(sample.splitlines()[:30]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert decree("run", str(source), "--out", str(out)).returncode == 0
    with Store(out / "decrees.db") as store:
        (doc_id,) = store.doc_ids()
        record = store.current_record(doc_id)
        assert record is not None and record.title, "the pipeline extracted a title"
        store.correct_field(doc_id, "title", "Tiêu đề do lưu trữ viên sửa", who="lan", before=record.title,
                            base_version=1)

    again = decree("run", str(source), "--out", str(out), "--force")
    assert again.returncode == 0, again.stderr
    with Store(out / "decrees.db") as store:
        assert [v.seq for v in store.versions(doc_id)] == [1, 2]
        assert store.document(doc_id).record.title == record.title, "the new version is the pipeline's own"
        assert store.current_record(doc_id).title == "Tiêu đề do lưu trữ viên sửa"
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert documents.loc[doc_id, "title"] == "Tiêu đề do lưu trữ viên sửa"
    assert documents.loc[doc_id, "version"] == 2 and documents.loc[doc_id, "corrections"] == 1
    published = json.loads((out / "records" / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert published["title"] == "Tiêu đề do lưu trữ viên sửa"


def test_exporting_an_unchanged_store_again_rewrites_nothing(tmp_path: Path):
    out = tmp_path / "out"
    with Store(tmp_path / "decrees.db") as store:
        docs = [make_document(i) for i in range(6)]
        for doc in docs:
            store.save_version(doc, pipeline_version="v1", model_version="m1")
        first = export(store, out)
        stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
        assert export(store, out) == first
        assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == stamps

        store.correct_field(docs[2].doc_id, "recipients", [], who="lan", before=docs[2].record.recipients,
                            base_version=1)
        assert export(store, out)["recipients"] == first["recipients"] - len(docs[2].record.recipients)

        (out / "sections.csv").write_text("doc_id\n", encoding="utf-8")  # someone spoilt a file
        export(store, out)
        assert len(pd.read_csv(out / "sections.csv")) == first["sections"]


def test_every_correction_is_a_row_with_who_when_what_before_and_after(exported: Path):
    with Store(exported.parent / "decrees.db") as store:
        made = store.corrections()
    corrections = pd.read_parquet(exported / "corrections.parquet")
    assert list(corrections["correction_id"]) == [fix.id for fix in made], "every one, undos included"
    first = corrections[corrections["doc_id"] == DOCS[0].doc_id].set_index("position")
    assert list(first["kind"]) == ["field", "word", "word", "word"]
    assert first.loc[0, ["field", "before", "after", "who"]].tolist() == [
        "commemorations", str(DOCS[0].record.commemorations[0].years), "90", "lan"]
    assert pd.isna(first.loc[0, "page"])
    assert first.loc[1, ["target", "page", "before", "after"]].tolist() == [
        "p1/pdf_text/l0/w0", 1, "ỦY", "UỶ"]
    assert pd.isna(first.loc[1, "field"])
    assert first.loc[3, "undoes"] == first.loc[2, "correction_id"]
    assert first.loc[3, ["who", "before", "after"]].tolist() == ["minh", "TỈNk", "TỈNH"]
    assert first["at"].is_monotonic_increasing and first["at"].dt.tz is not None
    assert (first["at"] > pd.Timestamp.now(tz="UTC") - pd.Timedelta(hours=1)).all()
    second = corrections[corrections["doc_id"] == DOCS[1].doc_id]
    assert second[["target", "after"]].values.tolist() == [["issued_on", "2020-01-15"]]


def test_document_quality_says_how_far_to_trust_each_document(exported: Path):
    quality = pd.read_parquet(exported / "document_quality.parquet").set_index("doc_id")
    assert len(quality) == len(DOCS)
    for i in (2, 3, 5):  # word confidences 0.8, 0.9 and 0.7 (factory: 0.6 + (i % 4) / 10)
        row = quality.loc[DOCS[i].doc_id]
        words = sum(len(line.words) for _, _, line in DOCS[i].lines())
        doubtful = words if 0.6 + (i % 4) / 10 < 0.8 else 0
        assert (row["words"], row["doubtful_words"]) == (words, doubtful), i
        assert row["doubtful_share"] == pytest.approx(doubtful / words)
        assert row["pages"] == 1 and row["doubt_threshold"] == 0.8
    # DOCS[3] (ke_hoach): every field there, issued_on missing only when i % 7 == 0.
    assert list(quality.loc[DOCS[7].doc_id, "missing_fields"]) == ["issued_on", "theme", "period"]
    assert quality.loc[DOCS[7].doc_id, "fields_missing"] == 3
    # Confidences below 0.8 in the factory: theme 0.5, period 0.65, signer 0.7, rewards 0.6,
    # commemorations 0.7, awarded 0.75; counted only where the document has the field.
    assert list(quality.loc[DOCS[4].doc_id, "doubtful_fields"]) == ["rewards", "signer", "theme"]
    first = quality.loc[DOCS[0].doc_id]
    assert (first["corrections"], first["corrected_words"], first["corrected_fields"]) == (4, 1, 1)
    assert first["status"] == "in_review" and quality.loc[DOCS[1].doc_id, "status"] == "reviewed"
    assert quality.loc[DOCS[1].doc_id, "corrected_fields"] == 1
    untouched = quality.loc[DOCS[9].doc_id]
    assert (untouched["corrections"], untouched["status"]) == (0, "new")
    assert pd.isna(untouched["last_corrected_at"]) and pd.notna(first["last_corrected_at"])
    assert (untouched["pipeline_version"], untouched["model_version"]) == ("v1", "m1")
    bare = quality.loc[DOCS[60].doc_id]
    assert bare["fields_missing"] == 10, "no record: every field is missing"


def test_a_campaign_has_a_year_whenever_a_date_is_known(tmp_path: Path):
    until = make_document(1)  # "từ nay đến ngày 04/10/2019": the period has an end only
    until.record.period = Period(start=None, end="2019-10-04", text="từ nay đến ngày 04/10/2019")
    until.record.issued_on = None
    undated_period = make_document(6)  # a period stated without dates: the document's date
    undated_period.record.period = Period(text="trong năm")
    undated_period.record.issued_on = "2018-12-20"
    nothing = make_document(11)
    nothing.record.period, nothing.record.issued_on = None, None
    with Store(tmp_path / "decrees.db") as store:
        for doc in (until, undated_period, nothing):
            store.save_version(doc, pipeline_version="v1", model_version="m1")
        export(store, tmp_path / "out")
    years = pd.read_parquet(tmp_path / "out" / "campaigns.parquet").set_index("doc_id")["year"]
    assert years[until.doc_id] == 2019 and years[undated_period.doc_id] == 2018
    assert pd.isna(years[nothing.doc_id]), "no date, no year: never a guess"


def test_the_issuer_columns_are_the_records(exported: Path):
    documents = pd.read_parquet(exported / "documents.parquet").set_index("doc_id")
    campaigns = pd.read_parquet(exported / "campaigns.parquet").set_index("doc_id")
    for doc in DOCS[:8]:
        for name in ISSUER_FIELDS:
            want = getattr(doc.record, name)
            got = documents.loc[doc.doc_id, name]
            # A field the record lacks (None) is a missing value in the table, never a string.
            assert pd.isna(got) if want is None else got == want, (name, got, want)
            if doc.doc_id in campaigns.index:
                got = campaigns.loc[doc.doc_id, name]
                assert pd.isna(got) if want is None else got == want, (name, got, want)
    assert documents.groupby("issuer").size().to_dict() == {
        name: sum(1 for d in DOCS if d.record and d.record.issuer == name) for name in ISSUERS}


def analysts_answers(exported: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Run every pandas block of docs/analysts.md where `data/processed` is the export; the value each
    one prints."""
    data = exported.parent / "data" / "processed"
    data.parent.mkdir(exist_ok=True)
    if not data.exists():
        data.symlink_to(exported)
    monkeypatch.chdir(exported.parent)
    text = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    answers = []
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        *body, last = block.strip().splitlines()
        namespace: dict = {}
        exec("\n".join(body), namespace)
        answers.append(eval(re.fullmatch(r"print\((.*)\)", last)[1], namespace))
    return answers


def test_the_analysts_three_questions_are_answered(exported: Path, monkeypatch: pytest.MonkeyPatch):
    party, bodies, awarded, *_ = analysts_answers(exported, monkeypatch)
    with Store(exported.parent / "decrees.db") as store:
        records = [store.current_record(d.doc_id) for d in DOCS]
    campaigns = [r for r in records if r and is_campaign(r)]

    def year(rec: Any) -> int | None:
        known = (rec.period and (rec.period.start or rec.period.end)) or rec.issued_on
        return int(known[:4]) if known else None

    founding = Counter(year(r) for r in campaigns
                       if any(re.search(r"thành lập Đảng(?! bộ)", c.event, re.I) for c in r.commemorations))
    founding.pop(None, None)  # no date, no year: not counted in any year
    assert founding and {int(k): int(v) for k, v in party.items()} == founding
    launched = Counter(r.issuer for r in campaigns)
    assert len(launched) <= 10 and {k: int(v) for k, v in bodies.items()} == launched
    expected: dict[int, list[int]] = {}
    for r in records:
        when = r and (r.issued_on or (r.period and r.period.end))
        for a in r.awarded if when else []:
            totals = expected.setdefault(int(when[:4]), [0, 0])
            totals[0] += a.collectives or 0
            totals[1] += a.individuals or 0
    assert expected and {int(y): [int(v) for v in row] for y, row in awarded.iterrows()} == expected
