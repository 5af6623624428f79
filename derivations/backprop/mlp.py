"""Jacobians of an MLP, checked entry by entry on a symbolic network.

The network: ``y_0 = x``, ``y_ℓ = σ(z_ℓ)`` with ``z_ℓ = A_ℓ y_{ℓ-1} + b_ℓ`` for
``1 ≤ ℓ ≤ L-1``, and ``y_L = A_L y_{L-1} + b_L`` (no activation, ``n_L = 1``).

Every weight, bias and input is its own SymPy symbol and ``σ`` is an undefined
function (a subclass of ``sp.Function`` with no formula): SymPy's chain rule
produces ``σ'``, itself undefined, so no property of any activation is used.
The network has depth ``L = 3`` and widths ``(2, 2, 2, 1)``, so both a first
layer (``ℓ = 1``, whose input is ``x``) and an inner hidden layer (``ℓ = 2``)
are covered, as is the output layer ``ℓ = L``.  Each claim lists one relation
per entry.  The formulas for hidden layers hold for ``1 ≤ ℓ ≤ L-1``; at
``ℓ = L`` they are replaced by the output-layer formulas, and a mutant of each
claim applies the formula of the other range, which the check rejects.

Display symbols (``y^{(ℓ)}_i``, ``z^{(ℓ)}_i``) keep the statements short;
``where`` substitutes their definitions before checking.
"""

import sympy as sp

from claimcheck import Claim, Mutant, claim, definition, erratum

definition("def.mlp", "The MLP (backpropagation)", label="def-mlp-backprop")

class sigma_prime(sp.Function):
    """``σ'``: an undefined function (no formula, no values), printed as ``σ'(z)``."""

    def _latex(self, printer, exp=None):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])

    def _eval_evalf(self, prec):
        # Floating-point only, for the counterexample search: σ' of tanh (see sigma).
        return (1 - sp.tanh(self.args[0]) ** 2)._eval_evalf(prec)


class sigma(sp.Function):
    """``σ``: an undefined activation.  The one thing SymPy is told is the name of its derivative.

    With ``sp.Function("sigma")`` SymPy writes the derivative as
    ``Subs(Derivative(sigma(ξ), ξ), ξ, z)``; the checker's search for a
    counterexample then tries to differentiate ``σ`` numerically at every
    probe point, which is slow and cannot succeed.  Naming the derivative
    ``σ'`` (itself undefined) keeps the chain rule SymPy's and the check fast.

    Symbolic checks never give σ a value: an identity holds only if its
    normal form is 0 for every σ.  Floating-point evaluation alone, which the
    checker uses to search for a counterexample to a statement it could not
    prove, evaluates σ as tanh and σ' as 1 − tanh²: a planted error then
    fails with a counterexample for an actual activation, which refutes it
    for a general σ.
    """

    def fdiff(self, argindex=1):
        return sigma_prime(self.args[0])

    def _eval_evalf(self, prec):
        return sp.tanh(self.args[0])._eval_evalf(prec)


#: Depth and widths n_0, …, n_L of the symbolic network.
DEPTH = 3
WIDTHS = (2, 2, 2, 1)


def _sym(name: str, layer: int, *idx: int) -> sp.Symbol:
    return sp.Symbol(f"{name}^{{({layer})}}_{{{''.join(map(str, idx))}}}")


x = [sp.Symbol(f"x_{{{j}}}") for j in range(1, WIDTHS[0] + 1)]
A = {l: sp.Matrix(WIDTHS[l], WIDTHS[l - 1], lambda i, j: _sym("a", l, i + 1, j + 1)) for l in range(1, DEPTH + 1)}
b = {l: sp.Matrix(WIDTHS[l], 1, lambda i, _: _sym("b", l, i + 1)) for l in range(1, DEPTH + 1)}
#: Display symbols for layer values and pre-activations; y^{(0)} is x itself.
y = {0: x, **{l: [_sym("y", l, i + 1) for i in range(WIDTHS[l])] for l in range(1, DEPTH + 1)}}
z = {l: [_sym("z", l, i + 1) for i in range(WIDTHS[l])] for l in range(1, DEPTH + 1)}
y_L = y[DEPTH][0]


def layer(l: int, inputs) -> tuple[list, list]:
    """``(z_ℓ, y_ℓ)`` as expressions in ``inputs`` (σ applied except at the output layer)."""
    pre = list(A[l] * sp.Matrix(inputs) + b[l])
    return pre, (pre if l == DEPTH else [sigma(p) for p in pre])


def full_network() -> dict:
    """Every display symbol ``z^{(ℓ)}_i``, ``y^{(ℓ)}_i`` mapped to its expression in ``x`` and the parameters."""
    defs, values = {}, list(x)
    for l in range(1, DEPTH + 1):
        pre, values = layer(l, values)
        defs.update(zip(z[l], pre))
        defs.update(zip(y[l], values))
    return defs


def local_layer(l: int) -> dict:
    """Layer ℓ alone, as a function of its input ``y^{(ℓ-1)}`` (a free variable)."""
    pre, out = layer(l, y[l - 1])
    return {**dict(zip(z[l], pre)), **dict(zip(y[l], out))}


HIDDEN = range(1, DEPTH)  # 1 ≤ ℓ ≤ L-1
D = sp.Derivative


@claim
def output_layer() -> Claim:
    """At ``ℓ = L`` (no activation): ``∂y_L/∂b_L = 1`` and ``∂y_L/∂y_{L-1} = A_L``, entry by entry."""
    L = DEPTH
    where = local_layer(L)

    def statement(factor):
        return (sp.Eq(D(y_L, b[L][0]), factor, evaluate=False),) + tuple(
            sp.Eq(D(y_L, y[L - 1][j]), factor * A[L][0, j], evaluate=False) for j in range(WIDTHS[L - 1]))

    return Claim(
        name="backprop.mlp_output_layer",
        title="Output layer: ∂y_L/∂b_L = 1 and ∂y_L/∂y_{L−1} = A_L",
        statement=statement(sp.Integer(1)),
        where=where,
        hypotheses=(r"\ell = L \text{ (the layer without activation)}",),
        scope="every entry, for L = 3 with widths (2, 2, 2, 1); σ undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", "the hidden-layer formula σ'(z_L)(…) applied at ℓ = L",
                   statement(sigma_prime(z[L][0]))),
            Mutant("wrong constant", "∂y_L/∂b_L = 0", (sp.Eq(D(y_L, b[L][0]), 0, evaluate=False),)),
        ),
    )


def _hidden_entries(entry) -> tuple:
    """One relation per layer ℓ in 1..L-1 and per entry (i, j) of an n_ℓ × n_? Jacobian."""
    return tuple(rel for l in HIDDEN for i in range(WIDTHS[l]) for rel in entry(l, i))


def _hidden_where() -> dict:
    """Each hidden ``z^{(ℓ)}_i`` in terms of its layer's input: ``y^{(ℓ-1)}`` stays a free variable."""
    return {k: v for l in HIDDEN for k, v in local_layer(l).items() if k in z[l]}


def _out(l: int, i: int):
    """``y^{(ℓ)}_i = σ(z^{(ℓ)}_i)``, written through ``z`` so that ``y^{(ℓ)}`` can be the next layer's variable."""
    return sigma(z[l][i])


@claim
def bias_jacobian() -> Claim:
    """For ``1 ≤ ℓ ≤ L-1``: ``∂y_ℓ/∂b_ℓ = diag(σ'(z_ℓ))`` (off-diagonal entries 0), entry by entry."""
    def statement(diag, off):
        return _hidden_entries(lambda l, i: [
            sp.Eq(D(_out(l, i), b[l][k]), diag(l, i) if i == k else off(l, i), evaluate=False)
            for k in range(WIDTHS[l])])

    return Claim(
        name="backprop.mlp_bias_jacobian",
        title="Hidden layers: ∂y_ℓ/∂b_ℓ = diag(σ'(A_ℓ y_{ℓ−1} + b_ℓ))",
        statement=statement(lambda l, i: sigma_prime(z[l][i]), lambda l, i: 0),
        where=_hidden_where(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } 1\text{: see the output layer)}",),
        scope="every entry of layers ℓ = 1 and ℓ = 2 of the L = 3 network, widths (2, 2, 2, 1); σ undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("dropped factor", "output-layer formula (identity) applied to a hidden layer",
                   statement(lambda l, i: 1, lambda l, i: 0)),
            Mutant("wrong step", "σ'(z_i) in every entry, not a diagonal matrix",
                   statement(lambda l, i: sigma_prime(z[l][i]), lambda l, i: sigma_prime(z[l][i]))),
        ),
    )


@claim
def input_jacobian() -> Claim:
    """For ``1 ≤ ℓ ≤ L-1``: ``∂y_ℓ/∂y_{ℓ-1} = diag(σ'(z_ℓ)) A_ℓ``, entry by entry (``y_0 = x``)."""
    def statement(entry):
        return _hidden_entries(lambda l, i: [
            sp.Eq(D(_out(l, i), y[l - 1][j]), entry(l, i, j), evaluate=False) for j in range(WIDTHS[l - 1])])

    return Claim(
        name="backprop.mlp_input_jacobian",
        title="Hidden layers: ∂y_ℓ/∂y_{ℓ−1} = diag(σ'(A_ℓ y_{ℓ−1} + b_ℓ)) A_ℓ",
        statement=statement(lambda l, i, j: sigma_prime(z[l][i]) * A[l][i, j]),
        where=_hidden_where(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } A_L\text{)}",),
        scope="every entry of layers ℓ = 1 and ℓ = 2 of the L = 3 network, widths (2, 2, 2, 1); σ undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("swapped order", "A_ℓ diag(σ'(z_ℓ)) instead of diag(σ'(z_ℓ)) A_ℓ",
                   statement(lambda l, i, j: sigma_prime(z[l][j]) * A[l][i, j])),
            Mutant("dropped factor", "output-layer formula A_ℓ applied to a hidden layer",
                   statement(lambda l, i, j: A[l][i, j])),
        ),
    )


def downstream_jacobian(l: int) -> sp.Matrix:
    """``∂y_L/∂y_ℓ`` (1 × n_ℓ) as the product of the claimed layer Jacobians: A_L diag(σ'(z_{L-1})) A_{L-1} ⋯."""
    J = A[DEPTH]
    for k in range(DEPTH - 1, l, -1):
        J = J * sp.diag(*[sigma_prime(zk) for zk in z[k]]) * A[k]
    return J


@claim
def weight_gradient() -> Claim:
    """For ``1 ≤ ℓ ≤ L-1``:
    ``∂y_L/∂A_ℓ = diag(σ'(z_ℓ)) (∂y_L/∂y_ℓ)ᵀ y_{ℓ-1}ᵀ``, entry by entry, through the whole network.

    The left side differentiates ``y_L`` written out in ``x`` and every
    parameter; the right side uses the claimed Jacobians for ``∂y_L/∂y_ℓ``.
    """
    def statement(entry):
        return tuple(
            sp.Eq(D(y_L, A[l][i, j]), entry(l, i, j, downstream_jacobian(l).T), evaluate=False)
            for l in HIDDEN for i in range(WIDTHS[l]) for j in range(WIDTHS[l - 1]))

    return Claim(
        name="backprop.mlp_weight_gradient",
        title="Hidden layers: ∂y_L/∂A_ℓ = diag(σ'(z_ℓ)) (∂y_L/∂y_ℓ)ᵀ y_{ℓ−1}ᵀ",
        statement=statement(lambda l, i, j, g: sigma_prime(z[l][i]) * g[i] * y[l - 1][j]),
        where=full_network(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } y_{L-1}^{\top}\text{)}",),
        scope="every entry of A_1 and A_2 of the L = 3 network, widths (2, 2, 2, 1), differentiated through "
              "the whole network; σ undefined",
        uses=("backprop.mlp_input_jacobian", "backprop.mlp_output_layer"),
        mutants=(
            Mutant("swapped order", "y_{ℓ−1} (∂y_L/∂y_ℓ) diag(σ') (the transpose)",
                   statement(lambda l, i, j, g: sigma_prime(z[l][j]) * g[j] * y[l - 1][i])),
            Mutant("dropped factor", "without diag(σ'(z_ℓ)) (the output-layer formula)",
                   statement(lambda l, i, j, g: g[i] * y[l - 1][j])),
            Mutant("wrong step", "∂y_L/∂y_ℓ taken as A_L alone, skipping the layers in between",
                   statement(lambda l, i, j, g: sigma_prime(z[l][i]) * A[DEPTH][0, i] * y[l - 1][j])),
        ),
    )


@claim
def weight_gradient_output() -> Claim:
    """At ``ℓ = L``: ``∂y_L/∂A_L = y_{L-1}ᵀ`` (no ``σ'`` factor and ``∂y_L/∂y_L = 1``), through the whole network."""
    L = DEPTH

    def statement(factor):
        return tuple(sp.Eq(D(y_L, A[L][0, j]), factor * y[L - 1][j], evaluate=False) for j in range(WIDTHS[L - 1]))

    return Claim(
        name="backprop.mlp_weight_gradient_output",
        title="Output layer: ∂y_L/∂A_L = y_{L−1}ᵀ",
        statement=statement(sp.Integer(1)),
        where=full_network(),
        hypotheses=(r"\ell = L",),
        scope="every entry of A_3 of the L = 3 network, widths (2, 2, 2, 1); σ undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", "the hidden-layer formula diag(σ'(z_ℓ))(∂y_L/∂y_ℓ)ᵀy_{ℓ−1}ᵀ extended to "
                   "ℓ = L, where ∂y_L/∂y_L = 1: σ'(z_L) y_{L−1}ᵀ",
                   statement(sigma_prime(z[L][0]))),
        ),
    )


erratum(
    where="HW4 (2024) P6(b), official solution, last line",
    says=r"the weight gradient $\frac{\partial y_L}{\partial A_\ell} = \operatorname{diag}(\sigma'(A_\ell y_{\ell-1} "
         r"+ b_\ell))\big(\frac{\partial y_L}{\partial y_\ell}\big)^{\top} y_{\ell-1}^{\top}$ is concluded "
         r"for $\ell = 1, \dots, L$.",
    correction=r"It holds for $\ell = 1, \dots, L-1$, the range the statement gives. The output layer has no "
               r"activation, so at $\ell = L$ the gradient is $y_{L-1}^{\top}$ (as the same solution shows first); "
               r"the formula extended to $\ell = L$ gives $\sigma'(A_L y_{L-1} + b_L)\, y_{L-1}^{\top}$, which the "
               r"check rejects with a counterexample, and a backward pass that uses it misses autograd's gradients.",
    shown_by=("backprop.mlp_weight_gradient_output", "backprop.mlp_weight_gradient"),
    checked_by=("tests/test_backprop_mlp.py::test_sigma_at_output_is_wrong",),
    kind="math",
    problem="hw4-2024-p6",
)

erratum(
    where="HW4 (2024) P6(a), official solution, the entries of a hidden layer",
    says=r"the pre-activation is written $(A_\ell y_{\ell-1} + b_l)_i$.",
    correction=r"$(A_\ell y_{\ell-1} + b_\ell)_i$: the bias of layer $\ell$ ($l$ is not an index of the problem).",
    shown_by=("backprop.mlp_bias_jacobian", "backprop.mlp_input_jacobian"),
    kind="typo",
    problem="hw4-2024-p6",
)
