"""The command-line parser: every command, its options and its help text (the reference for each command)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..version import __version__
from .commands import (cmd_add_source, cmd_build, cmd_check, cmd_explain, cmd_find, cmd_init, cmd_report, cmd_schema,
                       cmd_serve, cmd_sources_accept, cmd_sources_list, cmd_sources_refresh)


#: What --format says where the two formats go to stdout (find, report, explain).
TEXT_OR_JSON = "text (for people) or json (for tools); both on stdout"


def _format_option(command: argparse.ArgumentParser, help: str = TEXT_OR_JSON) -> None:
    """Add the --format text|json option of the commands that print a result."""
    command.add_argument("--format", choices=("text", "json"), default="text", help=help)


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser (its help texts are the reference for every command)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="work on the project in DIR (default: the current folder)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="also show MkDocs' progress messages")

    def command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                func: Callable[[argparse.Namespace], int], **kwargs: Any) -> argparse.ArgumentParser:
        """Add the command ``name`` (with -C and -v) that ``func`` runs."""
        added = commands.add_parser(name, parents=[common], **kwargs)
        added.set_defaults(func=func)
        return added

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

    b = command(sub, "build", cmd_build, help="verify, then build the site (strict)",
                       description="Verify all facts, then build the site into DIR (default: site/). The site is built "
                                   "aside and swapped in only when complete: a failed build leaves the previous site "
                                   "untouched. Dates in the output come from SOURCE_DATE_EPOCH, else the last git "
                                   "commit, so the same input gives the same bytes; the pages' 'Published …, updated …' "
                                   "and the dates of corrections come from the commits of the facts files (none "
                                   "without git or in a shallow clone). DIR must be absent, empty, or a "
                                   "site build made (it holds a .site-builder-site marker): any other folder is "
                                   "refused and nothing is deleted. Dotfiles (.git, .nojekyll) and CNAME in DIR are "
                                   "kept. Two builds into one DIR run one after the other. A build into the DIR of an "
                                   "earlier one takes over from it each generated file whose inputs did not change "
                                   "and which nobody touched since (recorded in .cache/; the same bytes as a cold "
                                   "build).")
    b.add_argument("--out", metavar="DIR", help="output folder, relative to the project folder (default: site_dir from mkdocs.yml, i.e. site/)")
    b.add_argument("--strict", action="store_true",
                   help="also fail on content warnings (a moved quote, a source without a recorded hash), "
                        "as 'mkdocs build --strict' does")

    ch = command(sub, "check", cmd_check, help="verify only; writes nothing",
                        description="Verify every quote against its source, every value and date against the figures "
                                    "its quotes cover, and every figure, number in a name and quoted phrase of what "
                                    "readers read (claim, short, label, place, page description and titles) against "
                                    "the quotes; each citation must state the fact's figures or none of their kind. "
                                    "When a source's file no longer matches the sha256 recorded in sources.yaml, "
                                    "every citation to it is re-anchored in the new text and reported as unchanged, "
                                    "moved, changed or lost; changed and lost are errors, the rest pass (a moved "
                                    "quote is a warning). mkdocs.yml and the plugin's options are validated by MkDocs "
                                    "itself, exactly as 'build' reads them. Writes nothing. Exit 1 when anything "
                                    "fails; warnings do not fail unless --strict. With many pages to verify and two "
                                    "CPUs, two processes verify them (the output is the same), unless the desk is "
                                    "so large that the second could double the memory; SITE_BUILDER_JOBS=1 "
                                    "keeps to one, =2 asks for two, auto (the default) chooses.")
    ch.add_argument("--format", choices=("text", "json", "github"), default="text",
                    help="text (for people, on stderr), json (for tools, on stdout: the diagnostics, and "
                         "'drift': each citation of a changed source with its status) or github (GitHub Actions "
                         "annotations '::error file=…,line=…,col=…::', on stdout)")
    ch.add_argument("--strict", action="store_true",
                    help="fail on warnings too, as 'mkdocs build --strict' and 'build --strict' do")

    s = command(sub, "serve", cmd_serve, help="live preview that rebuilds on every save",
                       description="Serve a live preview that rebuilds when files under facts/, seeds/, the "
                                   "theme's custom_dir or mkdocs.yml change, re-rendering only the pages and files a change "
                                   "reaches. The files that sum up the whole desk (the editors' report, the list of "
                                   "sources, facts.json and the other exports, the search index) and the share images are "
                                   "written once "
                                   "the preview has been idle a second; a request for one waits until it is. "
                                   "Content errors are shown in the terminal and on the page; the server keeps "
                                   "running.")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default 127.0.0.1:8000)")
    s.add_argument("--poll", action="store_true",
                   help="notice saves by looking at the files every 0.5 s, as MkDocs does, instead of through the "
                        "system's file events (for folders on a network or container mount, where events do not "
                        "arrive)")

    i = command(sub, "init", cmd_init, help="create a new fact-sheet repository that builds as it is",
                       description="Create DIR as a newsroom repository that works on day one: mkdocs.yml (the "
                                   "factsheet theme and plugin; set site_url), facts/ and seeds/ with an example "
                                   "article and facts file, docs/, schemas/ (for editors' YAML tools), a pinned "
                                   "requirements.txt, .gitignore, .pre-commit-config.yaml (runs 'site-builder "
                                   "check') and .github/workflows/ (check on pull requests, GitHub Pages deploy on "
                                   "main), and a README with a short editor's guide. The theme is not copied: it "
                                   "comes with the package. DIR must not exist or be empty.")
    i.add_argument("dir", metavar="DIR")

    sc = command(sub, "schema", cmd_schema, help="print the JSON Schema of facts files",
                        description="Print the JSON Schema that facts files are validated against.")
    sc.add_argument("name", nargs="?", choices=("facts", "sources"), default="facts",
                    help="facts (page files, default) or sources (facts/sources.yaml)")

    f = command(
        sub, "find", cmd_find, help="find words or a figure in the sources; print citations to paste",
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
    _format_option(f)
    f.add_argument("--limit", type=int, default=20, metavar="N", help="show at most N hits (default 20)")

    r = command(
        sub, "report", cmd_report, help="coverage report: facts per page and source, gaps, candidate facts",
        description="Print the coverage report: facts per page and per source; facts backed by only one source; "
                    "article paragraphs no fact cites; numbers and dates the sources state that no fact quotes or "
                    "uses (candidate facts), each with its paragraph. The built site has the same report at "
                    "editors/ (not linked for readers, marked noindex). Needs a project without errors.")
    _format_option(r)

    e = command(
        sub, "explain", cmd_explain, help="show which words of which quote back each figure and quoted phrase",
        description="For each figure (number, date, money, quantity), number in a name (Luna-25) and phrase in "
                    "quotation marks in a fact's claim, short, label and place, show the words of the quotes that "
                    "back it, with the line:column of the item; then each citation's part: it backs the claim, is "
                    "context (states none of the fact's figures, so it does not count as a source agreeing) or "
                    "states a different figure. Quotes that hedge (possibly, reportedly, claimed, allegedly...) "
                    "where the claim does not are listed as warnings for review. Without FACT-ID: every fact, and "
                    "each page's title, question, description and section and comparison titles.",
        epilog="exit status: 0 when everything shown is backed and check passes, 1 otherwise, 2 usage errors")
    e.add_argument("ids", nargs="*", metavar="FACT-ID", help="fact id(s) (default: all facts and page texts)")
    _format_option(e)

    a = command(
        sub, "add-source", cmd_add_source, help="store an article (saved page, PDF, text, or URL) and register it",
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

    so = sub.add_parser(
        "sources", parents=[common], help="list sources, record a reviewed source's new hash, or fetch a URL source again",
        description="Work with the registered sources. 'check' compares each file with the sha256 recorded in "
                    "facts/sources.yaml; when a file changed it re-anchors every citation to it and reports each "
                    "as unchanged, moved, changed or lost. After reviewing, 'sources accept ID' records the new hash.")
    so_sub = so.add_subparsers(dest="sources_command", metavar="SUBCOMMAND", required=True)
    acc = command(
        so_sub, "accept", cmd_sources_accept, help="record the current sha256 of reviewed sources",
        description="Record the current sha256 of each source ID in facts/sources.yaml (adding the key if it is "
                    "missing), once you have reviewed what changed in its file ('site-builder check' lists each "
                    "citation's status). Only the sha256 lines change; the rest of the file is kept byte for byte "
                    "and written atomically. Citations that no longer match stay errors until fixed. "
                    "--all records every registered source's hash (what 'check' suggests when many sources "
                    "have none recorded).")
    acc.add_argument("ids", nargs="*", metavar="ID", help="source id(s) from facts/sources.yaml")
    acc.add_argument("--all", action="store_true", help="accept every registered source")
    rf = command(
        so_sub, "refresh", cmd_sources_refresh, help="fetch a URL source again; if it changed, store the new copy and re-anchor",
        description="Fetch the url of source ID again (once, like add-source). When the page changed, store the new "
                    "copy beside the old one in seeds/ (the old one stays, as the reviewed version), point the "
                    "source's file: at it, and re-anchor every citation in the new text: each is reported as "
                    "unchanged, moved, changed or lost, as 'check' does. Review, then 'sources accept ID'. When the "
                    "page has not changed, nothing is written.")
    rf.add_argument("id", metavar="ID", help="a source with a url in facts/sources.yaml")
    ls = command(
        so_sub, "list", cmd_sources_list, help="list sources and whether each file matches its recorded sha256",
        description="List every source: id, file, paragraphs, how many facts cite it, and whether its file is "
                    "reviewed (matches its recorded sha256), changed since, or has no hash recorded.")
    _format_option(ls, "text or json, on stdout")
    return p
