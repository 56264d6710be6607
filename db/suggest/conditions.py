"""The conditions a sentence puts on a stance ("only after sanctions are lifted", "in return
for an end to sanctions", "should Kyiv agree"), each with the issue it is about, in the
export's shape: {party, issue, level, level_label, text}."""

from __future__ import annotations

import re
from typing import Any

from db.suggest import cues
from db.suggest.model import IssueModel
from db.suggest.parties import PartyMatcher

MIN_SCORE = 0.45  # as the engine's: a condition's issue is named only when this likely
_NEGATED = re.compile(r"\b(?:not|never|no|won['’]t|cannot|can['’]t)\b", re.IGNORECASE)


def clauses(text: str, a: int, b: int, matcher: PartyMatcher, model: IssueModel
            ) -> list[dict[str, Any]]:
    """The condition clauses of the sentence text[a:b], each with the party it names, its
    issue guesses and its best issue ("clause_issue")."""
    body = text[a:b]
    out: list[dict[str, Any]] = []
    found = list(cues.CONDITION.finditer(body))
    # "would not accept a truce without guarantees": the guarantees are a condition.
    found += [m for m in re.finditer(r"\bwithout\b", body) if _NEGATED.search(body, 0, m.start())]
    for m in found:
        # "preconditions for any further steps, including a halt of …": the list is the terms.
        stop = r"[;.]" if m.group(0).lower().startswith("precondition") else r"[,;.]|\s--\s|\s—\s"
        end = re.search(stop, body[m.end():])
        clause = body[m.start(): m.end() + (end.start() if end else len(body))].strip()
        ca = a + m.start()
        who = matcher.find(text, ca, ca + len(clause))
        if len(clause.split()) < 3 or (len(clause.split()) < 4 and not who):
            continue  # "if that helped", "if they failed": an aside, not a term
        guess = model.guesses([clause])[0]
        g = next((x for x in guess if x.score >= MIN_SCORE), None)
        out.append({"party": who[0].party if who else None, "text": clause, "guesses": guess,
                    "clause_issue": g.issue if g else None})
    return out


def for_issue(model: IssueModel, issues: dict[str, Any], body: str,
              found: list[dict[str, Any]], issue: str) -> tuple[list[dict[str, Any]], bool]:
    """The conditions a sentence puts on the stance on `issue`: (conditions, is the demand).
    When the condition clause is about that issue and the rest of the sentence about another
    ("would only accept limits on its programme in exchange for the lifting of all
    sanctions", for sanctions), the stance on it is the demand itself, not a conditional
    offer."""
    if not found:
        return [], False
    main = body
    for d in found:
        main = main.replace(d["text"], " ")
    rest = model.guesses([main])[0]
    if (not rest or rest[0].issue != issue) and any(d["clause_issue"] == issue for d in found):
        return [], True
    out = []
    for d in found:
        # The condition's own issue is the clause's best other than the stance's ("if Russia
        # was truly ready for a complete silence" on a ceasefire offer: Russia's, unnamed).
        g = next((x for x in d["guesses"] if x.score >= MIN_SCORE and x.issue != issue), None)
        level = g.level if g else None
        label = next((lv[1] for lv in issues[g.issue].levels if lv[0] == level), None) \
            if g and g.issue in issues else None
        out.append({"party": d["party"], "issue": g.issue if g else None, "level": level,
                    "level_label": label if level is not None else None, "text": d["text"]})
    return out, False
