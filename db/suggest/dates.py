"""The date a stance was stated, from the sentence's words, resolved against the article's
publication date ("on Tuesday" → the Tuesday before publication). A small resolver of the
expressions news prose uses: dateparser would bring regex, tzlocal, pytz and its language
data for these few forms."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b(?:\s+(\d{{4}}))?")
_IN_MONTH = re.compile(rf"\b(?:in|since|during|early|late|mid-?)\s+{_MONTH_RE}\b(?:\s+(\d{{4}}))?")
# "on Tuesday", and the wire style without "on" ("told reporters Tuesday afternoon"); not a
# day ahead ("next Saturday", "until Thursday").
_WEEKDAY = re.compile(r"(?<!next )(?<!coming )(?<!until )(?<!from )(?<!before )(?<!by )"
                      r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RELATIVE = re.compile(r"\b(yesterday|today|last week|earlier this month|last month|"
                       r"earlier this week|this week|last year|earlier this year)\b", re.I)


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTH_ABBR[name[:4] if name.startswith("sept") else name[:3]]


def _year_for(month: int, day: int, published: dt.date, year: str | None) -> dt.date | None:
    y = int(year) if year else published.year
    try:
        d = dt.date(y, month, day)
    except ValueError:
        return None
    if not year and d > published + dt.timedelta(days=60):
        # "December 30" in a January article is last year's.
        try:
            d = dt.date(y - 1, month, day)
        except ValueError:
            return None
    return d


def resolve(sentence: str, published: dt.date) -> tuple[dt.date, str, str]:
    """(date, precision, the words that gave it). Without a date in the sentence, the
    publication date with "day" precision: news reports what was said the day of, or before."""
    for m in _MONTH_DAY.finditer(sentence):
        d = _year_for(_month(m.group(1)), int(m.group(2)), published, m.group(3))
        if d and d <= published:
            return d, "day", m.group(0)
    for m in _DAY_MONTH.finditer(sentence):
        d = _year_for(_month(m.group(2)), int(m.group(1)), published, m.group(3))
        if d and d <= published:
            return d, "day", m.group(0)
    m = _WEEKDAY.search(sentence)
    if m:
        target = _DAYS.index(m.group(1).lower())
        back = (published.weekday() - target) % 7
        if sentence[max(0, m.start() - 5):m.start()].lower().startswith("last") and back == 0:
            back = 7
        return published - dt.timedelta(days=back), "day", m.group(0)
    m = _RELATIVE.search(sentence)
    if m:
        word = m.group(1).lower()
        if word == "yesterday":
            return published - dt.timedelta(days=1), "day", m.group(0)
        if word in ("today", "this week", "earlier this week"):
            return published, "day" if word == "today" else "approximate", m.group(0)
        if word == "last week":
            return published - dt.timedelta(days=7), "approximate", m.group(0)
        if word == "earlier this month":
            return published.replace(day=1), "month", m.group(0)
        if word == "last month":
            first = published.replace(day=1) - dt.timedelta(days=1)
            return first.replace(day=1), "month", m.group(0)
        if word in ("last year", "earlier this year"):
            year = published.year - (word == "last year")
            return dt.date(year, 1, 1), "approximate", m.group(0)
    m = _IN_MONTH.search(sentence)
    if m:
        month = _month(m.group(1))
        year = int(m.group(2)) if m.group(2) else published.year - (month > published.month)
        return dt.date(year, month, 1), "month", m.group(0)
    return published, "day", ""
