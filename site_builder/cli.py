"""site-builder: verify facts against their sources and build the explainer site.

Exit codes: 0 success, 1 content errors (or a failed build), 2 usage errors.
Messages for people go to stderr; data (``check --format json``) to stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .diagnostics import format_all, summary, to_json

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called (exit 2)."""


def _root(args: argparse.Namespace) -> Path:
    root = Path(args.root).expanduser()
    if not root.is_dir():
        raise UsageError(f"project folder '{args.root}' does not exist")
    return root.resolve()


def _config_file(root: Path) -> Path:
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (root / name).is_file():
            return root / name
    raise UsageError(f"no mkdocs.yml in {root}: not a fact-sheet project (make one with 'site-builder init DIR', "
                     "or point at one with -C DIR)")


def _layout(root: Path):  # -> Layout; reads the plugin's options from mkdocs.yml without building
    from .project import Layout
    from .mkdocs_config import plugin_options

    from mkdocs.exceptions import ConfigurationError

    from .build import config_error_message

    config_file = _config_file(root)
    try:
        opts = plugin_options(config_file)
    except ConfigurationError as exc:
        # A broken mkdocs.yml is a content error (exit 1), reported like every other one.
        print(config_error_message(config_file, exc), file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None
    return Layout(root, opts.get("facts_dir", "facts"), opts.get("seeds_dir", "seeds"),
                  opts.get("templates_dir", "templates"))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from .project import load_project

    project = load_project(_layout(_root(args)))
    if args.format == "json":
        doc = json.loads(to_json(project.diagnostics))
        doc["drift"] = [d.as_dict() for d in project.drift]  # each citation of a changed source, re-anchored
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif project.diagnostics:
        _say(format_all(project.diagnostics))
    if args.format != "json":
        n_facts = sum(len(p.facts) for p in project.pages)
        n_cites = sum(len(f.citations) for p in project.pages for f in p.facts)
        state = "ok" if project.ok else "FAILED"
        _say(f"check {state}: {len(project.pages)} page(s), {n_facts} facts, {n_cites} citations, "
             f"{len(project.sources)} sources; {summary(project.diagnostics)}")
    return EXIT_OK if project.ok else EXIT_CONTENT


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    root = _root(args)
    out = Path(args.out) if args.out else None
    return build_site(root, _config_file(root), out, verbose=args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import serve_site

    root = _root(args)
    return serve_site(root, _config_file(root), args.dev_addr, verbose=args.verbose)


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    target = Path(args.dir)
    try:
        init_project(target)
    except FileExistsError as exc:
        raise UsageError(str(exc)) from None
    _say(f"created a fact-sheet project in {target}/\n"
         f"next: replace {target}/seeds/ and {target}/facts/ with your articles and facts, then\n"
         f"  site-builder -C {target} check\n  site-builder -C {target} build")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .schema import schema

    print(json.dumps(schema(args.name), indent=2, ensure_ascii=False))
    return EXIT_OK


def _load_for_search(args: argparse.Namespace):  # -> Project with its sources loaded
    from .project import load_project

    project = load_project(_layout(_root(args)))
    if not project.sources:
        _say(format_all(project.diagnostics))
        raise _ContentStop()
    return project


class _ContentStop(Exception):
    """The project's files stop the command (exit 1); the diagnostics were printed."""


def cmd_find(args: argparse.Namespace) -> int:
    from . import find, values

    if args.phrase is None and args.value is None:
        raise UsageError("give the words to look for, or --value (e.g. find \"came into service\", find --value 1500 --unit km)")
    if args.phrase is not None and not args.phrase.strip():
        raise UsageError("the words to look for are empty")
    if args.unit is not None and args.value is None:
        raise UsageError("--unit needs --value")
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    unit = None
    if args.unit is not None:
        unit = args.unit if args.unit in values.UNITS else values.canonical_unit(args.unit)
        if unit is None:
            raise UsageError(f"unknown unit '{args.unit}': use one of {', '.join(values.UNITS)}")
    value = None
    if args.value is not None:
        try:
            value = find.parse_value(args.value)
        except ValueError as exc:
            raise UsageError(f"--value {args.value!r}: {exc}") from None
    project = _load_for_search(args)
    sources = project.sources
    if args.source:
        known = {s.id: s for s in sources}
        unknown = [sid for sid in args.source if sid not in known]
        if unknown:
            raise UsageError(f"unknown source '{unknown[0]}'; sources: {', '.join(known)}")
        sources = [known[sid] for sid in dict.fromkeys(args.source)]
    result = find.Finder(sources).find(args.phrase, value, unit)
    if args.format == "json":
        print(find.to_json(result, args.limit))
    else:
        print(find.format_text(result, args.limit))
    return EXIT_OK if result.found else EXIT_CONTENT


def cmd_report(args: argparse.Namespace) -> int:
    from . import report
    from .project import load_project

    project = load_project(_layout(_root(args)))
    if not project.ok:
        _say(format_all(project.diagnostics))
        _say(f"report FAILED: {summary(project.diagnostics)}; fix these first (the report counts verified citations)")
        return EXIT_CONTENT
    data = report.build_report(project)
    print(report.to_json(data) if args.format == "json" else report.format_text(data))
    return EXIT_OK


def cmd_add_source(args: argparse.Namespace) -> int:
    import datetime as dt

    from .register import RegisterError, add_source

    layout = _layout(_root(args))
    added = None
    if args.added is not None:
        try:
            added = dt.date.fromisoformat(args.added)
        except ValueError:
            raise UsageError(f"--added {args.added!r}: write the date as YYYY-MM-DD") from None
    try:
        from .editor.intake import looks_like_url

        file = args.file if looks_like_url(args.file) else Path(args.file)
        result = add_source(layout, file, args.id, title=args.title, publisher=args.publisher,
                            byline=args.byline, published=args.published, url=args.url, label=args.label,
                            name=args.name, added=added, language=args.language)
    except RegisterError as exc:
        if exc.exit_code == EXIT_USAGE:
            raise UsageError(str(exc)) from None
        _say(str(exc))
        return EXIT_CONTENT
    where = (f"fetched {result.fetched_from} and stored it as {result.file}" if result.fetched_from
             else f"copied to {result.file}" if result.copied else f"registered {result.file} where it is")
    _say(f"added source '{result.id}': {where} ({result.paragraphs} paragraphs), sha256 {result.sha256[:12]}…\n"
         f"{layout.facts_dir}/sources.yaml now has:\n" + "\n".join(f"  {line}" for line in result.entry))
    if result.from_page:
        flags = {"title": "--title", "byline": "--byline", "publisher": "--publisher", "published": "--published",
                 "url": "--url", "language": "--language"}
        _say("from the page itself (check them; to change one, edit the entry or add again with the flag):\n"
             + "\n".join(f"  {key}: {getattr(result.metadata, key)}  ({result.metadata.found.get(key, 'the page')}; "
                          f"{flags[key]})" for key in result.from_page))
    plain = result.file.endswith((".txt", ".md"))
    _say(("next: exclude text that is not the article (headline, 'Share', credit lines) under 'exclude:', then cite it:\n"
          if plain else "next: cite it (page furniture is left out already; 'exclude:' drops anything else):\n")
         + f"  site-builder find \"some words\" --source {result.id}")
    return EXIT_OK


def cmd_sources_accept(args: argparse.Namespace) -> int:
    from .register import RegisterError, accept_sources

    layout = _layout(_root(args))
    try:
        accepted, _project = accept_sources(layout, args.ids)
    except RegisterError as exc:
        if exc.exit_code == EXIT_USAGE:
            raise UsageError(str(exc)) from None
        _say(str(exc))
        return EXIT_CONTENT
    failing = 0
    for a in accepted:
        if a.previous == a.sha256:
            _say(f"'{a.id}': {a.file} already matches its recorded sha256; nothing to record")
            continue
        _say(f"'{a.id}': recorded sha256 {a.sha256} for {a.file}"
             + (f" (was {a.previous})" if a.previous else ""))
        if a.drift is not None and a.drift.citations:
            counts = a.drift.counts()
            _say("  its citations: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
            bad = [c for c in a.drift.citations if c.status in ("changed", "lost")]
            failing += len(bad)
            for c in bad:
                _say(f"  {c.path}:{c.line}:{c.column}: {c.status}: {c.fact_id} (now a quote-not-found error)")
    if failing:
        _say(f"{failing} citation(s) no longer match the accepted text: 'site-builder check' shows what to fix")
    return EXIT_OK


def cmd_sources_refresh(args: argparse.Namespace) -> int:
    from .editor.refresh import refresh_source
    from .register import RegisterError

    layout = _layout(_root(args))
    try:
        result = refresh_source(layout, args.id)
    except RegisterError as exc:
        if exc.exit_code == EXIT_USAGE:
            raise UsageError(str(exc)) from None
        _say(str(exc))
        return EXIT_CONTENT
    if result.new_file is None:
        _say(f"'{result.id}': {result.url} is unchanged (the same bytes as {result.old_file}); nothing written")
        return EXIT_OK
    _say(f"'{result.id}': {result.url} has changed; stored the new copy as {result.new_file} beside "
         f"{result.old_file}, and pointed the source at it")
    failing = 0
    if result.drift is not None:
        counts = result.drift.counts()
        _say("  its citations: " + (", ".join(f"{n} {status}" for status, n in counts.items()) or "none"))
        for c in result.drift.citations:
            _say(f"  {c.path}:{c.line}:{c.column}: {c.status}: {c.fact_id}")
        failing = sum(1 for c in result.drift.citations if c.status in ("changed", "lost"))
    _say(f"next: 'site-builder check' shows each change; fix the {failing} changed or lost citation(s), then "
         f"'site-builder sources accept {result.id}'" if failing else
         f"next: every quote is still there; 'site-builder sources accept {result.id}' records the new version")
    return EXIT_OK


def cmd_sources_list(args: argparse.Namespace) -> int:
    from .project import load_project
    from .register import source_statuses

    project = load_project(_layout(_root(args)))
    rows = source_statuses(project)
    if args.format == "json":
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
    else:
        words = {"reviewed": "reviewed (matches its recorded sha256)",
                 "changed": "CHANGED since reviewed: run 'site-builder check', then 'site-builder sources accept {id}'",
                 "unrecorded": "no sha256 recorded: run 'site-builder sources accept {id}'"}
        for r in rows:
            print(f"{r.id}\t{r.file}\t{r.paragraphs} paragraphs, cited by {r.cited_by} fact{'s' if r.cited_by != 1 else ''}\t"
                  + words[r.state].format(id=r.id))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser (its help texts are the reference for every command)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="work on the project in DIR (default: the current folder)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="also show MkDocs' progress messages")
    p = argparse.ArgumentParser(
        prog="site-builder", parents=[common],
        description="Verify every fact's quotes and figures against the stored articles, and build the "
                    "explainer site with MkDocs.",
        epilog="Exit codes: 0 success, 1 content errors or failed build, 2 usage errors. "
               "Errors are printed as path:line:column: error: message.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = sub.add_parser("build", parents=[common], help="verify, then build the site (strict)",
                       description="Verify all facts, then build the site into DIR (default: site/). The site is built "
                                   "aside and swapped in only when complete: a failed build leaves the previous site "
                                   "untouched. Dates in the output come from SOURCE_DATE_EPOCH, else the last git "
                                   "commit, so the same input gives the same bytes.")
    b.add_argument("--out", metavar="DIR", help="output folder, relative to the project folder (default: site_dir from mkdocs.yml, i.e. site/)")
    b.set_defaults(func=cmd_build)

    ch = sub.add_parser("check", parents=[common], help="verify only; writes nothing",
                        description="Verify every quote against its source and every value against its quotes. "
                                    "When a source's file no longer matches the sha256 recorded in sources.yaml, "
                                    "every citation to it is re-anchored in the new text and reported as unchanged, "
                                    "moved, changed or lost; changed and lost are errors, the rest pass (a moved "
                                    "quote is a warning). Writes nothing. Exit 1 when anything fails; warnings do "
                                    "not fail.")
    ch.add_argument("--format", choices=("text", "json"), default="text",
                    help="text (for people, on stderr) or json (for tools, on stdout: the diagnostics, and "
                         "'drift': each citation of a changed source with its status)")
    ch.set_defaults(func=cmd_check)

    s = sub.add_parser("serve", parents=[common], help="live preview that rebuilds on every save",
                       description="Serve a live preview that rebuilds when files under facts/, seeds/, templates/ or "
                                   "mkdocs.yml change. Content errors are shown in the terminal and on the page; the "
                                   "server keeps running.")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)

    i = sub.add_parser("init", parents=[common], help="create a new fact-sheet project that builds as it is",
                       description="Create DIR with mkdocs.yml, facts/, seeds/, templates/ and an example article "
                                   "and facts file that build as they are. DIR must not exist or be empty.")
    i.add_argument("dir", metavar="DIR")
    i.set_defaults(func=cmd_init)

    sc = sub.add_parser("schema", parents=[common], help="print the JSON Schema of facts files",
                        description="Print the JSON Schema that facts files are validated against.")
    sc.add_argument("name", nargs="?", choices=("facts", "sources"), default="facts",
                    help="facts (page files, default) or sources (facts/sources.yaml)")
    sc.set_defaults(func=cmd_schema)

    f = sub.add_parser(
        "find", parents=[common], help="find words or a figure in the sources; print citations to paste",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Search every source for PHRASE, forgiving what 'check' forgives (spacing, quote and dash "
                    "styles), then also ignoring case; when nothing matches, show the closest passage of each "
                    "source and what differs. With --value (and --unit), list the passages that state that figure "
                    "in any written form or convertible unit. Each hit shows the source id, paragraph anchor, "
                    "file:line, the paragraph with the hit between » and «, and a citation block to paste under a "
                    "fact's 'citations:' (its quote is the article's own words).",
        epilog="examples:\n"
               "  site-builder find \"came into service\"\n"
               "  site-builder find --value 1500 --unit km\n"
               "  site-builder find --value 2023-09-13 --source reuters\n"
               "exit status: 0 when found, 1 when only similar passages (or nothing) were found, 2 usage errors")
    f.add_argument("phrase", nargs="?", metavar="PHRASE", help="the words to look for (quote them in the shell)")
    f.add_argument("--value", metavar="N", help="a figure (1500, 1,500, 2.5) or a date (2016, 2023-09, 2023-09-13)")
    f.add_argument("--unit", metavar="UNIT", help="the figure's unit: km, mi, m, ft, km2, mi2, USD, GBP, EUR, RUB "
                                                 "(passages in a convertible unit count)")
    f.add_argument("--source", action="append", metavar="ID", help="search only this source (repeatable)")
    f.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (for people) or json (for tools); both on stdout")
    f.add_argument("--limit", type=int, default=20, metavar="N", help="show at most N hits (default 20)")
    f.set_defaults(func=cmd_find)

    r = sub.add_parser(
        "report", parents=[common], help="coverage report: facts per page and source, gaps, candidate facts",
        description="Print the coverage report: facts per page and per source; facts backed by only one source; "
                    "article paragraphs no fact cites; numbers and dates the sources state that no fact quotes or "
                    "uses (candidate facts), each with its paragraph. The built site has the same report at "
                    "editors/ (not linked for readers, marked noindex). Needs a project without errors.")
    r.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (for people) or json (for tools); both on stdout")
    r.set_defaults(func=cmd_report)

    a = sub.add_parser(
        "add-source", parents=[common], help="store an article (saved page, PDF, text, or URL) and register it",
        description="Store FILE in seeds/ unchanged and register it in facts/sources.yaml with its sha256 and the "
                    "date added. FILE is a saved web page (.html/.htm, e.g. the browser's 'Save page as…'), a PDF "
                    "with a text layer, a UTF-8 .txt or .md file, or an http(s) address, fetched once (timeout "
                    "20 s, at most 20 MB and 5 redirects; an HTML page or a PDF). The article text of a page or PDF "
                    "is extracted the same way on every build: navigation, share bars, ads, related stories and "
                    "footers are left out; a PDF's paragraphs keep their page. The title, byline, publisher, date, "
                    "canonical address and language the page states (JSON-LD, OpenGraph, <meta>, the PDF's "
                    "document information) fill the entry where no flag gives them, and are shown for you to "
                    "check. Never overwrites a file in seeds/; a FILE already in seeds/ is registered where it is. "
                    "The rest of sources.yaml (comments, key order, formatting) is kept byte for byte, and the file "
                    "is replaced in one atomic step.")
    a.add_argument("file", metavar="FILE", help="the article: a saved .html/.htm page, a .pdf, a UTF-8 .txt "
                                                "(paragraphs separated by blank lines, or one per line) or .md "
                                                "file, or an https:// address")
    a.add_argument("--id", required=True, metavar="ID",
                   help="how facts will cite it: lowercase letters, digits and hyphens (e.g. reuters-vostochny)")
    a.add_argument("--title", help="the article's own headline")
    a.add_argument("--publisher", help="the publisher, when the article names it")
    a.add_argument("--byline", help="the author(s), as the article credits them")
    a.add_argument("--published", metavar="DATE", help="publication date as the article states it: YYYY, YYYY-MM or YYYY-MM-DD")
    a.add_argument("--url", help="address of the original article (http or https)")
    a.add_argument("--label", help="short name for readers when the article names no publisher or title")
    a.add_argument("--language", metavar="TAG", help="the article's language (e.g. en, en-GB), when the page does not state it")
    a.add_argument("--name", metavar="FILENAME", help="file name in seeds/ (default: FILE's own name; for an "
                                                     "address, its host and last path words)")
    a.add_argument("--added", metavar="YYYY-MM-DD", help="date to record as 'added' (default: today)")
    a.set_defaults(func=cmd_add_source)

    so = sub.add_parser(
        "sources", parents=[common], help="list sources, record a reviewed source's new hash, or fetch a URL source again",
        description="Work with the registered sources. 'check' compares each file with the sha256 recorded in "
                    "facts/sources.yaml; when a file changed it re-anchors every citation to it and reports each "
                    "as unchanged, moved, changed or lost. After reviewing, 'sources accept ID' records the new hash.")
    so_sub = so.add_subparsers(dest="sources_command", metavar="SUBCOMMAND", required=True)
    acc = so_sub.add_parser(
        "accept", parents=[common], help="record the current sha256 of reviewed sources",
        description="Record the current sha256 of each source ID in facts/sources.yaml (adding the key if it is "
                    "missing), once you have reviewed what changed in its file ('site-builder check' lists each "
                    "citation's status). Only the sha256 lines change; the rest of the file is kept byte for byte "
                    "and written atomically. Citations that no longer match stay errors until fixed.")
    acc.add_argument("ids", nargs="+", metavar="ID", help="source id(s) from facts/sources.yaml")
    acc.set_defaults(func=cmd_sources_accept)
    rf = so_sub.add_parser(
        "refresh", parents=[common], help="fetch a URL source again; if it changed, store the new copy and re-anchor",
        description="Fetch the url of source ID again (once, like add-source). When the page changed, store the new "
                    "copy beside the old one in seeds/ (the old one stays, as the reviewed version), point the "
                    "source's file: at it, and re-anchor every citation in the new text: each is reported as "
                    "unchanged, moved, changed or lost, as 'check' does. Review, then 'sources accept ID'. When the "
                    "page has not changed, nothing is written.")
    rf.add_argument("id", metavar="ID", help="a source with a url in facts/sources.yaml")
    rf.set_defaults(func=cmd_sources_refresh)
    ls = so_sub.add_parser(
        "list", parents=[common], help="list sources and whether each file matches its recorded sha256",
        description="List every source: id, file, paragraphs, how many facts cite it, and whether its file is "
                    "reviewed (matches its recorded sha256), changed since, or has no hash recorded.")
    ls.add_argument("--format", choices=("text", "json"), default="text", help="text or json, on stdout")
    ls.set_defaults(func=cmd_sources_list)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    p = parser()
    args = p.parse_args(argv)
    args.root = getattr(args, "root", ".")
    args.verbose = getattr(args, "verbose", False)
    try:
        return int(args.func(args))
    except UsageError as exc:
        p.exit(EXIT_USAGE, f"site-builder: error: {exc}\n")
    except _ContentStop:
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
