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
stamp=".venv/.installed-$(sha256sum "$requirements" requirements*.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# The generator itself, editable: the `companion` command, and companion.prerendered (the Markdown
# extension in mkdocs.yml) importable wherever MkDocs runs. Its dependencies are the pins above;
# pip fetches setuptools (the build backend, pyproject.toml) from the package index to build it.
purelib=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
rm -f "$purelib/reading-companion.pth"  # what an older setup.sh wrote instead
.venv/bin/python -m pip show --quiet reading-companion >/dev/null 2>&1 && [ -e "$stamp.editable" ] ||
  { .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . &&
    touch "$stamp.editable"; }

[ "$want" = dev ] || exit 0

# Debian packages the browser tests need: Chromium (Playwright never downloads a browser of
# its own), Java for the Nu HTML Checker, Node.js with npm for axe-core and vnu-jar, and
# EPUBCheck for the EPUB.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v epubcheck >/dev/null || missing+=(epubcheck)  # the EPUB's validity (tests/build/test_epub.py)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: the browser tests need: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# axe-core and vnu-jar, at the versions in package-lock.json.
lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -e "$lock_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
