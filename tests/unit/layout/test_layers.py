"""The layout as a contract: no import cycles, and each stage imports only from the stages below it.

Read from the source (ast), so lazy imports inside functions count too; imports under ``if TYPE_CHECKING:``
never run, so they count for the layers (what a stage may know) but not for cycles.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "site_builder"

#: The stages, bottom first: a module may import from its own stage and the ones before it. history/ (the facts
#: files' git history) reads files and git like load/, on top of it.
LAYERS = ("version", "diagnostics", "figures", "text", "model", "load", "history", "check", "render", "mkdocs", "editor",
          "scaffold", "api", "cli", "__main__")
#: Data packages (templates, schemas): anyone may read them.
DATA = frozenset({"theme", "schemas"})
#: What each stage below render/ must not import: HTML, templates and MkDocs are render's and mkdocs' business.
HTML_LIBRARIES = ("jinja2", "markupsafe", "mkdocs", "properdocs", "markdown_it")
BELOW_RENDER = frozenset(LAYERS[: LAYERS.index("render")])
#: Markdown is a format of the articles and of what editors write: reading it is not HTML. Only these modules
#: parse it below render/: the article splitter, and the marker rule, which reads a claim as readers see it.
MARKDOWN_READERS = frozenset({"site_builder.load.split", "site_builder.check.markers"})


@dataclass(frozen=True)
class Import:
    """One import in one module: what it names, where, and whether it only runs for the type checker."""

    module: str
    target: str
    line: int
    typing_only: bool


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _typing_only_nodes(tree: ast.AST) -> set[int]:
    nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                nodes.update(id(n) for n in ast.walk(child))
    return nodes


def imports_of(name: str, path: Path) -> list[Import]:
    """Return every import in the module ``name`` (relative ones resolved; a submodule named in ``from`` counted)."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = _typing_only_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [Import(name, a.name, node.lineno, id(node) in typing_only) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append(Import(name, sub if sub in MODULES else target, node.lineno, id(node) in typing_only))
    return out


@functools.cache
def all_imports() -> tuple[Import, ...]:
    """Return every import of every module of the package (parsed when a test first asks, once per process)."""
    return tuple(imp for name, path in MODULES.items() for imp in imports_of(name, path))


def stage(module: str) -> str:
    """Return the stage of a site_builder module: its first name under the package ('' for the package)."""
    return module.split(".")[1] if module.count(".") else ""


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_scan_sees_the_package() -> None:
    # The checks below are only as good as the scan: it must find the stages and their imports.
    assert {stage(m) for m in MODULES} >= {"model", "load", "text", "figures", "check", "render", "mkdocs", "cli"}
    assert any(i.module == "site_builder.check.verifier" and i.target == "site_builder.check.ids" for i in all_imports())
    assert any(i.module == "site_builder.model.facts" and i.typing_only for i in all_imports())


@pytest.mark.parametrize("edges,expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(edges) == expected


def test_no_import_cycles() -> None:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in all_imports():
        if imp.target in MODULES and imp.target != imp.module and not imp.typing_only:
            edges[imp.module].add(imp.target)
    assert cycles(edges) == []


def test_each_stage_imports_only_from_the_stages_below_it() -> None:
    upward = []
    for imp in all_imports():
        if not imp.target.startswith("site_builder."):
            continue
        a, b = stage(imp.module), stage(imp.target)
        if a == b or b in DATA or a in DATA or "" in (a, b):
            continue
        if LAYERS.index(b) > LAYERS.index(a) and not imp.typing_only:
            upward.append(f"{imp.module}:{imp.line} imports {imp.target}")
    assert upward == []


def test_no_html_templates_or_mkdocs_below_render() -> None:
    found = []
    for imp in all_imports():
        if stage(imp.module) not in BELOW_RENDER:
            continue
        library = imp.target.split(".")[0]
        if library in HTML_LIBRARIES and not (library == "markdown_it" and imp.module in MARKDOWN_READERS):
            found.append(f"{imp.module}:{imp.line} imports {imp.target}")
    assert found == []


def test_check_knows_no_templates() -> None:
    # The rules in check/ take what they need as data: no render/ code, no theme templates.
    found = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in all_imports()
             if stage(imp.module) == "check" and stage(imp.target) in {"render", "theme", "mkdocs"}]
    texts = {name: path.read_text("utf-8") for name, path in MODULES.items() if stage(name) == "check"}
    found += [f"{name} names a template" for name, text in texts.items() if ".html" in text]
    assert found == []
