#!/usr/bin/env bash
# Set everything up, then check and build the site into site/ (arguments go to companion build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/companion build "$@"
