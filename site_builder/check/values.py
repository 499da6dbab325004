"""Rules for figures: a fact's value and date, its claim's figures, names and quoted phrases, and a page's own
texts, each backed by what its verified quotes state."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..diagnostics import Code, Diagnostic
from ..figures import FactDate, Mention, mention_supports
from ..load.yamlfile import YamlDoc
from ..model.facts import Fact, Page
from ..model.support import Evidence, Support
from ..model.verification import FactCheck
from . import claims
from .citations import CitationRules

if TYPE_CHECKING:
    from ..load.yamlfile import YamlDoc


class FigureRules(CitationRules):
    """Checks what a fact's texts state against what its verified quotes state."""

    def verify_value(self, page: Page, fact: Fact, evidence: list[Evidence] | None = None,
                     failed: bool = False) -> list[Diagnostic]:
        """Return diagnostics for a fact's value and date not supported by the figures its quotes cover."""
        out = []
        doc = page.doc
        if evidence is None:  # called on its own: read every citation again
            evidence = []
            for j, cite in enumerate(fact.citations):
                match, _problems = self.verify_citation(page, cite)
                if match is not None:
                    ev, _more = self.evidence(page, fact, j, cite, match)
                    if ev is not None:
                        evidence.append(ev)
                    else:
                        failed = True
                else:
                    failed = True
        if fact.unit is not None and fact.value is None:
            out.append(doc.diag(fact.at + ("unit",), "'unit' is set but 'value' is missing", "add the value, or remove the unit",
                                code=Code.UNIT_WITHOUT_VALUE))
        for key, raw, unit in (("value", fact.value, fact.unit), ("date", fact.date, None)):
            if raw is None:
                continue
            try:
                parsed = fact.date_figure if key == "date" else fact.value_figure
                assert parsed is not None  # raw is not None
            except OverflowError:  # an integer too large for a float: no article states it
                out.append(doc.diag(fact.at + (key,), f"'{key}' is too large to be a figure an article states",
                                    code=Code.BAD_VALUE))
                continue
            except ValueError as exc:
                out.append(doc.diag(fact.at + (key,), f"'{key}': {exc}", code=Code.BAD_VALUE))
                continue
            if failed:
                continue  # a quote that failed is reported already; what it would state is unknown
            if any(mention_supports(m, parsed, unit) for ev in evidence for m in ev.mentions):
                continue
            stated = []
            for ev in evidence:
                for m in ev.mentions:
                    d = m.describe()
                    if not m.kind.is_token and d not in stated:  # names and addresses are no figure's value
                        stated.append(d)
            shown = f"{raw} {unit}" if unit else str(raw)
            hint = (f"the quotes state: {', '.join(stated)}" if stated
                    else "the quotes contain no number or date: quote the words that state it")
            yearless = [(ev, m) for ev in evidence for m in ev.mentions if m.needs_year]
            if key == "date" and yearless:
                ev, m = yearless[0]
                hint = (f"the quote's \"{m.text}\" gives no year, and source '{ev.source}' has no 'published' date "
                        f"to read it against: add 'published:' to its entry in sources.yaml")
            out.append(doc.diag(fact.at + (key,), f"{key} {shown} is not supported by any of the fact's quotes", hint,
                                code=Code.VALUE_NOT_SUPPORTED))
        return out

    def verify_claim(self, page: Page, fact: Fact, evidence: list[Evidence],
                     failed: bool) -> tuple[FactCheck, list[Diagnostic]]:
        """Return what backs the fact's claim, short, label and place, and diagnostics for what nothing backs.

        Each citation must then state the fact's figures or none of their kinds: one that states another
        figure is an error (the sources differ), one that states none is context, not agreement.
        """
        doc = page.doc
        supports: list[Support] = []
        diags: list[Diagnostic] = []
        for name in ("claim", "short", "label", "place"):
            text = getattr(fact, name)
            if not isinstance(text, str) or not text.strip():
                continue
            found = claims.support_of(name, text, evidence, self._text_mentions)
            supports.extend(found)
            if failed:
                continue
            for sup in found:
                if not sup.ok:
                    diags.append(_unsupported(doc, fact.at + (name,), sup, "the fact's quotes", "the quotes"))
        roles = ["unverified"] * len(fact.citations)
        # The figures each citation must agree with, by kind: the value, the date, the claim's own figures.
        wanted: dict[str, list[tuple[str, object]]] = {}
        for key, raw, unit in (("value", fact.value, fact.unit), ("date", fact.date, None)):
            if raw is None:
                continue
            try:
                parsed = fact.date_figure if key == "date" else fact.value_figure
                assert parsed is not None  # raw is not None
                mention = claims.value_mention(parsed, unit)
            except (ValueError, OverflowError):
                continue
            wanted.setdefault(claims.figure_kind(mention), []).append(("value", (parsed, unit)))
        for sup in supports:
            if (sup.kind == "figure" and sup.field in ("claim", "short") and sup.mention is not None
                    and claims.compared(sup.mention)):
                wanted.setdefault(sup.measure, []).append(("figure", sup.mention))
        agree: dict[str, set[int]] = {}  # kind -> citations stating an agreeing figure of that kind
        differ: dict[str, list[tuple[Evidence, list[Mention]]]] = {}
        for ev in evidence:
            role = "backs" if not wanted else "context"
            for kind, figures in wanted.items():
                same = [m for m in ev.mentions if claims.compared(m) and claims.figure_kind(m) == kind]
                if not same:
                    continue
                if any(_agrees(m, how, fig) for m in same for how, fig in figures):
                    agree.setdefault(kind, set()).add(ev.citation)
                    if role != "differs":
                        role = "backs"
                else:
                    differ.setdefault(kind, []).append((ev, same))
                    role = "differs"
            roles[ev.citation] = role
        for kind, cases in differ.items():
            if failed or not agree.get(kind):
                continue  # no citation states the fact's figure: that is the error reported above, not a difference
            ours = ", ".join(dict.fromkeys(_shown(how, fig) for how, fig in wanted[kind]))
            for ev, same in cases:
                theirs = ", ".join(dict.fromkeys(m.describe() for m in same))
                cite = fact.citations[ev.citation]
                diags.append(doc.diag(
                    cite.at + ("quote",),
                    f"this citation of '{ev.source}' states {theirs}, where the fact states {ours}",
                    "the sources differ: split the fact in two (one fact per version, each citing the source that "
                    "states it) and declare a comparison of the two under 'comparisons:'", code=Code.SOURCES_DIFFER,
                    offset=len(cite.quote) - len(cite.quote.lstrip())))
        found_hedges = tuple((word, ev.citation) for word, ev in claims.hedges(fact.claim, evidence))
        return FactCheck(fact.id, tuple(supports), tuple(roles), found_hedges, tuple(evidence)), diags

    def verify_page_text(self, page: Page, evidence: list[Evidence]) -> tuple[tuple[Support, ...], list[Diagnostic]]:
        """Return what backs the page's own texts (title, question, description, section and comparison titles, notes).

        They may state only what a verified fact on the same page states.
        """
        fields: list[tuple[tuple[str | int, ...], str, str | None]] = [
            (("page", "title"), "title", page.title), (("page", "question"), "question", page.question),
            (("page", "description"), "description", page.description)]
        fields += [(("sections", k, "title"), "section title", sec.title) for k, sec in enumerate(page.sections)]
        for comp in page.comparisons:
            fields.append((comp.at + ("title",), "comparison title", comp.title))
            fields.append((comp.at + ("note",), "comparison note", comp.note))
        out: list[Support] = []
        diags: list[Diagnostic] = []
        for at, name, text in fields:
            if not isinstance(text, str) or not text.strip():
                continue
            found = claims.support_of(name, text, evidence, self._text_mentions)
            out.extend(found)
            for sup in found:
                if not sup.ok:
                    diags.append(_unsupported(page.doc, at, sup, "the quotes on this page",
                                              "the page's quotes"))
        return tuple(out), diags


def _agrees(mention: Mention, how: str, figure: object) -> bool:
    # figure: (parsed value, unit) for a fact's value, the date's Mention for its date
    if how == "value":
        parsed, unit = cast("tuple[float | FactDate, str | None]", figure)
        return mention_supports(mention, parsed, unit)
    return claims.backs(mention, cast(Mention, figure))


def _shown(how: str, figure: object) -> str:
    if how == "value":
        parsed, unit = cast("tuple[float | FactDate, str | None]", figure)
        return claims.value_mention(parsed, unit).describe()
    return cast(Mention, figure).describe()


def _unsupported(doc: YamlDoc, at: tuple[str | int, ...], sup: Support, backers: str, stating: str) -> Diagnostic:
    """Return the error for one figure, name or quoted phrase of a reader's text that nothing backs."""
    where = sup.field
    if sup.kind == "figure":
        message = f"{where} states {sup.reads}, which none of {backers} backs"
        hint = (f"{stating} state: {', '.join(sup.stated)}" if sup.stated
                else f"{stating} state no {'date' if sup.measure == 'date' else 'figure of this kind'}: "
                     "correct the text, or quote the words that state it")
        code = Code.CLAIM_NOT_SUPPORTED
    elif sup.kind == "name":
        message = f"{where} has '{sup.text}', which is in none of {backers}"
        token = sup.mention.kind.value if sup.mention is not None else "number in a name"
        if token == "identifier":
            token = "number in a name"
        hint = (f"{stating} have: {', '.join(sup.stated)}" if sup.stated
                else f"a {token} must be in a quote exactly as written")
        code = Code.NAME_NOT_QUOTED
    else:
        message = f"{where} puts “{sup.text}” in quotation marks, but none of {backers} has these words"
        hint = (f"the closest words in {stating}: “{sup.stated[0]}”; words in quotation marks must be the source's own"
                if sup.stated else "words in quotation marks must be the source's own: quote them, or drop the marks")
        code = Code.QUOTED_WORDS_NOT_FOUND
    return doc.diag(at, message, hint, code=code, offset=sup.start if sup.differs_at is None else sup.differs_at)
