"""The main window's panes: sources list, reader, positions table, conflicts, codebook editor."""
