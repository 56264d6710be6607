"""Property-based tests (hypothesis): the import parsers and db validation take anything
and answer with their own error type, never a crash, never partial data."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.errors import ImportDataError, ValidationError
from db.exchange import json_csv as exchange
from db.exchange.articles import decode_article
from db.model.inputs import ConditionInput, PositionInput
from db.model.validation import check_position
from db.reads import queries
from db.storage.database import Database

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
RUNS: dict[str, int] = {}


def _ran(name: str) -> None:
    RUNS[name] = RUNS.get(name, 0) + 1


def _report(name: str, record_property) -> None:  # type: ignore[no-untyped-def]
    print(f"hypothesis examples run for {name}: {RUNS.get(name, 0)}")
    record_property(f"hypothesis_{name}", RUNS.get(name, 0))
    assert RUNS.get(name, 0) >= 50


# ---------------------------------------------------------------- articles

PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl",
                                                         "Zp")) | st.sampled_from("\n\t"),
                    min_size=1, max_size=300).filter(lambda t: t.strip() != "")


@SETTINGS
@given(st.binary(max_size=3000) | st.builds(lambda b, p: p + b, st.binary(max_size=500),
                                            st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe",
                                                             b"\xfe\xff", b"\xff\xfe\x00\x00",
                                                             b"<html>", b""])))
def test_decode_article_only_ever_raises_validation_error(data: bytes):
    _ran("decode_bytes")
    try:
        text = decode_article(data, "x.txt")
    except ValidationError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip()


@SETTINGS
@given(PRINTABLE)
def test_decode_article_round_trips_utf8_text(text: str):
    _ran("decode_utf8")
    assert decode_article(text.encode("utf-8")) == text


@SETTINGS
@given(PRINTABLE, st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]))
def test_decode_article_round_trips_text_with_a_bom(text: str, encoding: str):
    _ran("decode_bom")
    assert decode_article(text.encode(encoding)) == text


def test_article_example_counts(record_property):  # type: ignore[no-untyped-def]
    for name in ("decode_bytes", "decode_utf8", "decode_bom"):
        _report(name, record_property)


# ---------------------------------------------------------------- data import

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=12)


@SETTINGS
@given(st.binary(max_size=400) | JSONISH.map(lambda v: json.dumps(v)))
def test_parse_payload_only_raises_import_data_error(raw: bytes | str):
    _ran("parse_payload")
    try:
        payload = exchange.parse_payload(raw)
    except ImportDataError:
        return
    assert isinstance(payload, dict) and payload["format_version"] == 1


SECTIONS = ["parties", "issues", "events", "sources", "positions"]


@st.composite
def mutated_exports(draw, base: dict) -> dict:  # type: ignore[no-untyped-def]
    """A real export, then a few random edits: junk values, removed keys, new entries,
    fresh records (so some imports succeed and the all-or-nothing check has teeth)."""
    payload = copy.deepcopy(base)
    # Everything already in the database is reused on import; a few positions with a new
    # speaker are new records, so an unmutated payload is accepted.
    picks = draw(st.lists(st.integers(0, len(base["positions"]) - 1), min_size=1, max_size=4))
    payload["positions"] = [dict(copy.deepcopy(base["positions"][i]),
                                 attributed_to=f"Speaker {n}-{draw(st.integers(0, 10**6))}")
                            for n, i in enumerate(picks)]
    for _ in range(draw(st.integers(0, 3))):
        section = draw(st.sampled_from(SECTIONS))
        items = payload[section]
        action = draw(st.sampled_from(["junk", "drop", "append", "fresh", "top"]))
        if action == "top":
            payload[draw(st.sampled_from(SECTIONS + ["format_version"]))] = draw(JSONISH)
        elif action == "append" or not isinstance(items, list) or not items:
            if isinstance(items, list):
                items.append(draw(JSONISH))
        else:
            i = draw(st.integers(0, len(items) - 1))
            item = items[i]
            if not isinstance(item, dict) or not item:
                continue
            key = draw(st.sampled_from(sorted(item)))
            if action == "junk":
                item[key] = draw(JSONISH)
            elif action == "drop":
                del item[key]
            else:  # a new record: fresh keys and ids, so it is not a duplicate
                fresh = copy.deepcopy(item)
                tag = draw(st.integers(1, 10**6))
                if "key" in fresh:
                    fresh["key"] = f"new-{tag}"
                    if "name" in fresh:
                        fresh["name"] = f"New {tag}"
                if section == "sources":
                    fresh["id"] = 10_000 + tag
                    fresh["text"] = f"{fresh.get('text', '')} [{tag}]"
                if section == "positions":
                    fresh["attributed_to"] = f"Speaker {tag}"
                items.append(fresh)
    return payload


_BASE: dict[str, dict] = {}


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # large reprs
@SETTINGS
@given(data=st.data())
def test_import_data_is_all_or_nothing_for_any_payload(seeded_db: Database, data):  # type: ignore[no-untyped-def]
    # Mutate the pristine export, not the database's current state (accepted imports
    # change it), so generation is the same for the same choices.
    base = _BASE.setdefault("export", exchange.export_data(seeded_db))
    payload = data.draw(mutated_exports(base) | JSONISH)
    _ran("import_data")
    before = exchange.export_json(seeded_db)
    positions_before = queries.counts(seeded_db)["positions"]
    try:
        exchange.import_data(seeded_db, payload)  # type: ignore[arg-type]
    except ImportDataError as exc:
        assert str(exc)
        assert exchange.export_json(seeded_db) == before, "a refused import changed data"
        _ran("import_data_refused")
        return
    _ran("import_data_accepted")
    # Accepted means all of it: every position in the file is now in the database.
    after = queries.counts(seeded_db)["positions"]
    assert after == positions_before + len(payload.get("positions", []))


def test_import_example_counts(record_property):  # type: ignore[no-untyped-def]
    _report("parse_payload", record_property)
    _report("import_data", record_property)
    print(f"  of which refused: {RUNS.get('import_data_refused', 0)}, "
          f"accepted: {RUNS.get('import_data_accepted', 0)}")


# ---------------------------------------------------------------- validation

ANY = (st.none() | st.booleans() | st.integers() | st.integers(1, 80)
       | st.floats(allow_nan=True) | st.text(max_size=40) | st.dates()
       | st.datetimes() | st.lists(st.integers(), max_size=2) | st.sampled_from(
           ["2025-03-11", "day", "month", "proposes", "official_statement", "rejects"]))


@SETTINGS
@given(st.builds(
    PositionInput, party_id=ANY, issue_id=ANY, level_id=ANY, stated_on=ANY,
    date_precision=ANY, status=ANY, attributed_to=ANY, attribution_kind=ANY, source_id=ANY,
    quote=ANY, quote_start=ANY, quote_end=ANY, confidence=ANY, notes=ANY,
    conditions=st.lists(st.builds(ConditionInput, ANY, ANY, ANY, ANY) | ANY, max_size=3)
    | ANY))
def test_check_position_gives_reasons_never_exceptions(seeded_db: Database,
                                                       data: PositionInput):
    _ran("check_position")
    with seeded_db.session() as s:
        problems = check_position(s, data)
    assert isinstance(problems, dict)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in problems.items())
    if data.party_id is None:
        assert problems["party_id"] == "Choose a party"
    if isinstance(data.stated_on, dt.date) and data.stated_on.year < 1900:
        assert "outside" in problems["stated_on"]


def test_validation_example_counts(record_property):  # type: ignore[no-untyped-def]
    _report("check_position", record_property)
