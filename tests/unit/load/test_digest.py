"""The digest a build compares its files' inputs by (load/digest.py): equal values, equal digests, in any process."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from markupsafe import Markup

from site_builder.load.digest import Digester


@dataclass(frozen=True)
class Quote:
    source: str
    words: str
    #: not part of equality: not part of the digest either
    cached: str = field(default="", compare=False)


@dataclass(frozen=True)
class Other:
    source: str
    words: str


#: (name, a, b, same digest): equal values digest alike; values that differ, or are of other types, do not
CASES: list[tuple[str, Any, Any, bool]] = [
    ("equal dataclasses", Quote("a", "b"), Quote("a", "b"), True),
    ("a field outside equality", Quote("a", "b", "x"), Quote("a", "b", "y"), True),
    ("a field changed", Quote("a", "b"), Quote("a", "c"), False),
    ("another type with the same fields", Quote("a", "b"), Other("a", "b"), False),
    ("dicts filled in another order", {"a": 1, "b": 2}, {"b": 2, "a": 1}, True),
    ("a read-only view of a dict", MappingProxyType({"a": 1}), {"a": 1}, True),
    ("sets", frozenset({"x", "y", "z"}), frozenset({"z", "y", "x"}), True),
    ("1 and 1.0", 1, 1.0, False),
    ("1 and True", 1, True, False),
    ("'1' and 1", "1", 1, False),
    ("strings split differently", ("ab", "c"), ("a", "bc"), False),
    ("a tuple and a list of it", ("a",), ["a"], False),
    ("None and 'None'", None, "None", False),
    ("Markup and its text", Markup("<b>"), "<b>", False),
    ("paths", Path("a/b"), Path("a/b"), True),
]


@pytest.mark.parametrize(("a", "b", "same"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_equal_values_digest_alike(a: Any, b: Any, same: bool) -> None:
    d = Digester()
    assert d.digest(a) is not None and d.digest(b) is not None
    assert (d.digest(a) == d.digest(b)) is same


def test_a_value_of_an_unknown_type_has_no_digest() -> None:
    assert Digester().digest(("a", object())) is None  # its file is made again, never kept on a guess


def test_a_remembered_value_is_digested_as_itself() -> None:
    d = Digester()
    key = (Quote("a", "b"), 1)
    plain = d.digest(("page", key))
    d.remember(key)
    assert d.digest(("page", key)) != plain  # the digest of the key stands for it...
    assert d.digest(("page", key)) == d.digest(("page", key))  # ...the same each time
    other = Digester()
    other.remember(key)
    assert other.digest(("page", key)) == d.digest(("page", key))


_PRINT = """
from site_builder.load.digest import Digester
print(Digester().digest(({"b": frozenset({"x", "y", "z", "w"}), "a": ("s", 1, 2.5, None)}, frozenset({"p", "q"}))))
"""


def test_the_digest_is_the_same_in_processes_with_other_string_hashes() -> None:
    out = {subprocess.run([sys.executable, "-c", _PRINT], env={"PYTHONHASHSEED": seed, "PATH": ""},
                          capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(out) == 1 and len(next(iter(out)).strip()) == 40
