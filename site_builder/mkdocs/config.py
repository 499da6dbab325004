"""mkdocs.yml read and validated by MkDocs (or ProperDocs) itself, every problem located at its line.

``check``, ``build``, ``serve`` and the Python API all read the file here, through the engine's own
configuration classes (the same ones ``mkdocs build`` uses, with the plugin's typed options), so they
accept and reject exactly the same files with the same message. Configuration warnings (an unknown
option, a misspelt plugin setting) are errors, as under ``mkdocs build --strict``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import engine
from .layout import notes_for, plugin_layout
from ..diagnostics import Code, Diagnostic, SiteBuilderError
from ..model.project import Layout

PLUGIN_NAME = "factsheet"
#: How MkDocs words a plugin's option error: it passes them on as text only (config_options.Plugins).
_PLUGIN_OPTION = re.compile(r"Plugin '([^']+)' option '([^']+)'")
#: The page-body template every copied theme (an older ``site-builder init``) has.


@dataclass(frozen=True)
class SiteConfig:
    """A validated mkdocs.yml: the engine's config, the factsheet plugin in it, and the project layout."""

    config: Any
    plugin: Any
    layout: Layout
    #: things to tell the editor that do not fail anything (e.g. how to move off a copied theme)
    notes: tuple[str, ...] = field(default=())


class ConfigInvalid(SiteBuilderError):
    """mkdocs.yml cannot be used; ``diagnostics`` say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def _engine_error(shown: str, exc: Exception) -> Diagnostic:
    """Return the engine's refusal to read mkdocs.yml, located where the YAML parser says.

    MkDocs raises its ConfigurationError from inside its handler of the YAML error, which keeps its marks:
    the place a construct opens (an unclosed '[') when the parser names one, else the place of the problem.
    """
    found = exc.__cause__ or exc.__context__
    if isinstance(found, yaml.MarkedYAMLError):
        mark = found.context_mark or found.problem_mark
        words = " ".join(" ".join(part.split()) for part in (found.context, found.problem, found.note) if part)
        if mark is not None:
            return Diagnostic(shown, mark.line + 1, mark.column + 1, words or "not valid YAML", code=Code.CONFIG)
    return Diagnostic(shown, 1, 1, " ".join(str(exc).split()), code=Code.CONFIG)


def _node_at(root: yaml.Node | None, path: list[str]) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Return (key node, value node) of the deepest entry of ``path`` found in the composed document."""
    key_node: yaml.Node | None = None
    node = root
    for name in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)
        elif isinstance(node, yaml.SequenceNode):  # plugins: a list of names or one-key mappings
            for item in node.value:
                if isinstance(item, yaml.ScalarNode) and item.value == name:
                    found = (item, item)
                elif isinstance(item, yaml.MappingNode):
                    found = next(((k, v) for k, v in item.value
                                  if isinstance(k, yaml.ScalarNode) and k.value == name), None)
                if found:
                    break
        if found is None:
            break
        key_node, node = found
    return key_node, node


def _locate(text: str, name: str, message: str) -> tuple[int, int]:
    """Return the 1-based line and column in mkdocs.yml of the option that ``message`` is about."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # composing builds no objects: any tag is fine
    except yaml.YAMLError:
        return 1, 1
    path = [name]
    plugin = _PLUGIN_OPTION.match(message)
    if plugin:
        path += [plugin.group(1), plugin.group(2)]
    elif name == "theme" and "theme name" in message:
        path.append("name")
    key, value = _node_at(root, path)
    unknown_key = "Unrecognised configuration name" in message
    node = key if unknown_key or value is None else value
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _diagnostic(config_file: Path, text: str, name: str, message: str, severity: str) -> Diagnostic:
    line, col = _locate(text, name, message)
    hint = None
    if "Unrecognised configuration name" in message:
        hint = _unknown_name_hint(name, message)
    kind = "" if severity == "error" else " (a configuration warning: build is strict)"
    return Diagnostic(config_file.name, line, col, f"'{name}': {message}{kind}", hint, code=Code.CONFIG)


def _unknown_name_hint(name: str, message: str) -> str | None:
    """Return the hint for an unknown option: the option meant, from the options the engine's schema has."""
    from ..text import suggest
    from .plugin import FactSheetConfig

    plugin = _PLUGIN_OPTION.match(message)
    if plugin is None:  # a top-level key of mkdocs.yml
        return suggest.hint(name, [key for key, _ in engine.module("config.defaults").MkDocsConfig._schema])
    if plugin.group(1) != PLUGIN_NAME:
        return None
    options = [key for key, _ in FactSheetConfig._schema]
    listed = f"the factsheet plugin's options are {', '.join(options[:-1])} and {options[-1]}"
    return suggest.hint(plugin.group(2), options, f"check the spelling; {listed}")


def _read_text(config_file: Path) -> str:
    shown = config_file.name
    try:
        raw = config_file.read_bytes()
    except OSError as exc:
        raise ConfigInvalid([Diagnostic(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}", code=Code.IO)]) from None
    if not raw.strip():
        raise ConfigInvalid([Diagnostic(shown, 1, 1, "the file is empty",
                                        "it needs at least site_name and the factsheet plugin under 'plugins:' "
                                        "('site-builder init DIR' writes a complete one)", code=Code.CONFIG)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigInvalid([Diagnostic(shown, line, col, "not UTF-8 text (a binary file?)",
                                        "mkdocs.yml must be a YAML text file", code=Code.CONFIG)]) from None
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise ConfigInvalid([Diagnostic(shown, line, at - (text.rfind("\n", 0, at) + 1) + 1,
                                        "a NUL character: this is not a text file", code=Code.CONFIG)])
    return text


def load_site_config(config_file: Path, **overrides: Any) -> SiteConfig:
    """Return mkdocs.yml validated by the engine, with the factsheet plugin and the project's layout.

    Raises :class:`ConfigInvalid` with located diagnostics for anything ``mkdocs build --strict`` would
    refuse. ``overrides`` are set like MkDocs' command-line options (e.g. ``site_dir``).
    """
    config_file = Path(config_file)
    text = _read_text(config_file)
    defaults = engine.module("config.defaults")
    exceptions = engine.module("exceptions")
    config = defaults.MkDocsConfig(config_file_path=str(config_file))
    try:
        with open(config_file, "rb") as fd:
            config.load_file(fd)
        config.load_dict({k: v for k, v in overrides.items() if v is not None})
    except exceptions.ConfigurationError as exc:
        raise ConfigInvalid([_engine_error(config_file.name, exc)]) from None
    except OSError as exc:
        raise ConfigInvalid([Diagnostic(config_file.name, 1, 1, f"cannot read the file: {exc.strerror or exc}",
                                        code=Code.IO)]) from None
    try:
        errors, warnings = config.validate()
    except exceptions.ConfigurationError as exc:
        raise ConfigInvalid([_engine_error(config_file.name, exc)]) from None
    found = [_diagnostic(config_file, text, name, str(msg), "error") for name, msg in errors]
    found += [_diagnostic(config_file, text, name, str(msg), "warning") for name, msg in warnings]
    if found:
        raise ConfigInvalid(sorted(found))
    from .plugin import FactSheetPlugin

    plugin = next((p for p in config.plugins.values() if isinstance(p, FactSheetPlugin)), None)
    if plugin is None:
        key, _ = _node_at(yaml.compose(text, Loader=yaml.SafeLoader), ["plugins"])
        line = key.start_mark.line + 1 if key is not None else 1
        raise ConfigInvalid([Diagnostic(config_file.name, line, 1, "the 'factsheet' plugin is not enabled",
                                        "add '- factsheet' under 'plugins:'", code=Code.CONFIG)])
    layout = plugin_layout(config, plugin)
    return SiteConfig(config, plugin, layout, tuple(notes_for(config, layout)))
