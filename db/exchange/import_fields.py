"""One record of a JSON export read into what the write path takes: its fields checked
for presence, type and range, parties/issues/levels/sources named in it resolved to ids
(db.exchange.json_csv reads the codebook with these; db.exchange.bulk_import the sources
and positions). Every refusal is an ImportDataError naming the record."""

from __future__ import annotations

from typing import Any

from db.errors import ImportDataError
from db.model.inputs import ConditionInput, PositionInput

MAX_INT = 2**63 - 1  # SQLite's INTEGER range; bigger numbers cannot be stored


def req(obj: Any, key: str, what: str, types: type | tuple[type, ...] = str) -> Any:
    if not isinstance(obj, dict):
        raise ImportDataError(f"{what} must be an object")
    if key not in obj:
        raise ImportDataError(f"{what} has no “{key}”")
    return typed(obj[key], key, what, types)


def typed(value: Any, key: str, what: str, types: type | tuple[type, ...]) -> Any:
    if not isinstance(value, types) or isinstance(value, bool) and types is not bool:
        raise ImportDataError(f"{what}: “{key}” has the wrong type")
    if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
        raise ImportDataError(f"{what}: “{key}” is out of range")
    return value


def opt(obj: dict, key: str, what: str, default: Any = "",
        types: type | tuple[type, ...] = str) -> Any:
    """An optional field: missing or null gives `default`; otherwise it must have the type."""
    value = obj.get(key)
    return default if value is None else typed(value, key, what, types)


def cues(obj: dict, what: str) -> list[str]:
    """A level's optional `cues`: a list of phrases (exports before 0010 have none)."""
    value = opt(obj, "cues", what, [], list)
    if not all(isinstance(c, str) for c in value):
        raise ImportDataError(f"{what}: cues must be a list of phrases")
    return value


def aliases(obj: dict, what: str) -> list[str]:
    """A party's optional `aliases`: a list of strings (exports before 0004 have none)."""
    value = opt(obj, "aliases", what, [], list)
    if not all(isinstance(a, str) for a in value):
        raise ImportDataError(f"{what}: aliases must be a list of names")
    return value


def level(level_ids: dict, issue_id: int, issue: str, value: int, label: str | None,
          what: str) -> int:
    """The id of the issue's level with this value, and, when the file gives the label (every
    export since format 1 does), that label too. Numbers alone would let a file coded on
    another scale land on whatever level has the same number here."""
    found = level_ids.get((issue_id, value))
    if found is None:
        named = f" (“{label}”)" if label else ""
        raise ImportDataError(f"{what}: issue “{issue}” has no level {value}{named}")
    level_id, here = found
    if label is not None and label.strip() != here.strip():
        raise ImportDataError(
            f"{what}: level {value} of issue “{issue}” is “{label}” in the file but “{here}” "
            "in this database; the issue's stance scale differs, so nothing was imported")
    return level_id


def position_input(p: Any, what: str, party_ids: dict, issue_ids: dict, level_ids: dict,
                   source_ids: dict) -> PositionInput:
    party = req(p, "party", what)
    issue = req(p, "issue", what)
    if party not in party_ids:
        raise ImportDataError(f"{what} names an unknown party “{party}”")
    if issue not in issue_ids:
        raise ImportDataError(f"{what} names an unknown issue “{issue}”")
    level_id = level(level_ids, issue_ids[issue], issue, req(p, "level", what, int),
                     opt(p, "level_label", what, None), what)
    source = req(p, "source", what, int)
    if source not in source_ids:
        raise ImportDataError(f"{what} names an unknown source {source}")
    conds = []
    for c in opt(p, "conditions", what, [], list):
        if not isinstance(c, dict):
            raise ImportDataError(f"{what}: each condition must be an object")
        cw = f"{what}: a condition"
        cp, ci = opt(c, "party", cw, None), opt(c, "issue", cw, None)
        cl = opt(c, "level", cw, None, int)
        if cp is not None and cp not in party_ids:
            raise ImportDataError(f"{what}: a condition names an unknown party “{cp}”")
        if ci is not None and ci not in issue_ids:
            raise ImportDataError(f"{what}: a condition names an unknown issue “{ci}”")
        cl_id = None
        if cl is not None:
            if ci is None:
                raise ImportDataError(f"{what}: a condition names level {cl} but no issue")
            cl_id = level(level_ids, issue_ids[ci], ci, cl, opt(c, "level_label", cw, None),
                          cw)
        conds.append(ConditionInput(party_ids.get(cp), issue_ids.get(ci), cl_id,
                                    opt(c, "text", cw)))
    confidence = opt(p, "confidence", what, 0.8, (int, float))
    return PositionInput(
        party_id=party_ids[party], issue_id=issue_ids[issue], level_id=level_id,
        stated_on=req(p, "stated_on", what),
        date_precision=opt(p, "date_precision", what, "day"),
        status=req(p, "status", what), attributed_to=req(p, "attributed_to", what),
        attribution_kind=req(p, "attribution_kind", what), source_id=source_ids[source],
        quote=req(p, "quote", what), quote_start=req(p, "quote_start", what, int),
        quote_end=req(p, "quote_end", what, int), confidence=float(confidence),
        notes=opt(p, "notes", what), conditions=conds,
    )


