"""Symbolic checks of the course's identities.

Every module in this package except the plumbing (``core``, ``graph``, the
Sphinx extensions ``sphinxext`` and ``buildguards``, and ``determinism``) holds
claims, registered with :func:`derivations.core.claim` when imported.
Importing the package imports them all, so :func:`all_claims` is complete and
a new module needs no list to be edited.
"""

import importlib
import pkgutil

from .core import Claim, ClaimResult, Definition, check, check_dependencies, check_mutants, definitions, registry

_PLUMBING = {"core", "graph", "sphinxext", "buildguards", "determinism"}

for _info in pkgutil.iter_modules(__path__):
    if _info.name not in _PLUMBING and not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")

# Every module is loaded, so a claim may use one registered in a later module.
check_dependencies(registry(), definitions())


def all_claims() -> dict[str, Claim]:
    """Every claim in the package, by name."""
    return registry()


def all_definitions() -> dict[str, Definition]:
    """Every definition that claims may use, by name."""
    return definitions()


def get(name: str) -> Claim:
    """The claim called ``name``; a clear error names the known ones if it is missing."""
    claims = registry()
    if name not in claims:
        raise KeyError(f"no claim named {name!r}; known claims: {', '.join(sorted(claims))}")
    return claims[name]


__all__ = ["Claim", "ClaimResult", "Definition", "all_claims", "all_definitions", "check", "check_mutants", "get"]
