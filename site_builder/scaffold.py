"""`site-builder init`: a new fact-sheet project that builds as it is."""

from __future__ import annotations

import shutil
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


def init_project(target: Path) -> None:
    """Create a project in ``target`` (which must be absent or empty), ready to check and build."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not empty; choose a new folder")
    package = resources.files("site_builder")
    staging = target.with_name(f".{target.name}.init-tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _copy_tree(package / "scaffold", staging)
        _copy_tree(package / "theme", staging / "templates")
        # Point editors' YAML language servers at the schema shipped in the installed package.
        schemas = Path(str(package / "schemas")).resolve()
        for facts_file in (staging / "facts").glob("*.yaml"):
            text = facts_file.read_text("utf-8")
            for name in ("facts", "sources"):
                text = text.replace(f"{SCHEMA_LINE}{name}.schema.json", f"# yaml-language-server: $schema={(schemas / f'{name}.schema.json').as_uri()}")
            facts_file.write_text(text, "utf-8")
        (staging / ".gitignore").write_text("/site/\n/.cache/\n", "utf-8")  # .cache/: extracted text of saved pages and PDFs
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
