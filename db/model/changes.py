"""What a write changed, so each view can decide whether to refresh (cf. anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = frozenset({"position", "source", "party", "issue", "event", "all"})


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str]
    ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: str, ids: tuple[int, ...] | list[int] | frozenset[int] = ()) -> Changes:
        unknown = set(kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown change kinds: {sorted(unknown)}")
        return cls(frozenset(kinds), frozenset(ids))

    def touches(self, *kinds: str) -> bool:
        return "all" in self.kinds or bool(self.kinds.intersection(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids | other.ids)


EVERYTHING = Changes.of("all")
