"""The verified-claim core: claims, how they are checked, and the registry.

A :class:`Claim` is a named statement made of SymPy objects.  Checking it
returns a :class:`Result` per part (one per relation, or one per step of a
derivation) and an overall verdict.  The verdict is one of three statuses:

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
import inspect
import random
import signal
import time
from contextlib import contextmanager
from typing import Callable, Sequence

import sympy as sp

HOLDS, FAILS, UNDECIDED = "holds", "fails", "undecided"
SYMBOLIC, INSTANCE, NUMERIC = "symbolic proof", "exact instance", "numeric spot check"
METHODS = (SYMBOLIC, INSTANCE, NUMERIC)

#: A single check that runs longer than this is reported as undecided.
CHECK_TIME_LIMIT_S = 20
#: Random points tried when searching for a counterexample or spot checking.
PROBE_POINTS = 24
#: Relative tolerance for numeric comparisons (evaluated with 30 digits).
NUMERIC_TOL = 1e-12


@dataclasses.dataclass(frozen=True)
class Result:
    """The outcome of checking one relation (or a whole claim)."""

    status: str
    method: str
    seconds: float
    residual: str = ""
    detail: str = ""

    @property
    def holds(self) -> bool:
        return self.status == HOLDS


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of a derivation: ``<previous> rel expr``, justified by ``reason``."""

    rel: str
    expr: sp.Expr
    reason: str


@dataclasses.dataclass(frozen=True)
class Derivation:
    """A chain ``start rel_1 e_1 rel_2 e_2 ...``; each consecutive pair is one check."""

    start: sp.Expr
    steps: tuple[Step, ...]

    def with_step(self, k: int, rel: str | None = None, expr=None) -> "Derivation":
        """This chain with step ``k`` (1-based) given another relation and/or expression: for mutants."""
        steps = list(self.steps)
        old = steps[k - 1]
        steps[k - 1] = Step(rel or old.rel, old.expr if expr is None else sp.sympify(expr), old.reason)
        return Derivation(self.start, tuple(steps))

    def relations(self) -> list[tuple[str, sp.Basic]]:
        out, prev = [], self.start
        for k, step in enumerate(self.steps, 1):
            out.append((f"step {k}: {step.reason}", relation(prev, step.rel, step.expr)))
            prev = step.expr
        return out


_REL = {"=": sp.Eq, "<=": sp.Le, ">=": sp.Ge, "<": sp.Lt, ">": sp.Gt}


def relation(lhs, rel: str, rhs) -> sp.Basic:
    """An unevaluated SymPy relational ``lhs rel rhs`` (so it can be displayed)."""
    return _REL[rel](lhs, rhs, evaluate=False)


def derivation(start, *steps: tuple[str, sp.Expr, str]) -> Derivation:
    """Build a :class:`Derivation` from ``(rel, expr, reason)`` triples."""
    return Derivation(sp.sympify(start), tuple(Step(r, sp.sympify(e), why) for r, e, why in steps))


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
    definitions registered with :func:`definition`.  The status page draws
    these edges, and :func:`check_dependencies` rejects unknown names and cycles.
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

    def parts(self) -> list[tuple[str, sp.Basic]]:
        """The relations that are checked, each with a label."""
        s = self.statement
        if isinstance(s, Derivation):
            return s.relations()
        if isinstance(s, (tuple, list)):
            return [(f"part {k}", r) for k, r in enumerate(s, 1)]
        return [("statement", s)]

    def mutant(self, m: Mutant) -> "Claim":
        """This claim with a mutant's statement and/or substitutions planted."""
        return dataclasses.replace(
            self,
            statement=self.statement if m.statement is None else m.statement,
            where=self.where if m.where is None else m.where,
            mutants=(),
        )

    def fingerprint(self) -> str:
        """A hash of everything the verdict depends on (for result caches)."""
        h = hashlib.sha256()
        for part in (self.name, self.method, repr(sorted(self.instance.items(), key=str))):
            h.update(part.encode())
        for _, rel in self.parts():
            h.update(sp.srepr(rel).encode())
        h.update(sp.srepr(sorted(self.where.items(), key=str)).encode())
        for m in self.mutants:  # the page shows how many mutants were rejected
            planted = self.mutant(m)
            h.update(f"{m.kind}|{m.description}".encode())
            h.update(sp.srepr([rel for _, rel in planted.parts()]).encode())
            h.update(sp.srepr(sorted(planted.where.items(), key=str)).encode())
        h.update(inspect.getsource(inspect.getmodule(Claim)).encode())
        return h.hexdigest()[:16]


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
        bad = [(label, r) for label, r in self.parts if not r.holds]
        return "; ".join(f"{label}: {r.status} ({r.detail}) residual {r.residual}" for label, r in bad)


# --------------------------------------------------------------------------
# Checking


class _Timeout(Exception):
    pass


def _raise_timeout(*_):
    raise _Timeout()


@contextmanager
def _time_limit(seconds: float):
    """Interrupt SymPy after ``seconds`` (main thread only; elsewhere no limit)."""
    try:
        old = signal.signal(signal.SIGALRM, _raise_timeout)
    except ValueError:  # not in the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _sample(symbol: sp.Symbol, rng: random.Random):
    """A random value allowed by the symbol's assumptions (unassumed: real)."""
    if symbol.is_integer:
        lo = 1 if symbol.is_positive else 0 if symbol.is_nonnegative else -6
        hi = -1 if symbol.is_negative else 0 if symbol.is_nonpositive else 6
        return sp.Integer(rng.randint(lo, hi))
    if symbol.is_positive:
        return sp.Float(rng.uniform(0.05, 4.0))
    if symbol.is_nonnegative:
        return sp.Integer(0) if rng.random() < 0.25 else sp.Float(rng.uniform(0.0, 4.0))
    if symbol.is_negative:
        return sp.Float(-rng.uniform(0.05, 4.0))
    if symbol.is_nonpositive:
        return sp.Integer(0) if rng.random() < 0.25 else sp.Float(-rng.uniform(0.0, 4.0))
    return sp.Float(rng.uniform(-4.0, 4.0))


def _free_symbols(expr) -> list:
    """Free symbols and free indexed entries (not those bound by a Sum), in a stable order."""
    atoms = set(expr.free_symbols)
    indexed = {a for a in expr.atoms(sp.Indexed) if set(a.indices) <= atoms}
    atoms -= {a.base.label for a in expr.atoms(sp.Indexed)}
    atoms -= {i for a in indexed for i in a.indices}
    return sorted(atoms | indexed, key=str)


def _numeric(expr, point) -> complex | None:
    if isinstance(expr, sp.MatrixBase):  # compare matrices by their largest entry
        values = [_numeric(entry, point) for entry in expr]
        return None if None in values else max(values, key=abs, default=0j)
    try:
        value = complex(expr.xreplace(point).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None if value != value else value  # NaN


def _probe(value_of: Callable[[dict], tuple[complex, float] | None], symbols, seed: int = 0):
    """Evaluate at random points; yield ``(point, value, scale)`` where defined."""
    rng = random.Random(seed)
    for _ in range(PROBE_POINTS):
        point = {s: _sample(s if isinstance(s, sp.Symbol) else sp.Symbol("t", real=True), rng) for s in symbols}
        got = value_of(point)
        if got is not None:
            yield point, got[0], got[1]


#: Normal forms tried, in order, to bring a difference to zero.
NORMALIZERS: tuple[tuple[str, Callable], ...] = (
    ("expand", sp.expand),
    ("cancel", lambda e: sp.cancel(sp.together(e))),
    ("expand_log", lambda e: sp.expand(sp.expand_log(sp.expand(e)))),
    ("expand_log+cancel", lambda e: sp.cancel(sp.expand_log(sp.expand(e)))),
)


def _zero_by_normal_forms(diff) -> str | None:
    """The first normal form that takes ``diff`` (an expression or a matrix, entrywise) to 0."""
    entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
    for name, normalize in NORMALIZERS:
        if all(normalize(entry) == 0 for entry in entries):
            return name
    return None


def _strip_positive_factors(expr):
    """Drop factors known to be positive: they do not change the sign."""
    if isinstance(expr, sp.Mul):
        kept = [f for f in expr.args if f.is_positive is not True]
        return sp.Mul(*kept)
    return expr


def _sign_tactics(g):
    """Forms of ``g`` whose sign SymPy's assumptions may decide, with names.

    Each is equivalent in sign to ``g``: positive factors are dropped;
    ``exp(h) - 1`` has the sign of ``h``; for ``A - B`` with ``A, B > 0``,
    ``log A - log B`` has the sign of ``A - B``.
    """
    for name, form in (("direct", g), ("expand", sp.expand(g)), ("cancel", sp.cancel(sp.together(g)))):
        core = _strip_positive_factors(sp.factor_terms(form))
        yield name, core
        yield name + "+exp", sp.cancel(sp.exp(core) - 1)
        if isinstance(core, sp.Add):
            pos = [t for t in core.args if t.is_positive]
            neg = [-t for t in core.args if (-t).is_positive]
            if pos and neg and len(pos) + len(neg) == len(core.args):
                yield name + "+log", sp.expand(sp.expand_log(sp.log(sp.Add(*pos)) - sp.log(sp.Add(*neg))))


def _decide_sign(g, strict: bool) -> tuple[bool | None, str]:
    for name, form in _sign_tactics(g):
        verdict = form.is_positive if strict else form.is_nonnegative
        if verdict is not None:
            return verdict, name
    return None, ""


def _sides(rel, where: dict, instance: dict):
    """Both sides with the substitutions applied and Limits, Derivatives, Sums evaluated.

    Sides are substituted one at a time: rebuilding the relational would let
    SymPy evaluate it to True or False and lose the residual.
    """
    def side(expr):
        expr = expr.xreplace(where).xreplace(instance)
        # Twice: a derivative of a Sum evaluates to a Sum of KroneckerDeltas first.
        return expr.doit().doit()

    return side(rel.lhs), side(rel.rhs)


def check_relation(rel, method: str = SYMBOLIC, where: dict | None = None, instance: dict | None = None) -> Result:
    """Check one relational with the given method; see the module docstring."""
    t0 = time.perf_counter()

    def done(status, residual="", detail=""):
        return Result(status, method, time.perf_counter() - t0, str(residual), detail)

    try:
        with _time_limit(CHECK_TIME_LIMIT_S):
            lhs, rhs = _sides(rel, where or {}, instance or {})
            if lhs.has(sp.Limit) or rhs.has(sp.Limit):
                return done(UNDECIDED, detail="SymPy left a limit unevaluated")
            if isinstance(rel, sp.Eq):
                return _check_equality(lhs, rhs, method, done)
            strict = isinstance(rel, (sp.Lt, sp.Gt))
            g = rhs - lhs if isinstance(rel, (sp.Le, sp.Lt)) else lhs - rhs
            return _check_inequality(g, strict, method, done)
    except _Timeout:
        return done(UNDECIDED, detail=f"no decision within {CHECK_TIME_LIMIT_S} s")
    except (NotImplementedError, ValueError, TypeError) as exc:
        return done(UNDECIDED, detail=f"SymPy could not decide: {exc}".splitlines()[0])


def _check_equality(lhs, rhs, method, done) -> Result:
    diff = lhs - rhs
    if method == NUMERIC:
        return _numeric_verdict(
            lambda p: _scaled(diff, lhs, rhs, p), _free_symbols(diff), done, "values differ"
        )
    name = _zero_by_normal_forms(diff)
    if name:
        return done(HOLDS, 0, f"difference is 0 after {name}")
    residual = diff.applyfunc(sp.expand) if isinstance(diff, sp.MatrixBase) else sp.expand(diff)
    if method == INSTANCE and not residual.free_symbols:
        return done(FAILS, residual, "exact values differ")
    # Nonzero normal form: a counterexample makes it a failure, else undecided.
    for point, value, scale in _probe(lambda p: _scaled(diff, lhs, rhs, p), _free_symbols(diff)):
        if abs(value) > NUMERIC_TOL * scale:
            return done(FAILS, residual, f"nonzero at {_show(point)}")
    return done(UNDECIDED, residual, "no normal form reached 0, no counterexample found")


def _scaled(diff, lhs, rhs, point):
    value = _numeric(diff, point)
    if value is None:
        return None
    sizes = [_numeric(side, point) for side in (lhs, rhs)]
    return value, 1.0 + sum(abs(s) for s in sizes if s is not None)


def _check_inequality(g, strict, method, done) -> Result:
    want = "> 0" if strict else ">= 0"
    if method == NUMERIC:
        return _numeric_verdict(lambda p: _gap(g, p), _free_symbols(g), done, f"gap not {want}", inequality=strict)
    verdict, tactic = _decide_sign(g, strict)
    if verdict:
        return done(HOLDS, 0, f"gap {want} by assumptions ({tactic})")
    residual = sp.factor_terms(g)
    if verdict is False and (method == INSTANCE or not residual.free_symbols):
        return done(FAILS, residual, f"gap is not {want}")
    for point, value, _ in _probe(lambda p: _gap(g, p), _free_symbols(g)):
        if value.real < -NUMERIC_TOL or (strict and value.real <= 0):
            return done(FAILS, residual, f"gap {value.real:.3g} at {_show(point)}")
    return done(UNDECIDED, residual, f"sign of gap not decided, no counterexample found")


def _gap(g, point):
    value = _numeric(g, point)
    if value is None or abs(value.imag) > NUMERIC_TOL * (1 + abs(value)):
        return None
    return value, 1.0


def _numeric_verdict(value_of, symbols, done, what, inequality: bool | None = None) -> Result:
    checked = 0
    for point, value, scale in _probe(value_of, symbols):
        checked += 1
        bad = (value.real < -NUMERIC_TOL or (inequality and value.real <= 0)) if inequality is not None \
            else abs(value) > NUMERIC_TOL * scale
        if bad:
            return done(FAILS, value, f"{what} at {_show(point)}")
    if checked == 0:
        return done(UNDECIDED, "", "no random point could be evaluated")
    return done(HOLDS, 0, f"agrees at {checked} random points")


def _show(point: dict) -> str:
    return ", ".join(f"{k}={float(v):.4g}" for k, v in point.items())


def check(claim: Claim) -> ClaimResult:
    """Check every part of a claim; the claim holds only if every part holds."""
    t0 = time.perf_counter()
    parts = tuple(
        (label, check_relation(rel, claim.method, claim.where, claim.instance)) for label, rel in claim.parts()
    )
    statuses = {r.status for _, r in parts}
    status = FAILS if FAILS in statuses else UNDECIDED if UNDECIDED in statuses else HOLDS
    return ClaimResult(claim.name, status, claim.method, time.perf_counter() - t0, parts)


def check_mutants(claim: Claim) -> list[tuple[Mutant, ClaimResult]]:
    """Check every mutant of a claim; each should come out not ``holds``."""
    return [(m, check(claim.mutant(m))) for m in claim.mutants]


def relax(expr, *symbols: sp.Symbol, **assumptions):
    """``expr`` with each of ``symbols`` replaced by one with other assumptions.

    Used to plant "missing hypothesis" mutants: ``relax(e, beta, real=True)``
    forgets that ``beta > 0``.
    """
    def swap(s):
        return sp.Symbol(s.name, **(assumptions or {"real": True}))

    mapping = {s: swap(s) for s in symbols}
    if isinstance(expr, sp.core.relational.Relational):
        return type(expr)(expr.lhs.xreplace(mapping), expr.rhs.xreplace(mapping), evaluate=False)
    if isinstance(expr, Derivation):
        return Derivation(expr.start.xreplace(mapping), tuple(
            dataclasses.replace(st, expr=st.expr.xreplace(mapping)) for st in expr.steps))
    if isinstance(expr, (tuple, list)):
        return tuple(relax(e, *symbols, **assumptions) for e in expr)
    if isinstance(expr, dict):
        return {k.xreplace(mapping): v.xreplace(mapping) for k, v in expr.items()}
    return expr.xreplace(mapping)


# --------------------------------------------------------------------------
# Registry

_REGISTRY: dict[str, Claim] = {}


def claim(factory: Callable[[], Claim]) -> Callable[[], Claim]:
    """Register the claim built by ``factory`` (a function whose docstring says what it proves)."""
    built = factory()
    if built.name in _REGISTRY:
        raise ValueError(f"claim {built.name!r} is registered twice (second time in {factory.__module__})")
    if not built.mutants:
        raise ValueError(f"claim {built.name!r} has no mutant: every claim needs a planted error its check rejects")
    if built.method not in METHODS:
        raise ValueError(f"claim {built.name!r}: unknown method {built.method!r}; use one of {METHODS}")
    if built.method != SYMBOLIC and not built.why_method:
        raise ValueError(f"claim {built.name!r} uses {built.method!r} and must say why in why_method")
    _, line = inspect.getsourcelines(factory)
    _REGISTRY[built.name] = dataclasses.replace(
        built, source=(factory.__module__, line), doc=inspect.getdoc(factory) or ""
    )
    return factory


def registry() -> dict[str, Claim]:
    """Every registered claim, by name (claim modules are imported by ``derivations``)."""
    return dict(_REGISTRY)


# --------------------------------------------------------------------------
# Definitions and the dependency graph


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


_DEFINITIONS: dict[str, Definition] = {}

#: Definitions are named ``def.<something>``, so a name in ``uses`` says which kind it is.
DEFINITION_PREFIX = "def."


def definition(name: str, title: str, label: str = "") -> str:
    """Register a definition (call it at the top of a claim module); returns its name for ``uses``."""
    if not name.startswith(DEFINITION_PREFIX):
        raise ValueError(f"definition {name!r} must be named {DEFINITION_PREFIX}<something>")
    module = inspect.currentframe().f_back.f_globals.get("__name__", "")
    if name in _DEFINITIONS:
        raise ValueError(f"definition {name!r} is registered twice "
                         f"(first in {_DEFINITIONS[name].module}, again in {module})")
    _DEFINITIONS[name] = Definition(name, title, label, module)
    return name


def definitions() -> dict[str, Definition]:
    """Every registered definition, by name."""
    return dict(_DEFINITIONS)


class DependencyError(ValueError):
    """A claim's ``uses`` names something unknown, or the claims depend on each other in a cycle."""


def check_dependencies(claims: dict[str, Claim], defs: dict[str, Definition]) -> None:
    """Raise :class:`DependencyError` naming the claim if a ``uses`` entry is unknown or the graph has a cycle.

    Every entry of ``uses`` must be a registered claim or definition, and a
    claim may not depend on itself, directly or through other claims.
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
                    f"({'core.definition(...)' if kind == 'definition' else '@claim'})"
                )
    cycle = _find_cycle({name: [u for u in c.uses if u in claims] for name, c in claims.items()})
    if cycle:
        raise DependencyError(f"claim {cycle[0]!r} depends on itself: {' -> '.join(cycle)}")


def _find_cycle(edges: dict[str, list[str]]) -> list[str]:
    """A cycle ``[a, b, ..., a]`` in the directed graph ``edges``, or ``[]`` if it has none."""
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


def latex(claim_or_statement, where: dict | None = None) -> str:
    """LaTeX for a statement, rendered from the same SymPy objects that are checked."""
    s = claim_or_statement.statement if isinstance(claim_or_statement, Claim) else claim_or_statement
    rel_tex = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}
    if isinstance(s, Derivation):
        rows = [f"{sp.latex(s.start)} "]
        for k, step in enumerate(s.steps, 1):
            rows.append(f"&{rel_tex[step.rel]} {sp.latex(step.expr)} && \\text{{({k})}}")
        rows[0] += rows.pop(1)
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
    if isinstance(s, (tuple, list)):
        return "\\begin{gathered}\n" + " \\\\\n".join(sp.latex(r) for r in s) + "\n\\end{gathered}"
    return sp.latex(s)


def assumption_text(claim: Claim) -> list[str]:
    """The hypotheses carried by the symbols' assumptions, as LaTeX."""
    symbols = set()
    for _, rel in claim.parts():
        symbols |= {a for a in rel.free_symbols if isinstance(a, sp.Symbol)}
    for k, v in claim.where.items():
        symbols |= set(v.free_symbols) | {k}
    words = []
    for s in sorted(symbols, key=str):
        if isinstance(s, sp.Dummy):
            continue
        t = sp.latex(s)
        if s.is_integer:
            words.append(f"{t} \\in \\mathbb{{Z}}_{{\\ge 1}}" if s.is_positive else
                         f"{t} \\in \\mathbb{{Z}}_{{\\ge 0}}" if s.is_nonnegative else f"{t} \\in \\mathbb{{Z}}")
        elif s.is_positive:
            words.append(f"{t} > 0")
        elif s.is_nonnegative:
            words.append(f"{t} \\ge 0")
        elif s.is_negative:
            words.append(f"{t} < 0")
        elif s.is_real:
            words.append(f"{t} \\in \\mathbb{{R}}")
    return words


# --------------------------------------------------------------------------
# Errata: what checking the course notes turned up


@dataclasses.dataclass(frozen=True)
class Erratum:
    """An error, typo or unstated assumption in the course notes, with the checks that show it.

    ``shown_by`` names registered claims; ``checked_by`` names pytest tests
    (``tests/test_x.py::test_y``), for errors in the course's code, which a
    test of the corrected code shows better than an identity does.
    """

    where: str
    says: str
    correction: str
    shown_by: tuple[str, ...]
    checked_by: tuple[str, ...] = ()


_ERRATA: list[Erratum] = []


def erratum(where: str, says: str, correction: str, shown_by: Sequence[str] = (),
            checked_by: Sequence[str] = ()) -> Erratum:
    """Record an erratum and the claims or tests that show it (the tests check that they exist)."""
    entry = Erratum(where, says, correction, tuple(shown_by), tuple(checked_by))
    _ERRATA.append(entry)
    return entry


def errata() -> list[Erratum]:
    """Every recorded erratum, in the order the modules recorded them."""
    return list(_ERRATA)
