"""Who holds a stance when the sentence does not name one subject before "said": a joint
statement listing several parties, and documents that are not news prose (an official
readout under its heading, a briefing transcript's "SPEAKER:" turns). A made-up
negotiation, so nothing here leans on a real case."""

from __future__ import annotations

import datetime as dt

from db.suggest.engine import Codebook, IssueInfo, Suggestion, build_model, suggest_text
from db.suggest.parties import PartyInfo

BOOK = Codebook(
    (PartyInfo("landia", "Landia", "", ("Landia", "Landian", "Capitol", "Ordway")),
     PartyInfo("seaworld", "Seaworld", "", ("Seaworld", "Seaworlder", "Port Royal")),
     PartyInfo("hillmark", "Hillmark", "", ("Hillmark", "Hillmarker")),
     PartyInfo("vale", "Vale", "", ("Vale", "Valean"))),
    (IssueInfo("fishing", "Fishing rights", "Who may fish in the shared bay.", (
        (0, "Closed bay", "Nobody fishes in the bay.", ("closed bay",)),
        (1, "Shared quota", "Both fleets fish under a shared quota.", ("shared quota",)),
        (2, "Open bay", "Anyone may fish in the bay.", ("open bay",)))),
     IssueInfo("tolls", "Harbour tolls", "What ships pay to use the harbours.", (
         (0, "No tolls", "Ships pay nothing.", ("toll-free", "no tolls")),
         (1, "Reduced tolls", "Tolls are cut.", ("reduced tolls",)),
         (2, "Full tolls", "Tolls stay as they are.", ("full tolls",))))),
)
DAY = dt.date(2031, 5, 7)


def _run(body: str) -> tuple[str, list[Suggestion]]:
    text = f"Bay talks\n\n{body}\n"
    found = suggest_text(text, DAY, "Wire", BOOK, build_model(BOOK, []))
    for s in found:
        assert text[s.quote_start:s.quote_end] == s.quote
    return text, found


def test_each_party_listed_in_a_joint_statement_holds_the_stance() -> None:
    # Names that are no party ("Norland") and "several other countries" close the list.
    body = ("In a joint statement on Monday, the leaders of Landia, Seaworld, Norland and "
            "several other coastal countries said boats should fish under a shared quota.")
    text, found = _run(body)
    holders = {s.party for s in found if s.issue == "fishing"}
    assert {"landia", "seaworld"} <= holders
    two = {s.party for s in _run("Landia and Seaworld said on Tuesday that harbour tolls "
                                 "should be reduced tolls for every fishing boat.")[1]}
    assert {"landia", "seaworld"} <= two


def test_a_readout_under_its_heading_is_that_partys_statement() -> None:
    body = ("1. Readout of the talks issued by the Landian foreign ministry (Monday)\n\n"
            "The delegation stressed that the bay must remain a closed bay until the "
            "survey is finished.\n\n"
            "2. Statement by the Seaworld harbour office\n\n"
            "Fishing boats from every side will pay no tolls in our harbours this year.")
    text, found = _run(body)
    got = {(s.party, s.issue, s.level) for s in found}
    assert ("landia", "fishing", 0) in got
    assert ("seaworld", "tolls", 0) in got
    assert ("landia", "tolls", 0) not in got


def test_a_transcript_turn_is_its_speakers_and_a_question_is_nobodys() -> None:
    body = ("Press briefing of Landian spokesman Arno Ordway (excerpts)\n\n"
            "QUESTION: Will Landia accept an open bay for the Seaworld fleet?\n\n"
            "ORDWAY: An open bay is out of the question for us. We will never agree to "
            "it while the fish stocks are this low.")
    text, found = _run(body)
    question = text.index("QUESTION")
    assert all(not (s.quote_start <= question + 12 < s.quote_end) for s in found)
    mine = [s for s in found if s.party == "landia" and s.issue == "fishing"]
    assert mine and mine[0].quote_start > text.index("ORDWAY")


def test_a_quotation_is_said_by_the_speaker_named_where_it_closes() -> None:
    # The quotation's first sentence names nobody; its speaker is named after the second.
    body = ("Hillmark's envoy spoke first. \"We want an open bay for every fleet this season. "
            "Our boats have waited long enough,\" Landian spokesman Arno Ordway said.")
    text, found = _run(body)
    first = text.index("We want")
    assert any(s.party == "landia" and s.quote_start <= first < s.quote_end for s in found)
    assert not any(s.party == "hillmark" for s in found)


def test_a_party_acting_in_a_quotation_is_not_the_next_he_said() -> None:
    body = ("Landian spokesman Arno Ordway spoke after the session. \"Seaworld is again "
            "demanding a closed bay. We will never accept a closed bay,\" he said.")
    text, found = _run(body)
    second = text.index("We will never")
    holders = {s.party for s in found if s.quote_start <= second < s.quote_end}
    assert "landia" in holders and "seaworld" not in holders


def test_a_party_named_before_he_said_holds_the_stance_not_the_speaker() -> None:
    body = ("Landian spokesman Arno Ordway spoke on Monday. Seaworld, he said, \"wants full "
            "tolls on every boat and will not cut them\".")
    text, found = _run(body)
    at = text.index("Seaworld, he said")
    holders = {s.party for s in found if s.quote_start <= at < s.quote_end}
    assert holders == {"seaworld"}


def test_one_sentence_gives_a_suggestion_for_each_issue_it_states() -> None:
    # An aide's one sentence on three issues: each is coded, not only the best one.
    body = ("Landian spokesman Arno Ordway said Landia would accept a shared quota for the "
            "bay, demanded toll-free harbours for its boats, and wanted the talks held face to "
            "face.")
    book = Codebook(BOOK.parties, (*BOOK.issues, IssueInfo(
        "talks", "Format of the talks", "Whether the sides meet directly.", (
            (0, "Through a mediator", "Messages are passed by a mediator.", ("mediator",)),
            (1, "Face to face", "The delegations meet in one room.", ("face to face",))))))
    text = f"Bay talks\n\n{body}\n"
    found = suggest_text(text, DAY, "Wire", book, build_model(book, []))
    got = {(s.party, s.issue, s.level) for s in found}
    assert {("landia", "fishing", 1), ("landia", "tolls", 0), ("landia", "talks", 1)} <= got
    assert all(text[s.quote_start:s.quote_end] == s.quote for s in found)


def test_the_leaders_after_a_joint_statement_hold_a_stance_said_in_other_words() -> None:
    # "The leaders" are the listed parties; as a named subject, their stance needs no
    # codebook words ("charge ships less" for reduced tolls).
    body = ("In a joint statement, the leaders of Landia, Seaworld and Norland said they backed "
            "a shared quota. The leaders also said that the harbours must charge ships less.")
    text, found = _run(body)
    at = text.index("The leaders also")
    got = {(s.party, s.issue) for s in found if s.quote_start <= at < s.quote_end}
    assert got == {("landia", "tolls"), ("seaworld", "tolls")}


def test_a_readout_is_dated_by_its_heading_and_a_headline_is_no_heading() -> None:
    body = ("1. Statement by the Seaworld harbour office (Sunday 4 May)\n\n"
            "Fishing boats from every side will pay no tolls in our harbours this year.")
    text, found = _run(body)
    mine = [s for s in found if s.party == "seaworld" and s.issue == "tolls"]
    assert mine and mine[0].stated_on == "2031-05-04"
    # The article's own headline names a party and a statement, but speaks for nobody.
    text = ("Landia issues statement on the bay\n\n"
            "Fishing boats from every side will pay no tolls in the harbours this year.\n")
    found = suggest_text(text, DAY, "Wire", BOOK, build_model(BOOK, []))
    assert not [s for s in found if s.party == "landia"]


def test_unnamed_peoples_guesses_are_no_stance() -> None:
    for guess in ("Some in Landia fear that Seaworld will demand full tolls for every boat.",
                  "Some Landian diplomats believe Seaworld would accept a shared quota for the bay.",
                  "It is far from clear that Hillmark would accept an open bay for every fleet."):
        assert _run(guess)[1] == [], guess
    # Said by a named party, the same words are a stance.
    assert _run("Seaworld said it would demand full tolls for every boat.")[1]


def test_a_person_in_no_alias_list_speaks_for_the_party_his_title_serves() -> None:
    body = ("Mira Tollan, chief negotiator for the Capitol, said on Tuesday that fishing boats "
            "must keep to a closed bay until the survey is done.")
    text, found = _run(body)
    assert ("landia", "fishing", 0) in {(s.party, s.issue, s.level) for s in found}
