"""``python -m companion``: the same as the ``companion`` console script."""

import sys

from .cli import console

sys.exit(console())
