"""Mutation testing of the numerics (``mfdnn``) and the engine's core (``claimcheck``) with mutmut.

mutmut names a mutant after the module that holds it, and activates it only
when that name is the module's ``__name__``.  The packages live in ``code/``,
so mutmut run from the repository's root would call them ``code.mfdnn....``
while Python imports them as ``mfdnn....``, and no mutant would ever be
active.  :mod:`killrate.stage` therefore runs mutmut in ``_build/mutation``,
a folder whose top level holds the packages (links to ``code/mfdnn`` and
``code/claimcheck``) beside the tests; :mod:`killrate.report` reads mutmut's
results there, with the list of equivalent mutants (``tests/mutation/equivalent.txt``).
"""
