"""Suggested positions: read a stored article and propose the positions in it (party, issue,
level, status, quote, attribution, conditions, date) for the analyst to accept or reject.

Nothing here writes a position: `engine.suggest_for_source` only proposes. Reads are plain
SQL (no ORM); the only write, storing a rejection, is in `rejections`. No Qt, no network, no
model downloaded: the issue and level model is learned from the analyst's own coded records
and the codebook's own words (`model`)."""
