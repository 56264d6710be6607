#!/usr/bin/env python3
"""Validate the Parley seed data in this folder (stdlib, plus the app's vocabularies in ../db/vocab.py).

Checks: JSON parses; sources point at existing article files; every position quote equals
text[quote_start:quote_start+len(quote)] (text read as UTF-8 with newline=""), and is the
first occurrence; the coding rules that can be checked mechanically (seeds/README.md):
no quote under six words, and every quote names its party or its speaker (by the party
aliases in the codebook), or lies in a context span (context_start/context_end) that does;
all party/issue/level/source keys referenced exist; keys are unique; dates are valid ISO
dates; status and attribution kind come from the app's vocabularies (db/model/vocab.py); level
values are unique, ascending integers within each issue and labels are at most 28
characters; colours are #rrggbb; parent parties exist.  Prints a summary and exits
non-zero on any error.

Usage: python3 check_seeds.py [seed_dir]
"""
import collections
import datetime
import json
import os
import re
import sys

# The vocabularies are the app's own (db/model/vocab.py, plain Python): a seed the app would
# refuse is an error here too.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from db.model.vocab import ATTRIBUTION_KINDS, DATE_PRECISIONS  # noqa: E402
from db.model.vocab import STATUSES as _STATUSES  # noqa: E402

STATUSES = set(_STATUSES)
KINDS = set(ATTRIBUTION_KINDS)
PRECISIONS = set(DATE_PRECISIONS)
MIN_QUOTE_WORDS = 6
# A context span continues the quote's sentence or paragraph; it is not a whole article.
MAX_CONTEXT = 800
EVENT_PRECISIONS = PRECISIONS
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LABEL = 28

errors = []


def err(msg):
    errors.append(msg)


def load(base, name):
    path = os.path.join(base, name)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except Exception as exc:  # noqa: BLE001
        err(f"{name}: cannot parse JSON: {exc}")
        return None


def valid_date(value, where):
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        err(f"{where}: date {value!r} is not YYYY-MM-DD")
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        err(f"{where}: date {value!r} is not a valid calendar date")
        return False
    return True


def unique_keys(items, where):
    keys = [it.get("key") for it in items]
    for key, n in collections.Counter(keys).items():
        if n > 1:
            err(f"{where}: duplicate key {key!r} ({n}x)")
        if not isinstance(key, str) or not key:
            err(f"{where}: missing/empty key")
    return set(k for k in keys if isinstance(k, str))


def alias_pattern(aliases):
    """Whole-word, case-sensitive: "US" must not match "us", "Russia" matches "Russia's"."""
    words = sorted((a for a in aliases if a), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in words) + r")(?!\w)")


def names_check(p, text, patterns, where):
    """The quote (or its context span) names the record's party or its speaker: a party
    whose alias appears in attributed_to."""
    party = patterns.get(p.get("party"))
    speakers = [pat for pat in patterns.values()
                if pat is not None and pat.search(str(p.get("attributed_to", "")))]
    start, end = p["quote_start"], p["quote_start"] + len(p["quote"])
    span = p["quote"]
    if "context_start" in p or "context_end" in p:
        cs, ce = p.get("context_start"), p.get("context_end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (cs, ce)):
            err(f"{where}: context_start/context_end must both be integers")
            return
        if not (0 <= cs <= start and end <= ce <= len(text)):
            err(f"{where}: context {cs}..{ce} does not contain the quote {start}..{end}")
            return
        if ce - cs > MAX_CONTEXT:
            err(f"{where}: context {cs}..{ce} is longer than {MAX_CONTEXT} characters")
            return
        span = text[cs:ce]
    if not any(pat is not None and pat.search(span) for pat in [party, *speakers]):
        what = "its context" if span is not p["quote"] else "the quote"
        err(f"{where}: {what} names neither the party {p.get('party')!r} nor the speaker "
            f"{p.get('attributed_to')!r}")


def require(obj, fields, where):
    for f in fields:
        if f not in obj:
            err(f"{where}: missing field {f!r}")


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    sources = load(base, "sources.json")
    codebook = load(base, "codebook.json")
    positions = load(base, "positions.json")
    if sources is None or codebook is None or positions is None:
        return report()

    # ---- sources
    texts = {}
    if not isinstance(sources, list):
        err("sources.json: must be a list")
        sources = []
    source_keys = unique_keys(sources, "sources")
    for s in sources:
        where = f"source {s.get('key')}"
        require(s, ["key", "file", "title", "outlet", "author", "published", "url"], where)
        for f in ("title", "outlet", "author", "url", "file"):
            if f in s and not isinstance(s[f], str):
                err(f"{where}: {f} must be a string")
        valid_date(s.get("published"), where)
        path = os.path.join(base, s.get("file", ""))
        if not os.path.isfile(path):
            err(f"{where}: file {s.get('file')!r} not found")
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            texts[s["key"]] = fh.read()
        if os.path.splitext(os.path.basename(path))[0] != s["key"]:
            err(f"{where}: file name does not match key")

    # ---- codebook
    for section in ("parties", "issues", "events"):
        if not isinstance(codebook.get(section), list):
            err(f"codebook.json: {section} must be a list")
            codebook[section] = []
    parties = codebook["parties"]
    issues = codebook["issues"]
    events = codebook["events"]

    party_keys = unique_keys(parties, "parties")
    for p in parties:
        where = f"party {p.get('key')}"
        require(p, ["key", "name", "short_name", "colour", "description", "parent", "aliases"],
                where)
        if not isinstance(p.get("aliases", []), list) or not all(
                isinstance(a, str) and a.strip() for a in p.get("aliases", [])):
            err(f"{where}: aliases must be a list of names")
        if not COLOUR_RE.match(str(p.get("colour", ""))):
            err(f"{where}: colour {p.get('colour')!r} is not #rrggbb")
        parent = p.get("parent")
        if parent is not None and parent not in party_keys:
            err(f"{where}: parent {parent!r} is not a party")
        if parent == p.get("key"):
            err(f"{where}: party is its own parent")
    colours = [str(p.get("colour", "")).lower() for p in parties]
    for c, n in collections.Counter(colours).items():
        if n > 1:
            err(f"parties: colour {c} used {n} times")
    shorts = [p.get("short_name") for p in parties]
    for c, n in collections.Counter(shorts).items():
        if n > 1:
            err(f"parties: short_name {c} used {n} times")

    issue_keys = unique_keys(issues, "issues")
    levels_by_issue = {}
    for i in issues:
        where = f"issue {i.get('key')}"
        require(i, ["key", "name", "description", "levels"], where)
        levels = i.get("levels") or []
        if len(levels) < 2:
            err(f"{where}: needs at least two levels")
        values = []
        for lvl in levels:
            require(lvl, ["value", "label", "description"], f"{where} level")
            v = lvl.get("value")
            if not isinstance(v, int) or isinstance(v, bool):
                err(f"{where}: level value {v!r} is not an integer")
            values.append(v)
            if len(str(lvl.get("label", ""))) > MAX_LABEL:
                err(f"{where}: label {lvl.get('label')!r} longer than {MAX_LABEL}")
            if not str(lvl.get("description", "")).strip():
                err(f"{where}: level {v} has no description")
        if len(set(values)) != len(values):
            err(f"{where}: level values are not unique: {values}")
        if values != sorted(values):
            err(f"{where}: levels are not in ascending order: {values}")
        levels_by_issue[i.get("key")] = set(values)

    unique_keys(events, "events")
    for e in events:
        where = f"event {e.get('key')}"
        require(e, ["key", "date", "label", "description"], where)
        valid_date(e.get("date"), where)
        if "date_precision" in e and e["date_precision"] not in EVENT_PRECISIONS:
            err(f"{where}: bad date_precision {e['date_precision']!r}")
        for sk in e.get("sources", []):
            if sk not in source_keys:
                err(f"{where}: unknown source {sk!r}")

    # ---- positions
    if not isinstance(positions, list):
        err("positions.json: must be a list")
        positions = []
    unique_keys(positions, "positions")
    patterns = {pt.get("key"): alias_pattern([pt.get("name", ""), *pt.get("aliases", [])])
                for pt in parties if isinstance(pt.get("aliases", []), list)}
    fields = ["key", "party", "issue", "level", "stated_on", "date_precision", "status",
              "attributed_to", "attribution_kind", "source", "quote", "quote_start",
              "conditions", "confidence", "notes"]
    for p in positions:
        where = f"position {p.get('key')}"
        require(p, fields, where)
        extra = set(p) - set(fields) - {"context_start", "context_end"}
        if extra:
            err(f"{where}: unexpected fields {sorted(extra)}")
        if p.get("party") not in party_keys:
            err(f"{where}: unknown party {p.get('party')!r}")
        if p.get("issue") not in issue_keys:
            err(f"{where}: unknown issue {p.get('issue')!r}")
        elif p.get("level") not in levels_by_issue.get(p.get("issue"), set()):
            err(f"{where}: level {p.get('level')!r} not defined for issue {p.get('issue')}")
        valid_date(p.get("stated_on"), where)
        if p.get("date_precision") not in PRECISIONS:
            err(f"{where}: bad date_precision {p.get('date_precision')!r}")
        if p.get("status") not in STATUSES:
            err(f"{where}: bad status {p.get('status')!r}")
        if p.get("attribution_kind") not in KINDS:
            err(f"{where}: bad attribution_kind {p.get('attribution_kind')!r}")
        if not str(p.get("attributed_to", "")).strip():
            err(f"{where}: empty attributed_to")
        conf = p.get("confidence")
        if not isinstance(conf, (int, float)) or isinstance(conf, bool) or not 0 <= conf <= 1:
            err(f"{where}: confidence {conf!r} not in 0..1")
        src = p.get("source")
        if src not in source_keys:
            err(f"{where}: unknown source {src!r}")
        elif src in texts:
            text, quote, start = texts[src], p.get("quote"), p.get("quote_start")
            if not isinstance(quote, str) or not quote.strip():
                err(f"{where}: empty quote")
            elif not isinstance(start, int) or isinstance(start, bool):
                err(f"{where}: quote_start {start!r} is not an integer")
            elif text[start:start + len(quote)] != quote:
                err(f"{where}: quote does not match text at {start} "
                    f"(found at {text.find(quote)})")
            elif text.find(quote) != start:
                err(f"{where}: quote_start {start} is not the first occurrence "
                    f"({text.find(quote)})")
            elif quote != quote.strip():
                err(f"{where}: quote has leading/trailing whitespace")
            else:
                if len(quote.split()) < MIN_QUOTE_WORDS:
                    err(f"{where}: quote has {len(quote.split())} words, fewer than "
                        f"{MIN_QUOTE_WORDS}: {quote!r}")
                names_check(p, text, patterns, where)
        pub = next((s.get("published") for s in sources if s.get("key") == src), None)
        if pub and isinstance(p.get("stated_on"), str) and p["stated_on"] > pub:
            err(f"{where}: stated_on {p['stated_on']} is after publication {pub}")
        conds = p.get("conditions")
        if not isinstance(conds, list):
            err(f"{where}: conditions must be a list")
            conds = []
        for c in conds:
            require(c, ["party", "issue", "level", "text"], f"{where} condition")
            if c.get("party") is not None and c["party"] not in party_keys:
                err(f"{where}: condition party {c['party']!r} unknown")
            if c.get("issue") is not None and c["issue"] not in issue_keys:
                err(f"{where}: condition issue {c['issue']!r} unknown")
            if c.get("level") is not None:
                if c.get("issue") is None:
                    err(f"{where}: condition has a level but no issue")
                elif c["level"] not in levels_by_issue.get(c["issue"], set()):
                    err(f"{where}: condition level {c['level']!r} not in issue {c['issue']}")
            if not str(c.get("text", "")).strip():
                err(f"{where}: condition text empty")

    # ---- summary
    print(f"sources: {len(sources)}  parties: {len(parties)}  issues: {len(issues)}  "
          f"events: {len(events)}  positions: {len(positions)}")
    for label, field in (("party", "party"), ("issue", "issue"), ("source", "source"),
                         ("status", "status"), ("attribution_kind", "attribution_kind")):
        counts = collections.Counter(p.get(field) for p in positions)
        print(f"\npositions per {label}:")
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {str(k):28s} {n:3d}")
    unused = sorted(party_keys - {p.get("party") for p in positions})
    if unused:
        print(f"\nparties without positions: {', '.join(unused)}")
    return report()


def report():
    if errors:
        print(f"\nFAILED: {len(errors)} error(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
