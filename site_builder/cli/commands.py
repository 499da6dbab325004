"""The commands: each takes the parsed arguments, does its work, prints, and returns the exit code.

Messages for people go to stderr; data (``check --format json``) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import SiteBuilderError, format_all, summary, to_github, to_json


if TYPE_CHECKING:  # imported where used: each command loads only what it needs, so start-up stays quick
    from ..mkdocs.config import SiteConfig
    from ..model.project import Layout, Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
#: Ctrl-C (128 + SIGINT) and a reader that closed the pipe (128 + SIGPIPE), as shells report them.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


class UsageError(SiteBuilderError):
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


def _site(root: Path) -> SiteConfig:
    """Return mkdocs.yml validated by MkDocs itself, as `build` reads it."""
    from ..mkdocs.config import ConfigInvalid, load_site_config

    try:
        return load_site_config(_config_file(root))
    except ConfigInvalid as exc:
        # A broken mkdocs.yml is a content error (exit 1), reported like every other one.
        print(format_all(exc.diagnostics), file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None


def _layout(root: Path) -> Layout:
    return _site(root).layout


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from ..api import check_project
    from ..check.parallel import jobs_setting

    try:
        jobs_setting()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    root = _root(args)
    result = check_project(root, _config_file(root))
    diags, checked = result.diagnostics, result.checked
    passed = result.passed(strict=args.strict)
    for note in result.notes:
        _say(f"note: {note}")
    if args.format == "json":
        doc = json.loads(to_json(diags))
        doc["ok"] = passed
        doc["drift"] = checked.drift if checked else []  # each citation of a changed source
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif args.format == "github":
        if diags:
            print(to_github(diags, strict=args.strict))
    elif diags:
        _say(format_all(diags))
    if args.format != "json":
        state = "ok" if passed else "FAILED"
        if checked is None:
            _say(f"check {state}: mkdocs.yml cannot be used; {summary(diags)}")
        else:
            strict = " (--strict: warnings fail)" if args.strict and not passed and checked.ok else ""
            _say(f"check {state}: {checked.pages} page(s), {checked.facts} facts, {checked.citations} citations, "
                 f"{checked.sources} sources; {summary(diags)}{strict}")
    return EXIT_OK if passed else EXIT_CONTENT


def cmd_build(args: argparse.Namespace) -> int:
    from ..mkdocs.build import build_site

    root = _root(args)
    out = Path(args.out) if args.out else None
    return build_site(root, _config_file(root), out, verbose=args.verbose, strict=args.strict)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..mkdocs.build import serve_site

    root = _root(args)
    host, sep, port = args.dev_addr.rpartition(":")
    if not sep or not host or not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--dev-addr {args.dev_addr!r}: write it as HOST:PORT with a port from 1 to 65535 "
                         "(e.g. 127.0.0.1:8000)")
    return serve_site(root, _config_file(root), args.dev_addr, verbose=args.verbose, poll=args.poll)


def cmd_init(args: argparse.Namespace) -> int:
    from ..mkdocs.output import describe_os_error
    from ..scaffold.init import InitRefused, init_project

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

    from ..load.schema import schema

    print(json.dumps(schema(args.name), indent=2, ensure_ascii=False))
    return EXIT_OK


def _load_for_search(args: argparse.Namespace) -> Project:
    """Return the project, with its sources loaded (else the diagnostics are printed and the command stops)."""
    from ..check.project import load_project

    project = load_project(_layout(_root(args)))
    if not project.sources:
        _say(format_all(project.diagnostics))
        raise _ContentStop()
    return project


class _ContentStop(SiteBuilderError):
    """The project's files stop the command (exit 1); the diagnostics were printed."""


def cmd_find(args: argparse.Namespace) -> int:
    from ..editor import find
    from ..text import invisible
    from ..figures import UNITS, canonical_unit

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
        unit = args.unit if args.unit in UNITS else canonical_unit(args.unit)
        if unit is None:
            raise UsageError(f"unknown unit '{args.unit}': use one of {', '.join(UNITS)}")
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
            from ..text import suggest

            raise UsageError(f"unknown source '{unknown[0]}'; " + (suggest.hint(unknown[0], known) or
                                                                   f"sources: {', '.join(known)}"))
        sources = [known[sid] for sid in dict.fromkeys(args.source)]
    result = find.Finder(sources).find(args.phrase, value, unit)
    if args.format == "json":
        print(find.to_json(result, args.limit))
    else:
        print(invisible.escaped(find.format_text(result, args.limit)))  # an article's bidi override cannot reorder the terminal
    return EXIT_OK if result.found else EXIT_CONTENT


def cmd_report(args: argparse.Namespace) -> int:
    from ..text import invisible
    from ..render import report
    from ..check.project import load_project

    project = load_project(_layout(_root(args)))
    if not project.ok:
        _say(format_all(project.diagnostics))
        _say(f"report FAILED: {summary(project.diagnostics)}; fix these first (the report counts verified citations)")
        return EXIT_CONTENT
    data = report.build_report(project)
    print(report.to_json(data) if args.format == "json" else invisible.escaped(report.format_text(data)))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from ..check.explain import explain, explain_fact, explain_page, format_explanation
    from ..check.project import load_project

    project = load_project(_layout(_root(args)))
    known = [f.id for p in project.pages for f in p.facts]
    if args.ids:
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            from ..text import suggest

            listed = f"(facts: {', '.join(known[:8])}{', …' if len(known) > 8 else ''})"
            close = suggest.hint(unknown[0], known)
            raise UsageError(f"no fact '{unknown[0]}'" + (f"; {close}" if close else f" {listed}"))
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

    from ..mkdocs.lock import locked
    from ..editor.register import RegisterError, add_source

    layout = _layout(_root(args))
    added = None
    if args.added is not None:
        try:
            added = dt.date.fromisoformat(args.added)
        except ValueError:
            raise UsageError(f"--added {args.added!r}: write the date as YYYY-MM-DD") from None
    try:
        from ..editor.intake import looks_like_url

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
    from ..mkdocs.lock import locked
    from ..editor.register import RegisterError, accept_sources

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
    from ..editor.refresh import refresh_source
    from ..editor.register import RegisterError

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
    from ..check.project import load_project
    from ..editor.register import source_statuses

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


