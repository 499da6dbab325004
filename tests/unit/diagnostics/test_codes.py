"""Diagnostic codes are a contract: one enum documents every code ``check --format json`` can write."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import site_builder
from site_builder.diagnostics import CODE_DOCS, Code
from site_builder.scaffold.init import init_project

PACKAGE = Path(site_builder.__file__).parent

#: The codes tools read today: renaming one breaks them (check --format json, --format github).
PUBLISHED = """ambiguous-quote bad-value citation-changed citation-lost citation-moved claim-not-supported comparison
config content duplicate-id duplicate-source empty empty-quote encoding excluded-quote invisible io marker-lookalike
missing more-errors name-not-quoted page-name quote-cuts-figure quote-cuts-word quote-not-found
quoted-words-not-found reserved-id schema short-quote source-changed source-empty source-missing source-path
source-unreadable source-unrecorded sources-differ stale-exclusion struck-quote too-large unit-without-value
unknown-fact unknown-paragraph unknown-section unknown-source value-not-supported wrong-paragraph yaml""".split()


def _trees() -> dict[Path, ast.Module]:
    # figures/ reads figures (its "code" is a unit's, as "pp" for percentage points) and emits no diagnostics.
    return {path: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.rglob("*.py"))
            if "figures" not in path.relative_to(PACKAGE).parts}


TREES = _trees()


def _code_positions(tree: ast.Module) -> list[ast.expr]:
    """Return every expression that gives a diagnostic its code: ``code=``, Diagnostic's 7th argument, ..."""
    out: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            out += [k.value for k in node.keywords if k.arg == "code"]
            args: list[ast.expr | None] = []
            for a in node.args:
                args += [None, None] if isinstance(a, ast.Starred) else [a]  # *doc.at(...) is line, column
            if name == "Diagnostic" and len(args) >= 7 and args[6] is not None:
                out.append(args[6])
            if name == "ExtractError" and len(args) >= 3 and args[2] is not None:
                out.append(args[2])
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
            out.append(node.value)
        elif isinstance(node, ast.FunctionDef):
            a = node.args
            out += [d for arg, d in zip(a.args[len(a.args) - len(a.defaults):], a.defaults, strict=True) if arg.arg == "code"]
            out += [d for arg, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if arg.arg == "code" and d is not None]
        elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "code" and node.value:
            out.append(node.value)
    return out


def _literals(expr: ast.expr) -> list[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _literals(expr.body) + _literals(expr.orelse)
    return []


def test_the_codes_are_the_published_ones() -> None:
    assert sorted(c.value for c in Code) == sorted(PUBLISHED)


def test_every_code_is_documented() -> None:
    assert set(CODE_DOCS) == set(Code) and all(CODE_DOCS[c].strip() for c in Code)


def test_every_emission_names_its_code_through_the_enum() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{expr.lineno}: {text!r}" for path, tree in TREES.items()
             for expr in _code_positions(tree) for text in _literals(expr)]
    assert found == []


def test_the_scan_sees_the_emissions() -> None:
    # What the scan above looks at must include the ways codes are given (else it passes on nothing).
    exprs = [ast.unparse(e) for tree in TREES.values() for e in _code_positions(tree)]
    assert "Code.QUOTE_NOT_FOUND" in exprs and "Code.CITATION_MOVED" in exprs and "Code.SOURCE_EMPTY" in exprs


def test_every_code_is_emitted_somewhere() -> None:
    used = {node.attr for path, tree in TREES.items() for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code"
            and not (path.name == "diagnostics.py" and _in_docs(tree, node))}
    assert sorted(c.name for c in Code if c.name not in used) == []


def _in_docs(tree: ast.Module, node: ast.Attribute) -> bool:
    docs = next(n for n in tree.body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "CODE_DOCS")
    return any(n is node for n in ast.walk(docs))


@pytest.mark.parametrize("broken,expected", [
    (("facts/bridge.yaml", "spans 120 metres across", "spans 120 metres over"), Code.QUOTE_NOT_FOUND),
    (("facts/bridge.yaml", "  - id: length\n", "  - id: length\n    colour: red\n"), Code.SCHEMA),
    (("facts/bridge.yaml", "page:\n", "page: [\n"), Code.YAML),
    (("facts/sources.yaml", "file: seeds/example.md", "file: seeds/nowhere.md"), Code.SOURCE_MISSING),
])
def test_what_check_emits_is_a_code(tmp_path: Path, broken: tuple[str, str, str], expected: Code) -> None:
    root = tmp_path / "desk"
    init_project(root)
    name, old, new = broken
    path = root / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    found = site_builder.check(root)
    assert expected in [d.code for d in found]
    assert all(isinstance(d.code, Code) for d in found), [d.code for d in found]
