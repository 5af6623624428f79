"""Checks of the built site (``_build/html``): in headless Chromium, and its internal links.

Run with ``make test-browser`` after ``make html``; ``make test`` deselects
them (marker ``browser``).
"""
