"""The registry of a book: its claims, the definitions they use, and its errata.

A book's claim modules register into one :class:`Registry`; the default one,
:data:`REGISTRY`, is what the module-level :func:`claimcheck.claim`,
:func:`claimcheck.definition` and :func:`claimcheck.erratum` fill.  A test
(or a second book) makes its own ``Registry()``, so its claims never mix with
the real ones.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Callable, Sequence

from .errata import Erratum
from .model import METHODS, SYMBOLIC, Claim, Derivation

#: Definitions are named ``def.<something>``, so a name in ``uses`` says which kind it is.
DEFINITION_PREFIX = "def."


@dataclasses.dataclass(frozen=True)
class Definition:
    """A named definition that claims may list in ``uses``; it is not checked.

    ``label`` is the sphinx-proof label of the block on a page that states it
    (a ``prf:definition``, or a theorem the course takes as given); empty when
    no page states it in such a block.
    """

    name: str
    title: str
    label: str = ""
    module: str = ""


class DependencyError(ValueError):
    """A claim's ``uses`` names something unknown, or the claims depend on each other in a cycle."""


class Registry:
    """The claims, definitions and errata of one book.

    >>> import sympy as sp
    >>> from claimcheck import Claim, Mutant, relation
    >>> book = Registry()
    >>> lse = book.definition("def.demo", "a demo definition")
    >>> @book.claim
    ... def demo_claim():
    ...     '''1 + 1 = 2.'''
    ...     return Claim("demo.sum", "one and one", relation(sp.Integer(1) + 1, "=", 2), uses=(lse,),
    ...                  mutants=(Mutant("wrong constant", "3", relation(sp.Integer(1) + 1, "=", 3)),))
    >>> sorted(book.claims()), sorted(book.definitions())
    (['demo.sum'], ['def.demo'])
    >>> book.check_dependencies()
    """

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}
        self._definitions: dict[str, Definition] = {}
        self._errata: list[Erratum] = []

    def claim(self, factory: Callable[[], Claim]) -> Callable[[], Claim]:
        """Register the claim built by ``factory`` (a function whose docstring says what it proves)."""
        built = factory()
        _validate(built, factory, self._claims)
        _, line = inspect.getsourcelines(factory)
        self._claims[built.name] = dataclasses.replace(
            built, source=(factory.__module__, line), doc=inspect.getdoc(factory) or ""
        )
        return factory

    def definition(self, name: str, title: str, label: str = "", module: str = "") -> str:
        """Register a definition (at the top of a claim module); returns its name for ``uses``."""
        if not name.startswith(DEFINITION_PREFIX):
            raise ValueError(f"definition {name!r} must be named {DEFINITION_PREFIX}<something>")
        module = module or inspect.currentframe().f_back.f_globals.get("__name__", "")
        if name in self._definitions:
            raise ValueError(f"definition {name!r} is registered twice "
                             f"(first in {self._definitions[name].module}, again in {module})")
        self._definitions[name] = Definition(name, title, label, module)
        return name

    def erratum(self, where: str, says: str, correction: str, shown_by: Sequence[str] = (),
                checked_by: Sequence[str] = (), kind: str = "math", problem: str = "") -> Erratum:
        """Record an erratum and the claims or tests that show it (the tests check that they exist).

        ``kind`` is "typo", "math", "code" or "note" (see :data:`.errata.KINDS`); ``problem`` the id of the
        course problem it belongs to.
        """
        entry = Erratum(where, says, correction, tuple(shown_by), tuple(checked_by), kind, problem)
        self._errata.append(entry)
        return entry

    def claims(self) -> dict[str, Claim]:
        """Every registered claim, by name."""
        return dict(self._claims)

    def definitions(self) -> dict[str, Definition]:
        """Every registered definition, by name."""
        return dict(self._definitions)

    def errata(self) -> list[Erratum]:
        """Every recorded erratum, in the order the modules recorded them."""
        return list(self._errata)

    def get(self, name: str) -> Claim:
        """The claim called ``name``; a clear error names the known ones if it is missing."""
        if name not in self._claims:
            raise KeyError(f"no claim named {name!r}; known claims: {', '.join(sorted(self._claims))}")
        return self._claims[name]

    def check_dependencies(self) -> None:
        """Raise :class:`DependencyError` on an unknown name in ``uses`` or a cycle (see :func:`check_dependencies`)."""
        check_dependencies(self._claims, self._definitions)


def _validate(built: Claim, factory, known: dict[str, Claim]) -> None:
    """Refuse a claim registered twice, without mutants, or with a method it does not justify."""
    if built.name in known:
        raise ValueError(f"claim {built.name!r} is registered twice (second time in {factory.__module__})")
    if not built.mutants:
        raise ValueError(f"claim {built.name!r} has no mutant: every claim needs a planted error its check rejects")
    if built.method not in METHODS:
        raise ValueError(f"claim {built.name!r}: unknown method {built.method!r}; use one of {METHODS}")
    if built.method != SYMBOLIC and not built.why_method:
        raise ValueError(f"claim {built.name!r} uses {built.method!r} and must say why in why_method")


def check_dependencies(claims: dict[str, Claim], defs: dict[str, Definition]) -> None:
    """Raise :class:`DependencyError` naming the claim if a ``uses`` entry is unknown or the graph has a cycle.

    Every entry of ``uses`` must be a registered claim or definition, the claim
    named by ``instance_of`` must be registered, a rule a derivation's step applies by substitution must be
    listed in ``uses`` and be a claim whose ``pattern`` is the one applied, and a claim may not depend on itself,
    directly or through other claims.
    """
    both = sorted(set(claims) & set(defs))
    if both:
        raise DependencyError(f"{both[0]!r} is registered both as a claim and as a definition")
    for name, c in sorted(claims.items()):
        for used in c.uses:
            if used not in claims and used not in defs:
                kind = "definition" if used.startswith(DEFINITION_PREFIX) else "claim"
                raise DependencyError(
                    f"claim {name!r} ({c.source[0] or 'unknown module'}) uses {used!r}, "
                    f"which is no registered {kind}; fix the name, or register it "
                    f"({'definition(...)' if kind == 'definition' else '@claim'})"
                )
        for application in c.statement.applications() if isinstance(c.statement, Derivation) else ():
            if application is None:
                continue
            rule = claims.get(application.rule)
            if application.rule not in c.uses or rule is None or rule.pattern is None:
                raise DependencyError(f"claim {name!r} applies {application.rule!r} by substitution: it must list "
                                      "it in uses, and it must be a registered claim with a pattern")
            if rule.pattern != application.pattern:
                raise DependencyError(f"claim {name!r} applies {application.rule!r} with a pattern that is not the "
                                      "rule claim's own; take it from the rule (its pattern)")
        if c.instance_of and c.instance_of not in claims:
            raise DependencyError(f"claim {name!r} ({c.source[0] or 'unknown module'}) is an instance of "
                                  f"{c.instance_of!r}, which is no registered claim; fix the name")
    cycle = find_cycle({name: [u for u in c.uses if u in claims] for name, c in claims.items()})
    if cycle:
        raise DependencyError(f"claim {cycle[0]!r} depends on itself: {' -> '.join(cycle)}")


def find_cycle(edges: dict[str, list[str]]) -> list[str]:
    """A cycle ``[a, b, ..., a]`` in the directed graph ``edges``, or ``[]`` if it has none.

    >>> find_cycle({"a": ["b"], "b": ["a"]})
    ['a', 'b', 'a']
    >>> find_cycle({"a": ["b"], "b": []})
    []
    """
    DONE, ACTIVE = 1, 2
    state: dict[str, int] = {}
    for root in sorted(edges):
        if root in state:
            continue
        path, stack = [root], [iter(edges[root])]
        state[root] = ACTIVE
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = DONE
                stack.pop()
            elif state.get(nxt) == ACTIVE:
                return path[path.index(nxt):] + [nxt]
            elif nxt not in state:
                state[nxt] = ACTIVE
                path.append(nxt)
                stack.append(iter(edges.get(nxt, ())))
    return []


#: The default registry: the one :func:`claimcheck.claim` and friends fill.
REGISTRY = Registry()
