"""Dates: when a fact happened, from the date expressions of its sentence, and when an article appeared.

spaCy's DATE entities find the expressions; dateparser normalises them, relative to the article's
publication date when it is known. A relative expression ("on Monday", "June 27", "earlier in
October") is only resolved against a known publication date: resolving it against today would
invent a date. Durations and ages ("three decades", "25-year", "53") carry no calendar cue and are
never dates. Each date keeps its precision (day, month or year) so a month is not read as its
first day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Span, Token

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_RELATIVE = r"today|yesterday|tomorrow|(?:last|next|this) (?:week|month|year)"
_YEAR = r"(?:19|20)\d{2}"
#: The part of a DATE entity that names a calendar date; anything before it ("earlier in", "the end
#: of") is dropped so dateparser sees only the date.
_CUE = re.compile(rf"\b(?:(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+{_YEAR})?|"
                  rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+{_YEAR})?|{_WEEKDAYS}|{_RELATIVE}|{_YEAR})\b",
                  re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: Lines that carry an article's publication date near its top.
_PUBLISHED = re.compile(r"^\s*(?:published|posted|updated|first published|date)\s*(?:on|:)?\s*(.{6,60}?)\s*$",
                        re.IGNORECASE)
_HEADER_LINES = 12


@dataclass(frozen=True)
class FactDate:
    """A normalised date: ISO day (the first day of the month or year when less precise) and precision."""

    iso: str
    precision: str  # "day" | "month" | "year"


@cache
def _parser(base: dt.datetime | None):  # noqa: ANN202 - dateparser has no public type for it
    from dateparser.date import DateDataParser  # imported on first use: it is slow to import

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _base(article_date: str | None) -> dt.datetime | None:
    m = _ISO.match(article_date or "")
    return dt.datetime(int(m[1]), int(m[2]), int(m[3])) if m else None


@lru_cache(maxsize=4096)
def normalise(text: str, article_date: str | None = None) -> FactDate | None:
    """The date an expression names, or None when it is not a calendar date or cannot be anchored."""
    base = _base(article_date)
    # without a publication date only a cue that names its year can be read ("last year, in 2004" is
    # 2004, never the year before the build ran); with one, the first cue is the date
    m = next((c for c in _CUE.finditer(text) if base is not None or _HAS_YEAR.search(c.group())), None)
    if not m:
        return None  # no calendar cue, or one relative to an unknown day: no honest answer
    phrase = text[m.start():].strip(" ,.")
    data = _parser(base).get_date_data(phrase)
    if data.date_obj is None:
        return None
    d, period = data.date_obj.date(), data.period or "day"
    if period == "month":
        d = d.replace(day=1)
    elif period == "year":
        d = d.replace(month=1, day=1)
    elif period not in {"day", "week"}:
        return None
    return FactDate(d.isoformat(), "day" if period == "week" else period)


def _clause_heads(tok: Token) -> set[int]:
    """The trigger and the verbs that govern it, up to its clause: a date attached to any of them dates it."""
    heads = {tok.i}
    t = tok
    while t.head.i != t.i and t.dep_ not in {"ccomp", "advcl", "relcl", "xcomp", "acl"}:
        t = t.head
        heads.add(t.i)
        if t.pos_ in {"VERB", "AUX"}:
            break
    return heads


def fact_date(tok: Token, article_date: str | None = None) -> FactDate | None:
    """The date of the fact a trigger token states: a DATE entity of its sentence attached to its clause."""
    heads = _clause_heads(tok)
    sent: Span = tok.sent
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        t = ent.root
        while t.head.i != t.i and t.i not in heads and t.head.i >= sent.start:
            if t.dep_ in {"relcl", "acl", "ccomp", "advcl"} and t.head.i not in heads:
                break
            t = t.head
        if t.i in heads:
            found = normalise(ent.text, article_date)
            if found:
                return found
    return None


def publication_date(text: str) -> str | None:
    """An ISO publication date from a 'Published: ...' line or a date-only line near the top of a text."""
    for line in text.splitlines()[:_HEADER_LINES]:
        m = _PUBLISHED.match(line)
        candidate = m[1] if m else line.strip()
        if not candidate or len(candidate) > 40 or not _HAS_YEAR.search(candidate):
            continue
        cue = _CUE.search(candidate)
        if cue is None or (not m and len(candidate) - len(cue[0]) > 12):
            continue  # a line that is mostly something else only mentions a date
        found = normalise(candidate)
        if found and found.precision == "day":
            return found.iso
    return None
