"""Reads: plain SQL on the read connection, never the ORM (screens import these at start-up)."""
