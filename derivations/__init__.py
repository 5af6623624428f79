"""The course's claims: one module per topic, each registering its claims with ``claimcheck``.

Importing the package imports every module in it (a new module needs no list
to be edited), so :data:`REGISTRY` then holds every claim, definition and
erratum of the book; the dependency check runs once all are loaded, so a claim
may use one registered in a later module.  Modules whose names start with
``_`` are mathematical helpers, imported by the modules that need them.
"""

import importlib
import pkgutil

from claimcheck import REGISTRY, Claim, Definition

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")

REGISTRY.check_dependencies()


def all_claims() -> dict[str, Claim]:
    """Every claim of the book, by name."""
    return REGISTRY.claims()


def all_definitions() -> dict[str, Definition]:
    """Every definition that claims may use, by name."""
    return REGISTRY.definitions()


def get(name: str) -> Claim:
    """The claim called ``name``; a clear error names the known ones if it is missing."""
    return REGISTRY.get(name)


__all__ = ["REGISTRY", "all_claims", "all_definitions", "get"]
