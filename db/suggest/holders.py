"""Who holds the stance in a sentence: which named parties are its subjects (not what it is
about), and the article's own names for a party's people ("The Kremlin's foreign policy aide,
Yuri Ushakov" makes "Ushakov" speak for Russia for the rest of the article).

English news grammar only: a party is a holder when a verb follows its name (past titles,
names joined by "and", an appositive between commas); "Russian oil", "aid to Ukraine" and
"if Russia was ready" are not."""

from __future__ import annotations

import re

from db.suggest.parties import Mention, PartyInfo

# Words that may follow a holder's name before its verb, and verb forms that make it one.
_VERB = re.compile(
    r"(?:would|will|has|have|had|is|was|were|are|must|should|can|cannot|can['’]t|won['’]t|"
    r"(?:is|was|are|were|does|did|do|has|have|had|would|should)n['’]t|"
    r"did|does|do|wants?|says|said|told|tells|wrote|writes|added|adds|insists?|"
    r"demands?|rejects?|refuses?|agrees?|accepts?|proposes?|offers?|calls?|presses|pushes|"
    r"urges?|favou?rs?|backs|supports?|welcomes?|opposes?|denies|warns?|threatens?|seeks?|"
    r"sought|pledges?|vows?|signs?|orders?|declares?|dismisses|launches|attacks?|struck|"
    r"strikes|violates?|accuses?|rules|considers?|regards?|remains?|sees|views?|expects?|"
    r"hopes?|made|makes|announces?|responds?|replies|replied|stresses|confirms?|emphasi[sz]es|"
    r"reiterates?|repeats?|tweets?|posts|argues?|claims?|notes|explains?|describes?|drops|"
    r"walks|continues?|plans?|intends?|needs?|believes?|thinks?|feels|knows|got|gave|gives|"
    r"keeps?|took|takes|went|goes|stands?|stood|holds?|held|puts?|sets?|lets?|leaves|left|"
    r"spoke|speaks|talks|met|meets|came|comes|began|begins|sent|sends|won|brought|"
    r"[a-z]+ed)\b")
_ADVERBS = re.compile(r"^\s+(?:also|still|again|long|repeatedly|later|now|already|never|not|"
                      r"[a-z]{3,}ly(?= [a-z])|"
                      r"then|first|earlier|itself|himself|herself|themselves|alone|too|"
                      r"on (?:[A-Z]\w+|the \w+)|last (?:week|month|year)|this (?:week|month))\b")
# Capitalised words of a name or title, with its particles ("Secretary of State", "Ambassador
# to NATO", "al-Hayya").
_NAMES = re.compile(r"^(?:\s+(?:[A-Z][\w.'’-]*|of|to(?=\s+(?:the\s+)?[A-Z])|the(?=\s+[A-Z])|"
                    r"al-\w+|bin|von|de|van)(?![\w'’-]))+")
_JOINED = re.compile(r"^(?:\s*,\s*|\s+(?:and|or|as well as)\s+)(?:the\s+)?[A-Z][\w.'’-]*"
                     r"(?:\s+[A-Z][\w.'’-]*)*(?:['’]s)?")
_APPOSITIVE = re.compile(r"^\s*,[^,;\"“”]{1,90},")
_RELATIVE = re.compile(r"^\s*,\s*(?:which|who)\b")
# "Russian forces had launched", "Ukrainian officials said": a party's people as the subject.
# A party's paper speaks for it too: "the Russian memorandum said", "the European text would".
_GROUP = re.compile(r"^\s+(?:forces|troops|army|military|officials?|sides?|delegations?|delegates|"
                    r"negotiators?|governments?|leaders?|leadership|authorities|diplomats|"
                    r"ministry|envoys?|spokes(?:man|woman|person)|president|administration|"
                    r"memorandum|document|text|draft|plan|proposal|counter-proposal|statement|"
                    r"readout|framework|map|position|"
                    r"(?:foreign |prime |defen[cs]e |deputy |chief |top |senior )?"
                    r"(?:minister|secretary|negotiator|adviser|advisor|aide|chancellor)|"
                    r"team|foreign ministry|defen[cs]e ministry|officials)\b", re.I)
# "if Russia was ready", and an embedded question ("over how far Israeli troops would pull
# back", "whether Kyiv would accept"): a party named there takes no stance.
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|should|once|until|before|how(?: far| much| many"
                           r"| long| soon)?|what)\s+(?:the\s+)?$", re.I)
# The end of a dashed appositive: "The three countries – France, Britain and Germany – have led".
_DASH_CLOSE = re.compile(r"^\s*(?:–|—|--)(?=\s+[a-z])")


def is_agent(text: str, m: Mention, sentence_start: int, sentence_end: int) -> bool:
    """Is the mention a subject of the sentence (a party taking a stance or acting)?"""
    if m.is_object:
        # "a reversal for the White House, which had demanded …": the relative clause is
        # the named party's own.
        return bool(_RELATIVE.match(text[m.end:m.end + 20]))
    if _HYPOTHETICAL.search(text[max(sentence_start, m.start - 12):m.start]):
        return False
    rest = text[m.end:sentence_end]
    if rest.startswith(("'s", "’s")):
        return True  # the mention passed _owns_a_thing: "Putin's demands", "Kremlin's aide"
    for _ in range(6):
        before = rest
        for pattern in (_NAMES, _JOINED, _APPOSITIVE, _ADVERBS, _GROUP, _TITLE_RUN, _DASH_CLOSE):
            if mt := pattern.match(rest):
                rest = rest[mt.end():]
        if _RELATIVE.match(rest):
            return True
        if rest == before:
            break
    word = re.match(r"\s+([A-Za-z'’]+)", rest)
    return bool(word and _VERB.fullmatch(word.group(1)))


def names_speaker(text: str, m: Mention, verb_at: int) -> bool:
    """Is the mention the subject of the reporting verb at `verb_at`: only its titles, names,
    an appositive or adverbs between ("Ukraine's defence minister, Rustem Umerov, who led
    the delegation, said"), not a clause ("Israeli troops would pull back, officials said")?"""
    rest = text[m.end:verb_at]
    if rest.startswith(("'s", "’s")):
        rest = rest[2:]
    for _ in range(8):
        before = rest
        for pattern in (_NAMES, _JOINED, _APPOSITIVE, _ADVERBS, _GROUP, _TITLE_RUN, _AUXILIARY):
            if mt := pattern.match(rest):
                rest = rest[mt.end():]
        if rest == before:
            break
    return not rest.strip()


# "has" before the verb, and the comma closing an appositive the name stands in
# ("Iran's supreme leader, Ayatollah Ali Khamenei, has long said").
_AUXILIARY = re.compile(r"^\s+(?:has|have|had)\b|^\s*,(?=\s)")


# "The Kremlin's foreign policy aide, Yuri Ushakov", "German Chancellor Friedrich Merz":
# a party's name, a title, then a person's name.
_TITLE_WORDS = {
    "president", "prime", "minister", "chancellor", "secretary", "spokesman", "spokeswoman",
    "spokesperson", "aide", "adviser", "advisor", "envoy", "ambassador", "negotiator", "chief",
    "head", "official", "foreign", "defence", "defense", "state", "security", "national",
    "policy", "special", "deputy", "general", "leader", "supreme", "commander", "of", "staff",
    "affairs", "presidential", "office", "top", "senior", "lead", "economic", "ministry",
}
_TITLE_RUN = re.compile(r"^(?:\s+(?:" + "|".join(sorted(_TITLE_WORDS - {"of"})) + r"))+\b", re.I)
_TITLED = re.compile(r"(?:['’]s)?((?:\s+[A-Za-z]+){1,5}?),?\s+((?:[A-Z][a-z'’-]+\s+){1,2}"
                     r"[A-Z][a-z'’-]+)\b")


def article_names(text: str, mentions: list[Mention], parties: list[PartyInfo]
                  ) -> list[PartyInfo]:
    """The parties with the surnames the article gives their people added to their aliases."""
    known = {a for p in parties for a in (p.name, p.short_name, *p.aliases)}
    extra: dict[str, list[str]] = {}
    for m in mentions:
        mt = _TITLED.match(text, m.end)
        if not mt:
            continue
        title = mt.group(1).split()
        if not any(w.lower() in _TITLE_WORDS - {"of"} for w in title) or \
                any(w.lower() not in _TITLE_WORDS for w in title) or title[-1].lower() == "of":
            continue
        surname = mt.group(2).split()[-1]
        if surname not in known and len(surname) > 2:
            extra.setdefault(m.party, []).append(surname)
            known.add(surname)
    if not extra:
        return parties
    return [PartyInfo(p.key, p.name, p.short_name, (*p.aliases, *extra.get(p.key, [])), p.parent)
            for p in parties]


# A joint statement's subject: "Britain and France said", "the leaders of Germany, France,
# Britain, Italy, Poland and several other European countries said". Each listed party holds
# the stance; names between them that are no party ("Italy") and a closing "other …
# countries" do not break the list.
_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|as well as)\s+)"
_LIST_GAP = re.compile(rf"^{_SEP}(?:(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*{_SEP})*(?:the\s+)?$")
_GROUP_NOUN = r"(?:countries|nations|governments|allies|partners|states|leaders|members)"
_LIST_TAIL = re.compile(rf"^(?:{_SEP}(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|"
                        rf"(?:[\w'’-]+\s+){{0,4}}{_GROUP_NOUN}))*"
                        rf"\s*(?:{_GROUP_NOUN}|officials)?"
                        r"\s*(?:,[^,;\"“”]{1,90},)?\s*(?:also\s+|jointly\s+|all\s+)?$")


def joint_speakers(text: str, mentions: list[Mention], verb_at: int) -> list[Mention]:
    """The parties listed as the subject of the reporting verb at `verb_at`, when there
    are two or more; else none."""
    before = [m for m in mentions if m.end <= verb_at and not m.is_object]
    for k in range(len(before) - 1, -1, -1):
        last = before[k]
        if verb_at - last.end > 90 or not (_LIST_TAIL.match(text[last.end:verb_at])
                                          or names_speaker(text, last, verb_at)):
            continue
        group = [last]
        for m in reversed(before[:k]):
            if m.end <= group[0].start and _LIST_GAP.match(text[m.end:group[0].start]):
                group.insert(0, m)
            else:
                break
        if len({m.party for m in group}) >= 2:
            return group
    return []
