"""The baseline: the same pages as ordinary Markdown in a plain MkDocs project (same theme, no plugin)."""

from __future__ import annotations

import shutil
import json
import re
from pathlib import Path
from typing import Any

import yaml

from .project import MKDOCS_YML
from .rules import normalise_text, split
from .words import MONTHS


def _load(text: str) -> Any:
    """Return YAML text as plain data, parsed by libyaml (the pure-Python parser took most of the generation time)."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def date_words(iso: str | int) -> str:
    parts = [int(x) for x in str(iso).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def write_card(docs: Path, page_title: str, md_name: str, fact: dict, src_info: dict, locate: Any) -> None:
    """Write a fact's card page (facts/<id>.md): its claim, key figure, quotes with their paragraphs, the snippet.

    The same shell as the site's cards (the theme's fact-card.html: no site navigation), out of the nav.
    """
    fid = fact["id"]
    body = ["---", "template: fact-card.html", "---", "",
            f"Fact from [{md_escape(page_title)}](../{md_name}#{fid})", "", f"# {md_escape(fact['claim'])}", ""]
    if fact.get("label"):
        shown = fact.get("value", fact.get("date", fact["claim"]))
        body += [f"**{md_escape(fact['label'])}**: {shown} {fact.get('unit', '')}", ""]
    body += ["## What the sources say", ""]
    seen: set[tuple[str, str, str]] = set()
    for c in fact["citations"]:
        anchor, _line, _start, _end = locate(c)
        if (c["source"], anchor, c["quote"]) in seen:
            continue
        seen.add((c["source"], anchor, c["quote"]))
        info = src_info[c["source"]]
        pub = info["entry"].get("published")
        body += [f"> {md_escape(c['quote'])}", "",
                 f"— [{md_escape(info['name'])}{', ' + date_words(pub) if pub else ''}](../sources/{c['source']}.md#{anchor})",
                 ""]
    snippet = (f'<iframe src="/facts/{fid}/" title="Fact: {md_escape(fact["claim"])}" width="100%" height="480" '
               'loading="lazy"></iframe>')
    body += ["## Embed this fact", "", "Copy this into your page:", "", f"    {snippet}", ""]
    (docs / "facts" / f"{fid}.md").write_text("\n".join(body), encoding="utf-8")


def write_baseline(out: Path, project: Path) -> None:
    """Write the same pages as ordinary Markdown files into a plain MkDocs project (no plugin)."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "sources").mkdir(parents=True)
    (docs / "facts").mkdir()
    shutil.copytree(project / "templates", out / "templates")
    shutil.copy(project / "docs" / "about.md", docs / "about.md")
    cfg = _load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(
        site_name=cfg["site_name"], site_description=json.dumps(cfg["site_description"]),
        plugins="plugins: []\nmarkdown_extensions:\n  - attr_list\nnot_in_nav: |\n  /facts/\n"), encoding="utf-8")
    src_doc = _load((project / "facts" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    pages = sorted((project / "facts").glob("page-*.yaml"))
    one_page = len(pages) == 1
    src_info = {}
    for entry in src_doc:
        text = (project / entry["file"]).read_text(encoding="utf-8")
        excluded_texts = {normalise_text(str(e["text"])) for e in entry.get("exclude", []) if "text" in e}
        paras = [p for p in split(text, ".txt") if p.line_start != 1 and normalise_text(p.text) not in excluded_texts]
        name_ = entry.get("label") or entry.get("publisher") or entry.get("title") or entry["id"]
        src_info[entry["id"]] = {"entry": entry, "paras": paras, "name": name_, "marks": {}, "cited": {}}

    def locate(cite: dict) -> tuple[str, int, int, int]:
        info = src_info[cite["source"]]
        needle = normalise_text(cite["quote"])
        for p in info["paras"]:
            if (cite.get("paragraph") in (None, p.anchor)) and needle in normalise_text(p.text):
                start = p.text.find(cite["quote"])
                return p.anchor, p.line_start, start, start + len(cite["quote"])
        raise AssertionError(cite)

    page_links = []
    for path in pages:
        data = _load(path.read_text(encoding="utf-8"))
        pid = path.stem
        md_name = "index.md" if one_page else f"{pid}.md"
        page_links.append((data["page"], pid))
        numbers: dict[tuple, int] = {}
        notes: list[str] = []
        by_id = {f["id"]: f for f in data["facts"]}

        # Called only within this iteration: the loop's names are bound as defaults to say so.
        def markers(fact: dict, md_name: str = md_name, numbers: dict = numbers, notes: list = notes) -> str:
            out_ = []
            for c in fact["citations"]:
                anchor, line, start, end = locate(c)
                info = src_info[c["source"]]
                info["marks"].setdefault(anchor, []).append((start, end))
                info["cited"].setdefault(anchor, []).append((fact["id"], fact["claim"], md_name))
                key = (c["source"], anchor, c["quote"])
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    pub = info["entry"].get("published")
                    notes.append(f"{numbers[key]}. “{md_escape(c['quote'])}” — [{md_escape(info['name'])}"
                                 f"{', ' + date_words(pub) if pub else ''}, paragraph at line {line}]"
                                 f"(sources/{c['source']}.md#{anchor}) [↩](#{fact['id']})")
                out_.append(f"[\\[{numbers[key]}\\]](sources/{c['source']}.md#{anchor})")
            return "".join(out_)

        lines = [f"# {md_escape(data['page']['title'])}", "", md_escape(data["page"].get("question", "")), ""]
        lines += ["## The answer", "", " ".join(f"<span id=\"{a}\">{md_escape(by_id[a]['claim'])}</span>{markers(by_id[a])}"
                                                for a in data["page"]["answer"]), ""]
        figures = [f for f in data["facts"] if f.get("label")]
        if figures:
            lines += ["## Key figures", ""]
            for f in figures:
                shown = f.get("value", f.get("date", f["claim"]))
                lines.append(f"- **{md_escape(f['label'])}**: {shown} {f.get('unit', '')} [details](#{f['id']})")
            lines.append("")
        answer = set(data["page"]["answer"])
        groups = [(None, "Facts")] + [(s["id"], s["title"]) for s in data.get("sections", [])]
        for sid, title in groups:
            members = [f for f in data["facts"] if f.get("section") == sid and f["id"] not in answer]
            if not members:
                continue
            lines += [f"## {md_escape(title)}", ""]
            for f in members:
                n_src = len({c["source"] for c in f["citations"]})
                when = f"{date_words(f['date'])} · " if "date" in f else ""
                lines.append(f"- <span id=\"{f['id']}\">{md_escape(f['claim'])}</span>{markers(f)}<br>{when}{n_src} "
                             f"source{'s' if n_src != 1 else ''}")
            lines.append("")
        lines += ["## Sources for each claim", ""] + notes + [""]
        (docs / md_name).write_text("\n".join(lines), encoding="utf-8")
        for f in data["facts"]:
            write_card(docs, data["page"]["title"], md_name, f, src_info, locate)
    if not one_page:
        home = ["# Explainers", ""] + [f"- [{md_escape(p.get('question') or p['title'])}]({pid}.md)" for p, pid in page_links]
        (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    index = ["# Sources", "", "The articles this site quotes, stored in full.", ""]
    for sid, info in src_info.items():
        entry = info["entry"]
        pub = f", {date_words(entry['published'])}" if entry.get("published") else ""
        index.append(f"- [{md_escape(info['name'])}]({sid}.md){pub} ({len(info['cited'])} paragraphs cited)")
        body = [f"# {md_escape(info['name'])}", ""]
        meta = " · ".join(md_escape(str(x)) for x in (entry.get("publisher"), entry.get("byline")) if x)
        if entry.get("published"):
            meta += f" · {date_words(entry['published'])}"
        if entry.get("url"):
            meta += f" · [Original article]({entry['url']})"
        body += [meta, "", f"Shown in full as stored. {len(info['cited'])} of {len(info['paras'])} paragraphs cited.", ""]
        for p in info["paras"]:
            spans = sorted(info["marks"].get(p.anchor, []))
            text, pos, parts = p.text, 0, []
            for start, end in spans:
                if start < pos:
                    continue
                parts += [md_escape(text[pos:start]), "<mark>", md_escape(text[start:end]), "</mark>"]
                pos = end
            parts.append(md_escape(text[pos:]))
            body += ["".join(parts).replace("\n", "<br>\n"), f"{{: #{p.anchor} }}", ""]
            cited = info["cited"].get(p.anchor)
            if cited:
                links = "; ".join(f"[{md_escape(claim)}](../{md}#{fid})" for fid, claim, md in dict.fromkeys(cited))
                body += [f"Cited for: {links}", ""]
        (docs / "sources" / f"{sid}.md").write_text("\n".join(body), encoding="utf-8")
    (docs / "sources" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    # The same data files the site publishes (the about page links to them), as plain static files.
    rows = [{"id": f["id"], "page": pid, "claim": f["claim"], "value": f.get("value"), "unit": f.get("unit"),
             "date": f.get("date"), "citations": f["citations"]}
            for path in pages for pid in [path.stem]
            for f in _load(path.read_text(encoding="utf-8"))["facts"]]
    (docs / "facts.json").write_text(json.dumps({"facts": rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    csv_lines = ["fact_id,page,claim,source,quote"] + [
        ",".join(json.dumps(x, ensure_ascii=False) for x in (r["id"], r["page"], r["claim"], c["source"], c["quote"]))
        for r in rows for c in r["citations"]]
    (docs / "facts.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- command line
