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
    "prefers",
    "defers",
    "alleged_violation",
)
# What each status means, for the position form's list (seeds/README.md gives the rules).
STATUS_LABELS = {
    "proposes": "proposes",
    "accepts": "accepts",
    "agrees": "agrees",
    "demands": "demands",
    "conditions": "conditions (accepts only if …)",
    "offers": "offers",
    "supports": "supports",
    "rejects": "rejects",
    "opposes": "opposes",
    "denies": "denies",
    "claims": "claims",
    "prefers": "prefers (admits it is blocked)",
    "defers": "defers (under negotiation)",
    "alleged_violation": "alleged violation (not a stance)",
}
# Statuses saying a party does NOT hold the level ("Russia rejects a full ceasefire").
NEGATIVE_STATUSES = frozenset({"rejects", "opposes", "denies"})
# Deferral is not rejection: the level is left to further talks ("diplomats will continue
# discussions to arrive at a full cease-fire"). The party neither holds nor refuses it.
DEFERRED_STATUSES = frozenset({"defers"})
# Not a stance at all: an accusation that a party breaks a pause it agreed to. Charts mark
# it apart and conflict detection leaves it out.
NON_STANCE_STATUSES = frozenset({"alleged_violation"})
# Statuses that do not put the party at the level: no matrix cell, gap or step line from them.
NOT_HELD_STATUSES = NEGATIVE_STATUSES | DEFERRED_STATUSES | NON_STANCE_STATUSES
# A stance held only on conditions; a record with condition links is conditional too.
CONDITIONAL_STATUSES = frozenset({"conditions"})

# The setting recording that a database was seeded once (so deleted seeds stay deleted).
SEEDED_SETTING = "seeded_at"
