"""The charts pane and its charts: the issue timeline, the gap between two parties, the stance
matrix, and their export to PNG, SVG and PDF."""
