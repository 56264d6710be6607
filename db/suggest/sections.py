"""Who speaks in a document that is not news prose: official readouts and statements under a
heading ("Statement of the Ministry of Foreign Affairs of Iran", "Readout …, attributed to a
senior U.S. official", "Remarks by President Trump to reporters"), and press-briefing
transcripts whose paragraphs start with the speaker's label ("BAGHAEI: …", "THE PRESIDENT:
…"). Sentences there name no speaker of their own: the heading or the label is it."""

from __future__ import annotations

import bisect
import re

from db.suggest.parties import Mention, PartyMatcher

# A heading line that introduces what one party said or wrote.
_HEADING = re.compile(r"\b(?:readout|statement|briefing|remarks|transcript|press conference|"
                      r"news conference|interview|address|communiqu[eé]|declaration|"
                      r"letter|post(?:ed)?|speech)\b", re.I)
# "BAGHAEI:", "THE PRESIDENT:", "Q:" at the start of a paragraph.
_LABEL = re.compile(r"(?m)^([A-Z][A-Z .'’-]{0,40}):\s")
_ASKS = {"Q", "QUESTION", "REPORTER", "INTERVIEWER", "MODERATOR", "HOST"}


class Sections:
    """The heading speaker and the transcript label in force at each point of a text."""

    def __init__(self, text: str, matcher: PartyMatcher) -> None:
        self._text = text
        self._matcher = matcher
        self._heads: list[tuple[int, Mention | None]] = []
        self._lines: list[str] = []
        pos = 0
        for line in text.splitlines(keepends=True):
            body = line.strip()
            # The first line is the article's headline ("Russia issues statement on …"),
            # not a document's heading.
            if body and text[:pos].strip() and not re.search(r"[.!?\"”]$", body) \
                    and _HEADING.search(body) and len(body.split()) <= 25:
                found = matcher.find(text, pos, pos + len(line))
                self._heads.append((pos, found[0] if found else None))
                self._lines.append(body)
            pos += len(line)
        self._starts = [p for p, _ in self._heads]

    def heading_speaker(self, at: int) -> Mention | None:
        """The party of the last heading before `at` (None outside any, or a heading that
        names none)."""
        k = bisect.bisect_right(self._starts, at) - 1
        return self._heads[k][1] if k >= 0 else None

    def heading_text(self, at: int) -> str:
        """The last heading before `at` ("" outside any): it dates the document under it."""
        k = bisect.bisect_right(self._starts, at) - 1
        return self._lines[k] if k >= 0 else ""

    def heading_between(self, start: int, at: int) -> bool:
        """Does a heading stand between `start` and `at` (a new document begins)?"""
        k = bisect.bisect_right(self._starts, at) - 1
        return k >= 0 and self._starts[k] > start

    def label(self, at: int) -> tuple[bool, Mention | None]:
        """(is the paragraph at `at` a labelled turn, the party of its label): a question's
        label is a turn with no party; a label that names no party ("THE PRESIDENT") is the
        heading's speaker."""
        line_start = self._text.rfind("\n", 0, at) + 1
        m = _LABEL.match(self._text, line_start)
        if not m:
            return False, None
        label = m.group(1).strip()
        if label in _ASKS:
            return True, None
        titled = label.title()
        found = self._matcher.find(titled, 0, len(titled))
        if found:
            f = found[0]
            return True, Mention(f.party, line_start, line_start + len(label), label, False)
        return True, self.heading_speaker(at)
