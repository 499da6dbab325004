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
from typing import Any
from collections.abc import Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.util import load_yaml_guess_indent

from ..diagnostics import SiteBuilderError
from ..load.yamlfile import MAX_BYTES, YamlDoc, YamlError, loads, read_text

DataPath = tuple[str | int, ...]


class EditError(SiteBuilderError):
    """An editor's file could not be changed safely; the message says what to do instead."""


def write_temp_beside(path: Path, data: bytes, mode: int) -> Path:
    """Return a new, fully written and synced temporary file next to ``path`` holding ``data``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees the old file or the new one, never half."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    tmp = write_temp_beside(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap an editor's long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _layouts(text: str) -> list[tuple[int, int, int]]:
    """Return (mapping, sequence, offset) indentations to try, the file's own (as ruamel guesses it) first."""
    try:
        _data, seq, offset = load_yaml_guess_indent(text)
    except RuamelError:
        seq, offset = None, None
    guessed = [(m, seq, offset or 0) for m in (2, 4) if seq]
    common = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 2, 2)]
    return list(dict.fromkeys(guessed + common))


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
              replaced: tuple[DataPath, ...] = (),
              fallback: Callable[[str, YamlDoc], str] | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Return the new text of the YAML file at ``path`` (at most ``max_bytes``) after ``change`` mutates its data.

    ``replaced`` lists the data paths whose existing values ``change``
    overwrites: only their lines may differ from the original; every other
    original line must be kept byte for byte (new lines may be inserted).
    When ruamel.yaml cannot write the file's house style (it re-spells some
    flow collections, for one), ``fallback(text, doc)`` makes the same change
    line by line (see :func:`append_item_lines`, :func:`set_scalar_lines`);
    its result is checked the same way. Nothing is written; raises EditError
    when the edit cannot be made without touching other lines.
    """
    try:
        text = read_text(path, shown, max_bytes=max_bytes)
        before = loads(text, shown)
    except YamlError as exc:
        raise EditError(f"{exc.diagnostic.format()}\n(fix the file first; nothing was changed)") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    source = text.replace("\r\n", "\n")
    failure: EditError | None = None
    # ruamel.yaml writes one indentation style for the whole file; try the likely ones and keep the first that
    # reproduces every line the change does not concern.
    for mapping, sequence, offset in _layouts(source):
        yaml = _round_trip(mapping, sequence, offset)
        try:
            data = yaml.load(source)
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
        try:
            _verify(text, new_text, shown, before.values, replaced, intended)
        except EditError as exc:
            failure = failure or exc
            continue
        break
    else:
        assert failure is not None
        if fallback is None:
            raise failure
        new_text = fallback(source, before)
        if not text.endswith("\n") and new_text.endswith("\n"):
            new_text = new_text[:-1]
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


# --------------------------------------------------------------------------- line-level edits


def scalar_text(key: str, value: Any) -> str:
    """Return ``key: value`` as one YAML line, the value quoted only when it must be."""
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    out = io.StringIO()
    yaml.dump({key: value}, out)
    line = out.getvalue().rstrip("\n")
    if "\n" in line:
        raise EditError(f"'{key}' must fit on one line")
    return line


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _span_end(lines: list[str], doc: YamlDoc, path: DataPath) -> int:
    """Return the index of the last content line of the node at ``path`` (0-based)."""
    inside = [pos[0] for p, pos in doc.values.items() if p[:len(path)] == path]
    last = max(inside) - 1
    after = [pos[0] - 1 for p, pos in doc.values.items() if p[:len(path)] != path and pos[0] - 1 > last]
    limit = min(after) if after else len(lines)
    end = last
    for i in range(last, limit):
        if _is_content(lines[i]):
            end = i
    return end


def append_item_lines(text: str, doc: YamlDoc, list_path: DataPath, item: dict[str, Any]) -> str:
    """Return ``text`` with a flat mapping appended to the block list at ``list_path``, laid out like its first item."""
    items = doc.data
    for key in list_path:
        items = items[key]
    if not isinstance(items, list) or not items or (list_path + (0,)) not in doc.values:
        raise EditError("the list to add to is empty or missing")
    lines = text.split("\n")
    line_no, col = doc.values[list_path + (0,)]
    first = lines[line_no - 1]
    head = first[:col - 1]
    if not head.rstrip().endswith("-"):
        raise EditError("the list is not a block list ('- ' items)")
    dash = len(head.rstrip()) - 1
    body = [scalar_text(k, v) for k, v in item.items()]
    new = [" " * dash + "-" + " " * (col - 2 - dash) + body[0]] + [" " * (col - 1) + b for b in body[1:]]
    end = _span_end(lines, doc, list_path)
    return "\n".join(lines[:end + 1] + new + lines[end + 1:])


def set_scalar_lines(text: str, doc: YamlDoc, updates: dict[DataPath, Any]) -> str:
    """Return ``text`` with each plain or quoted one-line scalar at a path replaced, or added to its mapping."""
    lines = text.split("\n")
    edits: list[tuple[int, str, Callable[[list[str]], None]]] = []
    for path, value in updates.items():
        rendered = scalar_text(str(path[-1]), value)
        if path in doc.values:
            line_no, col = doc.values[path]
            i = line_no - 1
            line = lines[i]
            rest = line[col - 1:]
            if rest[:1] in ("'", '"'):
                close = rest.find(rest[0], 1)
                if close < 0:
                    raise EditError(f"line {line_no}: a quoted value that spans lines cannot be replaced")
                old_len = close + 1
            else:
                comment = rest.find(" #")
                old_len = len((rest if comment < 0 else rest[:comment]).rstrip())
            new_value = rendered.split(": ", 1)[1]

            def replace(ls: list[str], i: int = i, col: int = col, old_len: int = old_len, v: str = new_value) -> None:
                ls[i] = ls[i][:col - 1] + v + ls[i][col - 1 + old_len:]
            edits.append((i, "replace", replace))
        else:
            mapping = path[:-1]
            if mapping not in doc.values:
                raise EditError(f"no mapping to add '{path[-1]}' to")
            key_col = doc.values[mapping][1] - 1
            end = _span_end(lines, doc, mapping)

            def insert(ls: list[str], end: int = end, line: str = " " * key_col + rendered) -> None:
                ls.insert(end + 1, line)
            edits.append((end + 1, "insert", insert))
    for _pos, _kind, apply in sorted(edits, key=lambda e: e[0], reverse=True):
        apply(lines)
    return "\n".join(lines)


def fill_empty_list_lines(text: str, doc: YamlDoc, list_path: DataPath, item: dict[str, Any]) -> str:
    """Return ``text`` with the empty flow list at ``list_path`` (``key: []``) made a block list of one mapping."""
    if list_path not in doc.values:
        raise EditError("the list to fill is missing")
    lines = text.split("\n")
    line_no, col = doc.values[list_path]
    line = lines[line_no - 1]
    rest = line[col - 1:]
    if not rest.startswith("[]"):
        raise EditError("the list is not written as []")
    key_col = len(line) - len(line.lstrip())
    comment = rest[2:].strip()
    lines[line_no - 1] = line[:col - 1].rstrip() + (f"  {comment}" if comment.startswith("#") else "")
    body = [scalar_text(k, v) for k, v in item.items()]
    pad = " " * (key_col + 2)
    new = [f"{pad}- {body[0]}"] + [f"{pad}  {b}" for b in body[1:]]
    return "\n".join(lines[:line_no] + new + lines[line_no:])
