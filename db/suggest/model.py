"""Which issue a sentence is about, and at which level: nearest coded quotes.

Documents are the analyst's own coded quotes (issue, level, status) plus the codebook's own
words (each issue's name and description, each level's label and description), so a fresh
codebook with no records yet still gets suggestions, and every record coded makes the next
suggestion better. Features are word unigrams and bigrams (lightly stemmed, hyphens joined:
"cease-fire" = "ceasefire"), TF-IDF weighted, compared by cosine: numpy only. scikit-learn
would do the same with scipy: 202 MB installed and ~1.1 s to import here (bench/README.md)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_STOP = set("""a an the and or but of to in on at by for with from as is are was were be been
being it its this that these those he she they we you i his her their our your them us him me
has have had do does did not no so than then there here which who whom what when where while
would will shall should can could may might must also about into over after before said says
say told wrote added according any all some such other more most very just only own same both
each few many much one two three four five six seven eight nine ten""".split())
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: "enrichment", "enriched" and "enrich" are one word. (Dropping a final
    e as well was measured: more found, fewer levels right.)"""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word


def features(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    words = [stem(w.replace("-", "").replace("'", "").replace("’", ""))
             for w in _WORD.findall(text.lower())]
    words = [w for w in words if w not in _STOP and w not in drop and not w.isdigit()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class Doc:
    text: str
    issue: str
    level: int | None  # None: the issue's own description (no level)
    status: str | None  # a coded record's status; None for codebook words
    weight: float  # codebook words count for less than a coded quote


@dataclass(frozen=True)
class IssueGuess:
    issue: str
    score: float
    level: int | None
    status: str | None  # the nearest coded record's status
    nearest: str  # the nearest document's text, for `why`


# Below this an issue is never suggested (the engine's lowest threshold is 0.15).
LEVEL_FLOOR = 0.1
CENTROID_WEIGHT = 2.5  # chosen on leave-one-out + the development articles (bench/README.md)


class IssueModel:
    def __init__(self, docs: list[Doc], drop_words: frozenset[str] = frozenset()) -> None:
        self.docs = docs
        self._drop = drop_words
        feats = [Counter(features(d.text, drop_words)) for d in docs]
        df = Counter(f for c in feats for f in c)
        n = len(docs) + 1
        self._vocab = {f: i for i, f in enumerate(sorted(df))}
        self._idf = np.array([math.log(n / (1 + df[f])) + 1.0 for f in sorted(df)],
                             dtype=np.float32)
        self._matrix = np.zeros((len(docs), len(self._vocab)), dtype=np.float32)
        for row, c in enumerate(feats):
            self._fill(self._matrix[row], c)
        self._weights = np.array([d.weight for d in docs], dtype=np.float32)
        self._issues = sorted({d.issue for d in docs})
        self._issue_rows = {i: np.array([r for r, d in enumerate(docs) if d.issue == i])
                            for i in self._issues}
        # Each issue's centroid (Rocchio): every word of every coded quote of the issue, where
        # the nearest quote looks at one. Normalised, so a cosine like the documents'.
        cent = np.stack([(self._matrix[rows] * self._weights[rows, None]).sum(axis=0)
                         for rows in self._issue_rows.values()]) if docs else \
            np.zeros((0, len(self._vocab)), dtype=np.float32)
        norms = np.linalg.norm(cent, axis=1, keepdims=True)
        self._centroids = cent / np.where(norms == 0, 1, norms)
        groups = list(self._issue_rows.values())
        self._grouped = np.concatenate(groups) if groups else np.zeros(0, dtype=int)
        self._starts = np.cumsum([0] + [len(g) for g in groups[:-1]]).astype(int)

    def _fill(self, out: np.ndarray, counts: Counter) -> None:
        for f, k in counts.items():
            j = self._vocab.get(f)
            if j is not None:
                out[j] = (1.0 + math.log(k)) * self._idf[j]
        norm = float(np.linalg.norm(out))
        if norm:
            out /= norm

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(len(self._vocab), dtype=np.float32)
        self._fill(v, Counter(features(text, self._drop)))
        return v

    def guesses(self, texts: list[str]) -> list[list[IssueGuess]]:
        """For each text, every issue with its score, best first."""
        if not texts or not self.docs:
            return [[] for _ in texts]
        vs = np.stack([self.vector(t) for t in texts])
        sims = (vs @ self._matrix.T) * self._weights  # texts × docs
        cents = vs @ self._centroids.T  # texts × issues
        # Each issue's nearest document, for all texts at once (rows grouped by issue).
        nearest = np.maximum.reduceat(sims[:, self._grouped], self._starts, axis=1)
        scores = np.maximum(nearest, CENTROID_WEIGHT * cents)
        out: list[list[IssueGuess]] = []
        for row, score_row in zip(sims, scores, strict=True):
            guesses = []
            for n, (issue, rows) in enumerate(self._issue_rows.items()):
                score = float(score_row[n])
                if score < LEVEL_FLOOR:  # never suggested: no level or nearest quote needed
                    guesses.append(IssueGuess(issue, score, None, None, ""))
                    continue
                s = row[rows]
                order = np.argsort(-s)[:3]
                best = rows[order[0]]
                guesses.append(IssueGuess(issue, score, self._level(rows[order], s[order]),
                                          self.docs[best].status, self.docs[best].text))
            guesses.sort(key=lambda g: -g.score)
            out.append(guesses)
        return out

    def _level(self, rows: np.ndarray, scores: np.ndarray) -> int | None:
        votes: Counter[int] = Counter()
        for r, s in zip(rows, scores, strict=False):
            lv = self.docs[r].level
            if lv is not None and s > 0:
                votes[lv] += float(s)
        return votes.most_common(1)[0][0] if votes else None
