"""The level a sentence says: each level's label and cue phrases, normalised (lower case,
hyphens joined, words stemmed), looked up in the sentence's normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from db.suggest.model import stem


@dataclass(frozen=True)
class IssueInfo:
    key: str
    name: str
    description: str
    # (value, label, description, cue phrases): the cue phrases are the analyst's own words
    # for the level in an article ("30-day", "full ceasefire"), edited in the codebook.
    levels: tuple[tuple[int, str, str, tuple[str, ...]], ...]


def norm(text: str) -> str:
    """Lower case, hyphens joined, each word stemmed: a cue phrase "disarm" is said by
    "disarmed", "security guarantee" by "security guarantees"."""
    text = text.lower().replace("-", "").replace("+", " and ").replace("&", " and ")
    return " ".join(stem(w) for w in re.findall(r"[a-z0-9]+", text))


_LABEL_FILLER = re.compile(r"\b(only|now|all|must|stop|of|the|a)\b")


def phrases(issue: IssueInfo) -> list[tuple[str, int, str]]:
    """An issue's level labels (two words or more) and cue phrases, normalised, longest
    first: (phrase, level value, level label). A hyphenated compound is said either way
    ("face to face", "face-to-face")."""
    out = []
    for value, label, _, level_cues in issue.levels:
        phrase = " ".join(_LABEL_FILLER.sub(" ", norm(label)).split())
        said = ([phrase] if len(phrase.split()) >= 2 else []) + [norm(c) for c in level_cues]
        said += [p.replace(" ", "") for p in said if 2 <= len(p.split()) <= 3]
        out += [(p, value, label) for p in dict.fromkeys(said) if p]
    return sorted(out, key=lambda t: -len(t[0]))


@lru_cache(maxsize=256)
def general_words(issue: IssueInfo) -> frozenset[str]:
    """The words of the issue's own name and description: a phrase made of them names the
    issue, not one of its levels ("exchange of prisoners" beside "all-for-all")."""
    return frozenset(norm(f"{issue.name} {issue.description}").split())


def label_level(issue: IssueInfo, sentence: str,
                 phrases: list[tuple[str, int, str]] | None = None) -> tuple[int | None, str]:
    """A level whose label or one of whose cue phrases is said in the sentence ("full
    cease-fire" → Full ceasefire). A phrase inside a longer one found gives way to it
    ("energy" to "energy and infrastructure"); of phrases said apart, the one with most
    words beyond the issue's own name wins ("all-for-all" over "exchange of prisoners").
    A sentence starting with a space is taken as already normalised."""
    text = sentence if sentence.startswith(" ") else f" {norm(sentence)} "
    found = []
    for phrase, value, label in phrases if phrases is not None else phrases(issue):
        at = text.find(f" {phrase} ")
        if at >= 0:
            found.append((at, at + len(phrase) + 1, phrase, value, label))
    if not found:
        return None, ""
    found = [f for f in found if not any(g[0] <= f[0] and f[1] <= g[1] and g[1] - g[0] > f[1] - f[0]
                                         for g in found)]
    general = general_words(issue)
    best = max(found, key=lambda f: (sum(w not in general for w in f[2].split()), len(f[2])))
    return best[3], best[4]
