"""The check of a fact's ``as_of`` date: when a claim that is true only at a moment was true.

Readers read "as of September 2023", so the date is verified like any date the page states:

* a quote of the fact states it (at the as_of's precision: "September 2023" is stated by "September 13, 2023");
* or no quote states it, and then it must be the date a cited source was published (an article's "so far" is
  as of its publication), to the as_of's precision, and the quotes may state no other date than those the
  fact's own ``date``, ``value`` and claim use: a date left over could be the moment the article gives its
  figure for ("by June"), which an as_of of its publication date would contradict.

Anything else is an error at the ``as_of`` field, saying what the quotes and the sources' dates state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import figures as values
from ..diagnostics import Code, Diagnostic
from ..model.facts import Fact, Page
from ..model.support import Evidence
from . import claims


def _parse(raw: object) -> values.FactDate:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return values.FactDate(raw)
    parsed = values.parse_fact_value(raw)
    if isinstance(parsed, values.FactDate):
        return parsed
    raise ValueError(f"must be written YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")


def published_on(published: values.FactDate, as_of: values.FactDate) -> bool:
    """Return True when a source published on ``published`` speaks as of ``as_of`` (at as_of's precision).

    >>> published_on(values.FactDate(2023, 9, 13), values.FactDate(2023, 9))
    True
    >>> published_on(values.FactDate(2023, 9, 13), values.FactDate(2023, 10))
    False
    >>> published_on(values.FactDate(2023), values.FactDate(2023, 9))
    False
    """
    return published.within(as_of)


def _fact_dates(fact: Fact, evidence: Sequence[Evidence]) -> list[values.Mention]:
    """Return the date figures the fact itself states (its date, a date value, its claim's dates) as mentions."""
    out: list[values.Mention] = []
    for raw in (fact.date, fact.value):
        if raw is None:
            continue
        try:
            parsed = _parse(raw)
        except (ValueError, OverflowError):
            continue
        out.append(claims.value_mention(parsed, None))
    for sup in claims.support_of("claim", fact.claim, evidence):
        if sup.kind == "figure" and sup.measure == "date" and sup.mention is not None:
            out.append(sup.mention)
    return out


def verify_as_of(page: Page, fact: Fact, evidence: Sequence[Evidence], failed: bool,
                 published: Mapping[str, values.FactDate | None]) -> list[Diagnostic]:
    """Return the diagnostics for a fact's ``as_of`` that neither a quote nor a cited source's date backs."""
    if fact.as_of is None:
        return []
    at = fact.at + ("as_of",)
    doc = page.doc
    try:
        as_of = _parse(fact.as_of)
    except (ValueError, OverflowError) as exc:
        return [doc.diag(at, f"'as_of': {exc}", code=Code.BAD_VALUE)]
    if failed:
        return []  # a quote that failed is reported already; what it would state is unknown
    mentions = [m for ev in evidence for m in ev.mentions]
    if any(values.mention_supports(m, as_of, None) for m in mentions):
        return []
    own = _fact_dates(fact, evidence)
    other = [m for m in mentions if claims.compared(m) and claims.figure_kind(m) == "date"
             and not any(claims.backs(m, o) or values.mention_supports(m, o.date, None)
                         for o in own if o.date is not None)]
    sources = list(dict.fromkeys(ev.source for ev in evidence))
    dated = [(s, published.get(s)) for s in sources]
    if not other and any(p is not None and published_on(p, as_of) for _, p in dated):
        return []
    stated = list(dict.fromkeys(m.describe() for m in other))
    when = ", ".join(f"'{s}' {p.iso()}" for s, p in dated if p is not None)
    if stated:
        hint = (f"the quotes state {', '.join(stated)}: an as_of must be the date the quotes give for the claim, "
                "or drop it")
    elif when:
        hint = (f"no quote states a date, and the cited sources were published: {when}; an as_of no quote states "
                "must be the publication date of a cited source (to the as_of's precision)")
    else:
        hint = ("no quote states a date, and no cited source has a 'published' date: quote the words that state "
                "the date, or add 'published:' to the source in sources.yaml")
    return [doc.diag(at, f"as_of {fact.as_of} is not supported by the fact's quotes or its sources' dates", hint,
                     code=Code.VALUE_NOT_SUPPORTED)]
