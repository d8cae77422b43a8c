"""The maintainers' interface is documented: CONTRIBUTING.md lists exactly the fields the loader accepts."""

from __future__ import annotations

import re

import pytest
from support import PROJECT

from companion.model import FILE_FORMATS


def documented_fields() -> dict[str, list[str]]:
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    reference = text.split("## Field reference", 1)[1]
    sections = re.split(r"^### (.+)$", reference, flags=re.M)[1:]
    return {
        name.strip(): re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.M)
        for name, body in zip(sections[::2], sections[1::2])
    }


def test_every_file_format_has_a_reference_section():
    assert sorted(documented_fields()) == sorted(FILE_FORMATS)


@pytest.mark.parametrize("name", sorted(FILE_FORMATS))
def test_reference_lists_exactly_the_accepted_fields(name):
    assert documented_fields()[name] == [field.name for field in FILE_FORMATS[name]]


def test_readme_test_command_is_what_ci_runs():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh     # set everything up" in readme
    assert ci.strip().splitlines()[-1] == "exec bash scripts/test.sh"


def module_table() -> dict[str, str]:
    """README's module table, parsed as Markdown table rows: module path → its job."""
    lines = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()
    cells = [[cell.strip() for cell in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else None
             for line in lines]
    header = next(i for i, row in enumerate(cells) if row and row[0] == "module")
    assert set(cells[header + 1][0]) <= set("-:"), "the header row is followed by the separator row"
    rows = {}
    for row in cells[header + 2:]:
        if row is None:  # the table ends at the first line that is not a row
            break
        assert len(row) == 2 and re.fullmatch(r"`companion/[\w]+\.py`", row[0]) and row[1], row
        rows[row[0].strip("`")] = row[1]
    return rows


def test_readme_lists_every_module_with_its_job():
    modules = sorted(f"companion/{path.name}" for path in (PROJECT / "companion").glob("*.py"))
    assert sorted(module_table()) == modules
