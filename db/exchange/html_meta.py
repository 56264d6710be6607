"""A saved web page's metadata: title, author, date, site and canonical address, read from
its <meta> tags, <link rel=canonical> and JSON-LD. Nothing is fetched.

trafilatura would read the same tags (through lxml, htmldate, courlan and justext);
db.exchange.articles keeps its own faithful text extractor (trafilatura drops paragraphs it judges
boilerplate, and a dropped paragraph is a lost quote), so the metadata is read here too,
with the standard library."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.title = ""
        self.ld: list[Any] = []
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "").strip()
        elif tag == "title" and not self.title:
            self._in, self._buf = "title", []
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in, self._buf = "ld", []

    def handle_endtag(self, tag: str) -> None:
        if self._in == "title" and tag == "title":
            self.title = " ".join("".join(self._buf).split())
            self._in = None
        elif self._in == "ld" and tag == "script":
            try:
                self.ld.append(json.loads("".join(self._buf)))
            except ValueError:
                pass  # a broken JSON-LD block just gives no metadata
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)


def _ld_items(value: Any) -> list[dict]:
    if isinstance(value, list):
        return [x for v in value for x in _ld_items(v)]
    if isinstance(value, dict):
        return [value] + _ld_items(value.get("@graph", []))
    return []


def _name(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v) for v in value) if n)
    if isinstance(value, dict):
        return str(value.get("name", "")).strip()
    return str(value).strip() if isinstance(value, str) else ""


def _day(value: str) -> str | None:
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def html_metadata(html: str) -> dict[str, str]:
    """{title, author, published (YYYY-MM-DD or ""), outlet, url}: what the page says about
    itself; "" where it says nothing."""
    p = _MetaParser()
    try:
        p.feed(html)
        p.close()
    except AssertionError:
        pass  # html.parser gives up on some broken markup: keep what was read
    m = p.meta
    article = next((x for x in _ld_items(p.ld) if str(x.get("@type", "")).endswith(
        ("Article", "NewsArticle", "Report", "BlogPosting"))), {})
    title = (m.get("og:title") or m.get("twitter:title") or _name(article.get("headline"))
             or p.title)
    author = (_name(article.get("author")) or m.get("author") or m.get("article:author")
              or m.get("dc.creator") or m.get("byl", "").removeprefix("By ").strip())
    published = next((d for d in (_day(v) for v in (
        m.get("article:published_time", ""), str(article.get("datePublished", "")),
        m.get("date", ""), m.get("pubdate", ""), m.get("dc.date", ""),
        m.get("dc.date.issued", ""), m.get("og:published_time", ""),
        m.get("datepublished", ""))) if d), "")
    outlet = m.get("og:site_name") or _name(article.get("publisher")) or m.get("application-name", "")
    url = p.canonical or m.get("og:url", "")
    if not url.lower().startswith(("http://", "https://")):
        url = ""
    return {"title": title[:500], "author": author[:200], "published": published,
            "outlet": outlet[:200], "url": url[:2000]}
