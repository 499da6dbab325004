"""A project's files read: which facts files are pages, each read and validated against its schema."""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model.project import Layout
from . import memos, schema
from .yamlfile import YamlDoc, YamlError, load

PAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: "$" would let a trailing newline through
#: Page ids that would collide with the site's own folders and files.
RESERVED_PAGE_IDS = {"sources", "assets", "editors", "facts", "index", "search", "404"}



def _load_doc(path: Path, layout: Layout, kind: str, diags: list[Diagnostic],
              invalid: dict[str, set[int]] | None = None) -> YamlDoc | None:
    try:
        shown = path.absolute().relative_to(layout.root.absolute()).as_posix()  # the link's name, not its target's
    except ValueError:
        shown = layout.shown(path)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        diags.append(Diagnostic(shown, 1, 1, "cannot read file: a broken or looping symbolic link", code="io"))
        return None
    if layout.root.resolve() not in real.parents:
        diags.append(Diagnostic(shown, 1, 1, "file is a symbolic link leading outside the project; it is not read",
                                "copy the file into the project instead", code="io"))
        return None
    if not real.is_file():  # a folder, a named pipe (reading it would wait forever), a device
        diags.append(Diagnostic(shown, 1, 1, "not a regular file", code="io"))
        return None
    try:
        doc = load(path, shown)
    except YamlError as exc:
        diags.append(exc.diagnostic)
        return None
    found = memos.schema_valid(doc.text, kind, lambda: schema.validate(doc, kind))
    diags.extend(found)
    if found and kind == "facts":
        # A schema error inside one fact (or comparison) leaves the others valid: load them, so their
        # own errors show in the same run; the broken entries are left out.
        bad = schema.invalid_entries(doc, kind, ("facts", "comparisons"))
        if bad is not None and invalid is not None:
            invalid.update(bad)
            return doc
    return None if found else doc
