"""``as_of`` is verified like any date readers read: by a quote, or by a cited source's publication date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.check.project import load_project
from site_builder.model.project import Layout

REPO = Path(__file__).resolve().parents[3]
SOURCES = """sources:
  - id: reuters
    file: seeds/000_de560b054ebc41c7.txt
    published: 2023-09-13
  - id: pet-project
    file: seeds/001_795f075d3b236597.txt
    label: Pet project report
"""
LATEST = ("The most recent launch was a Soyuz rocket carrying the ill-fated Luna-25 moon spacecraft, "
          "which crashed into the moon.")
ROLLOUT = ("The Soyuz-2.1b rocket booster with the lunar landing spacecraft Luna-25 is rolled out onto the "
           "launchpad ahead of its upcoming launch at the Vostochny Cosmodrome in the Amur region, Russia, "
           "August 8, 2023.")
MEETING = "at the Vostochny Сosmodrome in the far eastern Amur region, Russia, September 13, 2023"


def page(claim: str, quote: str, as_of: str, *, source: str = "reuters", extra: str = "", paragraph: str = "") -> str:
    return (f"page:\n  title: Test\nfacts:\n  - id: f\n    claim: {claim}\n{extra}    as_of: {as_of}\n"
            f"    citations:\n      - source: {source}\n{paragraph}        quote: \"{quote}\"\n")


# (name, the page file, None when it must pass, else (message start, hint part))
CASES: list[tuple[str, str, tuple[str, str] | None]] = [
    ("the cited source's publication month", page("The latest launch carried Luna-25.", LATEST, "2023-09"), None),
    ("the publication day and year", page("The latest launch carried Luna-25.", LATEST, "2023-09-13"), None),
    ("the year", page("The latest launch carried Luna-25.", LATEST, "2023"), None),
    ("a quote states it", page("The Luna-25 rocket was rolled out.", ROLLOUT, "2023-08-08",
                               paragraph="        paragraph: file-the-soyuz-2-1b-bc8928\n"), None),
    ("a quote states it, at the as_of's precision", page("Flags of Russia and North Korea were up.", MEETING,
                                                         "2023-09"), None),
    ("the fact's own date is not another date",
     page("The Luna-25 rocket was rolled out on 8 August 2023.", ROLLOUT, "2023-09", extra="    date: 2023-08-08\n",
          paragraph="        paragraph: file-the-soyuz-2-1b-bc8928\n"), None),
    ("after the source was published", page("The latest launch carried Luna-25.", LATEST, "2023-10"),
     ("as_of 2023-10 is not supported by the fact's quotes or its sources' dates",
      "the cited sources were published: 'reuters' 2023-09-13")),
    ("a day the source does not speak of", page("The latest launch carried Luna-25.", LATEST, "2023-09-12"),
     ("as_of 2023-09-12 is not supported", "'reuters' 2023-09-13")),
    ("more precise than the source's date", page("The latest launch carried Luna-25.", LATEST, "2024"),
     ("as_of 2024 is not supported", "'reuters' 2023-09-13")),
    ("the quotes give another date for the claim",
     page("The Luna-25 rocket was rolled out.", ROLLOUT, "2023-09",
          paragraph="        paragraph: file-the-soyuz-2-1b-bc8928\n"),
     ("as_of 2023-09 is not supported", "the quotes state 8 August 2023: an as_of must be the date the quotes give")),
    ("a source without a date", page("It has hosted nearly a dozen launches.",
                                     "the cosmodrome has hosted nearly a dozen launches", "2023-09",
                                     source="pet-project"),
     ("as_of 2023-09 is not supported", "no cited source has a 'published' date")),
    ("not a date", page("The latest launch carried Luna-25.", LATEST, "September"),
     ("'as_of' value 'September' is not valid: a date written YYYY, YYYY-MM or YYYY-MM-DD", "")),
    ("a correction of the wrong type", page("The latest launch carried Luna-25.", LATEST, "2023-09",
                                            extra="    correction: [1]\n"),
     ("'correction' must be text, not a list", "")),
    ("an empty correction", page("The latest launch carried Luna-25.", LATEST, "2023-09",
                                 extra="    correction: ''\n"), ("'correction' must not be empty", "")),
]


@pytest.mark.parametrize("name,facts,expected", CASES, ids=[c[0] for c in CASES])
def test_as_of(tmp_path: Path, name: str, facts: str, expected: tuple[str, str] | None) -> None:
    (tmp_path / "facts").mkdir()
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "facts" / "sources.yaml").write_text(SOURCES, "utf-8")
    (tmp_path / "facts" / "page.yaml").write_text(facts, "utf-8")
    project = load_project(Layout(tmp_path))
    found = [d for d in project.diagnostics if d.severity == "error"]
    if expected is None:
        assert found == []
        return
    message, hint = expected
    key = "correction:" if "correction" in message else "as_of:"
    line, column = next((n, text.index(key) + len(key) + 2) for n, text in enumerate(facts.splitlines(), 1)
                        if key in text)
    assert [(d.path, d.line, d.column) for d in found] == [("facts/page.yaml", line, column)]  # at the field's value
    assert found[0].message.startswith(message), found[0].message
    assert hint in (found[0].hint or ""), found[0].hint
