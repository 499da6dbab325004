"""The history derived from a file's versions: a table of version sequences and the entries they must give."""

from __future__ import annotations

from typing import Any

import pytest

from site_builder.history.model import Commit
from site_builder.history.read import FactState, derive, fact_state, version_facts

C1, C2, C3, C4 = (Commit(f"{n}" * 40, f"2026-0{n}-0{n}T10:00:00+02:00") for n in range(1, 5))
BASE = {"id": "f", "claim": "It opened in 2016.", "value": 2016,
        "citations": [{"source": "s", "quote": "opened in 2016"}]}


def facts(*raws: dict[str, Any]) -> dict[str, FactState]:
    return {r["id"]: fact_state(r) for r in raws}


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


# (name, versions, current corrections (None: every committed fact), expected entries of fact "f" as
#  (date, kind, field, old, new, correction), expected (published, updated) dates, expected correction date)
CASES: list[tuple[str, list[tuple[Commit, dict[str, FactState] | None]], dict[str, str | None] | None,
                  list[tuple[str, str, str | None, str | None, str | None, str | None]],
                  tuple[str | None, str | None], str | None]] = [
    ("added once", [(C1, facts(BASE))], None,
     [("2026-01-01", "added", None, None, None, None)], ("2026-01-01", None), None),
    ("value changed, then a correction marked",
     [(C1, facts(BASE)), (C2, facts(with_(value=2017, claim="It opened in 2017."))),
      (C3, facts(with_(value=2017, claim="It opened in 2017.", correction="An earlier version said 2016.")))],
     {"f": "An earlier version said 2016."},
     [("2026-01-01", "added", None, None, None, None),
      ("2026-02-02", "updated", "claim", "It opened in 2016.", "It opened in 2017.", None),
      ("2026-02-02", "updated", "value", "2016", "2017", None),
      ("2026-03-03", "corrected", "correction", None, "An earlier version said 2016.",
       "An earlier version said 2016.")],
     ("2026-01-01", "2026-03-03"), "2026-03-03"),
    ("the correction in the same commit as the change",
     [(C1, facts(BASE)), (C2, facts(with_(value=2017, correction="It said 2016.")))], {"f": "It said 2016."},
     [("2026-01-01", "added", None, None, None, None),
      ("2026-02-02", "corrected", "value", "2016", "2017", "It said 2016.")],
     ("2026-01-01", "2026-02-02"), "2026-02-02"),
    ("the correction text reworded later is dated by the rewording",
     [(C1, facts(BASE)), (C2, facts(with_(correction="It said 2015."))),
      (C3, facts(with_(correction="An earlier version said 2015.")))],
     {"f": "An earlier version said 2015."},
     [("2026-01-01", "added", None, None, None, None),
      ("2026-02-02", "corrected", "correction", None, "It said 2015.", "It said 2015."),
      ("2026-03-03", "corrected", "correction", "It said 2015.", "An earlier version said 2015.",
       "An earlier version said 2015.")],
     ("2026-01-01", "2026-03-03"), "2026-03-03"),
    ("an uncommitted correction text has no date",
     [(C1, facts(BASE)), (C2, facts(with_(correction="It said 2015.")))], {"f": "It said 2014."},
     [("2026-01-01", "added", None, None, None, None),
      ("2026-02-02", "corrected", "correction", None, "It said 2015.", "It said 2015.")],
     ("2026-01-01", "2026-02-02"), None),
    ("a correction withdrawn is a routine update",
     [(C1, facts(with_(correction="x"))), (C2, facts(BASE))], {"f": None},
     [("2026-01-01", "added", None, None, None, "x"),
      ("2026-02-02", "updated", "correction", "x", None, None)],
     ("2026-01-01", "2026-02-02"), None),
    ("unit, date, as_of and citations are tracked; formatting and key order are not",
     [(C1, facts(BASE)), (C2, facts(with_(unit="km", date="2016-04", as_of=2023,
                                          citations=[{"source": "s", "quote": "opened in 2016 "}]))),
      (C3, facts({"citations": [{"quote": "opened in 2016 ", "source": "s"}], "value": 2016.0, "as_of": "2023",
                  "date": "2016-04", "unit": "km", "claim": "It opened in 2016.", "id": "f"}))],
     None,
     [("2026-01-01", "added", None, None, None, None),
      ("2026-02-02", "updated", "value", "2016", "2016 km", None),
      ("2026-02-02", "updated", "date", None, "2016-04", None),
      ("2026-02-02", "updated", "as_of", None, "2023", None),
      ("2026-02-02", "updated", "citations", None, None, None)],
     ("2026-01-01", "2026-02-02"), None),
    ("an unreadable version is skipped: the next is compared with the last readable one",
     [(C1, facts(BASE)), (C2, None), (C3, facts(with_(value=2018)))], None,
     [("2026-01-01", "added", None, None, None, None), ("2026-03-03", "updated", "value", "2016", "2018", None)],
     ("2026-01-01", "2026-03-03"), None),
    ("a fact that left the file and came back starts again",
     [(C1, facts(BASE)), (C2, facts(with_(id="g"))), (C3, facts(BASE, with_(id="g")))], None,
     [("2026-03-03", "added", None, None, None, None)], ("2026-01-01", "2026-03-03"), None),
    ("published is the first commit with facts; a deleted file has none",
     [(C1, {}), (C2, facts(BASE)), (C3, {}), (C4, facts(BASE))], None,
     [("2026-04-04", "added", None, None, None, None)], ("2026-02-02", "2026-04-04"), None),
    ("changes only to facts removed since do not make the page updated",
     [(C1, facts(BASE, with_(id="g"))), (C2, facts(BASE, with_(id="g", value=1))), (C3, facts(BASE))],
     {"f": None},
     [("2026-01-01", "added", None, None, None, None)], ("2026-01-01", None), None),
    ("a fact only in the working copy has no history", [(C1, facts(with_(id="g")))], {"f": None, "g": None},
     [], ("2026-01-01", None), None),
]


@pytest.mark.parametrize("name,versions,current,expected,stamps,corrected", CASES, ids=[c[0] for c in CASES])
def test_derive(name: str, versions: list[tuple[Commit, dict[str, FactState] | None]],
                current: dict[str, str | None] | None,
                expected: list[tuple[str, str, str | None, str | None, str | None, str | None]],
                stamps: tuple[str | None, str | None], corrected: str | None) -> None:
    history = derive("page", versions, current)
    got = [(e.date, e.kind, e.field, e.old, e.new, e.correction) for e in history.of("f")]
    assert got == expected
    assert (history.published and history.published.date, history.updated and history.updated.date) == stamps
    entry = history.corrections.get("f")
    assert (entry.date if entry else None) == corrected


def test_updates_list_is_newest_first_and_leaves_out_the_publication() -> None:
    history = derive("page", [(C1, facts(BASE, with_(id="g"))), (C2, facts(with_(value=2017), with_(id="g"))),
                              (C3, facts(with_(value=2017), with_(id="g", claim="New."),
                                         with_(id="h")))])
    assert [(fid, e.date, e.kind, e.field) for fid, e in history.updates()] == [
        ("g", "2026-03-03", "updated", "claim"), ("h", "2026-03-03", "added", None),
        ("f", "2026-02-02", "updated", "value")]


@pytest.mark.parametrize("text,expected", [
    (b"facts:\n  - id: a\n    claim: x\n  - id: a\n    claim: second\n", {"a": "x"}),  # first of a duplicate id
    (b"facts: [", None),  # not YAML
    (b"\xff\xfe", None),  # not UTF-8
    (b"page: {}\n", None),  # no facts list
    (b"facts:\n  - 3\n  - id: b\n    claim: [1]\n", {"b": None}),  # odd entries read as far as they go
])
def test_version_facts(text: bytes, expected: dict[str, str | None] | None) -> None:
    got = version_facts(text, "facts/p.yaml")
    assert (None if got is None else {k: v.claim for k, v in got.items()}) == expected
