"""`site-builder init`: a new fact-sheet project that builds as it is."""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

SCHEMA_LINE = "# yaml-language-server: $schema=https://example.invalid/replace-with-path-to/"


def _copy_tree(src: resources.abc.Traversable, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for item in sorted(src.iterdir(), key=lambda i: i.name):
        if item.name in ("__pycache__",) or item.name.startswith("."):
            continue
        if item.is_dir():
            _copy_tree(item, dest / item.name)
        else:
            (dest / item.name).write_bytes(item.read_bytes())


class InitRefused(Exception):
    """The folder cannot become a new project (exit 2: choose another)."""


def _write_project(package: resources.abc.Traversable, dest: Path) -> None:
    _copy_tree(package / "scaffold", dest)
    _copy_tree(package / "theme", dest / "templates")
    # Point editors' YAML language servers at the schema shipped in the installed package.
    schemas = Path(str(package / "schemas")).resolve()
    for facts_file in (dest / "facts").glob("*.yaml"):
        text = facts_file.read_text("utf-8")
        for name in ("facts", "sources"):
            text = text.replace(f"{SCHEMA_LINE}{name}.schema.json", f"# yaml-language-server: $schema={(schemas / f'{name}.schema.json').as_uri()}")
        facts_file.write_text(text, "utf-8")
    (dest / ".gitignore").write_text("/site/\n", "utf-8")


def init_project(target: Path) -> None:
    """Create a project in ``target`` (which must be absent or an empty folder), ready to check and build.

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
