"""The machinery of this book, a course's book, around the claim engine.

Sphinx extensions, each named in conf.py, one concern per file:

* :mod:`.sources` -- the course's problems as exercises, its printed numbers
  beside the build's (:mod:`.printed`), the course map;
* :mod:`.guards` -- build guards that fail the build, naming the page: pages
  not executed, glue computed and not shown, claims no page shows, and the
  reading order (:mod:`.reading`);
* :mod:`.failsafe` -- a build that exits 0 never serves a page written by a
  failed one;
* :mod:`.site` -- cache keys, the execution cache, MathJax served offline;
* :mod:`.exerciseclaims` -- each problem's listed claims are those its solution gives;
* :mod:`.exectable` -- the execution table's status in plain characters, not emoji;
* :mod:`.kernels`, :mod:`.buildlog` -- the pages' Jupyter kernels and a quiet log.

And a tool: ``python -m coursebook.determinism A B`` compares the numbers in
two builds' prose.  Layers point one way: this package imports the engine
(``claimcheck`` and ``claimcheck.sphinxext``), never the other way round.
"""
