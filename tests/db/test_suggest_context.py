"""Stances the sentence does not spell out but news prose makes plain: parties described
("the three countries", "the leaders"), a party's paper speaking for it, "rejected the
plan", a remark appended to another party's stance, what a stance is conditioned on, and the
date a paragraph set. A made-up negotiation, so nothing here leans on the seed case."""

from __future__ import annotations

import datetime as dt

from db.suggest.engine import Codebook, IssueInfo, Suggestion, build_model, suggest_text
from db.suggest.parties import PartyInfo
from db.suggest.sentences import split_sentences

BOOK = Codebook(
    (PartyInfo("landia", "Landia", "", ("Landia", "Landian", "Capitol")),
     PartyInfo("seaworld", "Seaworld", "", ("Seaworld", "Seaworlder", "Port Royal")),
     PartyInfo("hillmark", "Hillmark", "", ("Hillmark", "Hillmarker"))),
    (IssueInfo("fishing", "Fishing rights", "Who may fish in the shared bay.", (
        (0, "Closed bay", "Nobody fishes in the bay.", ("closed bay",)),
        (1, "Shared quota", "Both fleets fish under a shared quota.", ("shared quota",)),
        (2, "Open bay", "Anyone may fish in the bay.", ("open bay",)))),
     IssueInfo("tolls", "Harbour tolls", "What ships pay to use the harbours.", (
         (0, "No tolls", "Ships pay nothing.", ("toll-free", "no tolls")),
         (1, "Reduced tolls", "Tolls are cut.", ("reduced tolls",)),
         (2, "Full tolls", "Tolls stay as they are.", ("full tolls",)))),
     IssueInfo("talks", "Format of the talks", "Whether the sides meet directly.", (
         (0, "Through a mediator", "Messages are passed by a mediator.", ("mediator",)),
         (1, "Face to face", "The delegations meet in one room.", ("face to face",))))),
)
DAY = dt.date(2031, 5, 7)  # a Wednesday


def _run(body: str) -> tuple[str, list[Suggestion]]:
    text = f"Bay talks\n\n{body}\n"
    found = suggest_text(text, DAY, "Wire", BOOK, build_model(BOOK, []))
    for s in found:
        assert text[s.quote_start:s.quote_end] == s.quote
    return text, found


def _found(body: str) -> list[tuple[str, str, int]]:
    return sorted({(s.party, s.issue, s.level) for s in _run(body)[1]})


def test_the_three_countries_and_the_leaders_are_the_parties_named_before() -> None:
    body = ("Landia, Seaworld and Hillmark said on Monday that they backed a shared quota. "
            "The three countries said they would also want toll-free harbours for fishing boats.")
    assert ("hillmark", "tolls", 0) in _found(body) and ("landia", "tolls", 0) in _found(body)
    # Named in a dashed list right after the description, they are the holders themselves.
    listed = _found("The two countries – Landia and Hillmark – have demanded reduced tolls.")
    assert {p for p, _, _ in listed} == {"landia", "hillmark"}


def test_both_sides_as_an_object_names_no_holder() -> None:
    found = _found("Seaworld proposed a shared quota. Hillmark's envoy said Hillmark supported "
                   "an open bay and urged both sides to show flexibility.")
    assert ("landia", "fishing", 2) not in found and ("seaworld", "fishing", 2) not in found
    assert ("hillmark", "fishing", 2) in found


def test_a_partys_paper_speaks_for_it_in_the_sentences_after() -> None:
    body = ("The Landian memorandum, published on Monday, set out two options. "
            "Under the first, boats would fish under a shared quota only after Seaworld cut "
            "its harbour tolls.")
    assert ("landia", "fishing", 1) in _found(body)


def test_rejecting_the_plan_takes_the_issue_of_the_plan_before() -> None:
    body = ("Seaworld proposed a shared quota for the bay on Monday. "
            "The Capitol rejected the plan within hours.")
    text, found = _run(body)
    mine = [s for s in found if s.party == "landia"]
    assert [(s.issue, s.status) for s in mine] == [("fishing", "rejects")]


def test_an_appended_remark_is_the_other_partys_stance_with_its_own_quote() -> None:
    body = "Seaworld wants an open bay for every fleet, a demand Landia has repeatedly rejected."
    text, found = _run(body)
    landia = [s for s in found if s.party == "landia"]
    assert len(landia) == 1 and landia[0].status == "rejects" and landia[0].level == 2
    assert landia[0].quote == "a demand Landia has repeatedly rejected."
    assert any(s.party == "seaworld" and s.level == 2 for s in found)


def test_a_clause_before_officials_said_is_not_said_by_the_party_it_names() -> None:
    body = ("Talks on a shared quota stalled over how far Landian boats would pull back, "
            "officials briefed on the talks said.")
    assert _found(body) == []


def test_conditions_asides_and_the_terms_demanded() -> None:
    text, found = _run("Landia said it would accept a shared quota in exchange for reduced "
                       "tolls in Seaworld's harbours.")
    quota = [s for s in found if s.party == "landia" and s.issue == "fishing"]
    assert quota and quota[0].conditions and quota[0].status == "conditions"
    # What the offer is conditioned on is Landia's demand, itself with no conditions.
    tolls = [s for s in found if s.party == "landia" and s.issue == "tolls"]
    assert tolls and tolls[0].level == 1 and tolls[0].status == "demands" and not tolls[0].conditions
    # "if that helped" is an aside; "even if" concedes: no conditions.
    _, aside = _run("Seaworld said it still wanted an open bay and that its minister would fly "
                    "to the Capitol if that helped.")
    assert aside and not any(s.conditions for s in aside)
    _, even = _run("Hillmark said it backed an open bay even if the fleets had to wait a year.")
    assert even and not any(s.conditions for s in even)


def test_an_undated_sentence_takes_the_date_its_paragraph_said() -> None:
    body = ("Landia said on Monday that it wanted a shared quota. Landia also demanded "
            "reduced tolls for its boats.\n\nSeaworld demanded an open bay for every fleet.")
    _, found = _run(body)
    dates = {(s.party, s.issue): s.stated_on for s in found}
    assert dates[("landia", "fishing")] == "2031-05-05"
    assert dates[("landia", "tolls")] == "2031-05-05"  # same paragraph: Monday
    assert dates[("seaworld", "fishing")] == "2031-05-07"  # a new paragraph: publication


def test_wire_style_weekdays_without_on_but_not_days_ahead() -> None:
    _, found = _run("Landia told reporters Tuesday afternoon that it demanded reduced tolls.")
    assert [s.stated_on for s in found] == ["2031-05-06"]
    _, ahead = _run("Landia demanded reduced tolls before talks resume next Saturday.")
    assert [s.stated_on for s in ahead] == ["2031-05-07"]


def test_hyphenated_compounds_and_inflections_say_a_cue_phrase() -> None:
    assert ("seaworld", "talks", 1) in _found("Seaworld has pressed for face-to-face talks "
                                              "with the Capitol.")


def test_a_sentence_does_not_end_at_a_leading_initialism_before_a_title() -> None:
    text = "Talks resumed.\n\nU.S. Ambassador to Landia Jane Roe said the talks went well."
    bodies = [text[s.start:s.end] for s in split_sentences(text)]
    assert "U.S. Ambassador to Landia Jane Roe said the talks went well." in bodies
    text = "The fleet sailed to the U.S. The talks went on."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "The fleet sailed to the U.S.", "The talks went on."]


def test_we_agreed_in_a_quotation_is_both_sides_agreement() -> None:
    body = ("Landia and Seaworld met in Port Royal on Monday. \"We agreed to a shared quota for "
            "the coming season,\" Landia's negotiator, Oren Vale, told reporters.")
    found = _found(body)
    assert ("landia", "fishing", 1) in found and ("seaworld", "fishing", 1) in found


def test_a_statement_after_the_meeting_is_dated_to_the_meeting() -> None:
    body = ("Landia and Seaworld met in Port Royal on Monday.\n\n"
            "Landia demanded reduced tolls, its negotiator told reporters after the meeting.\n\n"
            "Seaworld demanded an open bay for every fleet.")
    _, found = _run(body)
    dates = {s.party: s.stated_on for s in found}
    assert dates == {"landia": "2031-05-05", "seaworld": "2031-05-07"}


def test_what_another_party_could_do_is_not_its_stance_nor_is_declining_to_comment() -> None:
    found = _found("Landia's envoy suggested that Seaworld could accept a shared quota for "
                   "its fleet.")
    assert [p for p, _, _ in found] == ["landia"]
    assert _found("Seaworld's negotiator declined to comment on the demand for an open bay.") == []
    # The leaders *of* named countries are those countries, not the holders said before.
    found = _found("Hillmark backed an open bay. The leaders of Landia and Seaworld said they "
                   "wanted reduced tolls.")
    assert {p for p, i, _ in found if i == "tolls"} == {"landia", "seaworld"}
