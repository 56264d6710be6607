"""Stances whose holder or issue the sentence does not name, but news prose makes plain from
the sentences before: a description of parties already named ("the three countries", "both
sides", "the leaders"), a party's paper speaking for it ("The document also said …", "Under
the second, …"), a thing named before ("The Kremlin rejected the plan"), and a remark
appended to a sentence about someone else's stance (", a demand Kyiv has repeatedly
rejected"). English reporting conventions only; nothing here knows a negotiation."""

from __future__ import annotations

import re

from db.suggest.holders import is_agent
from db.suggest.parties import Mention

_COLLECTIVE = re.compile(
    r"\b(both|the two|the three|the four|the five|the six|the|all) (sides|leaders|presidents|"
    r"delegations|countries|governments|nations|powers|allies|capitals|men)\b", re.I)
_COUNT = {"both": 2, "the two": 2, "the three": 3, "the four": 4, "the five": 5, "the six": 6}
# A description after one of these is the object of the sentence ("urged both sides to",
# "talks between the two countries"), not who holds the stance.
_NOT_SUBJECT = re.compile(
    r"\b(?:urged?|urging|told|tells|asked|asks|pressed|pressing|called on|calls on|invited|"
    r"warned|accused|between|for|with|on|to|from|of|by|at|among|and|against)\s*$|"
    # "talks that both sides called productive": a relative clause about a thing, unlike
    # "said that both sides agreed".
    r"\b(?!said\b|says\b|added\b|announced\b|stated\b|confirmed\b)[a-z]+\s+(?:that|which)\s*$",
    re.I)
_LISTED = re.compile(r"^\s*(?:–|—|--|,|of\b)")


def collective_holders(text: str, a: int, b: int, mentions: list[Mention], recent: list[str],
                       last_holders: list[str], groups: frozenset[str] = frozenset()) -> list[str]:
    """Parties a sentence's subject describes instead of naming: "both sides" and "the two
    leaders" are the two parties last named; "the three countries", "the leaders" the
    holders of the last stance reported when there were several, or one party that is a
    group of others ("European leaders … The leaders said"); else the parties last named,
    as many as it says (two when it does not say)."""
    body = text[a:b]
    out: list[str] = []
    for m in _COLLECTIVE.finditer(body):
        det, noun = m.group(1).lower(), m.group(2).lower()
        if det in ("the", "all") and noun in ("sides", "men"):
            continue
        if _NOT_SUBJECT.search(body[:m.start()]):
            continue
        stand_in = Mention("", a + m.start(), a + m.end(), m.group(0), False)
        if not is_agent(text, stand_in, a, b):
            continue
        if _LISTED.match(body[m.end():]) and any(a + m.end() <= x.start <= a + m.end() + 60
                                                 for x in mentions):
            continue  # "the three countries – France, Britain and Germany –": named there
        count = _COUNT.get(det, 0)
        if count != 2 and (len(last_holders) >= 2
                           or (count == 0 and len(last_holders) == 1 and last_holders[0] in groups)):
            parties = list(last_holders)
        else:
            parties = list(reversed(recent[-(count or 2):]))
        out += [p for p in parties if p not in out]
    return out


# "The Russian memorandum", "Ukraine's own memorandum", "the Kremlin's readout": a party's
# paper. Later "The document also said …", "It said …", "Under the first, …" are that party's.
_PAPER = r"(?:memorandum|document|draft|text|plan|proposal|counter-proposal|readout|statement|" \
         r"framework|peace plan|position paper|letter|reply|response)"
PAPER_OF = re.compile(rf"(?:['’]s|-(?:drafted|backed|proposed|brokered|written)|-led)?\s+"
                      rf"(?:own\s+|new\s+|latest\s+|written\s+|original\s+)?{_PAPER}\b", re.I)
# "The original plan, drawn up by White House envoy Steve Witkoff": a paper and its author.
_PAPER_BY = re.compile(rf"\b{_PAPER},?\s+(?:drawn up|drafted|proposed|put forward|written|"
                       r"presented|tabled|circulated|sent)\s+by\s+(?:[A-Za-z.-]+\s+){0,4}?$", re.I)
PAPER_SUBJECT = re.compile(
    rf"^\s*(?:(?:The|This|That|Its) (?:[\w-]+ ){{0,2}}{_PAPER}\b|It (?:also )?(?:said|says|called|"
    r"proposed|demanded|offered|set out|stated)\b|Under (?:the|its) (?:first|second|third|"
    r"last|final|other|plan|proposal|draft|framework)\b)")


def paper_owner(text: str, mentions: list[Mention]) -> str | None:
    """The party whose paper a sentence names ("The Russian memorandum, …")."""
    for m in mentions:
        if PAPER_OF.match(text, m.end) or _PAPER_BY.search(text, max(0, m.start - 80), m.start):
            return m.party
    return None


# "The Kremlin rejected the plan", "Russia's negotiator confirmed the swap": the thing is
# the one the sentences before were about; so is its issue.
# Only as what a stance verb acts on ("rejected the plan", "called the pledges …"), not "had
# given Ukraine until Thursday to accept the plan" or "had not been informed of the document".
ANAPHORA = re.compile(
    r"(?<!\bto )\b(?:rejected|rejects|accepted|accepts|confirmed|confirms|welcomed|welcomes|"
    r"backed|backs|dismissed|dismisses|endorsed|endorses|supported|supports|opposed|opposes|"
    r"approved|approves|signed|signs|agreed to|agrees to|refused|refuses|condemned|condemns|"
    r"praised|praises|called|calls|ruled out|rules out|turned down|hailed|criticised|criticized)"
    r" (?:the|this|that|such a|these|those) (?:\w+ )?(?:plan|deal|proposal|framework|swap|"
    r"exchange|offer|idea|demand|demands|agreement|arrangement|map|document|memorandum|pledges?|"
    r"initiative|terms|truce|pause|force|invitation|move|step|draft|text|guarantees)\b", re.I)

# ", a demand Kyiv has repeatedly rejected", ", something Moscow has ruled out", ", a
# position Tehran has rejected": one party's stance on what the sentence says another wants.
TAIL = re.compile(
    r",\s+(?:(?:a|an|the)\s+(?:\w+\s+)?(?:position|demand|proposal|idea|step|move|condition|"
    r"plan|offer|request|stance|precondition|concession|call|claim|point|suggestion)|"
    r"something)\s+(?:that\s+|which\s+)?(?=[A-Z])")
