#!/usr/bin/env bash
# Set everything up (test tools, Chromium), then run every test (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m pytest "$@"
