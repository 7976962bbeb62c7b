#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine with Python 3.11+: system packages (Tesseract with the
# Vietnamese and English models and its orientation detection, Poppler, fonts for the generated scans, Chromium for the review
# app's browser test), a virtual environment in .venv and the package with its development tools. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd poppler-utils fonts-dejavu-core
          fonts-liberation fonts-noto-core chromium chromium-driver
          fonts-texgyre fonts-freefont-ttf  # Times-like faces with every Vietnamese glyph
          postgresql postgresql-contrib)  # the tests start a throwaway PostgreSQL server (tests/pgserver.py)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev,cluster]'
