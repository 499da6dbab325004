"""annotations.jsonld: valid Web Annotations whose selectors are the source's own text around each quote."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from mini import make_project
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from support import REPO, shipped_project

from site_builder.check.project import load_project
from site_builder.model.project import Layout, Project
from site_builder.model.sources import Paragraph, Source
from site_builder.render.exports import article, web_annotations
from site_builder.render.urls import Urls
from site_builder.text import normalise_text

SUITE = REPO / "tests" / "fixtures" / "web-annotation-tests"
SITE_URL = "https://desk.example.org/explainers/"

#: Optional assertions of the suite for features the export uses: each must hold, not only "may".
USED_FEATURES = (
    "annotations/3.3.5-annotationMotivationImplemented.json",
    "annotations/bodiesTargets/3.2.1-bodyFormat.json",
    "annotations/bodiesTargets/3.2.4-bodyETBTypeTextualBody.json",
    "annotations/bodiesTargets/3.3.5-bodyPurpose.json",
    "annotations/bodiesTargets/4-bodySpecificResource.json",
    "annotations/bodiesTargets/4-targSpecificResource.json",
    "annotations/specificResource/4.2-selectorFound.json",
    "annotations/specificResource/4.2.4-textQuoteSelector.json",
    "annotations/specificResource/4.2.5-textPositionSelector.json",
)
#: Features only some annotations have: a quote at the very start (end) of its article has no prefix (suffix).
AFFIXES = {"prefix": "annotations/specificResource/4.2.4-prefix.json",
           "suffix": "annotations/specificResource/4.2.4-suffix.json"}


def _registry() -> Registry[Any]:
    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        contents = json.loads(path.read_text("utf-8"))
        resources.append((contents["id"], Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def _validator(assertion: str) -> Draft4Validator:
    return Draft4Validator(json.loads((SUITE / assertion).read_text("utf-8")), registry=REGISTRY)


def _assertions(test_file: str) -> list[str]:
    return list(json.loads((SUITE / test_file).read_text("utf-8"))["assertions"])


ANNOTATION_MUSTS = [(a, _validator(a)) for a in _assertions("annotations/annotationMusts.test")]
PAGE_MUSTS = [(a, _validator(a)) for a in _assertions("collections/pages/pageMusts.test")]
FEATURES = [(a, _validator(a)) for a in USED_FEATURES]
AFFIX_FEATURES = {key: (a, _validator(a)) for key, a in AFFIXES.items()}


def _failures(item: dict[str, Any], validators: list[tuple[str, Draft4Validator]]) -> list[str]:
    return [f"{name}: {next(v.iter_errors(item)).message}" for name, v in validators if not v.is_valid(item)]


MINI_FACTS = """page:
  title: Test page
facts:
  - id: far-east
    claim: The cosmodrome is in the Amur region of Russia's Far East.
    citations:
      - source: reuters
        quote: "in the Amur region of Russia's   Far East"
  - id: first-words
    claim: Putin chose a cosmodrome for his meeting with Kim.
    citations:
      - source: pet-project
        quote: For his meeting with Kim
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = load_project(Layout(make_project(tmp_path_factory.mktemp("mini"), MINI_FACTS)))
    assert project.ok, [d.format() for d in project.diagnostics]
    return project


def _quote_of(project: Project, annotation_id: str) -> tuple[str, Source]:
    fragment = annotation_id.rsplit("#", 1)[1]
    fact_id, number = fragment.rsplit("-citation-", 1)
    fact = next(f for p in project.pages for f in p.facts if f.id == fact_id)
    match = project.matches[(fact_id, int(number) - 1)]
    return fact.citations[int(number) - 1].quote, next(s for s in project.sources if s.id == match.source)


@pytest.mark.parametrize("urls,first", [(Urls(site_url=SITE_URL), None), (Urls(), 4), (Urls(False, SITE_URL), 4)],
                         ids=["absolute", "relative", "html-urls"])
def test_every_annotation_meets_the_models_musts_and_uses_its_features(urls: Urls, first: int | None) -> None:
    """Every annotation of the published form (site_url set); the first few of the other URL styles (slow)."""
    page = json.loads(web_annotations.annotations_jsonld(shipped_project(), urls))
    assert _failures(page, PAGE_MUSTS) == []
    n_citations = sum(len(f.citations) for p in shipped_project().pages for f in p.facts)
    assert len(page["items"]) == n_citations == 51
    for item in page["items"][:first]:
        affixes = [AFFIX_FEATURES[key] for key in AFFIXES if key in item["target"]["selector"][0]]
        assert _failures(item, ANNOTATION_MUSTS + FEATURES + affixes) == [], item["id"]


@pytest.mark.parametrize("path,value", [
    (("@context",), "http://www.w3.org/ns/oa.jsonld"),
    (("type",), "Note"),
    (("target", "selector", 0, "exact"), ["two", "values"]),
    (("target", "selector", 1, "start"), "12"),
    (("body", 0, "type"), "Textual"),
])
def test_the_suites_schemas_refuse_a_broken_annotation(path: tuple[str | int, ...], value: object) -> None:
    """The validators can fail: one wrong value in a real annotation breaks a must."""
    item = copy.deepcopy(json.loads(web_annotations.annotations_jsonld(shipped_project(), Urls(site_url=SITE_URL)))["items"][0])
    assert _failures(item, ANNOTATION_MUSTS + FEATURES) == []
    node: Any = item
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert _failures(item, ANNOTATION_MUSTS + FEATURES) != []


@pytest.mark.parametrize("which", ["shipped", "mini"])
def test_selectors_are_the_sources_own_text_around_the_quote(which: str, mini: Project) -> None:
    project = shipped_project() if which == "shipped" else mini
    page = json.loads(web_annotations.annotations_jsonld(project, Urls()))
    for item in page["items"]:
        quote, source = _quote_of(project, item["id"])
        exact_sel, position = item["target"]["selector"]
        exact, start, end = exact_sel["exact"], position["start"], position["end"]
        # The article text, rebuilt here from the stored paragraphs: what the offsets are documented to count.
        text = "\n\n".join(p.text for p in source.article)
        assert text == article.article_text(source).text
        assert text[start:end] == exact
        assert normalise_text(exact) == normalise_text(quote)  # the editor's quote, as the checker forgives it
        assert any(exact in p.text for p in source.article)  # inside one paragraph, the source's own characters
        assert exact_sel.get("prefix", "") == text[max(0, start - 32):start]
        assert exact_sel.get("suffix", "") == text[end:end + 32]
        assert "prefix" in exact_sel or start == 0
        if source.kind == "text":  # the stored file itself has the words (a .txt article is stored as written)
            assert exact in source.path.read_text("utf-8")
        assert item["target"]["source"] == (source.url or f"sources/{source.id}/")


def test_exact_is_the_sources_characters_where_the_quote_differs_in_what_is_forgiven(mini: Project) -> None:
    items = json.loads(web_annotations.annotations_jsonld(mini, Urls()))["items"]
    selector = items[0]["target"]["selector"][0]
    assert selector["exact"] == "in the Amur region of Russia\u2019s Far East"  # curly apostrophe, one space
    assert selector["prefix"] == "which came into service in 2016, is "[-32:]
    assert selector["suffix"] == ", not far from the Russian border"[:32]
    at_start = items[1]["target"]["selector"]
    assert at_start[0] == {"type": "TextQuoteSelector", "exact": "For his meeting with Kim",
                           "suffix": " Jong-un of North Korea, Vladimi"}  # no prefix: the article's first words
    assert at_start[1] == {"type": "TextPositionSelector", "start": 0, "end": 24}


@pytest.mark.parametrize("urls,fact_link,target,anno_id", [
    (Urls(), "./#far-east", "sources/reuters/", "annotations.jsonld#far-east-citation-1"),
    (Urls(site_url=SITE_URL), f"{SITE_URL}#far-east", f"{SITE_URL}sources/reuters/",
     f"{SITE_URL}annotations.jsonld#far-east-citation-1"),
    (Urls(False, SITE_URL), f"{SITE_URL}index.html#far-east", f"{SITE_URL}sources/reuters.html",
     f"{SITE_URL}annotations.jsonld#far-east-citation-1"),
])
def test_addresses_are_absolute_with_site_url_and_relative_without(mini: Project, urls: Urls, fact_link: str,
                                                                  target: str, anno_id: str) -> None:
    item = json.loads(web_annotations.annotations_jsonld(mini, urls))["items"][0]
    assert (item["body"][1]["source"], item["target"]["source"], item["id"]) == (fact_link, target, anno_id)
    assert item["body"][0] == {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                               "value": "The cosmodrome is in the Amur region of Russia's Far East."}


def _source(*texts: str, excluded: int | None = None) -> Source:
    paragraphs = [Paragraph(f"p{i}", t, i, i, excluded=(i == excluded)) for i, t in enumerate(texts)]
    return Source("s", "seeds/s.txt", Path("seeds/s.txt"), paragraphs, "0" * 64)


@pytest.mark.parametrize("texts,excluded,text,starts", [
    (("One.", "Two two."), None, "One.\n\nTwo two.", {"p0": 0, "p1": 6}),
    (("Head", "One.", "Two\nlines."), 0, "One.\n\nTwo\nlines.", {"p1": 0, "p2": 6}),
    (("Only",), None, "Only", {"p0": 0}),
    (("a\u00a0b", "\u201cc\u201d"), None, "a\u00a0b\n\n\u201cc\u201d", {"p0": 0, "p1": 5}),
])
def test_article_text_joins_the_article_paragraphs_with_a_blank_line(texts: tuple[str, ...], excluded: int | None,
                                                                     text: str, starts: dict[str, int]) -> None:
    result = article.article_text(_source(*texts, excluded=excluded))
    assert (result.text, result.starts) == (text, starts)


def test_the_same_project_gives_the_same_bytes() -> None:
    again = load_project(Layout(REPO))
    assert web_annotations.annotations_jsonld(shipped_project(), Urls()) == web_annotations.annotations_jsonld(again, Urls())
