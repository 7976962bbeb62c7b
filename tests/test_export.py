"""An analyst loads every exported table with pandas: documented columns, real dtypes, keys that join,
and the archivists' corrections in the values."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from factory import make_document

from pipeline.export import TABLES, export, is_campaign
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
        store.correct_field(DOCS[1].doc_id, "issued_on", "2020-01-15", who="lan",
                            before=DOCS[1].record.issued_on, base_version=1)
        export(store, root / "out")
    return root / "out"


def documented_columns() -> dict[str, list[str]]:
    """The columns docs/datasets.md lists for each table (its `### name` sections' first column)."""
    columns: dict[str, list[str]] = {}
    table = None
    for line in (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `?(\w+)`?", line)
        if heading:
            table = heading[1]
            columns[table] = []
        cell = re.match(r"^\| `(\w+)` \|", line)
        if cell and table:
            columns[table].append(cell[1])
    return columns


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
    assert all(isinstance(d, dt.date) for d in documents["issued_on"].dropna())
    assert documents["issued_on"].isna().any(), "a missing date stays missing"
    schema = pq.read_schema(exported / "commemorations.parquet")
    assert str(schema.field("start").type) == "date32[day]"
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
    assert documents.loc[second, "issued_on"] == dt.date(2020, 1, 15)
    assert documents.loc[second, "confidence_issued_on"] == 1.0
    assert documents.loc[first, "corrections"] == 2 and documents.loc[first, "status"] == "in_review"
    record = json.loads((exported / "records" / f"{first}.json").read_text(encoding="utf-8"))
    assert record["commemorations"][0]["years"] == 90
    restored = (exported / "restored" / f"{first}.txt").read_text(encoding="utf-8")
    assert restored.startswith("UỶ BAN NHÂN DÂN")
    assert not (exported / "records" / f"{DOCS[60].doc_id}.json").exists(), "no record, no record file"


def test_the_manifest_lists_every_file_with_its_checksum(exported: Path):
    manifest = json.loads((exported / "export.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(TABLES)
    assert len(manifest["files"]) == 3 * len(TABLES)
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
            start = rec.period.start if rec.period else rec.issued_on
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
    source = ROOT / "data" / "raw" / "003_d03dbde7257b0f58.txt"
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
