#!/usr/bin/env bash
# Set everything up, then build the site into site/ (arguments go to build_site.py build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh runtime
exec .venv/bin/python build_site.py build "$@"
