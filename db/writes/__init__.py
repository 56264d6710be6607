"""Writes: the ORM write path for positions, sources and the codebook."""
