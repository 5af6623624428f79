"""Imported by beta only: a change here must re-run page two, through beta."""

LIMIT = 3
