"""The fixed vocabularies of the schema, apart from the ORM models so that screens and
queries can use them without importing SQLModel."""

from __future__ import annotations

DATE_PRECISIONS = ("day", "month", "approximate")
ATTRIBUTION_KINDS = (
    "official_statement",
    "leader_own_words",
    "other_party_claim",
    "media_paraphrase",
)
ATTRIBUTION_KIND_LABELS = {
    "official_statement": "Official statement",
    "leader_own_words": "Leader's own words",
    "other_party_claim": "Other party's claim",
    "media_paraphrase": "Media paraphrase",
}
STATUSES = (
    "proposes",
    "accepts",
    "agrees",
    "demands",
    "conditions",
    "offers",
    "supports",
    "rejects",
    "opposes",
    "denies",
    "claims",
)
# Statuses saying a party does NOT hold the level ("Russia rejects a full ceasefire").
NEGATIVE_STATUSES = frozenset({"rejects", "opposes", "denies"})

# The setting recording that a database was seeded once (so deleted seeds stay deleted).
SEEDED_SETTING = "seeded_at"
