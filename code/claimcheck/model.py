"""The claim data model: statements, mutants, claims and verdicts.

A :class:`Claim` is a named statement made of SymPy objects.  Checking it
(:mod:`claimcheck.checker`) returns a :class:`Result` per part (one per
relation, or one per step of a derivation) and an overall
:class:`ClaimResult`.  The verdict is one of three statuses:

* ``holds``     -- the method established the statement;
* ``fails``     -- a counterexample or a nonzero residual was found;
* ``undecided`` -- SymPy could not decide (or ran out of time).  Never "holds".

and one of three methods, which are different strengths of evidence:

* ``symbolic proof``     -- an identity or sign fact shown for all values of
  the symbols allowed by their assumptions;
* ``exact instance``     -- the statement evaluated exactly at given values;
* ``numeric spot check`` -- floating-point agreement at random points, used
  only where no symbolic check is practical (the claim says why).
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable

import sympy as sp

from .printing import tex

HOLDS, FAILS, UNDECIDED = "holds", "fails", "undecided"
SYMBOLIC, INSTANCE, NUMERIC = "symbolic proof", "exact instance", "numeric spot check"
METHODS = (SYMBOLIC, INSTANCE, NUMERIC)

#: The sources a verdict depends on besides the claim itself: this module,
#: every module of the checker package, and the printer of the verdict's LaTeX
#: (counterexamples, residuals).  Their text is part of each claim's
#: fingerprint, so a change to the checker invalidates cached verdicts.
VERDICT_SOURCES = (Path(__file__), Path(__file__).parent / "checker", Path(__file__).parent / "printing.py")


@dataclasses.dataclass(frozen=True)
class Result:
    """The outcome of checking one relation (or a whole claim)."""

    status: str
    method: str
    seconds: float
    detail: str = ""
    #: The counterexample as LaTeX, for the page ("" when there is none).
    counterexample_tex: str = ""
    #: Both sides' values where the relation was found false, as LaTeX ("" when not worked out).
    sides_tex: str = ""
    #: What is left of the difference (an equality) or the gap (an inequality).
    #: It is worked out when first asked for: its normal form and its LaTeX
    #: cost more than most checks, and only the pages show them.
    residual_of: Callable[[], object] = dataclasses.field(default=str, compare=False, repr=False)

    @property
    def holds(self) -> bool:
        return self.status == HOLDS

    @cached_property
    def _residual(self):
        return self.residual_of()

    @property
    def residual(self) -> str:
        return str(self._residual)

    @property
    def residual_tex(self) -> str:
        """The residual as LaTeX, for the page ("" when there is none)."""
        residual = self._residual
        return tex(residual) if isinstance(residual, (sp.Basic, sp.MatrixBase)) and residual != 0 else ""

    def as_data(self) -> dict:
        """Plain (JSON) data: the verdict, the detail and the residual."""
        return {"status": self.status, "method": self.method, "seconds": self.seconds, "residual": self.residual,
                "detail": self.detail, "residual_tex": self.residual_tex, "counterexample_tex": self.counterexample_tex,
                "sides_tex": self.sides_tex}


@dataclasses.dataclass(frozen=True)
class Application:
    """A named rule applied by substitution: ``rule`` names the rule's claim, ``pattern`` is its statement at a
    symbolic size (the claim's :attr:`Claim.pattern`: a relation, or a tuple of them), and ``substitution`` says
    what stands for each of its symbols (``{A: M, B: x xᵀ}``; an indexed family or a function by a ``Lambda``).

    A step that carries one holds when the rule, with that substitution, rewrites the step's start into its
    end (:mod:`claimcheck.checker.applications`); :func:`claimcheck.check_dependencies` checks that the rule is
    listed in ``uses`` and that ``pattern`` is the rule claim's own.
    """

    rule: str
    pattern: object
    substitution: tuple[tuple[sp.Basic, sp.Basic], ...]

    def __init__(self, rule: str, pattern, substitution: dict):
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "pattern", pattern)
        object.__setattr__(self, "substitution", tuple((sp.sympify(k), sp.sympify(v)) for k, v in substitution.items()))


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of a derivation: ``<previous> rel expr``, justified by ``reason``, and ``by`` a rule applied by
    substitution where it names one."""

    rel: str
    expr: sp.Expr
    reason: str
    by: Application | None = None


_REL = {"=": sp.Eq, "<=": sp.Le, ">=": sp.Ge, "<": sp.Lt, ">": sp.Gt}


def relation(lhs, rel: str, rhs) -> sp.Basic:
    """An unevaluated SymPy relational ``lhs rel rhs`` (so it can be displayed).

    >>> x = sp.Symbol("x")
    >>> relation(x + x, "=", 2 * x)
    Eq(2*x, 2*x)
    """
    if rel not in _REL:
        raise ValueError(f"unknown relation {rel!r}; use one of {', '.join(_REL)}")
    return _REL[rel](lhs, rhs, evaluate=False)


@dataclasses.dataclass(frozen=True)
class Derivation:
    """A chain ``start rel_1 e_1 rel_2 e_2 ...``; each consecutive pair is one check."""

    start: sp.Expr
    steps: tuple[Step, ...]

    def with_step(self, k: int, rel: str | None = None, expr=None) -> "Derivation":
        """This chain with step ``k`` (1-based) given another relation and/or expression: for mutants."""
        steps = list(self.steps)
        old = steps[k - 1]
        steps[k - 1] = Step(rel or old.rel, old.expr if expr is None else sp.sympify(expr), old.reason, old.by)
        return Derivation(self.start, tuple(steps))

    def applications(self) -> list[Application | None]:
        """The rule each step applies by substitution (None for a step checked by normal forms), in step order."""
        return [step.by for step in self.steps]

    def relations(self) -> list[tuple[str, sp.Basic]]:
        """Each step as a labelled relation between its two ends."""
        out, prev = [], self.start
        for k, step in enumerate(self.steps, 1):
            out.append((f"step {k}: {step.reason}", relation(prev, step.rel, step.expr)))
            prev = step.expr
        return out


def derivation(start, *steps: tuple) -> Derivation:
    """Build a :class:`Derivation` from ``(rel, expr, reason)`` triples, or ``(rel, expr, reason, application)``
    for a step that applies a rule by substitution (:class:`Application`).

    >>> x = sp.Symbol("x")
    >>> chain = derivation(x * (x + 1), ("=", x**2 + x, "expand"), ("<=", x**2 + x + 1, "add 1"))
    >>> [label for label, _ in chain.relations()]
    ['step 1: expand', 'step 2: add 1']
    """
    return Derivation(sp.sympify(start), tuple(Step(r, sp.sympify(e), why, *by) for r, e, why, *by in steps))


@dataclasses.dataclass(frozen=True)
class Mutant:
    """A planted error: the claim with its statement (or hypotheses) altered.

    ``kind`` is one of "flipped sign", "dropped factor", "swapped order",
    "missing hypothesis", "wrong constant", "wrong step".  The checker must
    reject every mutant (any status but ``holds``).
    """

    kind: str
    description: str
    statement: object = None
    where: dict | None = None
    #: A display form planted in place of the claim's (see :attr:`Claim.display`): one that reads
    #: differently from what is checked must fail the claim.
    display: object = None


@dataclasses.dataclass(frozen=True)
class Domain:
    """How the hypotheses line names a family of symbols: one entry ``shown ∈ S^shape``.

    ``family`` is an ``IndexedBase`` (its label and entries), a ``MatrixSymbol``
    (the symbols of the matrix the claim's ``where`` puts in its place), or a
    matrix, array or tuple of symbols.  The set ``S`` (ℝ, ℝ_{>0}, ℤ, ...) is
    read from the members' assumptions, the ones that are checked, so it
    cannot say more than the check assumed; ``shape`` is the exponent as LaTeX
    ("n", "2 \\times 2"), by default a MatrixSymbol's or IndexedBase's shape;
    ``shown`` the object as LaTeX, by default the family's name.
    """

    family: object
    shape: str = ""
    shown: str = ""


@dataclasses.dataclass(frozen=True)
class Claim:
    """A named, checkable statement.

    ``statement`` is a SymPy relational (its sides may be unevaluated
    ``Limit`` or ``Derivative`` objects), a tuple of relationals (checked
    one by one), or a :class:`Derivation` (checked step by step).

    Hypotheses come in three forms, all shown on the page:
    the assumptions of the symbols (``positive=True`` shows as ``β > 0``);
    ``where``, substitutions that encode a hypothesis through slack variables
    (``n = m + r + s`` with ``s ≥ 0``), applied before checking; and
    ``hypotheses``, prose for what the substitutions mean.

    ``uses`` names what the claim relies on directly: other claims, and
    definitions registered with :meth:`claimcheck.Registry.definition`.

    ``domains`` (:class:`Domain`) shows a vector's or matrix's entries as one
    hypothesis, "x ∈ ℝⁿ", in place of one line per entry; it is display only.

    ``display`` is the statement as the author writes it, in the author's
    order and grouping: the same shape as ``statement`` (a relational, a tuple
    of them, where ``None`` keeps a part as checked, or a derivation) built
    from unevaluated SymPy objects (``evaluate=False``, ``UnevaluatedExpr``)
    and printed in the order given.  It is checked too: each of its sides must
    equal the checked statement's side (after the substitutions), and its
    relations must be the checked ones, or the claim fails.

    Scope as data (:mod:`claimcheck.scope`): ``fixed`` gives the sizes a claim
    is checked at where the course states it for every size (``{"d": 2}``);
    ``instance_of`` names the claim, general in those sizes, that it is an
    instance of.  The symbols a claim is general in are read from its objects.
    """

    name: str
    title: str
    statement: object
    hypotheses: tuple[str, ...] = ()
    where: dict = dataclasses.field(default_factory=dict)
    method: str = SYMBOLIC
    scope: str = ""
    why_method: str = ""
    instance: dict = dataclasses.field(default_factory=dict)
    uses: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = ()
    source: tuple[str, int] = ("", 0)
    doc: str = ""
    domains: tuple[Domain, ...] = ()
    fixed: dict = dataclasses.field(default_factory=dict)
    instance_of: str = ""
    display: object = None
    #: For a rule that proofs apply by substitution: its statement at a symbolic size, a relation or a tuple of
    #: them (``statement`` holds its instances at the sizes it is checked at).
    pattern: object = None

    def shown(self):
        """The statement as the page shows it: the display form where there is one (a part without one as checked)."""
        if isinstance(self.display, (tuple, list)) and isinstance(self.statement, (tuple, list)):
            return tuple(s if d is None else d for d, s in zip(self.display, self.statement))
        return self.statement if self.display is None else self.display

    def display_parts(self) -> list[tuple[str, sp.Basic]]:
        """The equalities that make the display form the checked statement, each with a label:
        side by side (a derivation: its start and each step), as ``Eq(shown, checked)``.

        >>> x = sp.Symbol("x")
        >>> demo = Claim("demo.sq", "t", relation((x + 1) ** 2, "=", x**2 + 2 * x + 1),
        ...              display=relation((x + 1) ** 2, "=", sp.Add(x**2, 2 * x, 1, evaluate=False)))
        >>> [label for label, _ in demo.display_parts()]
        ['display, left side', 'display, right side']
        """
        if self.display is None:
            return []
        pairs = _display_pairs(self.display, self.statement)
        return [(label, sp.Eq(shown, checked, evaluate=False)) for label, shown, checked in pairs]

    def parts(self) -> list[tuple[str, sp.Basic]]:
        """The relations that are checked, each with a label."""
        s = self.statement
        if isinstance(s, Derivation):
            return s.relations()
        if isinstance(s, (tuple, list)):
            return [(f"part {k}", r) for k, r in enumerate(s, 1)]
        return [("statement", s)]

    def mutant(self, m: Mutant) -> "Claim":
        """This claim with a mutant's statement, substitutions and/or display form planted.

        A mutant of the statement keeps no display form (the claim's would read
        differently from the planted error, and fail it for that reason alone).
        """
        return dataclasses.replace(
            self,
            statement=self.statement if m.statement is None else m.statement,
            where=self.where if m.where is None else m.where,
            display=m.display if m.display is not None else self.display if m.statement is None else None,
            mutants=(),
        )

    def fingerprint(self) -> str:
        """A hash of everything the verdict depends on (for result caches): the
        claim's SymPy objects, its mutants, and the checker's sources."""
        h = hashlib.sha256()
        for part in (self.name, self.method, repr(sorted(self.instance.items(), key=str))):
            h.update(part.encode())
        for label, rel in self.parts() + self.display_parts():  # a step's reason is shown with its verdict
            h.update(label.encode())
            h.update(sp.srepr(rel).encode())
        h.update(sp.srepr(sorted(self.where.items(), key=str)).encode())
        h.update(sp.srepr(self.pattern).encode())
        h.update(_applications_srepr(self.statement).encode())
        for m in self.mutants:  # the page shows how many mutants were rejected
            planted = self.mutant(m)
            h.update(f"{m.kind}|{m.description}".encode())
            h.update(sp.srepr([rel for _, rel in planted.parts() + planted.display_parts()]).encode())
            h.update(sp.srepr(sorted(planted.where.items(), key=str)).encode())
            h.update(_applications_srepr(planted.statement).encode())
        h.update(verdict_sources_digest(VERDICT_SOURCES).encode())
        return h.hexdigest()[:16]


def _applications_srepr(statement) -> str:
    """The rules a derivation's steps apply, with their substitutions, as text (for the fingerprint)."""
    if not isinstance(statement, Derivation):
        return ""
    return repr([(a.rule, sp.srepr(a.pattern), sp.srepr(a.substitution)) if a else None
                 for a in statement.applications()])


def _display_pairs(display, statement) -> list[tuple[str, object, object]]:
    """``(label, shown, checked)`` for each expression of a display form and the statement's at its place.

    A relation or a shape that differs from the checked one pairs 0 with 1, an
    equality that fails, labelled with what differs.
    """
    if isinstance(statement, Derivation):
        if not isinstance(display, Derivation) or len(display.steps) != len(statement.steps):
            return [("display: not a derivation of the same steps", sp.Integer(0), sp.Integer(1))]
        pairs = [("display, start", display.start, statement.start)]
        for k, (shown, checked) in enumerate(zip(display.steps, statement.steps), 1):
            if shown.rel != checked.rel:
                pairs.append((f"display, step {k}: {shown.rel} for {checked.rel}", sp.Integer(0), sp.Integer(1)))
            pairs.append((f"display, step {k}", shown.expr, checked.expr))
        return pairs
    if isinstance(statement, (tuple, list)):
        if not isinstance(display, (tuple, list)) or len(display) != len(statement):
            return [("display: not as many parts as the statement", sp.Integer(0), sp.Integer(1))]
        return [(f"{label} (part {k})", shown, checked)
                for k, (part, checked_part) in enumerate(zip(display, statement), 1) if part is not None
                for label, shown, checked in _display_pairs(part, checked_part)]
    if type(display) is not type(statement):
        return [(f"display: {type(display).__name__} for {type(statement).__name__}", sp.Integer(0), sp.Integer(1))]
    return [("display, left side", display.lhs, statement.lhs), ("display, right side", display.rhs, statement.rhs)]


@lru_cache(maxsize=None)
def verdict_sources_digest(sources: tuple[Path, ...]) -> str:
    """A hash of the Python files at ``sources`` (files, or folders searched recursively).

    Read once per process, when this module is imported (below): a build, or a
    test session, checks with the code it imported, even if a file is edited
    while it runs.
    """
    h = hashlib.sha256()
    for path in verdict_source_files(sources):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def verdict_source_files(sources: tuple[Path, ...]) -> list[Path]:
    """The Python files at ``sources``, in a stable order."""
    files = []
    for source in sources:
        files += sorted(source.rglob("*.py")) if source.is_dir() else [source]
    return [f for f in files if "__pycache__" not in f.parts]


# Now, as the checker is imported with this package: read later, the digest
# could be of an edited file while the verdicts come from the code in memory.
verdict_sources_digest(VERDICT_SOURCES)


@dataclasses.dataclass(frozen=True)
class ClaimResult:
    """The verdict on a claim, with the result of each part."""

    name: str
    status: str
    method: str
    seconds: float
    parts: tuple[tuple[str, Result], ...]

    @property
    def holds(self) -> bool:
        return self.status == HOLDS

    def failure_report(self) -> str:
        """The parts that do not hold, with their status, detail and residual."""
        bad = [(label, r) for label, r in self.parts if not r.holds]
        return "; ".join(f"{label}: {r.status} ({r.detail}) residual {r.residual}" for label, r in bad)
