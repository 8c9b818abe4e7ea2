"""Renderers: functions that turn result objects into text, Markdown, LaTeX, JSON and plots."""
