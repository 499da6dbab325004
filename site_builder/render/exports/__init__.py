"""Standard exports of the verified facts, beside facts.json: files other tools read without knowing this project.

- ``annotations.jsonld``: one W3C Web Annotation per citation (:mod:`.web_annotations`), anchored on the source's
  article text, which is published too, at ``sources/<id>.txt`` (:mod:`.article`);
- ``sources.csl.json``: the sources as CSL-JSON, as Zotero and Pandoc read it (:mod:`.csl`);
- ``datapackage.json``: a Frictionless Data Package describing ``facts.csv`` (:mod:`.datapackage`);
- ``schemas/facts-json.schema.json``: the JSON Schema of facts.json itself (:mod:`.facts_schema`).

Each module takes the loaded, verified project and the site's URL style and returns text: no templates, no
MkDocs. The text is the same bytes for the same input (keys in a fixed order, no clock).
"""

from __future__ import annotations

from ...model.project import Project
from ..parts import Parts
from ..urls import Urls
from . import article, csl, datapackage, facts_schema, web_annotations


def export_files(project: Project, urls: Urls, site_name: str, facts_csv: str,
                 parts: Parts | None = None) -> dict[str, str]:
    """Return every export as {site path: text}, in a fixed order (the article texts last).

    ``facts_csv`` is the text of the facts.csv the site publishes, which datapackage.json describes; ``parts``
    (a serve rebuilding) holds each page's annotations of the last build.
    """
    files = {
        web_annotations.FILE: web_annotations.annotations_jsonld(project, urls, parts),
        csl.FILE: csl.sources_csl_json(project),
        datapackage.FILE: datapackage.datapackage_json(facts_csv, urls, site_name),
        facts_schema.FILE: facts_schema.schema_text(),
    }
    for source in project.sources:
        files[article.article_path(source.id)] = article.article_text(source).text
    return files


def export_paths(project: Project) -> list[str]:
    """Return the site paths :func:`export_files` gives, in its order, without making any export."""
    return [web_annotations.FILE, csl.FILE, datapackage.FILE, facts_schema.FILE,
            *(article.article_path(source.id) for source in project.sources)]


__all__ = ["article", "csl", "datapackage", "export_files", "export_paths", "facts_schema", "web_annotations"]
