"""Qt helpers that know no Parley screen: after-paint, background pool, lazy docks,
pane visibility, icons, plain (never rich) text, text offsets, the list table model."""
