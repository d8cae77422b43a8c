#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the pinned dependencies.
# Usage: scripts/setup.sh [runtime|dev]   (dev adds the test tools and Debian's Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-runtime}"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python="$candidate"; break
    fi
  done
fi
[ -n "$python" ] || { echo "setup: Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv
requirements=requirements.txt
[ "$want" = dev ] && requirements=requirements-dev.txt
# Reinstall only when the pinned list changed since the last install.
stamp=".venv/.installed-$(sha256sum "$requirements" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

if [ "$want" = dev ] && ! command -v chromium >/dev/null; then
  # Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: the browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
