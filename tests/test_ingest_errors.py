"""Files ingest cannot read fail with one line that says why: never a traceback, never a stopped batch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ingest_inputs import bad_inputs, clean_text, decree

from pipeline.ingest import IngestError, ingest


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, bad_inputs(folder)


def test_every_bad_file_gets_a_one_line_reason(bad_folder):
    folder, expected = bad_folder
    for name, word in expected.items():
        with pytest.raises(IngestError) as caught:
            ingest(folder / name)
        reason = str(caught.value)
        assert "\n" not in reason and reason.strip() == reason, f"{name}: {reason!r}"
        assert word.lower() in reason.lower(), f"{name}: expected {word!r} in {reason!r}"


def test_decree_ocr_names_the_bad_file_in_one_line_and_exits_1(bad_folder):
    folder, expected = bad_folder
    for name in ("broken.pdf", "locked.pdf", "cut.tiff"):
        result = decree("ocr", str(folder / name))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and expected[name] in lines[0].lower(), result.stderr
        assert result.stdout == ""


def test_decree_run_reports_each_bad_file_once_and_finishes_the_rest(bad_folder, tmp_path):
    folder, expected = bad_folder
    good = clean_text(2)
    (folder / "good.txt").write_text(good, encoding="utf-8")
    # A file name that is not valid UTF-8 (Latin-1 bytes), as old archives copied from Windows have.
    odd_name = folder / os.fsdecode("c\xf4ng v\xe3n.txt".encode("latin-1"))
    odd_name.write_bytes("Công văn số 12\n\nV/v phát động phong trào thi đua\n".encode())
    out = tmp_path / "out"
    try:
        result = decree("run", str(folder), "--out", str(out), "--workers", "2", "--ocr", "never")
    finally:
        (folder / "good.txt").unlink()
        odd_name.unlink()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name in expected:
        lines = [ln for ln in result.stderr.splitlines() if name in ln]
        assert len(lines) == 1, f"expected one line naming {name}:\n{result.stderr}"
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in errors) == sorted(expected)
    restored = sorted((out / "restored").glob("*.txt"))
    assert len(restored) == 2, "the good file and the one with a non-UTF-8 name are both done"
    texts = [p.read_text(encoding="utf-8") for p in restored]
    assert any("phát động phong trào" in t for t in texts)
