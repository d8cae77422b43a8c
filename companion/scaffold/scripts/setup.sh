#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the generator pinned in requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || { echo "setup: Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
if [ -n "${COMPANION_GENERATOR:-}" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$COMPANION_GENERATOR"
else
  if grep -q '^reading-companion @ git+https://github.com/OWNER/' requirements.txt; then
    echo "setup: name the generator's repository in requirements.txt (replace OWNER)" >&2; exit 1
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi
