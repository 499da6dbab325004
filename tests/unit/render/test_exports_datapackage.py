"""datapackage.json describes facts.csv exactly; facts.json matches its published JSON Schema."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from jsonschema import Draft202012Validator
from support import shipped_project

if TYPE_CHECKING:
    from frictionless import Package  # imported where used: slow to import, and only these tests need it

from site_builder.render.data import FACTS_CSV_COLUMNS, facts_csv, facts_document
from site_builder.render.exports import datapackage, facts_schema
from site_builder.render.urls import Urls

SITE_URL = "https://desk.example.org/"
FACTS_SCHEMA = Draft202012Validator(facts_schema.schema())


def _package(tmp_path: Path, csv_text: str, urls: Urls, descriptor_csv: str | None = None) -> Package:
    (tmp_path / "facts.csv").write_text(csv_text, "utf-8", newline="")
    text = datapackage.datapackage_json(descriptor_csv if descriptor_csv is not None else csv_text, urls, "Desk & Co")
    (tmp_path / "datapackage.json").write_text(text, "utf-8")
    from frictionless import Package

    return Package(str(tmp_path / "datapackage.json"))


def _errors(package: Package) -> list[str]:
    report = package.validate()
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + \
           [f"{e.type}: {e.message}" for e in report.errors]


@pytest.mark.parametrize("urls", [Urls(), Urls(site_url=SITE_URL), Urls(False)], ids=["relative", "absolute", "html"])
def test_the_data_package_of_the_shipped_csv_validates(tmp_path: Path, urls: Urls) -> None:
    csv_text = facts_csv(shipped_project(), urls)
    assert _errors(_package(tmp_path, csv_text, urls)) == []
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    fields = descriptor["resources"][0]["schema"]["fields"]
    header = next(csv.reader(io.StringIO(csv_text)))
    assert [f["name"] for f in fields] == header == list(FACTS_CSV_COLUMNS)
    assert all(f.get("description") for f in fields)
    assert descriptor["name"] == "desk-co" and descriptor["title"] == "Desk & Co"
    assert ("homepage" in descriptor) == bool(urls.site_url)


@pytest.mark.parametrize("edit,error", [
    (lambda t: t.replace('"1"\n', '"one"\n', 1), "type-error"),                        # citation is an integer
    (lambda t: t.replace('","2"\n', '","1"\n', 1), "primary-key"),                      # (fact_id, citation) twice
    (lambda t: t.replace('"most-modern-site"', '"Most Modern"', 1), "constraint-error"),  # an id's pattern
    (lambda t: t.replace('"km"', '"furlongs"', 1), "constraint-error"),                 # a unit of the schema
    (lambda t: t.replace('"fact_id","page"', '"fact","page"', 1), "incorrect-label"),    # the header
])
def test_a_csv_that_breaks_the_schema_fails_frictionless(tmp_path: Path, edit: Any, error: str) -> None:
    csv_text = facts_csv(shipped_project(), Urls())
    broken = edit(csv_text)
    assert broken != csv_text
    # Described as the CSV it is (size and hash), so only the schema can catch the change.
    errors = _errors(_package(tmp_path, broken, Urls()))
    assert any(e.startswith(error) for e in errors), errors


def test_a_csv_that_is_not_the_one_described_fails_its_hash(tmp_path: Path) -> None:
    csv_text = facts_csv(shipped_project(), Urls())
    errors = _errors(_package(tmp_path, csv_text.replace("Vostochny", "Vostochnyi", 1), Urls(), csv_text))
    assert any(e.startswith(("hash-count", "byte-count")) for e in errors), errors


@pytest.mark.parametrize("urls", [Urls(), Urls(site_url=SITE_URL)], ids=["relative", "absolute"])
def test_facts_json_matches_its_published_schema(urls: Urls) -> None:
    document = json.loads(json.dumps(facts_document(shipped_project(), urls)))
    assert [e.message for e in FACTS_SCHEMA.iter_errors(document)] == []
    assert document["$schema"] == urls.absolute("schemas/facts-json.schema.json")
    Draft202012Validator.check_schema(facts_schema.schema())
    assert facts_schema.schema()["$id"] == facts_schema.SCHEMA_ID


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    node: Any = broken
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return broken


@pytest.mark.parametrize("path,value", [
    (("version",), 2),
    (("facts", 0, "citations", 0, "role"), "supports"),
    (("facts", 0, "citations"), []),
    (("facts", 0, "claim"), KeyError),
    (("facts", 0, "surprise"), 1),
    (("sources", 0, "sha256"), "abc"),
    (("sources", 0, "kind"), "docx"),
    (("facts", 3, "unit"), "furlongs"),
])
def test_the_schema_refuses_a_facts_json_that_breaks_the_contract(path: tuple[str | int, ...], value: object) -> None:
    document = json.loads(json.dumps(facts_document(shipped_project(), Urls())))
    assert FACTS_SCHEMA.is_valid(document)
    assert not FACTS_SCHEMA.is_valid(_set(document, path, value))
