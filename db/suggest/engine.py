"""From an article's text to suggested positions (pure: no database here; see `source`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from db.suggest import collective, conditions, cues, dates, explain, levels, speakers
from db.suggest.holders import article_names, is_agent, joint_speakers
from db.suggest.levels import IssueInfo
from db.suggest.model import Doc, IssueGuess, IssueModel
from db.suggest.parties import Mention, PartyInfo, PartyMatcher
from db.suggest.sections import Sections
from db.suggest.sentences import Sentence, split_sentences

# An issue is suggested for a sentence when its nearest document is at least this similar,
# and at least this share of the best issue's score (a sentence is rarely about 3+ issues).
MIN_SCORE = 0.45
RELATIVE_SCORE = 0.6
MAX_ISSUES = 2
MAX_CLAUSE_ISSUES = 4  # with the issues its clauses add
CLAUSE_SCORE = 0.55  # a clause's own best issue counts when at least this similar
CUE_SCORE = 0.15  # enough for an issue whose level's label or cue phrase the sentence says
LENIENT_SCORE = 0.3  # the best issue of a sentence whose named subject says a stance
LENIENT_CLAUSE = 0.4  # a clause's best issue, in such a sentence
MIN_WORDS = 6  # the coding rules' shortest quote

JSON_KEYS = ("party", "issue", "level", "status", "stated_on", "date_precision",
             "attribution_kind", "attributed_to", "quote", "quote_start", "quote_end",
             "conditions", "confidence", "why")


@dataclass
class Suggestion:
    party: str
    issue: str
    level: int
    status: str
    stated_on: str
    date_precision: str
    attribution_kind: str
    attributed_to: str
    quote: str
    quote_start: int
    quote_end: int
    conditions: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 0.5
    why: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in JSON_KEYS}


@dataclass(frozen=True)
class Codebook:
    parties: tuple[PartyInfo, ...]
    issues: tuple[IssueInfo, ...]


@dataclass(frozen=True)
class CodedRecord:
    party: str
    issue: str
    level: int
    status: str
    quote: str


def build_model(codebook: Codebook, records: list[CodedRecord]) -> IssueModel:
    """The issue model from the codebook's words and the coded records' quotes. Party
    names are left out of the features: "Putin" says nothing about which issue it is."""
    docs: list[Doc] = []
    for issue in codebook.issues:
        docs.append(Doc(f"{issue.name}. {issue.description}", issue.key, None, None, 0.7))
        for value, label, description, phrases in issue.levels:
            docs.append(Doc(f"{label}. {description}", issue.key, value, None, 0.8))
            for cue in phrases:
                docs.append(Doc(cue, issue.key, value, None, 0.8))
    known = {i.key for i in codebook.issues}
    docs += [Doc(r.quote, r.issue, r.level, r.status, 1.0) for r in records if r.issue in known]
    drop: set[str] = set()
    for p in codebook.parties:
        for name in (p.name, p.short_name, *p.aliases):
            drop.update(w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 1)
    return IssueModel(docs, frozenset(drop))


@dataclass
class _Context:
    text: str
    published: dt.date
    outlet: str
    matcher: PartyMatcher
    issues: dict[str, IssueInfo]
    model: IssueModel
    last_speaker: Mention | None = None
    phrases: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    recent: list[str] = field(default_factory=list)  # parties by their latest mention, newest last
    last_holders: list[str] = field(default_factory=list)  # of the last stance suggested
    last_issues: list[IssueGuess] = field(default_factory=list)  # of the last stance suggested
    paper: str | None = None  # the party whose paper (memorandum, readout …) was last named
    dated: tuple[dt.date, str, str, int] | None = None  # last explicit date and where it ended
    date_here: tuple[dt.date, str, str] | None = None  # the date of the sentence at hand
    news_day: tuple[dt.date, str] | None = None  # the first day the article names: its event
    groups: frozenset[str] = frozenset()  # parties that are a group of others (a parent)
    paper_age: int = 0  # sentences since
    sections: Sections | None = None  # headings and transcript labels: who speaks where


def suggest_text(text: str, published: dt.date, outlet: str, codebook: Codebook,
                 model: IssueModel) -> list[Suggestion]:
    """Every suggestion for an article, in text order (before removing what is already
    coded or rejected)."""
    matcher = PartyMatcher(list(codebook.parties))
    # The article's own names for a party's people ("the Kremlin's aide, Yuri Ushakov"):
    # later sentences say only "Ushakov said".
    named = article_names(text, matcher.find(text, 0, len(text)), list(codebook.parties))
    if named is not codebook.parties and named != list(codebook.parties):
        matcher = PartyMatcher(named)
    ctx = _Context(text, published, outlet, matcher, {i.key: i for i in codebook.issues}, model)
    ctx.phrases = {i.key: levels.phrases(i) for i in codebook.issues}
    ctx.groups = frozenset(p.parent for p in codebook.parties if p.parent)
    ctx.sections = Sections(text, matcher)
    sentences = [s for s in split_sentences(text) if _is_prose(text, s)]
    # ", a demand Kyiv has repeatedly rejected": the remark is a stance of its own, about
    # what the sentence before it says (its issue comes from there).
    tails = [collective.TAIL.search(text, s.start, s.end) for s in sentences]
    spans = [_clip(text, s) for s in sentences]
    spans = [(a, min(b, t.start()) if t else b) for (a, b), t in zip(spans, tails, strict=True)]
    guesses = model.guesses([text[a:b] for a, b in spans])
    tail_guesses = iter(model.guesses([text[s.start:t.start()] for s, t in
                                       zip(sentences, tails, strict=True) if t]))
    # A sentence often lists several issues ("a halt of military aid and intelligence",
    # "monitoring … as well as a halt to mobilization"): each clause is also classified,
    # and its own best issue joins the sentence's.
    clauses = [_clauses(text[a:b]) for a, b in spans]
    flat = model.guesses([c for cs in clauses for c in cs])
    out: list[Suggestion] = []
    k = 0
    for s, (a, b), g, cs, t in zip(sentences, spans, guesses, clauses, tails, strict=True):
        extra = [flat[k + n][0] for n in range(len(cs)) if flat[k + n]]
        k += len(cs)
        ctx.date_here = _date_of(ctx, s)
        if b - a > 0:
            out += _sentence(ctx, a, b, g, extra)
        else:
            # A guess is no stance, but "he said" in the next sentence still means whoever
            # it named ("Trump appeared to adopt that approach. … he wrote").
            _track_speaker(ctx, s.start, s.end, ctx.matcher.find(text, s.start, s.end))
        if t:
            out += _tail(ctx, s, t.end(), next(tail_guesses))
    return out


def _date_of(ctx: _Context, s: Sentence) -> tuple[dt.date, str, str]:
    """A sentence's own date; else the date said last in its paragraph ("… said on Tuesday.
    Sybiha said Ukraine would …"); else, for a statement made at or after the event ("told
    reporters after the meeting"), the first day the article named; else publication.
    (Taking that first day for every undated sentence was measured too: right less often.)"""
    body = ctx.text[s.start:s.end]
    day, precision, words = dates.resolve(body, ctx.published)
    if cues.STANDING.search(body):
        return ctx.published, "approximate", words
    if words:
        ctx.dated = (day, precision, words, s.end)
        if ctx.news_day is None and precision == "day":
            ctx.news_day = (day, words)
        return day, precision, words
    if ctx.dated and "\n" not in ctx.text[ctx.dated[3]:s.start]:
        return ctx.dated[0], ctx.dated[1], ctx.dated[2]
    if ctx.sections is not None and (head := ctx.sections.heading_text(s.start)):
        # "Statement of the Ministry … (Sunday 11 May)": the heading dates what is under it.
        h_day, h_precision, h_words = dates.resolve(head, ctx.published)
        if h_words:
            return h_day, h_precision, h_words
    event = _AT_EVENT.search(body)
    if event and ctx.news_day:
        # "told reporters after the meeting": the day the lede gave the meeting.
        return ctx.news_day[0], "day", event.group(0)
    return day, precision, words


def _tail(ctx: _Context, s: Sentence, at: int, guesses: list[IssueGuess]) -> list[Suggestion]:
    """The party of an appended remark (", something Moscow has repeatedly ruled out"),
    on the issue of what it remarks on."""
    text = ctx.text
    mentions = [m for m in ctx.matcher.find(text, at, s.end) if m.start - at <= 30]
    status, words = cues.status_of(text[at:s.end])
    if not mentions or status is None:
        return []
    start = text.rfind(",", s.start, at) + 1
    while text[start].isspace():
        start += 1
    a, b = (start, s.end) if len(text[start:s.end].split()) >= MIN_WORDS else (s.start, s.end)
    body = text[s.start:start]
    normed = f" {levels.norm(body)} "
    said = {k for k, i in ctx.issues.items() if levels.label_level(i, normed, ctx.phrases[k])[0] is not None}
    chosen = [g for g in guesses[:1] if g.score >= MIN_SCORE or (g.issue in said and g.score >= CUE_SCORE)]
    day, precision, date_words = dates.resolve(text[a:b], ctx.published)
    if cues.STANDING.search(text[a:b]):
        day, precision = ctx.published, "approximate"
    out = []
    for g in chosen:
        label_level, label = levels.label_level(ctx.issues[g.issue], normed, ctx.phrases[g.issue])
        level = label_level if label_level is not None else g.level
        if level is None:
            continue
        party = mentions[0].party
        kind, attributed = explain.attribution(ctx.text, ctx.outlet, party, None, "")
        conf = explain.confidence(kind, g.score, label_level is not None, True)
        why = explain.why(mentions[0].alias, None, "", g, label, words, date_words)
        out.append(Suggestion(party, g.issue, level, status, day.isoformat(), precision, kind,
                              attributed, text[a:b], a, b, [], conf, why))
    return out


def _track_speaker(ctx: _Context, a: int, b: int, mentions: list[Mention]) -> Mention | None:
    # "Both sides" are the parties last named as actors: "aid to Ukraine" names no side.
    for m in mentions:
        if m.is_object:
            continue
        if m.party in ctx.recent:
            ctx.recent.remove(m.party)
        ctx.recent.append(m.party)
    speaker, how = speakers.speaker(ctx, a, b, mentions)
    if speaker is not None:
        ctx.last_speaker = speaker
    else:
        # A party acting inside a quotation is what the speaker talks about, not the next
        # "he said"'s speaker ('"The Russians are demanding … We will not," he said').
        agents = [m for m in mentions if is_agent(ctx.text, m, a, b)
                  and not speakers.quoted(ctx.text, a, m.start)]
        if agents:
            ctx.last_speaker = agents[0]
    return speaker


_CLAUSE_BREAK = re.compile(r",|;|\s--\s|\s—\s|\bas well as\b|\bincluding\b|\band\b|\bbut\b")


def _clauses(body: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE_BREAK.split(body)]
    parts = [p for p in parts if len(p.split()) >= 2]
    return parts if len(parts) > 1 else []


def _is_prose(text: str, s: Sentence) -> bool:
    """Headlines, captions and site furniture are not evidence: the first line, and lines
    without a sentence's ending punctuation, are left out."""
    body = text[s.start:s.end]
    if s.first_in_text or len(body.split()) < MIN_WORDS:
        return False
    if cues.FURNITURE.match(body) or cues.CAPTION.search(body):
        return False
    return bool(re.search(r"[.!?][\"'”’)\]]*$", body)) or body.rstrip().endswith(("\"", "”"))


def _clip(text: str, s: Sentence) -> tuple[int, int]:
    """The sentence, cut before speculation ("…, demands that Kyiv will almost certainly
    reject"): the part before the guess can still be a stance; a guess leading the sentence
    leaves nothing."""
    body = text[s.start:s.end]
    m = cues.SPECULATION.search(body)
    if not m:
        return s.start, s.end
    # "Trump was apparently able to secure one element: the Kremlin announced …": the guess
    # is the lead-in; what follows the colon is reported.
    colon = max(body.find(": ", m.end()), body.find("; ", m.end()))
    if colon > 0 and not cues.SPECULATION.search(body, colon) \
            and len(body[colon + 2:].split()) >= MIN_WORDS:
        return s.start + colon + 2, s.end
    cut = max(body.rfind(",", 0, m.start()), body.rfind(";", 0, m.start()),
              body.rfind(" -- ", 0, m.start()), body.rfind(" — ", 0, m.start()))
    if cut <= 0 or len(body[:cut].split()) < MIN_WORDS:
        return s.start, s.start
    return s.start, s.start + cut


# "told reporters after the meeting", "at the joint appearance": the day of the event.
_AT_EVENT = re.compile(r"\b(?:after|at|during|following|on the sidelines of) the (?:\w+ )?"
                       r"(?:meeting|talks|summit|call|session|round|news conference|"
                       r"press conference|appearance)\b", re.I)
_WE_AGREED = re.compile(r"[\"“]\s*(?:[^\"“”]*\s)?we (?:have |had |both |all )?agreed\b", re.I)
_ASIDE = re.compile(r",\s+(?:he|she|they|it|[A-Z][\w'’-]+)\s+(?:said|says|added|adds|argued|"
                    r"argues|insisted|insists|claimed|claims|warned|warns|noted|notes),\s")
_ACCUSED = re.compile(r".*\baccus\w+\s+\S+$", re.S)
_SUBORDINATE = re.compile(r"\b(?:after|when|while|because|since|although|though|before|until|"
                          r"whereas|even as)\b", re.I)


def _possessive(text: str, m: Mention) -> bool:
    return text.startswith(("'s", "’s"), m.end)


def _conditions(ctx: _Context, a: int, b: int, issue: str) -> tuple[list[dict[str, Any]], bool]:
    return conditions.for_issue(ctx.model, ctx.issues, ctx.text[a:b],
                                _condition_clauses(ctx, a, b), issue)


def _condition_clauses(ctx: _Context, a: int, b: int) -> list[dict[str, Any]]:
    return conditions.clauses(ctx.text, a, b, ctx.matcher, ctx.model)


def _sentence(ctx: _Context, a: int, b: int, guesses: list[IssueGuess],
              clause_best: list[IssueGuess]) -> list[Suggestion]:
    body = ctx.text[a:b]
    mentions = ctx.matcher.find(ctx.text, a, b)
    speaker, how = speakers.speaker(ctx, a, b, mentions)
    _track_speaker(ctx, a, b, mentions)
    if len(body.split()) < MIN_WORDS:
        return []
    verb = cues.REPORTING.search(body)
    joint = joint_speakers(ctx.text, mentions, a + verb.start()) if verb else []
    if joint and speaker is None:
        speaker, how = joint[0], verb.group(0)
    # Holders are the sentence's subjects: "Russian oil", "help Europe provide", "if Russia
    # was ready" name a party without it taking a stance.
    agents = [m for m in mentions if m is not speaker and is_agent(ctx.text, m, a, b)]
    # "Putin rejected Trump's proposal": a possessive after the subject is what the subject
    # acts on; only a leading one ("Trump's proposal was …") holds the stance.
    first = min([m.start for m in agents if not _possessive(ctx.text, m)]
                + ([speaker.start] if speaker is not None else []), default=b)
    agents = [m for m in agents if not (_possessive(ctx.text, m) and m.start > first)]
    # "Moscow is seeking the truce after Ukraine targeted …", "could have signed it on
    # Friday, when Witkoff went …": a subject after a conjunction of time or cause tells
    # what happened around the stance, not a stance of its own.
    agents = [m for m in agents if m.start <= first
              or not _SUBORDINATE.search(ctx.text, first, m.start)]
    if how == "continued" and ctx.sections is not None \
            and ctx.sections.heading_between(speaker.start, a):
        speaker, how = None, ""  # a quotation under a new heading is that document's
    if speaker is None and ctx.sections is not None:
        # A readout under its heading, a transcript's "BAGHAEI: …": the heading or the
        # label speaks; a question put at a briefing is nobody's stance.
        turn, speaker = ctx.sections.label(a)
        if turn and speaker is None:
            return []
        if speaker is None and not agents:
            speaker = ctx.sections.heading_speaker(a)
        how = "statement" if speaker is not None else how
    status, status_words = cues.status_of(body)
    owner = collective.paper_owner(ctx.text, mentions)
    ctx.paper, ctx.paper_age = (owner, 0) if owner else (ctx.paper, ctx.paper_age + 1)
    # "The document also said …", "Under the second, …": the paper last named speaks.
    paper = ctx.paper if (not agents and speaker is None and ctx.paper_age <= 4
                          and collective.PAPER_SUBJECT.match(body)) else None
    if status is None and (agents or paper) and cues.CONDITION.search(body):
        status, status_words = "conditions", cues.CONDITION.search(body).group(0)
    coll = collective.collective_holders(ctx.text, a, b, mentions, ctx.recent, ctx.last_holders,
                                         ctx.groups)
    if status is None and speaker is None:
        # Narration with no word of a stance ("Russia has also targeted …", "Trump has
        # made ending the war a priority"): events, not positions.
        return []
    holders: list[str] = [paper] if paper else []
    accused = [m.party for m in mentions if status == "alleged_violation"
               and _ACCUSED.match(ctx.text[max(a, m.start - 12):m.end])]
    # "He accused Russia of stepping up attacks": the accused is whom the record is about,
    # and the accuser holds no stance by accusing.
    for m in [] if accused else agents:
        if m.party not in holders:
            holders.append(m.party)
    holders += [p for p in accused if p not in holders]
    if speaker is not None:
        others = [p for p in holders if p != speaker.party]
        negative = status in ("rejects", "opposes", "denies", "alleged_violation")
        if speaker.party not in holders and (not others or not negative):
            holders.insert(0, speaker.party)
        elif negative and others and speaker.party in holders and how:
            holders.remove(speaker.party)
    holders += [m.party for m in joint if m.party not in holders]
    holders += [p for p in coll if p not in holders]
    if speaker is not None and _WE_AGREED.search(body):
        # '"We agreed to …," Umerov said': an agreement is the other side's too — the party
        # the article last named as an actor besides the speaker's.
        other = next((p for p in reversed(ctx.recent) if p != speaker.party), None)
        if other and other not in holders:
            holders.append(other)
    aside = [m.party for m in mentions if not m.is_object and _ASIDE.match(ctx.text, m.end)]
    if aside:
        # 'Russia, he said, "does not want a ceasefire"': the speaker reports the named
        # party's stance; it is not his own.
        holders = list(dict.fromkeys(aside))
    if not holders:
        return []
    best = guesses[0].score if guesses else 0.0
    # An issue whose level label or cue phrase the sentence says needs little more; one
    # found only by likeness to coded quotes must be close and near the best.
    normed = f" {levels.norm(body)} "  # normalised once: every issue's phrases are looked up in it
    said = {k for k, i in ctx.issues.items()
            if levels.label_level(i, normed, ctx.phrases[k])[0] is not None}
    # A party named as the subject with a word of a stance needs less likeness for its
    # sentence's best issue than a sentence that only reports someone speaking.
    lenient = (status is not None or bool(joint)) and bool(agents or paper or joint or coll) \
        and not said
    chosen = [g for n, g in enumerate(guesses)
              if (g.issue in said and g.score >= CUE_SCORE)
              or (g.score >= MIN_SCORE and g.score >= RELATIVE_SCORE * best)
              or (lenient and n == 0 and g.score >= LENIENT_SCORE)]
    chosen = chosen[:MAX_ISSUES]
    if not chosen and ctx.last_issues and collective.ANAPHORA.search(body):
        # "The Kremlin rejected the plan": the plan the sentences before were about.
        chosen = ctx.last_issues[:1]
    # A joint statement's clauses each name what the listed parties hold: less likeness.
    clause_score = LENIENT_CLAUSE if joint else CLAUSE_SCORE
    for g in sorted(clause_best, key=lambda g: -g.score):
        if g.score >= clause_score and all(c.issue != g.issue for c in chosen) \
                and len(chosen) < MAX_CLAUSE_ISSUES:
            # The clause's level and nearest record stand for it; the sentence's own
            # guess for that issue would mix in the other clauses.
            chosen.append(g)
    stated_on, precision, date_words = ctx.date_here or dates.resolve(body, ctx.published)
    out: list[Suggestion] = []
    chosen = [g for n, g in enumerate(chosen) if all(c.issue != g.issue for c in chosen[:n])]
    for g in chosen:
        issue = ctx.issues[g.issue]
        label_level, label = levels.label_level(issue, normed, ctx.phrases[g.issue])
        level = label_level if label_level is not None else g.level
        if level is None:
            continue
        conditions, the_terms = _conditions(ctx, a, b, g.issue)
        st = "demands" if the_terms else status or g.status or "supports"
        if conditions and st in ("agrees", "accepts", "supports", "offers"):
            st = "conditions" if st != "offers" else st
        for party in holders:
            kind, attributed = explain.attribution(ctx.text, ctx.outlet, party, speaker, how)
            conf = explain.confidence(kind, g.score, label_level is not None, status is not None)
            named = next((m.alias for m in mentions if m.party == party), ctx.matcher.name(party))
            why = explain.why(named, speaker, how, g, label, status_words, date_words)
            out.append(Suggestion(party, g.issue, level, st, stated_on.isoformat(), precision,
                                  kind, attributed, body, a, b, conditions, conf, why))
    if out:
        out += _condition_demands(ctx, a, b, holders, chosen, speaker, how, mentions)
        ctx.last_holders, ctx.last_issues = holders, chosen
    return out


def _condition_demands(ctx: _Context, a: int, b: int, holders: list[str],
                       chosen: list[IssueGuess], speaker: Mention | None, how: str,
                       mentions: list[Mention]) -> list[Suggestion]:
    """What a stance is conditioned on is the holder's demand too: "ready to accept limits on
    its enrichment in return for an end to sanctions" demands the end of sanctions."""
    body = ctx.text[a:b]
    stated_on, precision, date_words = ctx.date_here or dates.resolve(body, ctx.published)
    out: list[Suggestion] = []
    for d in _condition_clauses(ctx, a, b):
        g = next((x for x in d["guesses"] if x.score >= MIN_SCORE), None)
        if g is None or any(c.issue == g.issue for c in chosen) or (d["party"] and d["party"] in holders):
            continue
        label_level, label = levels.label_level(ctx.issues[g.issue], f" {levels.norm(d['text'])} ",
                                          ctx.phrases[g.issue])
        level = label_level if label_level is not None else g.level
        if level is None:
            continue
        chosen = [*chosen, g]
        for party in holders:
            kind, attributed = explain.attribution(ctx.text, ctx.outlet, party, speaker, how)
            conf = explain.confidence(kind, g.score, label_level is not None, True)
            named = next((m.alias for m in mentions if m.party == party), ctx.matcher.name(party))
            why = explain.why(named, speaker, how, g, label, d["text"][:30], date_words)
            out.append(Suggestion(party, g.issue, level, "demands", stated_on.isoformat(),
                                  precision, kind, attributed, body, a, b, [], conf, why))
    return out
