"""What differs between a quote and the closest source passage, in words and with the differences marked."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from .tokens import _diff_tokens, _token_opcodes
from .normalise import normalise, normalise_text


@dataclass(frozen=True)
class _Difference:
    """One difference between a normalised quote and passage, described and located."""

    sentence: str
    # Ranges of the normalised passage to bracket; an empty range marks
    # where the quote has something the passage lacks.
    marks: tuple[tuple[int, int], ...]


def _is_odd(char: str) -> bool:
    """Return whether a character deserves to be named rather than just shown."""
    return not char.isascii() or not char.isprintable()


def _show(text: str) -> str:
    """Return ``text`` quoted for a message, invisible characters escaped."""
    return "'" + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + "'"


def _describe_chars(text: str) -> str:
    """Return ``text`` quoted with the code point and name of each character."""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in text)
    return f"{_show(text)} ({names})"


def _region(text: str, tokens: list[tuple[int, int]], i1: int, i2: int) -> tuple[int, int]:
    """Return the text range covered by tokens i1..i2, or the insertion point before token i1."""
    if i1 < i2:
        return tokens[i1][0], tokens[i2 - 1][1]
    pos = tokens[i1][0] if i1 < len(tokens) else len(text)
    return pos, pos


def _char_differences(q: str, p: str, ps: int) -> list[_Difference]:
    """Return character-level differences naming the odd characters of one replaced word."""
    out: list[_Difference] = []
    matcher = difflib.SequenceMatcher(None, q, p, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        mark = ((ps + j1, ps + j2),)
        if tag == "replace":
            sentence = f"the quote has {_describe_chars(q[i1:i2])} where the source has {_describe_chars(p[j1:j2])}"
        elif tag == "delete":
            sentence = f"the quote adds {_describe_chars(q[i1:i2])}, which the source does not have"
        else:
            sentence = f"the source has {_describe_chars(p[j1:j2])} here, which the quote leaves out"
        out.append(_Difference(sentence, mark))
    return out


# Below this similarity a replaced word is a different word, not a typo:
# bracket all of it ("[missile]"), not scattered letters ("[missil]e[]").
_CHAR_MARKS_FROM = 0.75


def _replacement(q: str, p: str, p_start: int) -> list[_Difference]:
    """Return the differences for a quote region ``q`` replaced by passage region ``p``."""
    matcher = difflib.SequenceMatcher(None, q, p, autojunk=False)
    changed = "".join(q[i1:i2] + p[j1:j2] for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
    if any(_is_odd(c) for c in changed) and q.casefold() != p.casefold():
        # Look-alike or invisible characters: showing the words would not
        # reveal anything, naming the characters does.
        return _char_differences(q, p, p_start)
    if matcher.ratio() >= _CHAR_MARKS_FROM or q.casefold() == p.casefold():
        marks = tuple(
            (p_start + j1, p_start + j2) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal"
        )
    else:
        marks = ((p_start, p_start + len(p)),)
    if q.casefold() == p.casefold():
        suffix = " (case differs)"
    elif q.replace(" ", "") == p.replace(" ", ""):
        suffix = " (spacing differs)"
    elif q.replace(" ", "").casefold() == p.replace(" ", "").casefold():
        suffix = " (case and spacing differ)"
    else:
        suffix = ""
    return [_Difference(f"the quote has {_show(q)} where the source has {_show(p)}{suffix}", marks)]


def _spread_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Return start/end widened to whitespace-delimited words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _differences(quote: str, passage: str) -> list[_Difference]:
    """Return the differences between normalised ``quote`` and ``passage``, in quote order."""
    q_tokens, p_tokens = _diff_tokens(quote), _diff_tokens(passage)
    out: list[_Difference] = []
    for tag, i1, i2, j1, j2 in _token_opcodes(quote, q_tokens, passage, p_tokens):
        qs, qe = _region(quote, q_tokens, i1, i2)
        ps, pe = _region(passage, p_tokens, j1, j2)
        if tag == "equal":
            # Same tokens, but a space may be present on one side only
            # ("1500 km" / "1500km"): whitespace presence is not forgiven.
            for k in range(i2 - i1 - 1):
                q_gap = quote[q_tokens[i1 + k][1]:q_tokens[i1 + k + 1][0]]
                p_gap = passage[p_tokens[j1 + k][1]:p_tokens[j1 + k + 1][0]]
                if q_gap != p_gap:
                    a = _spread_to_words(quote, q_tokens[i1 + k][0], q_tokens[i1 + k + 1][1])
                    b = _spread_to_words(passage, p_tokens[j1 + k][0], p_tokens[j1 + k + 1][1])
                    gap = (p_tokens[j1 + k][1], p_tokens[j1 + k + 1][0])
                    out.append(_Difference(
                        f"the quote has {_show(quote[a[0]:a[1]])} where the source has "
                        f"{_show(passage[b[0]:b[1]])} (spacing differs)",
                        (gap,),
                    ))
        elif tag == "replace":
            out.extend(_replacement(quote[qs:qe], passage[ps:pe], ps))
        elif tag == "delete":
            out.append(_Difference(f"the quote adds {_show(quote[qs:qe])}, which the source does not have",
                                   ((ps, ps),)))
        else:
            out.append(_Difference(f"the source has {_show(passage[ps:pe])} here, which the quote leaves out",
                                   ((ps, pe),)))
    return out


_MENTIONED = 2


def explain_difference(quote: str, passage: str) -> str:
    """Return one short sentence saying what differs between an editor's quote and a source passage.

    Compares normalised texts word by word, then character by character
    inside a replaced word when odd characters (look-alikes, invisible ones)
    are involved, naming them by code point. Mentions the first two
    differences and counts the rest.
    """
    diffs = _differences(normalise_text(quote), normalise_text(passage))
    if not diffs:
        return "the quote and the source passage are the same after normalisation"
    sentence = "; ".join(d.sentence for d in diffs[:_MENTIONED])
    rest = len(diffs) - _MENTIONED
    if rest > 0:
        sentence += f"; and {rest} more difference{'s' if rest > 1 else ''}"
    return sentence


def mark_differences(quote: str, passage: str) -> str:
    """Return ``passage`` as plain text with the characters that differ from ``quote`` in brackets.

    For terminals: "Vostochny [С]osmodrome". An empty "[]" marks where the
    quote has something the passage lacks. The passage's own characters are
    kept (curly quotes and all); its surrounding whitespace is dropped.
    """
    para = normalise(passage)
    marks: list[tuple[int, int]] = []
    for diff in _differences(normalise_text(quote), para.text):
        marks.extend(para.original_span(s, e) for s, e in diff.marks)
    marks.sort()
    text_start, text_end = para.original_span(0, len(para.text))
    out: list[str] = []
    pos = text_start
    for s, e in marks:
        if s < pos:  # overlapping marks: already bracketed
            continue
        out.append(passage[pos:s])
        # An insertion point before a word reads better as "a [] boost"
        # than as "a []boost".
        gap = " " if s == e and s > text_start and passage[s - 1].isspace() else ""
        out.append(f"[{passage[s:e]}]{gap}")
        pos = e
    out.append(passage[pos:text_end])
    return "".join(out)
