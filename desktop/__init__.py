"""Parley's Qt desktop application. Reads and writes only through `db` functions."""
