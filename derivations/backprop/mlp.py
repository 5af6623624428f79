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

The same five statements are also checked for one layer ℓ of a network of
any depth and any widths (``*_general``): index notation, with the width
``n_{ℓ−1}`` a symbol and the sums over it written with that bound; the
``L = 3`` claims are their worked instances.
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
        title=r"Output layer: $\partial y_L/\partial b_L = 1$ and $\partial y_L/\partial y_{L-1} = A_L$",
        statement=statement(sp.Integer(1)),
        where=where,
        hypotheses=(r"\ell = L \text{ (the layer without activation)}",),
        scope=r"every entry, for $L = 3$ with widths (2, 2, 2, 1); $\sigma$ undefined",
        fixed={"L": DEPTH, "widths": str(WIDTHS)},
        instance_of="backprop.mlp_output_layer_general",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", r"the hidden-layer formula $\sigma'(z_L)(\dots)$ applied at $\ell = L$",
                   statement(sigma_prime(z[L][0]))),
            Mutant("wrong constant", r"$\partial y_L/\partial b_L = 0$", (sp.Eq(D(y_L, b[L][0]), 0, evaluate=False),)),
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
        title=r"Hidden layers: $\partial y_\ell/\partial b_\ell = \operatorname{diag}(\sigma'(A_\ell y_{\ell-1} + "
              r"b_\ell))$",
        statement=statement(lambda l, i: sigma_prime(z[l][i]), lambda l, i: 0),
        where=_hidden_where(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } 1\text{: see the output layer)}",),
        scope=r"every entry of layers $\ell = 1$ and $\ell = 2$ of the $L = 3$ network, widths (2, 2, 2, 1); "
              r"$\sigma$ undefined",
        fixed={"L": DEPTH, "widths": str(WIDTHS)},
        instance_of="backprop.mlp_bias_jacobian_general",
        uses=("def.mlp",),
        mutants=(
            Mutant("dropped factor", "output-layer formula (identity) applied to a hidden layer",
                   statement(lambda l, i: 1, lambda l, i: 0)),
            Mutant("wrong step", r"$\sigma'(z_i)$ in every entry, not a diagonal matrix",
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
        title=r"Hidden layers: $\partial y_\ell/\partial y_{\ell-1} = \operatorname{diag}(\sigma'(A_\ell y_{\ell-1} "
              r"+ b_\ell))\, A_\ell$",
        statement=statement(lambda l, i, j: sigma_prime(z[l][i]) * A[l][i, j]),
        where=_hidden_where(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } A_L\text{)}",),
        scope=r"every entry of layers $\ell = 1$ and $\ell = 2$ of the $L = 3$ network, widths (2, 2, 2, 1); "
              r"$\sigma$ undefined",
        fixed={"L": DEPTH, "widths": str(WIDTHS)},
        instance_of="backprop.mlp_input_jacobian_general",
        uses=("def.mlp",),
        mutants=(
            Mutant("swapped order", r"$A_\ell \operatorname{diag}(\sigma'(z_\ell))$ instead of "
                                    r"$\operatorname{diag}(\sigma'(z_\ell))\, A_\ell$",
                   statement(lambda l, i, j: sigma_prime(z[l][j]) * A[l][i, j])),
            Mutant("dropped factor", r"output-layer formula $A_\ell$ applied to a hidden layer",
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
        title=r"Hidden layers: $\partial y_L/\partial A_\ell = \operatorname{diag}(\sigma'(z_\ell))\, (\partial "
              r"y_L/\partial y_\ell)^{\top} y_{\ell-1}^{\top}$",
        statement=statement(lambda l, i, j, g: sigma_prime(z[l][i]) * g[i] * y[l - 1][j]),
        where=full_network(),
        hypotheses=(r"1 \le \ell \le L-1 \text{ (at } \ell = L \text{ it is } y_{L-1}^{\top}\text{)}",),
        scope="every entry of $A_1$ and $A_2$ of the $L = 3$ network, widths (2, 2, 2, 1), differentiated "
              r"through the whole network; $\sigma$ undefined",
        fixed={"L": DEPTH, "widths": str(WIDTHS)},
        instance_of="backprop.mlp_weight_gradient_general",
        uses=("backprop.mlp_input_jacobian", "backprop.mlp_output_layer"),
        mutants=(
            Mutant("swapped order", r"$y_{\ell-1} (\partial y_L/\partial y_\ell) \operatorname{diag}(\sigma')$ (the "
                                    r"transpose)",
                   statement(lambda l, i, j, g: sigma_prime(z[l][j]) * g[j] * y[l - 1][i])),
            Mutant("dropped factor", r"without $\operatorname{diag}(\sigma'(z_\ell))$ (the output-layer formula)",
                   statement(lambda l, i, j, g: g[i] * y[l - 1][j])),
            Mutant("wrong step", r"$\partial y_L/\partial y_\ell$ taken as $A_L$ alone, skipping the layers in between",
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
        title=r"Output layer: $\partial y_L/\partial A_L = y_{L-1}^{\top}$",
        statement=statement(sp.Integer(1)),
        where=full_network(),
        hypotheses=(r"\ell = L",),
        scope=r"every entry of $A_3$ of the $L = 3$ network, widths (2, 2, 2, 1); $\sigma$ undefined",
        fixed={"L": DEPTH, "widths": str(WIDTHS)},
        instance_of="backprop.mlp_weight_gradient_output_general",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", r"the hidden-layer formula $\operatorname{diag}(\sigma'(z_\ell))"
                   r"(\partial y_L/\partial y_\ell)^{\top} y_{\ell-1}^{\top}$ extended to $\ell = L$, where "
                   r"$\partial y_L/\partial y_L = 1$: $\sigma'(z_L)\, y_{L-1}^{\top}$",
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


# --------------------------------------------------------------------------
# Any depth and any widths: one layer ℓ in index notation, its widths symbols

n_in = sp.Symbol("n_{\\ell-1}", integer=True, positive=True)    # width of the layer's input
i_, j_, k_, t_ = (sp.Symbol(name, integer=True, positive=True) for name in "ijkt")
slack = sp.Symbol("r", integer=True, nonnegative=True)
a_ = sp.IndexedBase("a", real=True)     # the entries of A_ℓ
b_ = sp.IndexedBase("b", real=True)     # of b_ℓ
y_ = sp.IndexedBase("y", real=True)     # of y_{ℓ−1}, the layer's input
g_ = sp.IndexedBase("g", real=True)     # of (∂y_L/∂y_ℓ)ᵀ
WIDTH_HYPOTHESIS = r"1 \le j \le n_{\ell-1}, \text{ written } n_{\ell-1} = j + r,\ r \ge 0"


def pre_activation(i):
    """``z_i = Σ_{k=1}^{n_{ℓ−1}} a_{ik} y_k + b_i``: entry i of ``A_ℓ y_{ℓ−1} + b_ℓ``, any width."""
    return sp.Sum(a_[i, t_] * y_[t_], (t_, 1, n_in)) + b_[i]


class downstream(sp.Function):
    """``y_L`` as a function of the output ``y_{ℓ,i}`` of unit i of layer ℓ (everything else fixed).

    Its derivative is ``g_i``, entry i of ``(∂y_L/∂y_ℓ)ᵀ``: the product of the
    layers' Jacobians above ℓ (vanishing.jacobian_product_any_depth), for a
    network of any depth.
    """

    def fdiff(self, argindex=1):
        return g_[i_]

    def _latex(self, printer, exp=None):
        return r"y_L\left(%s\right)" % printer._print(self.args[0])


@claim
def bias_jacobian_general() -> Claim:
    """For a hidden layer of any widths: ``∂y_{ℓ,i}/∂b_{ℓ,k} = δ_{ik} σ'(z_{ℓ,i})``, i.e. ``diag(σ'(z_ℓ))``."""
    lhs = D(sigma(pre_activation(i_)), b_[k_])
    return Claim(
        name="backprop.mlp_bias_jacobian_general",
        title=r"Hidden layers, any widths: $\partial y_\ell/\partial b_\ell = \operatorname{diag}(\sigma'(A_\ell "
              r"y_{\ell-1} + b_\ell))$",
        statement=sp.Eq(lhs, sp.KroneckerDelta(i_, k_) * sigma_prime(pre_activation(i_)), evaluate=False),
        hypotheses=(r"1 \le \ell \le L-1,\ y_{\ell,i} = \sigma(z_{\ell,i}),\ z_\ell = A_\ell y_{\ell-1} + b_\ell",),
        scope=r"every width $n_{\ell-1}$ (a symbol) and every entry $(i, k)$, in a network of any depth; $\sigma$ "
              r"undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("wrong step", r"$\sigma'(z_i)$ in every entry, not a diagonal matrix",
                   sp.Eq(lhs, sigma_prime(pre_activation(i_)), evaluate=False)),
            Mutant("dropped factor", "output-layer formula (identity) applied to a hidden layer",
                   sp.Eq(lhs, sp.KroneckerDelta(i_, k_), evaluate=False)),
        ),
    )


@claim
def input_jacobian_general() -> Claim:
    """For a hidden layer of any widths: ``∂y_{ℓ,i}/∂y_{ℓ−1,j} = σ'(z_{ℓ,i}) a_{ij}``, i.e. ``diag(σ'(z_ℓ)) A_ℓ``."""
    lhs = D(sigma(pre_activation(i_)), y_[j_])
    where = {n_in: j_ + slack}

    def statement(rhs):
        return sp.Eq(lhs, rhs, evaluate=False)

    return Claim(
        name="backprop.mlp_input_jacobian_general",
        title=r"Hidden layers, any widths: $\partial y_\ell/\partial y_{\ell-1} = \operatorname{diag}(\sigma'(A_\ell "
              r"y_{\ell-1} + b_\ell))\, A_\ell$",
        statement=statement(sigma_prime(pre_activation(i_)) * a_[i_, j_]),
        where=where,
        hypotheses=(r"1 \le \ell \le L-1,\ y_{\ell,i} = \sigma(z_{\ell,i})", WIDTH_HYPOTHESIS),
        scope=r"every width $n_{\ell-1}$ and every entry $(i, j)$, in a network of any depth; $\sigma$ undefined",
        uses=("def.mlp",),
        mutants=(
            Mutant("swapped order", r"$A_\ell^\top$ in place of $A_\ell$: $a_{ji}$",
                   statement(sigma_prime(pre_activation(i_)) * a_[j_, i_])),
            Mutant("dropped factor", r"output-layer formula $A_\ell$ applied to a hidden layer", statement(a_[i_, j_])),
        ),
    )


@claim
def output_layer_general() -> Claim:
    """At ``ℓ = L``, any width of its input: ``∂y_L/∂b_L = 1`` and ``∂y_L/∂y_{L−1,j} = a_j``."""
    y_out = sp.Sum(a_[1, t_] * y_[t_], (t_, 1, n_in)) + b_[1]

    def statement(factor):
        return (sp.Eq(D(y_out, b_[1]), factor, evaluate=False),
                sp.Eq(D(y_out, y_[j_]), factor * a_[1, j_], evaluate=False))

    return Claim(
        name="backprop.mlp_output_layer_general",
        title=r"Output layer, any width: $\partial y_L/\partial b_L = 1$ and $\partial y_L/\partial y_{L-1} = A_L$",
        statement=statement(sp.Integer(1)),
        where={n_in: j_ + slack},
        hypotheses=(r"\ell = L \text{ (no activation)},\ n_L = 1", WIDTH_HYPOTHESIS.replace(r"\ell-1", "L-1")),
        scope=r"every width $n_{L-1}$ and every entry $j$, in a network of any depth",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", r"the hidden-layer formula $\sigma'(z_L)(\dots)$ applied at $\ell = L$",
                   statement(sigma_prime(y_out))),
            Mutant("wrong constant", r"$\partial y_L/\partial b_L = 0$", (sp.Eq(D(y_out, b_[1]), 0, evaluate=False),)),
        ),
    )


@claim
def weight_gradient_general() -> Claim:
    """For a hidden layer of any widths, in a network of any depth:
    ``∂y_L/∂a_{ℓ,ij} = σ'(z_{ℓ,i}) g_i y_{ℓ−1,j}``, i.e. ``diag(σ'(z_ℓ)) (∂y_L/∂y_ℓ)ᵀ y_{ℓ−1}ᵀ``.

    ``a_{ij}`` reaches ``y_L`` only through ``z_{ℓ,i}`` and then ``y_{ℓ,i}``;
    ``g_i`` is the derivative of ``y_L`` in ``y_{ℓ,i}``.
    """
    lhs = D(downstream(sigma(pre_activation(i_))), a_[i_, j_])
    where = {n_in: j_ + slack}

    def statement(rhs):
        return sp.Eq(lhs, rhs, evaluate=False)

    return Claim(
        name="backprop.mlp_weight_gradient_general",
        title=r"Hidden layers, any depth and widths: $\partial y_L/\partial A_\ell = "
              r"\operatorname{diag}(\sigma'(z_\ell))\,(\partial y_L/\partial y_\ell)^\top y_{\ell-1}^\top$",
        statement=statement(sigma_prime(pre_activation(i_)) * g_[i_] * y_[j_]),
        where=where,
        hypotheses=(r"1 \le \ell \le L-1;\ g_i = \partial y_L / \partial y_{\ell,i} "
                    r"\text{ (the product of the Jacobians above } \ell)", WIDTH_HYPOTHESIS),
        scope=r"every depth $L$, layer $\ell \le L - 1$, width $n_{\ell-1}$ and entry $(i, j)$; $\sigma$ undefined",
        uses=("backprop.mlp_input_jacobian_general", "backprop.mlp_bias_jacobian_general",
              "vanishing.jacobian_product_any_depth"),
        mutants=(
            Mutant("swapped order", r"$y_{\ell-1}(\partial y_L/\partial y_\ell)\operatorname{diag}(\sigma')$ "
                   r"(the transpose): $\sigma'(z_j)\, g_j\, y_i$",
                   statement(sigma_prime(pre_activation(j_)) * g_[j_] * y_[i_])),
            Mutant("dropped factor", r"without $\operatorname{diag}(\sigma'(z_\ell))$ (the output-layer formula)",
                   statement(g_[i_] * y_[j_])),
            Mutant("wrong step", "the downstream gradient g left out",
                   statement(sigma_prime(pre_activation(i_)) * y_[j_])),
        ),
    )


@claim
def weight_gradient_output_general() -> Claim:
    """At ``ℓ = L``, any width of its input: ``∂y_L/∂a_{L,j} = y_{L−1,j}`` (no σ' factor)."""
    y_out = sp.Sum(a_[1, t_] * y_[t_], (t_, 1, n_in)) + b_[1]

    def statement(factor):
        return sp.Eq(D(y_out, a_[1, j_]), factor * y_[j_], evaluate=False)

    return Claim(
        name="backprop.mlp_weight_gradient_output_general",
        title=r"Output layer, any width: $\partial y_L/\partial A_L = y_{L-1}^\top$",
        statement=statement(sp.Integer(1)),
        where={n_in: j_ + slack},
        hypotheses=(r"\ell = L,\ n_L = 1", WIDTH_HYPOTHESIS.replace(r"\ell-1", "L-1")),
        scope=r"every width $n_{L-1}$ and entry $j$, in a network of any depth",
        uses=("def.mlp",),
        mutants=(
            Mutant("missing hypothesis", r"the hidden-layer formula extended to $\ell = L$: $\sigma'(z_L)\, "
                                         r"y_{L-1}^\top$",
                   statement(sigma_prime(y_out))),
        ),
    )
