"""Writing the YAML files editors own, without disturbing a byte they wrote.

Commands that change ``facts/*.yaml`` (``add-source``, ``sources accept``) go
through :func:`edit_yaml`: the file is loaded with ruamel.yaml's round-trip
loader (which keeps comments, key order, quoting and flow style), changed,
dumped with the file's own indentation, and then *checked*: the new text must
read back (with the same strict loader ``check`` uses) as exactly the intended
data, and every original line must survive unchanged except the lines of the
values being replaced. Anything else means the library would have reformatted
the editor's file; the edit is refused with the lines to add by hand, rather
than written. The write itself is atomic (temp file + ``os.replace``).
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.util import load_yaml_guess_indent

from .yamlfile import YamlError, loads, read_text

DataPath = tuple[str | int, ...]


class EditError(Exception):
    """An editor's file could not be changed safely; the message says what to do instead."""


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees the old file or the new one, never half."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _round_trip(indent: int, block_seq_indent: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap an editor's long line
    yaml.indent(mapping=indent, sequence=indent + block_seq_indent if block_seq_indent else indent,
                offset=block_seq_indent)
    return yaml


def _plain(value: Any) -> Any:
    """Return ruamel data as the plain dicts/lists/str the strict loader gives (dates as their text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


def edit_yaml(path: Path, shown: str, change: Callable[[Any], None], *,
              replaced: tuple[DataPath, ...] = ()) -> str:
    """Return the new text of the YAML file at ``path`` after ``change`` mutates its round-trip data.

    ``replaced`` lists the data paths whose existing values ``change``
    overwrites: only their lines may differ from the original; every other
    original line must be kept byte for byte (new lines may be inserted).
    Nothing is written; raises EditError when the edit cannot be made that way.
    """
    try:
        text = read_text(path, shown)
        before = loads(text, shown)
    except YamlError as exc:
        raise EditError(f"{exc.diagnostic.format()}\n(fix the file first; nothing was changed)") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        data, indent, bsi = load_yaml_guess_indent(text.replace("\r\n", "\n"))
        yaml = _round_trip(indent or 2, bsi or 0)
        data = yaml.load(text.replace("\r\n", "\n"))
    except RuamelError as exc:
        raise EditError(f"{shown}: cannot be edited safely ({exc}); nothing was changed") from None
    change(data)
    intended = _plain(data)
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue()
    if not text.endswith("\n") and new_text.endswith("\n"):
        new_text = new_text[:-1]  # the editor's file had no final newline: keep it that way
    if newline != "\n":
        new_text = new_text.replace("\n", newline)
    _verify(text, new_text, shown, before.values, replaced, intended)
    if path.read_bytes().startswith(b"\xef\xbb\xbf"):
        new_text = "\ufeff" + new_text  # keep the byte-order mark the editor's tool wrote
    return new_text


def _verify(old: str, new: str, shown: str, positions: dict[DataPath, tuple[int, int]],
            replaced: tuple[DataPath, ...], intended: Any) -> None:
    """Raise EditError unless ``new`` reads as ``intended`` and keeps every other original line."""
    try:
        after = loads(new, shown)
    except YamlError as exc:
        raise EditError(f"{shown}: the edited file would not read back ({exc.diagnostic.message}); "
                        "nothing was changed") from None
    if after.data != intended:
        raise EditError(f"{shown}: the edited file would not read back as intended; nothing was changed")
    allowed = {positions[p][0] for p in replaced if p in positions}
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            lost = [n for n in range(i1 + 1, i2 + 1) if n not in allowed]
            if lost:
                raise EditError(f"{shown}:{lost[0]}: editing this file would reformat line {lost[0]}, "
                                "which the change does not concern; nothing was changed")


def write_yaml(path: Path, new_text: str) -> None:
    """Write an edited YAML file atomically (UTF-8)."""
    atomic_write(path, new_text.encode("utf-8"))


def changed_lines(old: str, new: str) -> list[str]:
    """Return the lines of ``new`` that are not in ``old`` (inserted or replaced), for messages."""
    out = []
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            out.extend(new.splitlines()[j1:j2])
    return out
