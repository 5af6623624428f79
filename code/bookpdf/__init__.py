"""The book as one PDF: the built site printed by Debian's headless Chromium.

``python -m bookpdf SITE OUT.pdf`` prints the single-page build of the book
(Sphinx's ``singlehtml`` builder, same configuration and execution cache as the
HTML site) once MathJax has typeset every formula, with a table of contents,
page numbers and PDF bookmarks (``bookpdf.printing``).  ``bookpdf.check``
reads a PDF back with poppler's ``pdftotext`` and lists what is wrong with it
against the HTML build: missing or reordered chapters, raw TeX, a wrong table
of contents, missing page numbers, glued numbers or claim boxes.
"""

BOOK_NAME = "mfdnn-book"
