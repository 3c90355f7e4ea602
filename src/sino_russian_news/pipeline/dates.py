"""Dates: spaCy DATE entities, resolved against the article's publication date.

dateparser does the arithmetic ('two weeks ago', 'next week'); two news conventions are
added on top: a bare weekday on the day it names is that day ('Xi on Wednesday said', in a
Wednesday paper), and an expression that names only a month or a year resolves to that
period, not to a made-up day.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..schema import DatePrecision, DateResolution

if TYPE_CHECKING:
    from spacy.tokens import Span

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DAY_LEVEL = re.compile(
    r"\b(" + "|".join(WEEKDAYS) + r"|today|yesterday|tomorrow|days?|weeks?|\d{1,2}(st|nd|rd|th)?)\b", re.IGNORECASE
)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r"|month)\b", re.IGNORECASE)
_YEAR_LEVEL = re.compile(r"\b(\d{4}|year)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(early|late|mid|spring|summer|autumn|fall|winter|anniversary|decades?|\w+-(day|month|year)|nearly|around|about|half|period)\b",
    re.IGNORECASE,
)


def precision(text: str) -> DatePrecision | None:
    if _VAGUE.search(text):
        return None
    if re.search(r"\b(next|last|this|that) week\b", text, re.IGNORECASE):
        return DatePrecision.WEEK
    if _DAY_LEVEL.search(text):
        return DatePrecision.DAY
    if _MONTH.search(text):
        return DatePrecision.MONTH
    if _YEAR_LEVEL.search(text):
        return DatePrecision.YEAR
    return None


def tense_of(span: Span) -> str | None:
    """Tense of the clause a DATE span sits in: 'past', 'future' or 'present' (spaCy tags)."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    # A bare participle ('…on Monday followed by talks') takes the tense of its clause.
    while (
        token.tag_ == "VBN"
        and token.dep_ in ("advcl", "acl", "amod")
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    ):
        token = token.head
    auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if token.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in auxiliaries):
        return "past"
    sentence = [t.lower_ for t in span.sent]
    future_markers = ("will", "shall", "due", "expected", "going")
    if any(word in sentence for word in future_markers):
        return "future"
    return "present" if token.tag_ in ("VBZ", "VBP", "VB", "VBG") else None


@lru_cache(maxsize=65536)  # the same few expressions recur across a corpus; dateparser is slow
def resolve(
    text: str, published: str | None, tense: str | None = None
) -> tuple[str | None, DatePrecision | None, DateResolution]:
    """(resolved value, precision, resolution) for one date expression.

    A weekday in a past-tense clause is the last such day; in a present or future clause
    ('He is due to have lunch with Mr Putin on Monday') the next one.
    """
    level = precision(text)
    if level is None:
        return None, None, DateResolution.UNRESOLVED
    absolute = bool(re.search(r"\b\d{4}\b", text)) and (level != DatePrecision.DAY or bool(re.search(r"\b\d{1,2}\b", text)))
    if published is None and not absolute:
        return None, None, DateResolution.UNRESOLVED
    base = dt.datetime.fromisoformat(published) if published else dt.datetime(2000, 1, 1)
    phrase = re.sub(
        r"^(on|in|since|by|from|until|last|this)\s+(?=(" + "|".join(WEEKDAYS) + r")\b)", "", text.strip(), flags=re.IGNORECASE
    )
    weekday = phrase.casefold().strip()
    if weekday in WEEKDAYS and WEEKDAYS.index(weekday) == base.weekday():
        value = base
    else:
        import dateparser

        prefer = "future" if tense in ("future", "present") and weekday in WEEKDAYS else "past"
        value = dateparser.parse(phrase, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer})
    if value is None:
        return None, None, DateResolution.UNRESOLVED
    year, week, _ = value.isocalendar()
    shown = {
        DatePrecision.DAY: value.date().isoformat(),
        DatePrecision.WEEK: f"{year}-W{week:02d}",
        DatePrecision.MONTH: value.strftime("%Y-%m"),
        DatePrecision.YEAR: value.strftime("%Y"),
    }[level]
    return shown, level, DateResolution.ABSOLUTE if absolute else DateResolution.RELATIVE
