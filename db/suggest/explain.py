"""How a suggestion is attributed (who reports it, of what kind), how confident it is, and
the short reason shown beside it."""

from __future__ import annotations

import re

from db.suggest import cues
from db.suggest.model import IssueGuess
from db.suggest.parties import Mention


def attribution(text: str, outlet: str, party: str, speaker: Mention | None,
                how: str) -> tuple[str, str]:
    """(attribution kind, attributed to) for a stance of `party` the sentence's speaker
    reports (no speaker: the article's own narration)."""
    outlet = outlet or "the article"
    if speaker is None:
        return "media_paraphrase", f"Article narration ({outlet})"
    who = speaker.alias
    if speaker.party != party:
        return "other_party_claim", f"{who} (reported by {outlet})"
    before = text[max(0, speaker.start - 40):speaker.end + 60]
    official = (not speaker.is_person or cues.OFFICIAL_WORDS.search(before)
                or re.search(r"\bthe\s+$", text[max(0, speaker.start - 5):speaker.start], re.I))
    kind = "official_statement" if official else "leader_own_words"
    return kind, f"{who} (reported by {outlet})"


def confidence(kind: str, score: float, label: bool, worded: bool) -> float:
    base = {"official_statement": 0.85, "leader_own_words": 0.85, "media_paraphrase": 0.7,
            "other_party_claim": 0.55}[kind]
    fit = min(1.0, 0.45 + score + (0.2 if label else 0.0) + (0.1 if worded else 0.0))
    return round(base * fit, 2)


def why(named: str, speaker: Mention | None, how: str, g: IssueGuess, label: str,
        status_words: str, date_words: str) -> str:
    parts = [f"names {named}"]
    if speaker is not None:
        parts.append(f"reported by {speaker.alias} ({how})")
    if label:
        parts.append(f"level “{label}” in the text")
    near = g.nearest if len(g.nearest) <= 60 else g.nearest[:57] + "…"
    if near:
        parts.append(f"like “{near}” ({g.score:.2f})")
    if status_words:
        parts.append(f"“{status_words[:30]}”")
    if date_words:
        parts.append(f"dated by “{date_words}”")
    return "; ".join(parts)
