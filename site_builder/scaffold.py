"""`site-builder init`: a new newsroom repository that checks, builds and publishes as it is.

It holds mkdocs.yml (the factsheet theme and plugin), the example facts/, seeds/ and docs/, the editors'
JSON Schemas in schemas/ (the facts files point at them with a relative path, so it works in any clone),
a pinned requirements.txt, .gitignore, .pre-commit-config.yaml and .github/workflows/. The theme is not
copied: it comes with the installed package, so upgrades reach the site.
"""

from __future__ import annotations

import re
import shutil
from importlib import metadata, resources
from pathlib import Path

from . import __version__
from .schema import SCHEMAS, schema_text

#: Scaffold names that start with "dot-" are written with a leading "." (package data keeps no dotfiles).
DOT_PREFIX = "dot-"
DIST_NAME = "site-builder"


def _copy_tree(src: resources.abc.Traversable, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for item in sorted(src.iterdir(), key=lambda i: i.name):
        if item.name in ("__pycache__",) or item.name.startswith("."):
            continue
        name = "." + item.name[len(DOT_PREFIX):] if item.name.startswith(DOT_PREFIX) else item.name
        if item.is_dir():
            _copy_tree(item, dest / name)
        else:
            (dest / name).write_bytes(item.read_bytes())


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_requirements() -> str:
    """Return requirements.txt text: site-builder and everything it runs on, at the versions installed now."""
    from packaging.requirements import Requirement

    pins: dict[str, str] = {}
    todo = [DIST_NAME]
    while todo:
        name = todo.pop()
        key = _norm(name)
        if key in pins:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here (e.g. a platform-only dependency): pip resolves it
        pins[key] = f"{dist.metadata['Name']}=={dist.version}"
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    pins[_norm(DIST_NAME)] = f"{DIST_NAME}=={__version__}"
    body = "\n".join(sorted(pins.values(), key=str.lower))
    return ("# site-builder and everything it runs on, pinned to the versions this repository was made with.\n"
            "# CI and pre-commit install from this file: python -m pip install -r requirements.txt\n"
            "# To upgrade, change the versions here (and run 'site-builder check').\n" + body + "\n")


def init_project(target: Path) -> None:
    """Create a project in ``target`` (which must be absent or empty), ready to check, build and publish."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not empty; choose a new folder")
    package = resources.files("site_builder")
    staging = target.with_name(f".{target.name}.init-tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _copy_tree(package / "scaffold", staging)
        # The schemas the facts files name in their first line (relative: valid in every clone).
        (staging / "schemas").mkdir()
        for name in SCHEMAS:
            (staging / "schemas" / f"{name}.schema.json").write_text(schema_text(name), "utf-8")
        (staging / "requirements.txt").write_text(pinned_requirements(), "utf-8")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
