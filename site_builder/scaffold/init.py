"""`site-builder init`: a new newsroom repository that checks, builds and publishes as it is.

It holds mkdocs.yml (the factsheet theme and plugin), the example facts/, seeds/ and docs/, the editors'
JSON Schemas in schemas/ (the facts files point at them with a relative path, so it works in any clone),
a pinned requirements.txt, .gitignore, .pre-commit-config.yaml and .github/workflows/. The theme is not
copied: it comes with the installed package, so upgrades reach the site.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib import metadata, resources
from pathlib import Path

from ..version import __version__
from ..load.schema import SCHEMAS, schema_text

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


class InitRefused(Exception):
    """The folder cannot become a new project (exit 2: choose another)."""


def _write_project(package: resources.abc.Traversable, dest: Path) -> None:
    _copy_tree(package / "scaffold" / "project", dest)
    # The schemas the facts files name in their first line (relative: valid in every clone).
    (dest / "schemas").mkdir()
    for name in SCHEMAS:
        (dest / "schemas" / f"{name}.schema.json").write_text(schema_text(name), "utf-8")
    (dest / "requirements.txt").write_text(pinned_requirements(), "utf-8")


def init_project(target: Path) -> None:
    """Create a project in ``target`` (which must be absent or an empty folder), ready to check, build and publish.

    A new folder is written aside (a scratch folder unique to this run) and renamed into place, so a
    failed or interrupted init leaves nothing; an existing empty folder (``init .``) is filled in place and
    emptied again on failure. Raises InitRefused for a folder that cannot be used, OSError when writing fails.
    """
    package = resources.files("site_builder")
    target = Path(os.path.abspath(target))  # 'init .' names the current folder, whose own name is not '.'
    if target.is_symlink():
        pointed = os.readlink(target)
        raise InitRefused(f"{target} is a symbolic link (to {pointed}{'' if target.exists() else ', which does not exist'}); "
                          "give the real folder, or a new name")
    if target.exists():
        if not target.is_dir():
            raise InitRefused(f"{target} already exists and is a file; choose a new folder")
        if any(target.iterdir()):
            raise InitRefused(f"{target} already exists and is not empty; choose a new folder")
        try:
            _write_project(package, target)
        except BaseException:
            for entry in list(target.iterdir()):  # it was empty: everything in it now is ours
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            raise
        return
    if not target.parent.is_dir():
        raise InitRefused(f"{target.parent} does not exist (or is not a folder); create it first")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name[:200]}.init-", dir=target.parent))
    try:
        _write_project(package, staging)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a project folder is an ordinary one
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # only this run's own scratch folder (gone once renamed)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
