#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh virtual environment outside the source
# tree, and restore a sample file with it: the installed package must carry its models.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m pip wheel -q --no-deps -w "$work/dist" . 2>&1 | grep -v "^WARNING: Location" || true
wheel=$(ls "$work"/dist/decree-*.whl)
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
cd "$work"  # away from the source tree, so nothing is imported from it
"$work/venv/bin/decree" restore "$root/data/raw/001_8e1ce41e376f5a03.txt" -o "$work/001.restored.txt"
"$work/venv/bin/python" - "$work/001.restored.txt" <<'PY'
import sys
from pathlib import Path

import decree_models
import pipeline

text = Path(sys.argv[1]).read_text(encoding="utf-8")
assert "site-packages" in pipeline.__file__ and "site-packages" in decree_models.__file__, pipeline.__file__
assert any(ch in text for ch in "Đđạảấầẩậắằặẹẻếềểệịọỏốồổộớờởợụủứừửựỳỷỹ"), "nothing restored"
print(f"wheel ok: {Path(sys.argv[1]).stat().st_size} bytes restored with the installed package")
PY
