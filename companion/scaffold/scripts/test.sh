#!/usr/bin/env bash
# Set everything up, then run the tests: the editorial policy strictly, then a strict build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/companion check --strict
exec .venv/bin/companion build --strict
