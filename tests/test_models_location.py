"""One model location: the models shipped with the package, or --models / DECREE_MODELS; a missing or
damaged model is one line and exit code 2, for every command that needs the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import models
from pipeline.restore.model import restore_dir

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "001_8e1ce41e376f5a03.txt"


def decree(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {k: v for k, v in os.environ.items() if k != models.ENV}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=full_env, timeout=300)


def test_the_shipped_models_are_found_and_versioned() -> None:
    folder = models.check()
    assert (folder / "restore" / "lm.npz").is_file()
    assert len(models.version()) == 12 and models.version() == models.version(folder)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_folder_without_models_is_one_line_and_exit_2(tmp_path: Path, how: str) -> None:
    empty = tmp_path / "empty-models"
    empty.mkdir()
    args = ["restore", str(SAMPLE)]
    result = (decree("--models", str(empty), *args) if how == "flag"
              else decree(*args, env={models.ENV: str(empty)}))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no restoration models" in lines[0] and "lm.npz" in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_run_refuses_to_start_without_models(tmp_path: Path) -> None:
    result = decree("run", str(SAMPLE), "--out", str(tmp_path / "out"), env={models.ENV: str(tmp_path)})
    assert result.returncode == 2 and "no restoration models" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "decrees.db").exists()


def test_a_damaged_model_is_one_line_and_exit_2(tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(restore_dir(), copy / "restore")
    (copy / "restore" / "lm.npz").write_bytes(b"PK\x03\x04 not really a numpy archive")
    result = decree("--models", str(copy), "restore", str(SAMPLE))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "damaged restoration model" in lines[0] and "Traceback" not in result.stderr


def test_another_models_folder_is_used_when_given(tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(restore_dir(), copy / "restore")
    with_copy = decree("--models", str(copy), "restore", str(SAMPLE))
    shipped = decree("restore", str(SAMPLE))
    assert with_copy.returncode == 0 and with_copy.stdout == shipped.stdout
    assert models.version(copy) == models.version()
