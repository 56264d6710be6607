"""Cue phrases of news prose: how a stance is worded (status), what is not a position
(speculation, the gap between sides), what makes a stance conditional, and who reports it.
These are English reporting conventions, not facts of any one negotiation."""

from __future__ import annotations

import re

# Status cues, most specific first: the first that matches in a sentence decides.
# (pattern, status)
STATUS_CUES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.I), s) for p, s in (
    (r"\b(attack\w*|strik\w+|shell\w*|violat\w+|broke|breach\w*)\b.{0,60}\b(despite|after|"
     r"following|right now|ceasefire|cease-fire|truce|pause)\b|\bbroke the\b|\bviolat\w+ the\b|"
     r"\baccus\w+ \w+ of\b", "alleged_violation"),
    (r"\bcontinue (discussions|talks|negotiat\w+)|\bfurther talks\b|\bleft (it )?to\b|"
     r"\bto be (discussed|negotiated)\b|\bdiscuss the potential\b", "defers"),
    (r"\bnot (been )?discussed\b|\bdid not (raise|discuss|mention)\b|\bdenied\b|\bdenies\b|"
     r"\bnever (asked|raised|discussed)\b", "denies"),
    (r"\binsisted\b.{0,80}\bbut\b|\bwould (have )?prefer\w*\b|\bideally\b", "prefers"),
    (r"\breject\w*\b|\brefus\w+\b|\bdismiss\w*\b|\bruled out\b|\brules out\b|\bturned down\b|"
     r"\bnot interested\b|\bisn['’]t interested\b|\bwon['’]t accept\b|\bunacceptable\b|"
     # "would not accept", "will never recognise", "cannot agree": a negated acceptance.
     r"\b(?:not|never|n['’]t)\s+(?:\w+ly\s+)?(?:accept|agree|allow|discuss|negotiate|give|hand over|"
     r"recogni[sz]e|tolerate|support|sign)\b|\bcondemn\w*\b|\bno longer\b", "rejects"),
    (r"\boppos\w+\b|\bwarn\w* against\b|\bobject(s|ed|ing) to\b", "opposes"),
    (r"\bdemand\w*\b|\binsist\w*\b|\bask(?:s|ed)? (?:that|for)\b|"
     r"\bneed(?:s|ed)?\b|\bmust\b|\brequir\w+\b|\bkey condition\b|\bpress\w* for\b|"
     r"\bprecondition\w*\b|\bcall\w* for\b|\burg\w+\b", "demands"),
    (r"\boffer\w*\b|\bannounc\w+ (?:a|an|its)\b|\bdeclar\w+ (?:a|an)\b|"
     r"\border(ed|s)? (a|an|the) (halt|pause|stop|truce|ceasefire)\b|"
     r"\bready to\b|\bwilling to\b|\bprepared to\b|\bvow\w*\b|\bpledg\w+\b",
     "offers"),
    (r"\bpropos\w+\b|\bsuggest\w*\b|\bpush\w* for\b|\braised\b|\bput forward\b|\bfloat\w*\b",
     "proposes"),
    # Verbs only: "ended without an agreement" is no party agreeing.
    (r"\bagree(d|s|ing)?\b|\bconsent\w*\b|\bsigned\b|\binked\b", "agrees"),
    (r"\baccept\w*\b|\bassent\w*\b|\bsigned on\b", "accepts"),
    (r"\bsupport\w*\b|\bwelcom\w+\b|\bback(s|ed|ing)\b|\bendors\w+\b|\bwould like\b|\bwants?\b|"
     r"\bfavou?r\w*\b|\bseek\w*\b", "supports"),
    (r"\bclaim\w*\b|\bannex\w*\b", "claims"),
)]

# What is not a position: guesses, predictions, and statements of the gap between sides.
SPECULATION = re.compile(
    r"\b(analysts?|experts?|observers?|think tank|diplomats say|it is unclear|it remains to be "
    r"seen|almost certainly|likely to|unlikely to|expected to|appears? to|seems? to|"
    r"may well|could take|so far apart|bridg\w+ the gap|far apart|remain divided|"
    r"in an attempt to|a reference to|is seen as|widely seen|apparently|appeared to|"
    r"would likely|probably|perhaps|hopeful|optimistic|pessimistic|"
    r"(?:declined|refused|would not|did not) (?:to )?comment|made no (?:public )?comment|"
    r"appeared in no|far from clear|no sign (?:yet )?that|"
    # "some European diplomats believe", "Some in Kyiv fear that": unnamed people's guesses.
    r"(?:some|many|most|few)(?:\s+[\w-]+){0,3}\s+(?:believe|fear|suspect|think|worry|doubt))\b",
    re.I)

# Site furniture ("SEE ALSO: …", "READ MORE: …") and photo captions ("Putin speaks in
# Moscow.", "Zelensky speaks at a press conference in Kyiv, 15 March 2025."): not evidence.
FURNITURE = re.compile(r"^\s*[A-Z][A-Z ]{2,}:")
CAPTION = re.compile(r"^[^\"“”]{0,120}?\b(speaks|attends|looks on|gestures|arrives|listens|"
                     r"walks|shakes hands|is seen|poses)\b(?! (about|of|for|to) )", re.I)

# A clause that makes the stance conditional. Group "cue" is the cue, the clause follows.
CONDITION = re.compile(
    r"(?P<cue>\bonly after\b|\bonly if\b|\bonly once\b|\bon (the )?condition that\b|"
    r"\bprovided (that )?\b|\bpending\b|\bshould (?=\w+ (agree|accept|stop|halt|end|withdraw))|"
    r"(?<!for )\bas long as\b|\bin exchange for\b|\bunless\b|"
    r"(?<!even )(?<!as )\bif\b(?! there| any\b| so\b| ever\b| not\b)|\bsubject to\b|"
    r"\bin return for\b|\bconditional on\b|\bconditioned on\b|"
    r"\bpreconditions? (?:for|including)\b|"
    r"\bbefore (?:it|they|he|she|\w+) (?:could|would|can|will) (?:agree|accept|lift|sign|consider)\b)",
    re.I)

# Reporting verbs: "the Kremlin said", "Zelensky told reporters", "Trump wrote".
REPORTING = re.compile(
    r"\b(said|says|say|told|tells|wrote|writes|added|adds|posted|posts|stated|states|"
    r"announced|announces|stressed|stresses|insisted|insists|declared|declares|noted|notes|"
    r"argued|argues|warned|warns|claimed|claims|confirmed|confirms|emphasi[sz]ed|explained|"
    r"reiterated|repeated|tweeted|described|responded|replied|accused|vowed|pledged|"
    r"made (?:it )?clear)\b")
ACCORDING = re.compile(r"\baccording to\b|\bin (a|its|his|her|their) (statement|readout|"
                       r"post|interview|address|remarks|comments)\b|\breadout\b|\bstatement\b",
                       re.I)
OFFICIAL_WORDS = re.compile(
    r"\b(statement|readout|spokes\w+|ministry|office|officials?|envoy|delegation|embassy|"
    r"negotiators?|government|administration|foreign minister|aide)\b", re.I)
# A stance held for a long time or often repeated: dated to publication, "approximate".
STANDING = re.compile(r"\b(has (long|often|repeatedly|always)|have (long|often|repeatedly)|"
                      r"long (insisted|demanded|held|said)|consistently)\b", re.I)


def status_of(clause: str) -> tuple[str | None, str]:
    """The status a clause's wording gives, and the words that gave it (for `why`)."""
    for pattern, status in STATUS_CUES:
        m = pattern.search(clause)
        if m:
            return status, m.group(0)
    return None, ""
