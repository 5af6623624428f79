"""A built site in Debian's headless Chromium: a local server for it and a browser that can reach only that server.

Used by the browser tests (tests/browser) and by the PDF of the book (bookpdf).
"""
