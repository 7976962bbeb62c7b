"""Where the trained models are: one location for every stage and command.

The top-level `models/` folder ships inside the wheel as the package `decree_models` (setup.py), so an
installed `decree` finds its models with importlib.resources wherever it is installed. `--models DIR`
or the environment variable DECREE_MODELS points elsewhere (a retrained or adapted copy); the batch's
worker processes inherit the variable.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

from pipeline.errors import ModelMissing

ENV = "DECREE_MODELS"
# The files restoration cannot work without (the others are optional or rebuilt on first use).
RESTORE_REQUIRED = ("lm.npz", "lexicon.json.gz", "params.json")


def use(path: Path) -> None:
    """Make `path` the models folder for this process and the processes it starts (`--models`)."""
    os.environ[ENV] = str(Path(path).resolve())


def root() -> Path:
    """The models folder: $DECREE_MODELS when set, else the one shipped with the package."""
    given = os.environ.get(ENV)
    if given:
        return Path(given)
    try:
        return Path(str(resources.files("decree_models")))
    except ModuleNotFoundError:
        raise ModelMissing(f"no models installed with the package (decree_models); set --models or {ENV} "
                           "to a models folder, or reinstall decree") from None


def check(folder: Path | None = None) -> Path:
    """The models folder, after checking that every required file is there; ModelMissing if not."""
    folder = folder or root()
    require_restore(folder / "restore")
    return folder


def require_restore(restore_dir: Path) -> None:
    missing = [name for name in RESTORE_REQUIRED if not (restore_dir / name).is_file()]
    if missing:
        raise ModelMissing(f"no restoration models at {restore_dir} (missing {', '.join(missing)}); "
                           f"set --models or {ENV} to a models folder")


def version(folder: Path | None = None) -> str:
    """A digest of the model files, so a retrained model makes every document due again."""
    folder = check(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_model_file(p)):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _is_model_file(path: Path) -> bool:
    return path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
