"""Plain data from YAML, with the position of every key and value: from a node graph, or from libyaml's events.

Both builders give the same data, positions and errors for the same document; the event walk is the
fast one (no node objects, one pass), the node builder serves PyYAML's careful composer. Errors are
raised as :class:`_Refused` (a mark and a message); yamlfile turns them into located diagnostics.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (DocumentEndEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)

from ..text import invisible
from .yaml_loader import _CLoader, _looks_plain, _Refused

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]

#: The only plain scalars YAML 1.2 (core schema) reads as booleans.
_YAML12_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_PLAIN_TAGS = frozenset({
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _BOOL,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    _MAP,
    _SEQ,
})

#: Characters a facts file may not contain: what YAML itself refuses (C0/C1 controls, surrogates,
#: U+FFFE/U+FFFF) plus the invisible line breaks YAML counts as new lines but editors do not
#: (U+0085, U+2028, U+2029, a lone CR), which would shift every line number after them.
_FORBIDDEN = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\r(?!\n)")


def _refuse(mark: yaml.Mark, message: str, hint: str | None = None) -> _Refused:
    return _Refused(mark, message, hint)


class _Scalars:
    """Turns scalar nodes into values as SafeLoader would, but for YAML 1.2 booleans, dates kept as text and NaN refused."""

    def __init__(self) -> None:
        self.constructor = yaml.SafeLoader("")  # only used to construct plain scalars

    def value(self, node: yaml.ScalarNode) -> Any:
        """Return the value of a scalar node, or raise _Refused."""
        if node.tag == _BOOL and node.value not in _YAML12_BOOLS:
            # YAML 1.1 reads yes/no/on/off (any case) as booleans; YAML 1.2, which editors' tools (the YAML
            # language server, the JSON Schema) use, reads them as text. Read them as 1.2 does, so `label: Off`
            # means the same to check as to the editor's schema.
            return node.value
        if node.tag == _STR:
            value: Any = node.value  # what SafeConstructor makes of a string node, without its dispatch
        else:
            try:
                value = self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                raise _refuse(node.start_mark, f"invalid value {node.value!r}: {exc}") from None
        if isinstance(value, (dt.date, dt.datetime)):
            # Unquoted 2023-09-13 becomes a date in YAML; facts compare dates as text.
            return node.value
        if isinstance(value, float) and math.isnan(value):
            raise _refuse(node.start_mark, "'.nan' is not a number an article can state")
        if isinstance(value, str):
            _check_escapes(value, node.start_mark)
        return value


def _check_escapes(value: str, mark: yaml.Mark) -> None:
    """Raise _Refused when a string holds an invisible or control character (only an escape can write one)."""
    # An escape in a double-quoted string ("\u202e", "\0") makes characters the file does not show
    # (written literally, they were refused with their exact column before parsing).
    hidden = invisible.find(value) or _FORBIDDEN.search(value)
    if hidden:
        what = (invisible.name(hidden.group()) if invisible.find(hidden.group())
                else f"U+{ord(hidden.group()):04X}")
        raise _refuse(mark, f"the escape for {what} makes an invisible or control character, "
                            "which is not allowed", "delete the escape")


class NodeBuilder:
    """Turns a composed node graph into plain data, recording positions in ``values`` and ``keys``."""

    def __init__(self, values: Positions, keys: Positions) -> None:
        self.values, self.keys = values, keys
        self.seen: set[int] = set()
        self.scalars = _Scalars()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        """Return the plain data of ``node`` (at data path ``path``), or raise _Refused."""
        if id(node) in self.seen:
            raise _refuse(node.start_mark, "anchors and aliases ('&name' / '*name') are not allowed in facts files",
                          "write the value out in full")
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise _refuse(node.start_mark, f"YAML tag '{node.tag}' is not allowed",
                          "remove the '!' tag; only plain strings, numbers, lists and mappings are accepted")
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if id(key_node) in self.seen:
                    raise _refuse(key_node.start_mark, "anchors and aliases are not allowed in facts files")
                self.seen.add(id(key_node))
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    raise _refuse(key_node.start_mark, "mapping keys must be plain words",
                                  "remove '<<' merges and complex keys")
                key = str(self.scalars.value(key_node))
                kpath = path + (key,)
                if key in out:
                    raise _duplicate(key_node.start_mark, key, self.keys[kpath])
                self.keys[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, kpath)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes only these three kinds
        return self.scalars.value(node)


def _duplicate(mark: yaml.Mark, key: str, first: tuple[int, int]) -> _Refused:
    return _refuse(mark, f"duplicate key '{key}' (first defined at line {first[0]})",
                   "YAML keeps only one of them; delete or rename one")


# --------------------------------------------------------------------------- libyaml's events

Resolvers = dict[Any, list[tuple[str, re.Pattern[str]]]]


def _resolve(resolvers: Resolvers, value: str, plain: bool) -> str:
    """Return the tag SafeLoader's resolver gives a scalar without an explicit tag (Resolver.resolve, unrolled)."""
    if plain:
        for tag, regexp in resolvers.get(value[0] if value else "", []) + resolvers.get(None, []):
            if regexp.match(value):
                return tag
    return _STR


class _Frame:
    """An open mapping or sequence: its data, its path, and (in a mapping) the key whose value comes next."""

    __slots__ = ("data", "is_map", "key", "key_path", "path")

    def __init__(self, data: Any, path: Path_, is_map: bool) -> None:
        self.data, self.path, self.is_map = data, path, is_map
        self.key: str | None = None
        #: the path of the key's value: one tuple for both position tables (a desk holds hundreds of thousands)
        self.key_path: Path_ = ()


def build_events(get_event: Callable[[], Any]) -> tuple[Any, Positions, Positions] | None:
    """Return (data, value positions, key positions) of the one document in a libyaml event stream, or None.

    None means the stream is not a single document (empty, or a second one follows): the careful
    composer then says so. A libyaml error propagates. An error of the content (a tag, a duplicate key,
    a bad value) is raised as _Refused only once the whole document has parsed, as the node builder's
    would be after composing: a syntax error later in the file takes precedence, via the careful path.
    Every step is NodeBuilder's, in the same order (the tests compare the two on a table of documents).
    """
    get_event()  # the stream start
    event = get_event()
    if type(event) is StreamEndEvent:
        return None
    resolvers: Resolvers = yaml.SafeLoader.yaml_implicit_resolvers
    wildcard = bool(resolvers.get(None))
    values: Positions = {}
    keys: Positions = {}
    scalars: _Scalars | None = None
    stack: list[_Frame] = []
    top: _Frame | None = None
    root: Any = None
    error: _Refused | None = None
    while True:
        event = get_event()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            if not stack:
                break
            top = stack[-1]
            continue
        mark = event.start_mark
        tag = event.tag
        if kind is ScalarEvent:
            if tag is None or tag == "!":
                if event.implicit[0]:
                    text = event.value
                    if wildcard or (text[0] if text else "") in resolvers:
                        tag = _resolve(resolvers, text, True)
                    else:
                        tag = _STR
                else:
                    tag = _STR
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if tag is None or tag == "!":
                tag = _MAP if kind is MappingStartEvent else _SEQ
        else:  # an alias (the caller lets no anchor through, but never build a wrong value)
            error = _refuse(mark, "anchors and aliases ('&name' / '*name') are not allowed in facts files",
                            "write the value out in full")
            break
        if top is not None and top.is_map and top.key is None:
            # A mapping's key.
            if kind is not ScalarEvent or tag == _MERGE:
                error = _refuse(mark, "mapping keys must be plain words", "remove '<<' merges and complex keys")
                break
            try:
                if tag == _STR:
                    key = event.value
                    if event.style == '"':  # only an escape can write a character the file's own check missed
                        _check_escapes(key, mark)
                else:
                    scalars = scalars or _Scalars()
                    key = str(scalars.value(yaml.ScalarNode(tag, event.value, mark, event.end_mark, event.style)))
            except _Refused as exc:
                error = exc
                break
            kpath = top.path + (key,)
            if key in top.data:
                error = _duplicate(mark, key, keys[kpath])
                break
            keys[kpath] = (mark.line + 1, mark.column + 1)
            top.key, top.key_path = key, kpath
            continue
        if tag not in _PLAIN_TAGS:
            error = _refuse(mark, f"YAML tag '{tag}' is not allowed",
                            "remove the '!' tag; only plain strings, numbers, lists and mappings are accepted")
            break
        if top is None:
            path: Path_ = ()
        elif top.is_map:
            path = top.key_path  # the key is set: this is its value
        else:
            path = top.path + (len(top.data),)
        values[path] = (mark.line + 1, mark.column + 1)
        value: Any
        if kind is ScalarEvent:
            try:
                if tag == _STR:
                    value = event.value
                    if event.style == '"':
                        _check_escapes(value, mark)
                else:
                    scalars = scalars or _Scalars()
                    value = scalars.value(yaml.ScalarNode(tag, event.value, mark, event.end_mark, event.style))
            except _Refused as exc:
                error = exc
                break
        else:
            value = {} if kind is MappingStartEvent else []
        if top is None:
            root = value
            if kind is ScalarEvent:
                break
        elif top.is_map:
            top.data[top.key] = value
            top.key = None
        else:
            top.data.append(value)
        if kind is not ScalarEvent:
            top = _Frame(value, path, kind is MappingStartEvent)
            stack.append(top)
    # Read the rest of the document, so a syntax error anywhere in it wins over a content error.
    while type(event) is not DocumentEndEvent:
        event = get_event()
    if type(get_event()) is not StreamEndEvent:
        return None  # a second document
    if error is not None:
        raise error
    return root, values, keys


def load_fast(text: str) -> tuple[Any, Positions, Positions] | None:
    """Return (data, value positions, key positions) of ``text`` read by libyaml, or None for the careful path.

    libyaml is about ten times faster but words errors differently, so it is used only for plain,
    shallow files; any syntax error, an empty file or a second document gives None, and the careful
    composer (_PlainLoader) then gives the located message. A content error raises _Refused.
    """
    if _CLoader is None or not _looks_plain(text):
        return None
    loader = _CLoader(text)
    try:
        return build_events(loader.get_event)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
