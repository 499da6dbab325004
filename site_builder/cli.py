"""site-builder: verify facts against their sources and build the explainer site.

Exit codes: 0 success, 1 content errors (or a failed build, or a file-system error), 2 usage errors,
130 interrupted, 141 the reader of the output went away. Messages for people go to stderr; data
(``check --format json``) to stdout. No failure prints a traceback: each is one located line.
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
from .diagnostics import format_all, summary, to_github, to_json

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
#: Ctrl-C (128 + SIGINT) and a reader that closed the pipe (128 + SIGPIPE), as shells report them.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


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


def _site(root: Path):  # -> SiteConfig: mkdocs.yml validated by MkDocs itself, as `build` reads it
    from .mkdocs_config import ConfigInvalid, load_site_config

    try:
        return load_site_config(_config_file(root))
    except ConfigInvalid as exc:
        # A broken mkdocs.yml is a content error (exit 1), reported like every other one.
        print(format_all(exc.diagnostics), file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None


def _layout(root: Path):  # -> Layout
    return _site(root).layout


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from .api import check_project

    root = _root(args)
    result = check_project(root, _config_file(root))
    diags, project = result.diagnostics, result.project
    passed = result.passed(strict=args.strict)
    for note in result.notes:
        _say(f"note: {note}")
    if args.format == "json":
        doc = json.loads(to_json(diags))
        doc["ok"] = passed
        doc["drift"] = [d.as_dict() for d in project.drift] if project else []  # each citation of a changed source
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif args.format == "github":
        if diags:
            print(to_github(diags, strict=args.strict))
    elif diags:
        _say(format_all(diags))
    if args.format != "json":
        state = "ok" if passed else "FAILED"
        if project is None:
            _say(f"check {state}: mkdocs.yml cannot be used; {summary(diags)}")
        else:
            n_facts = sum(len(p.facts) for p in project.pages)
            n_cites = sum(len(f.citations) for p in project.pages for f in p.facts)
            strict = " (--strict: warnings fail)" if args.strict and not passed and project.ok else ""
            _say(f"check {state}: {len(project.pages)} page(s), {n_facts} facts, {n_cites} citations, "
                 f"{len(project.sources)} sources; {summary(diags)}{strict}")
    return EXIT_OK if passed else EXIT_CONTENT


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    root = _root(args)
    out = Path(args.out) if args.out else None
    return build_site(root, _config_file(root), out, verbose=args.verbose, strict=args.strict)


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import serve_site

    root = _root(args)
    host, sep, port = args.dev_addr.rpartition(":")
    if not sep or not host or not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--dev-addr {args.dev_addr!r}: write it as HOST:PORT with a port from 1 to 65535 "
                         "(e.g. 127.0.0.1:8000)")
    return serve_site(root, _config_file(root), args.dev_addr, verbose=args.verbose)


def cmd_init(args: argparse.Namespace) -> int:
    from .output import describe_os_error
    from .scaffold import InitRefused, init_project

    target = Path(args.dir)
    try:
        init_project(target)
    except InitRefused as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        _say(f"site-builder: error: cannot create the project in {target}: {describe_os_error(exc)}; "
             "nothing was left behind")
        return EXIT_CONTENT
    _say(f"created a fact-sheet repository in {target}/ (its README.md is a short editor's guide)\n"
         f"next: set site_url in {target}/mkdocs.yml, replace {target}/seeds/ and {target}/facts/ with your "
         f"articles and facts, then\n"
         f"  site-builder -C {target} check\n  site-builder -C {target} build\n"
         f"and push it to GitHub: .github/workflows/ checks pull requests and publishes main with Pages")
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
    from . import find, invisible, values

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
        print(invisible.escaped(find.format_text(result, args.limit)))  # an article's bidi override cannot reorder the terminal
    return EXIT_OK if result.found else EXIT_CONTENT


def cmd_report(args: argparse.Namespace) -> int:
    from . import invisible, report
    from .project import load_project

    project = load_project(_layout(_root(args)))
    if not project.ok:
        _say(format_all(project.diagnostics))
        _say(f"report FAILED: {summary(project.diagnostics)}; fix these first (the report counts verified citations)")
        return EXIT_CONTENT
    data = report.build_report(project)
    print(report.to_json(data) if args.format == "json" else invisible.escaped(report.format_text(data)))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    import difflib

    from .explain import explain, explain_fact, explain_page, format_explanation
    from .project import load_project

    project = load_project(_layout(_root(args)))
    known = [f.id for p in project.pages for f in p.facts]
    if args.ids:
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            close = difflib.get_close_matches(unknown[0], known, n=1)
            raise UsageError(f"no fact '{unknown[0]}'" + (f"; did you mean '{close[0]}'?" if close else
                                                           f" (facts: {', '.join(known[:8])}{', …' if len(known) > 8 else ''})"))
        found = [explain_fact(project, i) for i in dict.fromkeys(args.ids)]
    else:
        found = [explain_page(project, p) for p in project.pages]
        found += [explain(project, p, f) for p in project.pages for f in p.facts]
    data = [d for d in found if d is not None]
    if args.format == "json":
        print(json.dumps({"ok": project.ok and all(d["ok"] for d in data), "explanations": data},
                         ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_explanation(d) for d in data))
    if not project.ok:
        _say(f"note: check reports {summary(project.diagnostics)} ('site-builder check' lists them); "
             "what it refused is shown as not backed")
    return EXIT_OK if project.ok and all(d["ok"] for d in data) else EXIT_CONTENT


def cmd_add_source(args: argparse.Namespace) -> int:
    import datetime as dt

    from .lock import locked
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
        with locked(layout.root, "the project"):  # one writer of sources.yaml and seeds/ at a time
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
    from .lock import locked
    from .register import RegisterError, accept_sources

    if args.all == bool(args.ids):
        raise UsageError("name the source id(s) to accept, or give --all (not both)")
    layout = _layout(_root(args))
    try:
        with locked(layout.root, "the project"):  # one writer of sources.yaml at a time
            accepted, _project = accept_sources(layout, None if args.all else args.ids)
    except RegisterError as exc:
        if exc.exit_code == EXIT_USAGE:
            raise UsageError(str(exc)) from None
        _say(str(exc))
        return EXIT_CONTENT
    failing = 0
    unchanged = 0
    for a in accepted:
        if a.previous == a.sha256:
            unchanged += 1
            if not args.all:
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
    if args.all:
        _say(f"{len(accepted) - unchanged} source(s) recorded, {unchanged} already matched their recorded sha256")
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
        description="Verify every fact's quotes, figures and reader-visible text against the stored articles, "
                    "and build the explainer site with MkDocs.",
        epilog="Exit codes: 0 success, 1 content errors, failed build or file-system error, 2 usage errors, "
               "130 interrupted, 141 output pipe closed. Errors are printed as path:line:column: error: message. "
               "Commands that write (add-source, sources accept, build) wait for one another: "
               "SITE_BUILDER_LOCK_TIMEOUT seconds at most (default 120).")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = sub.add_parser("build", parents=[common], help="verify, then build the site (strict)",
                       description="Verify all facts, then build the site into DIR (default: site/). The site is built "
                                   "aside and swapped in only when complete: a failed build leaves the previous site "
                                   "untouched. Dates in the output come from SOURCE_DATE_EPOCH, else the last git "
                                   "commit, so the same input gives the same bytes; the pages' 'Published …, updated …' "
                                   "and the dates of corrections come from the commits of the facts files (none "
                                   "without git or in a shallow clone). DIR must be absent, empty, or a "
                                   "site build made (it holds a .site-builder-site marker): any other folder is "
                                   "refused and nothing is deleted. Dotfiles (.git, .nojekyll) and CNAME in DIR are "
                                   "kept. Two builds into one DIR run one after the other.")
    b.add_argument("--out", metavar="DIR", help="output folder, relative to the project folder (default: site_dir from mkdocs.yml, i.e. site/)")
    b.add_argument("--strict", action="store_true",
                   help="also fail on content warnings (a moved quote, a source without a recorded hash), "
                        "as 'mkdocs build --strict' does")
    b.set_defaults(func=cmd_build)

    ch = sub.add_parser("check", parents=[common], help="verify only; writes nothing",
                        description="Verify every quote against its source, every value and date against the figures "
                                    "its quotes cover, and every figure, number in a name and quoted phrase of what "
                                    "readers read (claim, short, label, place, page description and titles) against "
                                    "the quotes; each citation must state the fact's figures or none of their kind. "
                                    "When a source's file no longer matches the sha256 recorded in sources.yaml, "
                                    "every citation to it is re-anchored in the new text and reported as unchanged, "
                                    "moved, changed or lost; changed and lost are errors, the rest pass (a moved "
                                    "quote is a warning). mkdocs.yml and the plugin's options are validated by MkDocs "
                                    "itself, exactly as 'build' reads them. Writes nothing. Exit 1 when anything "
                                    "fails; warnings do not fail unless --strict.")
    ch.add_argument("--format", choices=("text", "json", "github"), default="text",
                    help="text (for people, on stderr), json (for tools, on stdout: the diagnostics, and "
                         "'drift': each citation of a changed source with its status) or github (GitHub Actions "
                         "annotations '::error file=…,line=…,col=…::', on stdout)")
    ch.add_argument("--strict", action="store_true",
                    help="fail on warnings too, as 'mkdocs build --strict' and 'build --strict' do")
    ch.set_defaults(func=cmd_check)

    s = sub.add_parser("serve", parents=[common], help="live preview that rebuilds on every save",
                       description="Serve a live preview that rebuilds when files under facts/, seeds/, the "
                                   "theme's custom_dir or mkdocs.yml change. Content errors are shown in the terminal and on the page; the "
                                   "server keeps running.")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)

    i = sub.add_parser("init", parents=[common], help="create a new fact-sheet repository that builds as it is",
                       description="Create DIR as a newsroom repository that works on day one: mkdocs.yml (the "
                                   "factsheet theme and plugin; set site_url), facts/ and seeds/ with an example "
                                   "article and facts file, docs/, schemas/ (for editors' YAML tools), a pinned "
                                   "requirements.txt, .gitignore, .pre-commit-config.yaml (runs 'site-builder "
                                   "check') and .github/workflows/ (check on pull requests, GitHub Pages deploy on "
                                   "main), and a README with a short editor's guide. The theme is not copied: it "
                                   "comes with the package. DIR must not exist or be empty.")
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
    f.add_argument("--unit", metavar="UNIT", help="the figure's unit: km, mi, m, ft, km2, mi2, USD, GBP, EUR, RUB, "
                                                 "%% or pp (percentage points); passages in a convertible unit count")
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

    e = sub.add_parser(
        "explain", parents=[common], help="show which words of which quote back each figure and quoted phrase",
        description="For each figure (number, date, money, quantity), number in a name (Luna-25) and phrase in "
                    "quotation marks in a fact's claim, short, label and place, show the words of the quotes that "
                    "back it, with the line:column of the item; then each citation's part: it backs the claim, is "
                    "context (states none of the fact's figures, so it does not count as a source agreeing) or "
                    "states a different figure. Quotes that hedge (possibly, reportedly, claimed, allegedly...) "
                    "where the claim does not are listed as warnings for review. Without FACT-ID: every fact, and "
                    "each page's title, question, description and section and comparison titles.",
        epilog="exit status: 0 when everything shown is backed and check passes, 1 otherwise, 2 usage errors")
    e.add_argument("ids", nargs="*", metavar="FACT-ID", help="fact id(s) (default: all facts and page texts)")
    e.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (for people) or json (for tools); both on stdout")
    e.set_defaults(func=cmd_explain)

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
                    "is replaced in one atomic step. Runs one at a time per project: a second add-source waits for "
                    "the first.")
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
                    "and written atomically. Citations that no longer match stay errors until fixed. "
                    "--all records every registered source's hash (what 'check' suggests when many sources "
                    "have none recorded).")
    acc.add_argument("ids", nargs="*", metavar="ID", help="source id(s) from facts/sources.yaml")
    acc.add_argument("--all", action="store_true", help="accept every registered source")
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


def _survive_any_locale() -> None:
    # A terminal or pipe that cannot encode a character (LC_ALL=C, PYTHONIOENCODING=latin-1) gets it
    # escaped (\u202e) instead of a UnicodeEncodeError halfway through the output.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _quiet_broken_pipe() -> int:
    # The reader went away (`site-builder find x | head -1`): stop quietly, like other Unix tools.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _survive_any_locale()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("site-builder: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _quiet_broken_pipe()


def _main(argv: Sequence[str] | None) -> int:
    from .lock import LockTimeout
    from .output import describe_os_error

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
    except LockTimeout as exc:
        _say(f"site-builder: error: {exc}")
        return EXIT_CONTENT
    except (KeyboardInterrupt, BrokenPipeError, SystemExit):
        raise
    except OSError as exc:
        _say(f"site-builder: error: {describe_os_error(exc)}")
        return EXIT_CONTENT
    except MemoryError:
        _say("site-builder: error: out of memory; the input is too large for this machine")
        return EXIT_CONTENT
    except Exception as exc:  # the last resort: one line, never a traceback
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
        _say(f"site-builder: internal error: {type(exc).__name__}: {exc}{where}; this is a bug in site-builder, "
             "please report it with the command you ran (SITE_BUILDER_DEBUG=1 shows the traceback)")
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        return EXIT_CONTENT
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
