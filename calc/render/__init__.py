"""Renderers: functions that turn a result into text, Markdown, LaTeX, JSON or a
figure.  They only format what the result holds (no simplification, no solving)."""
