"""claimcheck: claims made of SymPy objects, checked, and shown on Sphinx pages with their verdicts.

The public API, all importable from ``claimcheck``:

* writing claims -- :class:`Claim`, :class:`Mutant`, :func:`relation`,
  :func:`derivation` (a step may apply a rule by substitution,
  :class:`Application`), :func:`relax`, the methods ``SYMBOLIC``, ``INSTANCE``,
  ``NUMERIC``;
* registering them -- :func:`claim` (a decorator), :func:`definition`,
  :func:`erratum`, which fill the default :data:`REGISTRY`; a test or a
  second book makes its own :class:`Registry` and uses its methods instead;
* checking them -- :func:`check`, :func:`check_mutants`,
  :func:`check_relation`, giving statuses ``HOLDS``, ``FAILS``, ``UNDECIDED``;
* showing them -- :func:`latex`, :func:`assumption_text`; a claim's display
  form written with :func:`written`, :func:`times`, :func:`minus`, :func:`over`, :func:`scaled`
  (:mod:`claimcheck.display`); the Sphinx
  extension :mod:`claimcheck.sphinxext` (directives ``claim``,
  ``claim-status``, ``claim-graph``, ``errata``).

The core imports SymPy and the standard library only (so it also runs where
only those are, such as a browser's Pyodide); its Sphinx side imports the core.

>>> import sympy as sp
>>> from claimcheck import Claim, Mutant, Registry, check, relation
>>> beta = sp.Symbol("beta", positive=True)
>>> book = Registry()
>>> @book.claim
... def decay():
...     '''exp(-β) < 1 for β > 0.'''
...     return Claim("demo.decay", "Decay", relation(sp.exp(-beta), "<", 1),
...                  mutants=(Mutant("flipped sign", "exp(β)", relation(sp.exp(beta), "<", 1)),))
>>> check(book.get("demo.decay")).status
'holds'
"""

from .checker import check, check_mutants, check_relation
from .display import minus, over, scaled, times, written
from .errata import Erratum
from .latex import assumption_text, latex
from .model import (
    FAILS, HOLDS, INSTANCE, NUMERIC, SYMBOLIC, UNDECIDED, Application, Claim, ClaimResult, Derivation, Domain, Mutant,
    Result, derivation, relation,
)
from .mutants import relax
from .registry import REGISTRY, Definition, DependencyError, Registry, check_dependencies

#: Register into the default registry (see :class:`Registry` for a registry of one's own).
claim = REGISTRY.claim
definition = REGISTRY.definition
erratum = REGISTRY.erratum

__all__ = [
    "FAILS", "HOLDS", "INSTANCE", "NUMERIC", "REGISTRY", "SYMBOLIC", "UNDECIDED",
    "Application", "Claim", "ClaimResult", "Definition", "DependencyError", "Derivation", "Domain", "Erratum", "Mutant",
    "Registry", "Result",
    "assumption_text", "check", "check_dependencies", "check_mutants", "check_relation", "claim", "definition",
    "derivation", "erratum", "latex", "minus", "over", "relation", "relax", "scaled", "times", "written",
]
