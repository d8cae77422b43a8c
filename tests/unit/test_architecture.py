"""The package's shape: no import cycle between its modules, and only the command line prints."""

from __future__ import annotations

import ast

import pytest
from support import PROJECT

from companion import vocabulary

PACKAGE = PROJECT / "companion"
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py"))


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"), filename=f"companion/{module}.py")


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(node: ast.AST, module: str):
    """The package modules that ``node`` imports, in a function body too (an import done late is
    still an import: the cycle this test was written for was one), but not under TYPE_CHECKING."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking_only(child):
            yield from (name for stmt in child.orelse for name in _imports(stmt, module))
            continue
        if isinstance(child, ast.ImportFrom):
            if child.level == 1 and child.module is None:  # from . import a, b
                yield from (alias.name for alias in child.names)
            elif child.level == 1:  # from .a import b
                yield child.module.split(".")[0]
            elif child.level == 0 and (child.module or "").split(".")[0] == "companion":
                parts = child.module.split(".")
                yield from ([parts[1]] if len(parts) > 1 else [alias.name for alias in child.names])
        elif isinstance(child, ast.Import):
            for alias in child.names:
                parts = alias.name.split(".")
                if parts[0] == "companion" and len(parts) > 1:
                    yield parts[1]
        yield from _imports(child, module)


def import_graph() -> dict[str, set[str]]:
    """Each module of companion/ and the modules of companion/ it imports."""
    return {module: {name for name in _imports(_tree(module), module) if name in MODULES and name != module}
            for module in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once fully explored
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for name in sorted(graph[module]):
            if state.get(name) == "open":
                return path[path.index(name):] + [name]
            if name not in state:
                found = visit(name)
                if found:
                    return found
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_import_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert {"build", "importer", "sitebuild", "problems", "parallel"} <= graph["cli"]  # module level
    assert {"serve", "scaffold", "schemas"} <= graph["cli"]  # inside functions
    assert "build" not in graph["serve"]  # only under TYPE_CHECKING
    assert graph["__main__"] == {"cli"}


def test_no_module_imports_itself_back():
    assert find_cycle(import_graph()) is None


def _output(module: str) -> list[str]:
    """Where ``module`` prints or writes to the standard streams, as 'line: what'."""
    found = []
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            found.append(f"{node.lineno}: print(")
        elif (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr", "__stdout__", "__stderr__")
              and isinstance(node.value, ast.Name) and node.value.id == "sys"):
            found.append(f"{node.lineno}: sys.{node.attr}")
    return found


def test_the_output_finder_sees_print_and_the_streams():
    assert _output("cli")


@pytest.mark.parametrize("module", [m for m in MODULES if m != "cli"])
def test_only_the_command_line_prints(module):
    assert _output(module) == []


# --- One vocabulary ------------------------------------------------------------------------------

def _labels() -> set[str]:
    """Every word the vocabulary shows a kind, verdict, outcome, entry or link type with."""
    tables = (vocabulary.KIND_LABELS, vocabulary.VERDICT_LABELS, vocabulary.OUTCOME_LABELS,
              vocabulary.ENTRY_TYPE_LABELS, vocabulary.LINK_END_LABELS, vocabulary.VERDICT_WORDS)
    return {label for table in tables for label in table.values()} | {vocabulary.QUALIFIER_LABEL}


def _string_constants(module: str) -> set[str]:
    return {node.value for node in ast.walk(_tree(module))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.parametrize("module", [m for m in MODULES if m != "vocabulary"])
def test_no_module_spells_a_label_of_the_vocabulary_again(module):
    # "Source" and "Context" are also ordinary words of our pages; the rest are the scale's own.
    ordinary = {"Source", "Context", "Event", "Prediction", "Definition"}
    assert sorted(_string_constants(module) & (_labels() - ordinary)) == []


def test_the_vocabulary_finder_sees_a_spelled_label():
    assert "Came true" in _labels() and "Contradicted by" in _string_constants("vocabulary")


def test_no_template_spells_the_not_named_wording():
    templates = sorted((PACKAGE / "templates").glob("*.j2"))
    assert templates
    assert [t.name for t in templates if "not named" in t.read_text(encoding="utf-8")] == []


# --- The tests' own structure ------------------------------------------------------------------

TESTS = PROJECT / "tests"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


TEST_MODULES = sorted(TESTS.rglob("test_*.py"))


@pytest.mark.parametrize("path", TEST_MODULES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_no_test_module_imports_another(path):
    assert sorted(n for n in _imported_modules(path) if n.startswith("test_") or n == "conftest") == []


# The unit tier's conftest imports subprocess and multiprocessing only to refuse them.
@pytest.mark.parametrize("path", sorted((TESTS / "unit").glob("test_*.py")), ids=lambda p: p.name)
def test_the_unit_tier_imports_no_browser_and_no_process_library(path):
    assert sorted(_imported_modules(path) & {"playwright", "subprocess", "multiprocessing"}) == []


def test_the_import_finder_sees_a_test_module_import():
    assert "test_browser" not in _imported_modules(TESTS / "browser" / "test_zensical.py")
    assert "sitechecks" in _imported_modules(TESTS / "browser" / "test_zensical.py")
