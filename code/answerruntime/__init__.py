"""What the answer boxes need in the built site (``_answers/``): Pyodide, the SymPy and mpmath wheels, and the
engine's core, all from pinned sources; run by ``make html`` after Sphinx (``python -m answerruntime _build/html``).

* Pyodide from npm (``npm pack pyodide@PYODIDE``, its SHA-256 checked), only the files the loader needs;
* the ``sympy`` and ``mpmath`` wheels from PyPI at the versions of ``requirements.lock`` (pure Python),
  compiled to bytecode by Pyodide's own Python under Node (``precompile.js``), their test suites left out;
* ``claimcheck-core.zip``: the engine's core from the working tree (``claimcheck`` without its Sphinx side,
  which imports Sphinx), so the browser runs the code the build checked with;
* ``manifest.json``: which files the script ``answerbox.js`` loads.

Downloads are kept in ``_build/answer-runtime`` and fetched again only when a version changes.
"""
