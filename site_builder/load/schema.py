"""JSON Schema validation of facts files, reported at the editor's line and column."""

from __future__ import annotations

import importlib
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Mapping

if TYPE_CHECKING:  # the validators are imported on first use: a warm `check` validates nothing
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from ..diagnostics import Code, Diagnostic, MAX_ERRORS_PER_FILE, more_errors
from ..text import suggest
from .yamlfile import YamlDoc

SCHEMAS = ("facts", "sources")
#: Schema errors past the ones shown are counted up to this many ("1,000 or more"), then validation stops.
COUNT_AT_MOST = 1000


#: Each schema's stable "$id"; the built site also publishes the files at schemas/<name>.schema.json.
SCHEMA_IDS = {name: f"urn:site-builder:schema:{name}:1" for name in SCHEMAS}


@cache
def schema_text(name: str) -> str:
    """Return the shipped JSON Schema file ``name`` ('facts' or 'sources') as text, byte for byte."""
    return resources.files("site_builder").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """Return the shipped JSON Schema ``name`` ('facts' or 'sources') as a dict."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def pattern(name: str, *path: str) -> re.Pattern[str]:
    """Return the ``pattern`` of schema ``name`` at ``path`` (e.g. "$defs", "id"), compiled for ``re.match``.

    The schemas are the contract, so the commands that check a value before writing it (``add-source``) use
    the schema's own rule. JSON Schema patterns end in ``$(?!\\n)`` (no trailing newline); here that is ``\\Z``.
    """
    node: Any = schema(name)
    for key in path:
        node = node[key]
    return re.compile(str(node["pattern"]).removesuffix("$(?!\\n)") + r"\Z")


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _field(path: tuple[Any, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "the file"


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    # oneOf/anyOf errors are vague ("is not valid under any of the given schemas"):
    # report the alternative that came closest instead.
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            return [e for e in error.context if len(e.absolute_path) == deepest][:1]
    return [error]


@cache
def _fast_check(name: str) -> Callable[[Any], Any]:
    # fastjsonschema's compiled schema (``schema_checks/``): about ten times faster on valid files, but it
    # stops at the first error and says little. Valid files (nearly all of them) take this path; invalid ones
    # are validated again by jsonschema for every error, located.
    module = importlib.import_module(f"{__package__}.schema_checks.{name}")
    check: Callable[[Any], Any] = module.validate
    return check


def validate(doc: YamlDoc, name: str) -> list[Diagnostic]:
    """Return one diagnostic per schema violation in ``doc``, in file order."""
    from .schema_checks.errors import Invalid

    try:
        _fast_check(name)(doc.data)
        return []
    except Invalid as exc:
        fast_error = exc  # report every error, located, below
    out: list[Diagnostic] = []
    seen: set[tuple[int, int, str]] = set()
    hidden = 0
    first_hidden: Diagnostic | None = None
    for top in _validator(name).iter_errors(doc.data):
        if len(out) >= MAX_ERRORS_PER_FILE:
            # Bounded time and memory: errors past the limit are counted, not kept, and counting stops at
            # COUNT_AT_MOST (a file of 300,000 empty items would otherwise hold a million diagnostics).
            if first_hidden is None:
                first_hidden = _diagnostic(doc, _leaf_errors(top)[0])
            hidden += 1
            if hidden >= COUNT_AT_MOST:
                break
            continue
        for error in _leaf_errors(top):
            diag = _diagnostic(doc, error)
            k = (diag.line, diag.column, diag.message)
            if k not in seen:
                seen.add(k)
                out.append(diag)
    if first_hidden is not None:
        out.append(more_errors(first_hidden, hidden, at_least=hidden >= COUNT_AT_MOST))
    if not out:
        # The two validators disagree (they once read '$' differently: one let a trailing newline pass).
        # The stricter one wins: a file either of them rejects is never accepted.
        path = tuple(p for p in getattr(fast_error, "path", [])[1:])
        out.append(doc.diag(path, f"{_field(path)} is not valid: {str(fast_error).replace('data.', '', 1)}",
                            code=Code.SCHEMA))
    return sorted(out)


def invalid_entries(doc: YamlDoc, name: str, list_keys: tuple[str, ...]) -> dict[str, set[int]] | None:
    """Return, per list key ("facts", "comparisons"), the indices of the entries that hold schema errors.

    None when an error lies outside those entries (in ``page:``, in the lists themselves): the file
    then cannot be used at all. The other entries are valid, so their own errors can still be found.
    """
    bad: dict[str, set[int]] = {k: set() for k in list_keys}
    for top in _validator(name).iter_errors(doc.data):
        for error in _leaf_errors(top) + [top]:
            path = tuple(error.absolute_path)
            if len(path) >= 2 and path[0] in bad and isinstance(path[1], int):
                bad[path[0]].add(path[1])
            else:
                return None
    return bad


def _diagnostic(doc: YamlDoc, error: ValidationError) -> Diagnostic:
    path = tuple(error.absolute_path)
    field = _field(path)
    value: Any = error.instance
    sch: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    described: str | None = sch.get("description")
    kind = error.validator
    # What the failing keyword asked for (a type name, a pattern, a list of values, a count).
    wanted: Any = error.validator_value
    if kind == "additionalProperties":
        allowed = sorted(sch.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = unknown[0] if unknown else "?"
        keys_hint = suggest.hint(key, allowed, f"allowed keys here: {', '.join(allowed)}")
        return doc.diag(path + (key,), f"unknown key '{key}'", keys_hint, key=True, code=Code.SCHEMA)
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        where = "the file" if not path else f"this {'entry' if isinstance(path[-1], int) else _field(path) + ' mapping'}"
        return doc.diag(path, f"missing required key '{missing}' in {where}", code=Code.SCHEMA, key=True)
    if kind == "type":
        want_s = " or ".join(wanted) if isinstance(wanted, list) else str(wanted)
        words = {"object": "a mapping (key: value lines)", "array": "a list ('- ' items)", "string": "text",
                 "number": "a number", "integer": "a whole number", "boolean": "true or false"}
        want_s = words.get(want_s, want_s)
        return doc.diag(path, f"{field} must be {want_s}, not {_type_name(value)}", code=Code.SCHEMA)
    if kind == "pattern":
        what = described or f"must match {wanted}"
        return doc.diag(path, f"{field} value {value!r} is not valid: {what}", code=Code.SCHEMA)
    if kind == "enum":
        choices = [str(v) for v in wanted]
        return doc.diag(path, f"{field} value {value!r} is not one of: {', '.join(choices)}",
                        suggest.hint(str(value), choices),
                        code=Code.SCHEMA)
    if kind == "minItems" and isinstance(wanted, int) and wanted > 1 and value:
        need = wanted
        versions_hint = ("a comparison shows two or more versions side by side: list one fact per version, each citing "
                "the source that states it" if path and path[-1] == "versions" else None)
        return doc.diag(path, f"{field} needs at least {need} entries, not {len(value)}", versions_hint,
                        code=Code.SCHEMA)
    if kind in ("minItems", "minLength", "minProperties"):
        return doc.diag(path, f"{field} must not be empty", code=Code.SCHEMA)
    if kind in ("maxLength", "maxItems"):
        return doc.diag(path, f"{field} is too long (at most {wanted})", code=Code.SCHEMA)
    if kind in ("oneOf", "anyOf"):
        what = described.split(". ")[0] if described else "has the wrong form"
        return doc.diag(path, f"{field} value {value!r} is not valid: {what}", code=Code.SCHEMA)
    return doc.diag(path, f"{field}: {error.message}", code=Code.SCHEMA)
