"""Measure suggested positions against hand-coding, honestly.

1. Leave-one-out over the three seed articles: the model learns from two seeds' records and
   is measured on the third, rotating.
2. Development articles in bench/suggest_articles/ (later rounds of the talks and two other
   negotiations, written and hand-coded for this benchmark before the suggester ran on them):
   seed-codebook articles learn from all three seeds' records; another codebook's articles
   from that codebook's words and its other development articles.

A suggestion matches a hand-coded record when party and issue are equal and the quotes
overlap (each record matched at most once). Reported per article: recall, precision, the
share of matches with the right level, with conditions present exactly when coded, and
with the coded date; and suggestions on sentences coded as non-positions. Speed: one
10,000-character article (warm model), and 100 articles.

    .venv/bin/python bench/suggest_eval.py [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.suggest.engine import (  # noqa: E402
    Codebook,
    CodedRecord,
    IssueInfo,
    Suggestion,
    build_model,
    suggest_text,
)
from db.suggest.parties import PartyInfo  # noqa: E402

SEEDS = ROOT / "seeds"
BENCH = Path(__file__).resolve().parent
ARTICLES = BENCH / "suggest_articles"
FINAL = BENCH / "suggest_final"
CODEBOOKS = BENCH / "suggest_codebooks"


def codebook(name: str = "") -> Codebook:
    """The seed codebook, or a named one from bench/suggest_codebooks/ (another negotiation)."""
    path = CODEBOOKS / f"{name}.json" if name else SEEDS / "codebook.json"
    cb = json.loads(path.read_text(encoding="utf-8"))
    parties = tuple(PartyInfo(p["key"], p["name"], p.get("short_name", ""),
                              tuple(p.get("aliases", [])), p.get("parent")) for p in cb["parties"])
    issues = tuple(IssueInfo(i["key"], i["name"], i.get("description", ""),
                             tuple((lv["value"], lv["label"], lv.get("description", ""),
                                    tuple(lv.get("cues", [])))
                                   for lv in i["levels"])) for i in cb["issues"])
    return Codebook(parties, issues)


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def seed_articles() -> list[dict]:
    sources = json.loads((SEEDS / "sources.json").read_text(encoding="utf-8"))
    positions = json.loads((SEEDS / "positions.json").read_text(encoding="utf-8"))
    out = []
    for src in sources:
        gold = [dict(p, quote_end=p["quote_start"] + len(p["quote"]))
                for p in positions if p["source"] == src["key"]]
        out.append({"name": src["key"], "text": _read(SEEDS / src["file"]),
                    "published": src["published"], "outlet": src["outlet"], "gold": gold,
                    "non_positions": []})
    return out


def test_articles(folder: Path = ARTICLES) -> list[dict]:
    out = []
    for meta_path in sorted(folder.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = _read(meta_path.with_suffix(".txt"))
        gold = []
        for p in meta["positions"]:
            start = text.index(p["quote"])
            gold.append(dict(p, quote_start=start, quote_end=start + len(p["quote"])))
        non = []
        for q in meta.get("non_positions", []):
            start = text.index(q)
            non.append((start, start + len(q)))
        out.append({"name": meta_path.stem, "text": text, "published": meta["published"],
                    "outlet": meta["outlet"], "gold": gold, "non_positions": non,
                    "codebook": meta.get("codebook", "")})
    return out


def records(articles: list[dict]) -> list[CodedRecord]:
    return [CodedRecord(p["party"], p["issue"], p["level"], p["status"], p["quote"])
            for a in articles for p in a["gold"]]


def score(article: dict, suggestions: list[Suggestion]) -> dict:
    gold = article["gold"]
    used: set[int] = set()
    matched = right_level = 0
    # Conditions and dates are scored on the matches whose record codes them (the seeds and
    # the articles from 106 on; 101–105 and 201–202 were coded without them).
    cond_coded = cond_right = date_coded = date_right = 0
    for s in suggestions:
        for n, g in enumerate(gold):
            if n in used or g["party"] != s.party or g["issue"] != s.issue:
                continue
            if s.quote_start < g["quote_end"] and g["quote_start"] < s.quote_end:
                used.add(n)
                matched += 1
                right_level += g["level"] == s.level
                if "conditions" in g:
                    cond_coded += 1
                    cond_right += bool(g["conditions"]) == bool(s.conditions)
                if "stated_on" in g:
                    date_coded += 1
                    date_right += g["stated_on"] == s.stated_on
                break
    on_non = sum(1 for s in suggestions for a, b in article["non_positions"]
                 if s.quote_start < b and a < s.quote_end)
    return {"article": article["name"], "gold": len(gold), "suggested": len(suggestions),
            "found": len(used), "matched": matched, "right_level": right_level,
            "cond_coded": cond_coded, "cond_right": cond_right, "date_coded": date_coded,
            "date_right": date_right, "on_non_positions": on_non,
            "non_positions": len(article["non_positions"])}


def run_one(cb: Codebook, train: list[dict], article: dict) -> tuple[dict, list[Suggestion]]:
    model = build_model(cb, records(train))
    sugg = suggest_text(article["text"], dt.date.fromisoformat(article["published"]),
                        article["outlet"], cb, model)
    for s in sugg:
        assert article["text"][s.quote_start:s.quote_end] == s.quote
    return score(article, sugg), sugg


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "–"


def table(rows: list[dict]) -> list[str]:
    lines = ["| article | coded | suggested | recall | precision | level right | conditions right "
             "| date right | on non-positions |",
             "|---|---|---|---|---|---|---|---|---|"]
    total = {k: 0 for k in ("gold", "suggested", "found", "matched", "right_level",
                            "cond_coded", "cond_right", "date_coded", "date_right",
                            "on_non_positions", "non_positions")}
    for r in rows + [None]:
        if r is None:
            r = dict(total, article="**overall**")
        else:
            for k in total:
                total[k] += r[k]
        non = f"{r['on_non_positions']} (of {r['non_positions']} sentences)" if r["non_positions"] else "–"
        lines.append(f"| {r['article']} | {r['gold']} | {r['suggested']} | "
                     f"{_pct(r['found'], r['gold'])} | {_pct(r['matched'], r['suggested'])} | "
                     f"{_pct(r['right_level'], r['matched'])} | "
                     f"{_pct(r['cond_right'], r['cond_coded'])} | "
                     f"{_pct(r['date_right'], r['date_coded'])} | {non} |")
    return lines


def speed(cb: Codebook, seeds: list[dict]) -> list[str]:
    model = build_model(cb, records(seeds))
    text = ""
    for a in seeds * 3:
        text += a["text"] + "\n\n"
        if len(text) >= 10_000:
            break
    text = text[:10_000]
    day = dt.date(2025, 3, 18)
    suggest_text(text, day, "x", cb, model)  # warm
    times = []
    for _ in range(5):
        t = time.perf_counter()
        suggest_text(text, day, "x", cb, model)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    model = build_model(cb, records(seeds))
    build = time.perf_counter() - t
    t = time.perf_counter()
    n = 0
    for i in range(100):
        a = seeds[i % len(seeds)]
        n += len(suggest_text(a["text"], day, a["outlet"], cb, model))
    batch = time.perf_counter() - t
    db_batch, db_n = _database_batch()
    return [f"- 10,000-character article, model warm: {min(times) * 1000:.0f} ms "
            f"(median of 5: {sorted(times)[2] * 1000:.0f} ms; limit 1 s)",
            f"- learning the model from {len(records(seeds))} records: {build * 1000:.0f} ms",
            f"- 100 articles in a batch: {batch:.1f} s ({n:,} suggestions; limit 60 s)",
            f"- 100 stored sources through the database path (db.suggest.source.suggest_many: "
            f"reads, coded/rejected filter, model learned once): {db_batch:.1f} s "
            f"({db_n:,} suggestions)"]


def _database_batch() -> tuple[float, int]:
    """`suggest_many` over 100 stored sources of a seeded database (the seeds and the test
    articles, round-robin), with the progress callback the GUI and CLI would use."""
    import tempfile

    from db.exchange.article_import import import_files
    from db.opening import open_database
    from db.suggest.source import suggest_many

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3", seed=True)
        try:
            import_files(db, sorted(ARTICLES.glob("*.txt")))
            with db.read() as con:
                ids = [r[0] for r in con.execute("SELECT id FROM source ORDER BY id")]
            batch = [ids[i % len(ids)] for i in range(100)]
            seen: list[int] = []
            t = time.perf_counter()
            out = suggest_many(db, batch, lambda done, total: seen.append(done))
            took = time.perf_counter() - t
            assert seen[-1] == 100
        finally:
            db.close()
    return took, sum(len(out[sid]) for sid in batch)


def held_out(cb: Codebook, seeds: list[dict], articles: list[dict], dev: list[dict],
             show: str | None) -> list[dict]:
    """Articles on the seed codebook learn from the three seeds' records; an article on
    another negotiation's codebook learns from that codebook's words and the records of the
    development articles coded with it (never its own)."""
    rows = []
    books: dict[str, Codebook] = {"": cb}
    for article in articles:
        name = article["codebook"]
        book = books.setdefault(name, codebook(name))
        train = seeds if not name else [a for a in dev if a["codebook"] == name
                                        and a["name"] != article["name"]]
        row, sugg = run_one(book, train, article)
        rows.append(row)
        if show == article["name"]:
            _show(article, sugg)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the suggestions (and misses) for this article")
    parser.add_argument("--final", action="store_true",
                        help="also score 201–202 (bench/suggest_final/, last session's final check)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed figures")
    args = parser.parse_args()
    cb = codebook()
    seeds = seed_articles()
    loo = []
    for n, article in enumerate(seeds):
        row, sugg = run_one(cb, seeds[:n] + seeds[n + 1:], article)
        loo.append(row)
        if args.show == article["name"]:
            _show(article, sugg)
    dev = test_articles()
    held = held_out(cb, seeds, dev, dev, args.show)
    print("Leave-one-out over the seed articles (learn from two, measure on the third):\n")
    print("\n".join(table(loo)))
    print("\nHeld-out test articles (seed codebook: learn from the three seeds; another "
          "codebook: from its own words and the other development articles coded with it):\n")
    print("\n".join(table(held)))
    if args.final:
        final = held_out(cb, seeds, test_articles(FINAL), dev, args.show)
        print("\n201–202 (bench/suggest_final/: last session's final check, used up; "
              "development data since):\n")
        print("\n".join(table(final)))
    if not args.no_speed:
        print("\nSpeed:\n")
        print("\n".join(speed(cb, seeds)))
    return 0


def _show(article: dict, sugg: list[Suggestion]) -> None:
    row = score(article, sugg)
    del row
    text = article["text"]
    for s in sugg:
        hit = any(g["party"] == s.party and g["issue"] == s.issue and s.quote_start < g["quote_end"]
                  and g["quote_start"] < s.quote_end for g in article["gold"])
        lv = next((g["level"] for g in article["gold"] if g["party"] == s.party
                   and g["issue"] == s.issue and s.quote_start < g["quote_end"]
                   and g["quote_start"] < s.quote_end), None)
        mark = ("ok " if lv == s.level else f"L{lv}") if hit else "-- "
        g = next((g for g in article["gold"] if g["party"] == s.party and g["issue"] == s.issue
                  and s.quote_start < g["quote_end"] and g["quote_start"] < s.quote_end), {})
        extra = ""
        if "stated_on" in g and g["stated_on"] != s.stated_on:
            extra += f" date {s.stated_on}≠{g['stated_on']}"
        if "conditions" in g and bool(g["conditions"]) != bool(s.conditions):
            extra += f" cond {len(s.conditions)}≠{len(g['conditions'])}"
        print(f"{mark} {s.party:15} {s.issue:24} {s.level} {s.status:10} {s.attribution_kind:18} "
              f"{s.confidence:.2f}{extra} | {s.quote[:80]}")
    print("\nmissed:")
    for g in article["gold"]:
        if not any(g["party"] == s.party and g["issue"] == s.issue and s.quote_start < g["quote_end"]
                   and g["quote_start"] < s.quote_end for s in sugg):
            print(f"    {g['party']:15} {g['issue']:24} {g['level']} | "
                  f"{text[g['quote_start']:g['quote_end']][:90]}")
    print()


if __name__ == "__main__":
    sys.exit(main())
