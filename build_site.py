#!/usr/bin/env python3
"""Build the reading companion: ``python build_site.py [build|check|serve|import PATH|new DIR]``.

A thin entry point; the work is done by the ``companion`` package (see its docstring).
"""

import sys
from pathlib import Path

from companion.cli import main

if __name__ == "__main__":
    # This repository's companion is the folder of this file, wherever it is run from.
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
