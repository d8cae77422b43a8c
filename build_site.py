#!/usr/bin/env python3
"""Build the reading companion: ``python build_site.py [build|check|serve|import PATH]``.

A thin entry point; the work is done by the ``companion`` package (see its docstring).
"""

import sys

from companion.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
