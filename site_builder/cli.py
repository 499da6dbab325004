"""site-builder: verify facts against their sources and build the explainer site.

Exit codes: 0 success, 1 content errors (or a failed build), 2 usage errors.
Messages for people go to stderr; data (``check --format json``) to stdout.
"""

from __future__ import annotations

import argparse
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

    opts = plugin_options(_config_file(root))
    return Layout(root, opts.get("facts_dir", "facts"), opts.get("seeds_dir", "seeds"),
                  opts.get("templates_dir", "templates"))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from .project import load_project

    project = load_project(_layout(_root(args)))
    if args.format == "json":
        print(to_json(project.diagnostics))
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
                                    "Writes nothing. Exit 1 when anything fails.")
    ch.add_argument("--format", choices=("text", "json"), default="text",
                    help="text (for people, on stderr) or json (for tools, on stdout)")
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
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
