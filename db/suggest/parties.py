"""Finding the parties of the codebook in a sentence, by name, short name and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A mention right after one of these is the object of the sentence ("aid to Ukraine",
# "pressure on Russia"), not a party taking a stance.
_OBJECT_PREPOSITIONS = {
    "to", "for", "on", "against", "from", "with", "into", "over", "of", "at", "toward",
    "towards", "by", "about", "between", "in", "across", "inside", "within",
}
_PERSON_TITLES = re.compile(
    r"(?:President|Prime Minister|Chancellor|Minister|Secretary|envoy|spokesman|spokeswoman|"
    r"spokesperson|aide|adviser|advisor|Foreign Minister|Defense Secretary|General|Gen\.)\s+"
    r"(?:[A-Z][\w'’-]+\s+){0,2}$")


@dataclass(frozen=True)
class PartyInfo:
    key: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class Mention:
    party: str
    start: int  # offsets into the article text
    end: int
    alias: str
    is_object: bool  # after a preposition: what the sentence is about, not who speaks or acts

    @property
    def is_person(self) -> bool:
        """A person's name rather than a state or institution: one capitalised word that is
        not used with "the" (Putin, Zelensky; not the Kremlin, Russia)."""
        return " " not in self.alias and not self.alias.isupper() and self.alias[:1].isupper()


class PartyMatcher:
    """One compiled pattern over every party's names; longest alias wins at a position."""

    def __init__(self, parties: list[PartyInfo]) -> None:
        self.parties = {p.key: p for p in parties}
        owner: dict[str, str] = {}
        for p in parties:
            for name in (p.name, p.short_name, *p.aliases):
                name = name.strip()
                # Short upper-case names (US, UK, EU) only match in upper case; a name is
                # matched whole, with a possessive allowed.
                if len(name) >= 2 and name not in owner:
                    owner[name] = p.key
        self._owner = owner
        self._lower = {n.casefold(): k for n, k in owner.items() if not n.isupper()}
        names = sorted(owner, key=len, reverse=True)
        if names:
            alt = "|".join(re.escape(n) for n in names)
            self._pattern: re.Pattern[str] | None = re.compile(
                rf"(?<![\w.-])(?:{alt})(?=['’]s\b|[^\w]|$)")
        else:
            self._pattern = None

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        if self._pattern is None:
            return []
        out: list[Mention] = []
        for m in self._pattern.finditer(text, start, end):
            alias = m.group(0)
            party = self._owner.get(alias) or self._lower.get(alias.casefold())
            if party is None:
                continue
            is_object = _is_object(text, start, m.start()) or _owns_a_thing(text, m.end())
            out.append(Mention(party, m.start(), m.end(), alias, is_object))
        return out

    def name(self, key: str) -> str:
        p = self.parties.get(key)
        return p.name if p else key


# A possessive names the holder of a stance only before a word for a stance ("Trump's
# proposal", "Putin's demands"); before anything else it is what the sentence is about
# ("Ukraine's energy infrastructure", "Russia's invasion").
_STANCE_NOUNS = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:demands?|proposals?|plan|offer|call|calls|position|positions|"
    r"insistence|conditions?|refusal|goal|terms|stance|proposed|request|requests|readout|"
    r"statement|envoy|spokes\w+|office|delegation|president|prime|foreign|chancellor|"
    r"memorandum|draft|text|document|framework|map|counter-proposal|version|response|reply|"
    r"initiative|peace plan|chief negotiator|negotiators?|willingness|readiness|commitment|pledge|"
    r"promise)\b", re.I)


def _owns_a_thing(text: str, end: int) -> bool:
    if not text.startswith(("'s", "’s"), end):
        return False
    return not _STANCE_NOUNS.match(text, end)


def _is_object(text: str, sentence_start: int, at: int) -> bool:
    before = text[max(sentence_start, at - 60):at]
    if m := _PERSON_TITLES.search(before):
        # "talks with US envoy Steve Witkoff": look at what comes before the title.
        before = before[:m.start()]
    words = re.findall(r"[A-Za-z]+", before)
    # "the Kremlin", "Ukraine's Zelenskyy": skip articles and a possessive party before it.
    # Capitalised words are names and titles ("with US President Donald Trump"): the
    # preposition, if any, comes before them.
    while words:
        if words[-1].lower() in {"the", "a", "an", "s"} or words[-1][:1].isupper():
            words.pop()
        elif words[-1] == "of" and len(words) >= 2 and words[-2][:1].isupper():
            words.pop()  # a title: "Secretary of State Marco Rubio"
        elif len(words) >= 2 and words[-1].lower() in {"and", "or"} and words[-2][:1].isupper():
            # "Trump and Putin said": a name joined to another shares its role, so look
            # past the conjunction and the name before it ("talks with Russia and Ukraine").
            words.pop()
        else:
            break
    if len(words) >= 2 and words[-1].lower() in ("of", "from") \
            and _SPEAKING_GROUPS.fullmatch(words[-2]):
        return False  # "the leaders of France, Germany … said", "negotiators from X met"
    return bool(words) and words[-1].lower() in _OBJECT_PREPOSITIONS


_SPEAKING_GROUPS = re.compile(r"(?i)leaders|heads|governments|ministers|presidents|"
                              r"delegations|delegates|representatives|envoys|officials|"
                              r"negotiators|diplomats|teams?|delegation")
