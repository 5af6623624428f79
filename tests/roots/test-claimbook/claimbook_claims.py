"""The claims of the tiny test book, in registries of their own (one per build variant)."""

import sympy as sp

from claimcheck import Application, Claim, Domain, Mutant, Registry, derivation, relation, relax

x = sp.Symbol("x", real=True)
f, g = sp.Function("f"), sp.Function("g")
k = sp.Symbol("k", integer=True, positive=True)
#: The cyclic rule at a symbolic size: book.cyclic checks it at size 2, book.rotated applies it by substitution.
A_k, B_k = sp.MatrixSymbol("A", k, k), sp.MatrixSymbol("B", k, k)
CYCLIC = relation(sp.Trace(A_k * B_k), "=", sp.Trace(B_k * A_k))


def square() -> Claim:
    """(x + 1)² = x² + 2x + 1."""
    return Claim("book.square", "The square of a sum, $(x + 1)^2$", relation((x + 1) ** 2, "=", x**2 + 2 * x + 1),
                 uses=("def.square",),
                 mutants=(Mutant("dropped factor", "2x becomes x", relation((x + 1) ** 2, "=", x**2 + x + 1)),))


def nonnegative() -> Claim:
    """(x + 1)² ≥ 0 for real x."""
    return Claim("book.nonnegative", "A square is nonnegative", relation((x + 1) ** 2, ">=", 0),
                 uses=("book.square",),
                 mutants=(Mutant("flipped sign", "≤ instead of ≥", relation((x + 1) ** 2, "<", 0)),))


def trace_product() -> Claim:
    """tr(AB) = tr(BA) for 2 × 2 matrices, every entry a symbol."""
    A, B = sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("B", 2, 2)
    entries = {M: sp.ImmutableMatrix(2, 2, lambda i, j, n=n: sp.Symbol(f"{n}_{{{i + 1}{j + 1}}}", real=True))
               for M, n in ((A, "a"), (B, "b"))}
    return Claim("book.cyclic", "Cyclic products", relation(sp.Trace(A * B), "=", sp.Trace(B * A)),
                 where=entries, domains=(Domain(A), Domain(B)), fixed={"n": 2}, instance_of="book.cyclic_any_size",
                 pattern=CYCLIC,
                 mutants=(Mutant("swapped order", "the trace of the product taken as the product of the traces",
                                 relation(sp.Trace(A * B), "=", sp.Trace(A) * sp.Trace(B))),))


def trace_product_any_size() -> Claim:
    """tr(AB) = tr(BA) for n × n matrices, n a symbol."""
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    return Claim("book.cyclic_any_size", "Cyclic products of any size",
                 relation(sp.Trace(A * B), "=", sp.Trace(B * A)), domains=(Domain(A), Domain(B)),
                 mutants=(Mutant("swapped order", "the trace of the product taken as the product of the traces",
                                 relation(sp.Trace(A * B), "=", sp.Trace(A) * sp.Trace(B))),))


def rotated() -> Claim:
    """tr(MPQ) + x = tr(QMP) + x: the cyclic rule applied by substitution, A = MP and B = Q."""
    n = sp.Symbol("n", integer=True, positive=True)
    M, P, Q = (sp.MatrixSymbol(name, n, n) for name in "MPQ")

    def chain(substitution):
        return derivation(sp.Trace(M * P * Q) + x, ("=", sp.Trace(Q * M * P) + x, "the trace is cyclic",
                                                    Application("book.cyclic", CYCLIC, substitution)))

    return Claim("book.rotated", "A cyclic rotation", chain({A_k: M * P, B_k: Q}), uses=("book.cyclic",),
                 mutants=(Mutant("wrong step", "the rule applied with $A = M$, $B = P\\,Q$", chain({A_k: M, B_k: P * Q})),))


def decay() -> Claim:
    """exp(−β) < 1 for β > 0; for a real β it fails."""
    beta = sp.Symbol("beta", positive=True)
    statement = relation(sp.exp(-beta), "<", 1)
    return Claim("book.decay", "Exponential decay", statement,
                 mutants=(Mutant("missing hypothesis", "β > 0 dropped", relax(statement, beta)),))


a, b = sp.symbols("a b", real=True)


def _written(*terms):
    """A sum in the order written (printed as given)."""
    return sp.Add(*terms, evaluate=False)


def square_of_difference() -> Claim:
    """(b − a)² = b² − 2ab + a², shown as written (SymPy would print (−a + b)² = a² − 2ab + b²)."""
    statement = relation((b - a) ** 2, "=", a**2 - 2 * a * b + b**2)
    return Claim("book.square_of_difference", "The square of a difference", statement,
                 display=relation(_written(b, -a) ** 2, "=", _written(b**2, -2 * a * b, a**2)),
                 mutants=(Mutant("flipped sign", "the display shows $b^2 + 2 a b + a^2$, not what is checked",
                                 display=relation(_written(b, -a) ** 2, "=", _written(b**2, 2 * a * b, a**2))),))


def misdisplayed() -> Claim:
    """A claim that holds, displayed as a different statement: it fails."""
    return Claim("book.misdisplayed", "A display that is not the statement", relation((b - a) ** 2, "=", (a - b) ** 2),
                 display=relation(_written(b, -a) ** 2, "=", _written(b**2, a**2)),
                 mutants=(Mutant("wrong constant", "+1", relation((b - a) ** 2, "=", (a - b) ** 2 + 1)),))


def fails() -> Claim:
    """A wrong expansion: (x + 1)² = x² + 1."""
    return Claim("book.fails", "A wrong expansion", relation((x + 1) ** 2, "=", x**2 + 1),
                 mutants=(Mutant("wrong constant", "+2", relation((x + 1) ** 2, "=", x**2 + 2)),))


def undecided() -> Claim:
    """f(x) ≤ g(x) for unknown f, g: SymPy cannot decide it."""
    return Claim("book.undecided", "Unknown functions", relation(f(x), "<=", g(x)),
                 mutants=(Mutant("swapped order", "g ≤ f", relation(g(x), "<=", f(x))),))


def lonely() -> Claim:
    """x = x, listing no uses although its proof cites the definition."""
    return Claim("book.lonely", "A claim citing what it does not use", relation(x, "=", x),
                 mutants=(Mutant("wrong constant", "x + 1", relation(x, "=", x + 1)),))


def unstated() -> Claim:
    """x·x = x², using a definition that no page of the book states."""
    return Claim("book.unstated", "A claim using an unstated definition", relation(x * x, "=", x**2),
                 uses=("def.cube",),
                 mutants=(Mutant("wrong constant", "x + 1", relation(x * x, "=", x**2 + 1)),))


def book(*extra) -> Registry:
    """The book's claims, definition and erratum, plus the ``extra`` claim factories."""
    registry = Registry()
    registry.definition("def.square", "The square of a number", label="def-square")
    if unstated in extra:
        registry.definition("def.cube", "The cube of a number (no block of the book states it)")
    for factory in (square, nonnegative, trace_product, trace_product_any_size, rotated, decay,
                    square_of_difference, *extra):
        registry.claim(factory)
    registry.erratum("Notes, §1", "(x + 1)² = x² + 1.", "(x + 1)² = x² + 2x + 1.", shown_by=("book.square",))
    registry.check_dependencies()
    return registry


BOOK = book()
BOOK_WITH_PROBLEMS = book(fails, undecided, lonely, misdisplayed, unstated)
