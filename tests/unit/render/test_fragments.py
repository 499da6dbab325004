"""A page rendered with the last render's rows is the text Template.render gives, and renders only new rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from site_builder.render import report as rpt
from site_builder.render.env import environment
from site_builder.render.fragments import REPORT_ROWS, Rows

THEME = Path(rpt.__file__).resolve().parent.parent / "theme"


def _support(fact: str, column: int) -> dict[str, Any]:
    return {"page": "p1", "fact": fact, "path": "facts/p1.yaml", "ok": True, "items": [
        {"line": 3, "column": column, "field": "claim", "reads": "1,500 km", "ok": True,
         "backing": [{"citation": 1, "fact": fact, "source": "s1", "paragraph": "p-2", "words": "1,500 km"},
                     {"citation": 2, "fact": fact, "source": "s2", "paragraph": "p-1", "words": "<1500> km"}]}]}


def _report(claim: str = "It is far & wide", column: int = 12, extra: bool = False) -> rpt.Report:
    report = rpt.Report(
        pages=[rpt.PageRow("p1", "Page <one>", "facts/p1.yaml", 2, 3, 2)],
        sources=[rpt.SourceRow("s1", "Source one", "seeds/s1.txt", 2, 2, 5, 2),
                 rpt.SourceRow("s2", "Source two", "seeds/s2.txt", 1, 1, 4, 1)],
        single_source=[rpt.SingleSourceFact("f2", "p1", "facts/p1.yaml", 9, "s1", claim)],
        uncited=[rpt.ParagraphRow("s1", "p-3", "seeds/s1.txt", 7, "Words no fact cites."),
                 rpt.ParagraphRow("s2", "p-4", "doc.pdf", 1, "A page of a PDF.", page=2)],
        candidates=[rpt.Candidate("s1", "p-3", "seeds/s1.txt", 7, "number", "42", "42", "The 42 words.")],
        support=[_support("f1", column), _support("f2", 5)],
        review=[rpt.ReviewRow("f1", "p1", "facts/p1.yaml", 4, 1, "s1", "reportedly", "it reportedly is", claim)])
    if extra:
        report.support.append(_support("f3", 1))
        report.uncited.append(rpt.ParagraphRow("s2", "p-5", "seeds/s2.txt", 9, "One more."))
    return report


STEPS = [("first", _report(), "../"), ("same", _report(), "../"), ("a claim", _report("It is far"), "../"),
         ("a column", _report(column=13), "../"), ("rows added", _report(extra=True), "../"),
         ("rows removed", _report(), "../"), ("another base", _report(), "../../"), ("back", _report(), "../")]


def test_the_report_with_rows_kept_is_what_render_gives() -> None:
    template = environment([THEME]).get_template(rpt.REPORT_TEMPLATE)
    rows = Rows(REPORT_ROWS)
    assert set(REPORT_ROWS) <= set(template.blocks)
    paths = ({"p1": "p1/"}, {"s1": "sources/s1/", "s2": "sources/s2/"})
    for step, report, base in STEPS:
        values = {"report": report, "base": base, "page_paths": paths[0], "source_paths": paths[1]}
        assert rows.render(template, values, (template, base, *paths)) == template.render(values), step


def test_only_rows_not_rendered_last_time_are_rendered() -> None:
    made: list[str] = []

    def seen(value: str) -> str:
        made.append(value)
        return value

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": (
        "<ul>\n{% for r in rows %}\n{% block item_row scoped %}\n<li>{{ r|seen }}</li>\n{% endblock %}\n"
        "{% endfor %}\n</ul>\n")}), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True)
    env.filters["seen"] = seen
    template = env.get_template("t.html")
    rows = Rows({"item_row": "r"})

    def render(items: list[str], setting: str = "a") -> str:
        made.clear()
        return rows.render(template, {"rows": items}, (setting,))

    assert render(["a", "b"]) == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n" and made == ["a", "b"]
    assert render(["a", "b", "<c>"]) == "<ul>\n<li>a</li>\n<li>b</li>\n<li>&lt;c&gt;</li>\n</ul>\n"
    assert made == ["<c>"]
    assert render(["b"]) == "<ul>\n<li>b</li>\n</ul>\n" and made == []
    assert render(["a"]) == "<ul>\n<li>a</li>\n</ul>\n" and made == ["a"]  # not kept: the last render had no a
    assert render(["a"], "other") == "<ul>\n<li>a</li>\n</ul>\n" and made == ["a"]  # another setting
    env.filters["seen"] = lambda value: 1 // 0
    with pytest.raises(ZeroDivisionError):
        rows.render(env.get_template("t.html"), {"rows": ["z"]}, ("b",))


def test_a_new_rows_keeps_and_finds_the_reports_rows_in_the_cache(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A build has no last render: with a digest of the setting, the rows of an earlier process are found."""
    from support import own_cache_key

    from site_builder.load import cache

    template = environment([THEME]).get_template(rpt.REPORT_TEMPLATE)
    paths = ({"p1": "p1/"}, {"s1": "sources/s1/", "s2": "sources/s2/"})
    made: list[str] = []
    blocks = dict(template.blocks)

    def counting(name: str) -> Any:
        def block(context: Any) -> Any:
            made.append(name)
            return blocks[name](context)
        return block

    (tmp_path / "project").mkdir()
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        for step, report, base in STEPS:
            values = {"report": report, "base": base, "page_paths": paths[0], "source_paths": paths[1]}
            for keep in (f"setting {base}", f"setting {base}"):  # the second: all found in the cache
                made.clear()
                cache._CACHES.clear()  # a new process: nothing kept in memory
                monkeypatch.setattr(template, "blocks", {n: counting(n) for n in blocks})
                with cache.session(tmp_path / "project"):
                    text = Rows(REPORT_ROWS).render(template, values, (template, base, *paths), keep)
                monkeypatch.setattr(template, "blocks", blocks)
                assert text == template.render(values), step
            assert made == [], step
        assert (tmp_path / "project" / cache.MEMO_DIR / "report-rows.memo").is_file()
        made.clear()
        monkeypatch.setattr(template, "blocks", {n: counting(n) for n in blocks})
        with cache.session(tmp_path / "project"):
            Rows(REPORT_ROWS).render(template, values, (template, base, *paths), "another setting")
        assert len(made) > 5  # another setting finds none of them
