"""What `check` needs from mkdocs.yml (the project layout and the notes), validated by MkDocs once per version.

Validating mkdocs.yml means importing MkDocs and its plugins (about half a second). Its outcome depends on
the file's bytes, on the installed packages (MkDocs, the themes and plugins it names), on this tool's code and
theme, and on a few folders being there (docs_dir, the theme's custom_dir, the project's templates). So a
validation that passed is remembered in the cache (memo ``settings``) keyed by a hash of the first three, with
the state of those folders beside it, checked again on every use: any difference is a miss and MkDocs
validates the file again. A file that uses what no key can capture (``!ENV`` variables, ``INHERIT``, hooks,
watched paths) is always validated by MkDocs. A refused file is never remembered: its messages come from
MkDocs each time. The page ids are read from the templates on every run, as ``plugin_layout`` reads them.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load import cache
from ..model.project import Layout
from ..render.ids import page_ids

#: What mkdocs.yml may use that makes its validation depend on more than the key covers.
_UNKEYED = (b"!ENV", b"INHERIT", b"hooks", b"watch", b"!relative")
_THEME_FILE = Path(__file__).resolve().parent.parent / "theme" / "mkdocs_theme.yml"
_LEGACY_MARK = Path("factsheet") / "explainer.html"


@dataclass(frozen=True)
class Settings:
    """mkdocs.yml as `check` uses it: the project's layout and what to tell the editor."""

    layout: Layout
    notes: tuple[str, ...] = ()


def _state(path: Path | None) -> str:
    if path is None:
        return "none"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "missing"
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def _probes(config: Any, layout: Layout) -> list[list[str]]:
    """Return (path, state) of each folder or file whose presence the validation (or its notes) looked at."""
    paths = [Path(config.docs_dir), layout.templates]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    if layout.templates is not None:
        paths.append(layout.templates / _LEGACY_MARK)
    return [[str(p), _state(p)] for p in paths if p is not None]


def _key(config_file: Path, raw: bytes) -> str:
    theme = _THEME_FILE.read_bytes() if _THEME_FILE.is_file() else b""
    return cache.digest(str(config_file.resolve()), raw, theme, os.environ.get("SITE_BUILDER_ENGINE", ""),
                        *cache.installed())


def _with_ids(layout: Layout) -> Layout:
    ids = page_ids(layout.template_dirs)
    return dataclasses.replace(layout, page_ids=ids.fixed, numbered_ids=ids.numbered)


def _validated(config_file: Path) -> tuple[Settings, Any]:
    from .config import load_site_config

    site = load_site_config(config_file)
    return Settings(site.layout, site.notes), site.config


def settings(config_file: Path) -> Settings:
    """Return the layout and notes of the project whose mkdocs.yml is ``config_file``, validated by MkDocs.

    Raises ``ConfigInvalid`` (mkdocs/config.py) as ``load_site_config`` does. Call it inside ``cache.session``
    of the project for the memo to be used.
    """
    store = cache.current()
    try:
        raw = config_file.read_bytes()
    except OSError:
        raw = b""
    if store is None or not raw or any(word in raw for word in _UNKEYED):
        return _validated(config_file)[0]
    memo = store.memo("settings", lambda v: v, _decode)
    key = _key(config_file, raw)
    found = memo.get(key)
    if found is not None and all(_state(Path(p)) == state for p, state in found["probes"]):
        layout = Layout(Path(found["root"]), found["facts_dir"], found["seeds_dir"], found["templates_dir"])
        return Settings(_with_ids(layout), tuple(found["notes"]))
    result, config = _validated(config_file)
    layout = result.layout
    memo.put(key, {"root": str(layout.root), "facts_dir": layout.facts_dir, "seeds_dir": layout.seeds_dir,
                   "templates_dir": layout.templates_dir, "notes": list(result.notes),
                   "probes": _probes(config, layout)})
    return result


def _decode(raw: Any) -> dict[str, Any]:
    if not (isinstance(raw, dict) and isinstance(raw.get("root"), str) and isinstance(raw.get("facts_dir"), str)
            and isinstance(raw.get("seeds_dir"), str)
            and (raw.get("templates_dir") is None or isinstance(raw.get("templates_dir"), str))
            and isinstance(raw.get("notes"), list) and all(isinstance(n, str) for n in raw["notes"])
            and isinstance(raw.get("probes"), list)
            and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                    for p in raw["probes"])):
        raise TypeError("malformed settings")
    return raw


__all__ = ["Settings", "settings"]
