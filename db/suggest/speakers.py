"""Who a sentence reports as speaking, and how ("said", "according to"): the name before
the reporting verb, an inverted one after a quotation ('…," said Peskov'), "he said" for the
one named last, and a quotation that runs on past its sentence, said by whoever is named
where it closes."""

from __future__ import annotations

import re
from typing import Protocol

from db.suggest import cues
from db.suggest.holders import names_speaker
from db.suggest.parties import Mention, PartyMatcher

_SERVES = re.compile(r"\s*(?:[A-Z][\w.'’-]*\s+){1,3}?[A-Z][\w.'’-]*,\s+(?:an?\s+|the\s+)?"
                     r"(?:[\w-]+\s+){0,3}(?:aide|adviser|advisor|spokes(?:man|woman|person)|envoy|"
                     r"negotiator|representative|ambassador)\s+(?:to|of|for)\s+([^,;\"“”]{2,70}),"
                     r"\s*(?:has\s+|had\s+)?$")


class SpeakerContext(Protocol):
    text: str
    matcher: PartyMatcher
    last_speaker: Mention | None


def speaker(ctx: SpeakerContext, a: int, b: int, mentions: list[Mention]) -> tuple[Mention | None, str]:
    """Who the sentence reports, and how it says so ("said", "according to")."""
    body = ctx.text[a:b]
    verb = cues.REPORTING.search(body)
    acc = cues.ACCORDING.search(body)
    if acc and acc.group(0).lower() == "according to":
        after = [m for m in mentions if m.start >= a + acc.end()]
        if after:
            return after[0], "according to"
    if verb:
        at = a + verb.start()
        before = [m for m in mentions if m.end <= at and at - m.end <= 90 and not m.is_object
                  and not quoted(ctx.text, a, m.start) and names_speaker(ctx.text, m, at)]
        if before:
            return before[-1], verb.group(0)
        # "Hikmet Hajiyev, foreign policy aide to President Ilham Aliyev, said": a person in
        # no alias list speaks for the party his title serves.
        serves = _SERVES.match(ctx.text, a, at)
        if serves:
            inside = [m for m in mentions if serves.start(1) <= m.start < serves.end(1)]
            if inside:
                return inside[0], verb.group(0)
        # '"…," said Peskov', 'said the Kremlin': the name right after the verb (not
        # "said that Iran …", which is what was said).
        # An inverted speaker stands after a quotation or a clause ('…," said Peskov',
        # '…, said the Kremlin'), not in front of what was said ("said Israeli strikes killed").
        inverted = re.search(r"[,\"”’]\s*$", body[:verb.start()]) is not None
        after = [m for m in mentions if inverted and m.start >= a + verb.end()
                 and _INVERTED.fullmatch(ctx.text[a + verb.end():m.start])]
        if after:
            return after[0], verb.group(0)
        # '"…," he said': the speaker is the one last named.
        if re.search(r"\b(he|she|they|it)\s+$", body[:verb.start()], re.I) and ctx.last_speaker:
            return ctx.last_speaker, verb.group(0)
    if body.lstrip().startswith(("\"", "“")) and quoted(ctx.text, a, b):
        # '"A verbal refusal is not enough. We need …," Peskov said.': a quotation that
        # runs on past this sentence is said by whoever is named where it closes.
        ahead = _speaker_after_quote(ctx, b)
        if ahead[0] is not None:
            return ahead
    if body.lstrip().startswith(("\"", "“")) and ctx.last_speaker and not mentions:
        return ctx.last_speaker, "continued"
    return None, ""


def _speaker_after_quote(ctx: SpeakerContext, b: int) -> tuple[Mention | None, str]:
    text = ctx.text
    close = min((i for i in (text.find('"', b, b + 600), text.find("”", b, b + 600)) if i >= 0),
                default=-1)
    if close < 0 or "\n" in text[b:close]:
        return None, ""
    verb = cues.REPORTING.search(text, close + 1, close + 80)
    if verb is None or verb.start() - close > 40:
        return None, ""
    named = [m for m in ctx.matcher.find(text, close + 1, verb.start())
             if names_speaker(text, m, verb.start())]
    if named:
        return named[-1], verb.group(0)
    after = [m for m in ctx.matcher.find(text, verb.end(), verb.end() + 60)
             if _INVERTED.fullmatch(text[verb.end():m.start])]
    if after:
        return after[0], verb.group(0)
    if re.fullmatch(r"[,.!?\s]*(?:he|she|they)\s+", text[close + 1:verb.start()], re.I) \
            and ctx.last_speaker:
        return ctx.last_speaker, verb.group(0)
    return None, ""


def quoted(text: str, a: int, at: int) -> bool:
    """Is `at` inside a quotation ('"We will not give Russians our land," he said')?"""
    part = text[a:at]
    return (part.count('"') + part.count("“") + part.count("”")) % 2 == 1


_INVERTED = re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}")
