"""Who a suggestion is for: the sentence's subjects, the article's own names for a party's
people, a speaker inside a quotation, "both sides". A made-up negotiation, so nothing here
leans on the seed case."""

from __future__ import annotations

import datetime as dt

from db.suggest.engine import Codebook, IssueInfo, build_model, suggest_text
from db.suggest.parties import PartyInfo

BOOK = Codebook(
    (PartyInfo("landia", "Landia", "", ("Landia", "Landian", "Capitol")),
     PartyInfo("seaworld", "Seaworld", "", ("Seaworld", "Seaworlder", "Port Royal"))),
    (IssueInfo("fishing", "Fishing rights", "Who may fish in the shared bay.", (
        (0, "Closed bay", "Nobody fishes in the bay.", ("closed bay",)),
        (1, "Shared quota", "Both fleets fish under a shared quota.", ("shared quota",)),
        (2, "Open bay", "Anyone may fish in the bay.", ("open bay",)))),))


def _suggest(body: str) -> list[tuple[str, int]]:
    text = f"Bay talks\n\n{body}\n"
    found = suggest_text(text, dt.date(2031, 5, 7), "Wire", BOOK, build_model(BOOK, []))
    for s in found:
        assert text[s.quote_start:s.quote_end] == s.quote
    return [(s.party, s.level) for s in found]


def test_a_party_named_as_context_is_not_a_holder() -> None:
    assert _suggest("The Capitol said on Monday that it wants a shared quota for Seaworlder "
                    "boats in the bay.") == [("landia", 1)]
    assert _suggest("Landia said it would accept a shared quota only if Seaworld was ready "
                    "to cut its fleet.") == [("landia", 1)]


def test_a_title_and_name_make_the_name_speak_for_the_party() -> None:
    body = ("Seaworld's chief negotiator, Mara Quill, arrived on Monday. "
            "Quill said on Tuesday that her side demands an open bay for every fleet.")
    assert _suggest(body) == [("seaworld", 2)]
    # Without the title the name is nobody's.
    assert _suggest("Mara Quill arrived on Monday. Quill said on Tuesday that her side "
                    "demands an open bay for every fleet.") == []


def test_a_party_inside_a_quotation_is_not_its_speaker() -> None:
    body = ("Landian minister Oren Vale spoke in the Capitol. \"We will never give Seaworld a "
            "closed bay that starves our towns,\" he said.")
    assert _suggest(body) == [("landia", 0)]


def test_both_sides_are_the_two_parties_last_named() -> None:
    body = ("Negotiators from Landia and Seaworld met in Port Royal on Monday. "
            "Both sides agreed on a shared quota for the coming season, officials said.")
    assert sorted(_suggest(body)) == [("landia", 1), ("seaworld", 1)]
