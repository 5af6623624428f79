"""Backpropagation through single-channel 1-D convolutions (stride 1, no padding).

The convolution of deep-learning libraries is a cross-correlation:
``(A_w v)_i = Σ_{k=1}^{f} w_k v_{i+k-1}`` for ``1 ≤ i ≤ m = n - f + 1``.

The single-layer claims are general in the sizes ``n``, ``f`` and the
indices (``IndexedBase`` sums with symbolic bounds).  The explicit
pad-and-flip recipe of ``conv_transpose1d`` is also checked entry by entry at
one displayed size, and the tests run the same builder over a grid of sizes.
The network claim differentiates a whole symbolic network of depth
3 (undefined ``σ``) and compares every filter and bias derivative with the
backpropagation formulas.
"""

import sympy as sp

from claimcheck import Claim, Mutant, claim, definition, erratum
from .mlp import sigma, sigma_prime

definition("def.conv1d", "1-D convolution layers", label="def-conv1d-backprop")

w = sp.IndexedBase("w")
v = sp.IndexedBase("v")
u = sp.IndexedBase("u")
delta = sp.IndexedBase("delta")
i, j, k, q = sp.symbols("i j k q", integer=True, positive=True)
f, m = sp.symbols("f m", integer=True, positive=True)
r = sp.Symbol("r", integer=True, nonnegative=True)
b_ = sp.Symbol("b")


def correlation(i_, f_=f):
    """``(A_w v)_i = Σ_{q=1}^{f} w_q v_{i+q-1}``: what ``conv1d`` computes."""
    return sp.Sum(w[q] * v[i_ + q - 1], (q, 1, f_))


def matrix_entry(i_, j_, f_=f, filt=w):
    """The claimed entry ``(A_w)_{ij} = w_{j-i+1}`` if ``1 ≤ j-i+1 ≤ f``, else 0."""
    return sp.Piecewise((filt[j_ - i_ + 1], sp.And(j_ - i_ + 1 >= 1, j_ - i_ + 1 <= f_)), (0, True))


@claim
def matrix() -> Claim:
    """``(A_w)_{ij} = ∂(A_w v)_i/∂v_j = w_{j-i+1}`` on the band ``0 ≤ j-i ≤ f-1`` and 0 elsewhere;
    general in n, f, i, j."""
    lhs = sp.Derivative(correlation(i), v[j])
    return Claim(
        name="backprop.conv1d_matrix",
        title="The matrix of a 1-D convolution: a band of the filter's entries",
        statement=sp.Eq(lhs, matrix_entry(i, j), evaluate=False),
        hypotheses=(r"A_w \in \mathbb{R}^{(n-f+1)\times n}:\ 1 \le i \le n-f+1,\ 1 \le j \le n",),
        scope=r"general in $n$, $f$ and the indices (symbolic filter $w_1, \dots, w_f$)",
        uses=("def.conv1d",),
        mutants=(
            Mutant("swapped order", "the transpose: $w_{i-j+1}$",
                   sp.Eq(lhs, matrix_entry(j, i), evaluate=False)),
            Mutant("wrong step", "a true convolution (flipped filter): $w_{f-(j-i)}$",
                   sp.Eq(lhs, sp.Piecewise((w[f - (j - i)], sp.And(j - i >= 0, j - i <= f - 1)), (0, True)),
                         evaluate=False)),
        ),
    )


class FlippedFilter:
    """``w`` indexed backwards (``FlippedFilter(f)[k] = w[f+1-k]``): passed as the filter, it undoes the flip."""

    def __init__(self, f_: int):
        self.f = f_

    def __getitem__(self, k_):
        return w[self.f + 1 - k_]


#: Displayed size of the transposed-convolution claim.
TRANSPOSE_SIZE = (5, 3)


def inner_product(n_: int, f_: int):
    """``⟨u, A_w v⟩ = Σ_{i=1}^{m} u_i (A_w v)_i`` written out for sizes n, f (``m = n - f + 1``)."""
    return sum(u[i_] * sum(w[q_] * v[i_ + q_ - 1] for q_ in range(1, f_ + 1)) for i_ in range(1, n_ - f_ + 2))


def full_convolution(n_: int, f_: int, filt=w, pad_left=None):
    """``conv_transpose1d(u, w)``: pad u with f-1 zeros on each side, correlate with the flipped filter.

    Entry j (1 ≤ j ≤ n) is ``Σ_{k=1}^{f} w_{f+1-k} ũ_{j+k-1}`` with ``ũ`` the padded u.
    ``pad_left`` (default f-1) exists to plant the misaligned-padding mutant.
    """
    m_ = n_ - f_ + 1
    left = f_ - 1 if pad_left is None else pad_left
    padded = [0] * left + [u[t] for t in range(1, m_ + 1)] + [0] * (2 * f_ - left)
    return [sum(filt[f_ + 1 - k_] * padded[j_ + k_ - 2] for k_ in range(1, f_ + 1)) for j_ in range(1, n_ + 1)]


class _TexSymbol(sp.Symbol):
    """A symbol whose name is printed verbatim as LaTeX (SymPy would split it at ``_``)."""

    def _latex(self, printer, exp=None):
        return self.name


def transpose_statement(n_: int, f_: int, entries=None):
    """``(A_wᵀ u)_j = ∂⟨u, A_w v⟩/∂v_j`` equals entry j of the full convolution, for j = 1..n."""
    P = _TexSymbol(r"\langle u, A_w v\rangle")
    entries = full_convolution(n_, f_) if entries is None else entries
    return (tuple(sp.Eq(sp.Derivative(P, v[j_]), e, evaluate=False) for j_, e in zip(range(1, n_ + 1), entries)),
            {P: inner_product(n_, f_)})


@claim
def transpose_full() -> Claim:
    """``A_wᵀ u`` is the full convolution of ``u`` with ``w``: correlate the zero-padded ``u`` with the flipped filter.

    The transpose is characterised by ``⟨A_wᵀ u, v⟩ = ⟨u, A_w v⟩``, so
    ``(A_wᵀ u)_j = ∂⟨u, A_w v⟩/∂v_j``; this is what ``conv_transpose1d`` computes.
    """
    n_, f_ = TRANSPOSE_SIZE
    statement, where = transpose_statement(n_, f_)
    unflipped = transpose_statement(n_, f_, full_convolution(n_, f_, filt=FlippedFilter(f_)))[0]
    return Claim(
        name="backprop.conv1d_transpose_full",
        title=r"$A_w^{\top} u$ is the full (transposed) convolution",
        statement=statement,
        where=where,
        hypotheses=(rf"n = {n_},\ f = {f_},\ u \in \mathbb{{R}}^{{{n_ - f_ + 1}}}",
                    r"\text{right sides built as } \sum_{k=1}^{f} w_{f+1-k}\,\tilde u_{j+k-1},\ "
                    r"\tilde u = (0_{f-1}, u, 0_{f-1})"),
        scope=f"every entry at n = {n_}, f = {f_} (symbolic u, v, w); the tests check every 1 ≤ f ≤ n ≤ 7 "
              "with the same builder",
        uses=("def.conv1d",),
        mutants=(
            Mutant("wrong step", "the padded u correlated with the unflipped filter", unflipped),
            Mutant("wrong constant", "f − 2 zeros of padding on the left instead of f − 1 (off by one)",
                   transpose_statement(n_, f_, full_convolution(n_, f_, pad_left=f_ - 2))[0]),
        ),
    )


def full_convolution_entry(j_, shift=1):
    """``Σ_{k=1}^{f} w_k u_{j-k+1}``: entry j of the full convolution of u with w (u is 0 off 1..m)."""
    return sp.Sum(w[k] * u[j_ - k + shift], (k, 1, f))


@claim
def transpose_general() -> Claim:
    """The matrix of the full convolution ``u ↦ u ∗ w`` is ``A_wᵀ``: its entry (j, i) equals ``(A_w)_{ij}``;
    general in n, f, i, j."""
    def statement(lhs_sum):
        return sp.Eq(sp.Derivative(lhs_sum, u[i]), sp.Derivative(correlation(i), v[j]), evaluate=False)

    return Claim(
        name="backprop.conv1d_transpose_general",
        title=r"The full convolution is multiplication by $A_w^{\top}$ (any $n$ and $f$)",
        statement=statement(full_convolution_entry(j)),
        hypotheses=(r"1 \le i \le n-f+1 \text{ (} u_i \text{ an entry of } u\text{, not padding)},\ 1 \le j \le n",),
        scope="general in n, f and the indices (symbolic filter)",
        uses=("backprop.conv1d_matrix",),
        mutants=(
            Mutant("swapped order", "a correlation $u_{j+k-1}$ in place of the convolution $u_{j-k+1}$",
                   statement(sp.Sum(w[k] * u[j + k - 1], (k, 1, f)))),
            Mutant("wrong constant", "off by one: $u_{j-k}$",
                   statement(full_convolution_entry(j, shift=0))),
        ),
    )


@claim
def filter_gradient() -> Claim:
    """``∂⟨δ, A_w v + b1⟩/∂w_k = Σ_{i=1}^{m} δ_i v_{i+k-1}``: the correlation of
    the input v with δ; general in m, f, k."""
    P = sp.Sum(delta[i] * (correlation(i) + b_), (i, 1, m))
    lhs = sp.Derivative(P, w[k])
    where = {f: k + r}
    return Claim(
        name="backprop.conv1d_filter_gradient",
        title="Filter gradient: correlate the layer's input with δ",
        statement=sp.Eq(lhs, sp.Sum(delta[i] * v[i + k - 1], (i, 1, m)), evaluate=False),
        where=where,
        hypotheses=(r"1 \le k \le f, \text{ written } f = k + r", r"\delta = \partial(\text{output})/\partial z "
                                                                  r"\text{ for } z = A_w v + b\mathbf{1}"),
        scope="general in m = n − f + 1, f and k",
        uses=("def.conv1d",),
        mutants=(
            Mutant("swapped order", "$v_{i-k+1}$ (a convolution, not a correlation)",
                   sp.Eq(lhs, sp.Sum(delta[i] * v[i - k + 1], (i, 1, m)), evaluate=False)),
            Mutant("missing hypothesis", "k not restricted to 1..f", where={}),
        ),
    )


@claim
def bias_gradient() -> Claim:
    """``∂⟨δ, A_w v + b1⟩/∂b = Σ_{i=1}^{m} δ_i``: the bias is shared by every position."""
    P = sp.Sum(delta[i] * (correlation(i) + b_), (i, 1, m))
    return Claim(
        name="backprop.conv1d_bias_gradient",
        title="Bias gradient: the sum of δ",
        statement=sp.Eq(sp.Derivative(P, b_), sp.Sum(delta[i], (i, 1, m)), evaluate=False),
        scope="general in m and f",
        uses=("def.conv1d",),
        mutants=(
            Mutant("wrong constant", "the mean of δ instead of the sum",
                   sp.Eq(sp.Derivative(P, b_), sp.Sum(delta[i], (i, 1, m)) / m, evaluate=False)),
            Mutant("dropped factor", r"$\delta_1$ alone, as if the bias fed one position",
                   sp.Eq(sp.Derivative(P, b_), delta[1], evaluate=False)),
        ),
    )


# --------------------------------------------------------------------------
# A whole symbolic convolutional network

#: Input size and filter sizes of the symbolic network; sizes 4 → 3 → 2 → 1, so n_L = 1.
NET_INPUT = 4
NET_FILTERS = (2, 2, 2)


def _s(name: str, layer: int, idx: int | None = None) -> sp.Symbol:
    tail = f"_{{{idx}}}" if idx is not None else ""
    return sp.Symbol(f"{name}^{{({layer})}}{tail}")


def conv_network():
    """Symbols and the forward pass: ``(xs, ws, bs, zs, ys, defs)``.

    ``ws[ℓ]``, ``bs[ℓ]`` are the parameters, ``zs[ℓ]``, ``ys[ℓ]`` display
    symbols, and ``defs`` maps each of those to its expression in ``x``.
    """
    xs = [sp.Symbol(f"x_{{{t}}}") for t in range(1, NET_INPUT + 1)]
    L = len(NET_FILTERS)
    ws = {l: [_s("w", l, t) for t in range(1, f_ + 1)] for l, f_ in enumerate(NET_FILTERS, 1)}
    bs = {l: _s("b", l) for l in ws}
    zs, ys, defs, values = {}, {0: xs}, {}, xs
    for l in range(1, L + 1):
        n_out = len(values) - NET_FILTERS[l - 1] + 1
        pre = [sum(ws[l][t] * values[i_ + t] for t in range(NET_FILTERS[l - 1])) + bs[l] for i_ in range(n_out)]
        zs[l] = [_s("z", l, i_ + 1) for i_ in range(n_out)]
        ys[l] = [_s("y", l, i_ + 1) for i_ in range(n_out)]
        values = pre if l == L else [sigma(p) for p in pre]
        defs.update(zip(zs[l], pre))
        defs.update(zip(ys[l], values))
    return xs, ws, bs, zs, ys, defs


def backprop_deltas(ws, zs, at_output_sigma=False):
    """``δ_ℓ = ∂y_L/∂z_ℓ`` by the claimed recursion: ``δ_L = 1``, ``δ_ℓ = σ'(z_ℓ) ⊙ A_{w_{ℓ+1}}ᵀ δ_{ℓ+1}``.

    ``A_wᵀ δ`` is the full convolution (:func:`full_convolution` with ``u = δ``).
    ``at_output_sigma`` multiplies δ_L by σ'(z_L): the hidden formula outside its range (a mutant).
    """
    L = len(ws)
    deltas = {L: [sigma_prime(zs[L][0]) if at_output_sigma else sp.Integer(1)]}
    for l in range(L - 1, 0, -1):
        f_next = len(ws[l + 1])
        n_l = len(zs[l])
        back = [e.xreplace({u[t]: deltas[l + 1][t - 1] for t in range(1, len(deltas[l + 1]) + 1)})
                .xreplace({w[t]: ws[l + 1][t - 1] for t in range(1, f_next + 1)})
                for e in full_convolution(n_l, f_next)]
        deltas[l] = [sigma_prime(zs[l][t]) * back[t] for t in range(n_l)]
    return deltas


def network_statement(grad_w, grad_b):
    """``∂y_L/∂(w_ℓ)_k = grad_w(ℓ, k, y_{ℓ-1})`` and ``∂y_L/∂b_ℓ = grad_b(ℓ)`` for every ℓ, with the definitions."""
    xs, ws, bs, zs, ys, defs = conv_network()
    L = len(ws)
    out = ys[L][0]
    rels = []
    for l in range(1, L + 1):
        rels += [sp.Eq(sp.Derivative(out, ws[l][t]), grad_w(l, t, ys[l - 1]), evaluate=False)
                 for t in range(len(ws[l]))]
        rels.append(sp.Eq(sp.Derivative(out, bs[l]), grad_b(l), evaluate=False))
    return tuple(rels), defs


@claim
def network_gradients() -> Claim:
    """In a depth-3 network, ``∂y_L/∂w_{ℓ,k} = Σ_i δ_{ℓ,i} y_{ℓ-1,i+k-1}`` and ``∂y_L/∂b_ℓ = Σ_i δ_{ℓ,i}`` for every ℓ.

    ``δ`` comes from the backward recursion with transposed convolutions
    (:func:`backprop_deltas`); the left sides differentiate ``y_L`` written out
    in ``x`` and every parameter.  Unlike the MLP, the formulas hold for every
    ``1 ≤ ℓ ≤ L`` once ``δ_L = 1`` (no σ' at the output).
    """
    _, ws, _, zs, _, _ = conv_network()

    def build(deltas, shift=1):
        def grad_w(l, t, inputs):
            return sum(deltas[l][i_] * inputs[i_ + t * shift] for i_ in range(len(deltas[l]))
                       if 0 <= i_ + t * shift < len(inputs))
        return network_statement(grad_w, lambda l: sum(deltas[l]))

    def transposed_product(deltas):
        # The typed HW7 (2024) P4(a) solution's C_vᵀ y_{ℓ−1}, with v = δ_ℓ: entry k is Σ_i v_{k−i+1} (y_{ℓ−1})_i,
        # read at k = 1..f_ℓ (the vector is longer: n_{ℓ−1} + n_ℓ − 1 entries).
        def grad_w(l, t, inputs):
            return sum(deltas[l][t - i_] * inputs[i_] for i_ in range(len(inputs)) if 0 <= t - i_ < len(deltas[l]))
        return network_statement(grad_w, lambda l: sum(deltas[l]))[0]

    statement, defs = build(backprop_deltas(ws, zs))
    return Claim(
        name="backprop.conv1d_network_gradients",
        title="Filter and bias gradients of a convolutional network, by backprop",
        statement=statement,
        where=defs,
        hypotheses=(r"\delta^{(3)} = 1,\ \delta^{(\ell)} = \sigma'(z^{(\ell)}) \odot A_{w^{(\ell+1)}}^{\top}"
                    r"\delta^{(\ell+1)} \text{ (written out)}",),
        scope=f"every filter entry and bias of a depth-3 network, input size {NET_INPUT}, filter sizes "
              f"{NET_FILTERS} (so $n_L = 1$); $\\sigma$ undefined",
        uses=("backprop.conv1d_transpose_general", "backprop.conv1d_filter_gradient", "backprop.conv1d_bias_gradient"),
        mutants=(
            Mutant("missing hypothesis", r"$\sigma'$ applied at the output layer too ($\delta_L = \sigma'(z_L)$), as a "
                   r"$\operatorname{diag}(\sigma'(\dots))$ factor for every $\ell = 1, \dots, L$ gives",
                   build(backprop_deltas(ws, zs, at_output_sigma=True))[0]),
            Mutant("swapped order", r"the transposed product $C_\delta^{\top} y_{\ell-1}$ (a full convolution of "
                   r"$y_{\ell-1}$ with $\delta$, read at $k = 1, \dots, f_\ell$) instead of the correlation "
                   r"$C_\delta y_{\ell-1}$",
                   transposed_product(backprop_deltas(ws, zs))),
            Mutant("swapped order", "the filter gradient as a convolution ($y_{i-k+1}$) instead of a correlation",
                   build(backprop_deltas(ws, zs), shift=-1)[0]),
        ),
    )


erratum(
    where="HW7 (2024) P4(a), typed solution, the gradient of the filter",
    says=r"$\big(\frac{\partial y_L}{\partial w_\ell}\big)_k = v_\ell \cdot \big((y_{\ell-1})_k, \dots, "
         r"(y_{\ell-1})_{k+n_\ell-1}\big) = (C_{v_\ell}^{\top} y_{\ell-1})_k$, with $C_w$ the matrix of correlation "
         r"with $w$, and $C_{v_\ell}^{\top} y_{\ell-1} \in \mathbb{R}^{f_\ell}$.",
    correction=r"The middle expression is right, and it is the correlation of $y_{\ell-1}$ with $v_\ell$ as the "
               r"filter: $C_{v_\ell}\, y_{\ell-1}$, of length $n_{\ell-1} - n_\ell + 1 = f_\ell$ (one conv1d call). "
               r"The transposed product $C_{v_\ell}^{\top} y_{\ell-1}$ is a transposed convolution of length "
               r"$n_{\ell-1} + n_\ell - 1$ with other entries; the two coincide only at $\ell = L$, where "
               r"$n_L = 1$ and $v_L = 1$.",
    shown_by=("backprop.conv1d_network_gradients", "backprop.conv1d_filter_gradient"),
    checked_by=("tests/test_backprop_conv1d.py::test_filter_gradient_is_a_correlation_not_the_transposed_product",),
    kind="math",
    problem="hw7-2024-p4",
)

erratum(
    where="HW7 (2024) P4(a), typed solution, the vector v_ℓ at the output layer",
    says=r"the filter and bias gradients are written through a row vector $v_\ell$ "
         r"($\frac{\partial y_L}{\partial b_\ell} = v_\ell \mathbf{1}_{n_\ell}$), which the chain of equalities "
         r"defines as $\frac{\partial y_L}{\partial y_\ell}\operatorname{diag}(\sigma'(\cdot))$, and both "
         r"are derived, with no range of $\ell$, "
         r"from $y_\ell = \sigma(A_{w_\ell} y_{\ell-1} + b_\ell \mathbf{1}_{n_\ell})$ "
         r"through the factor $\operatorname{diag}(\sigma'(A_{w_\ell} y_{\ell-1} + b_\ell \mathbf{1}_{n_\ell}))$, "
         r"although the problem asks for every $\ell = 1, \dots, L$, the linear output layer included.",
    correction=r"$v_\ell = \frac{\partial y_L}{\partial y_\ell} \operatorname{diag}(\sigma'(A_{w_\ell} y_{\ell-1} "
               r"+ b_\ell \mathbf{1}_{n_\ell}))$ for $\ell \le L-1$, and $v_L = 1$: the output layer has no "
               r"activation, so no factor $\sigma'$ at $\ell = L$. With that factor at the output the gradients "
               r"of every layer are wrong.",
    shown_by=("backprop.conv1d_network_gradients",),
    checked_by=("tests/test_backprop_conv1d.py::test_sigma_prime_at_the_output_layer_is_wrong",),
    kind="math",
    problem="hw7-2024-p4",
)

erratum(
    where="HW6 (2021) P3, statement, hint",
    says=r"the rewritten network's second line reads "
         r"$y_{L-1} = \sigma(A_{L-1}(w_{L-1})y_{L-2} + \beta_{L-1}(b_{L-1})$.",
    correction=r"A closing parenthesis is missing: "
               r"$y_{L-1} = \sigma\big(A_{L-1}(w_{L-1})y_{L-2} + \beta_{L-1}(b_{L-1})\big)$, "
               r"$\sigma$ applied to the whole pre-activation.",
    shown_by=("backprop.conv1d_network_gradients",),
    kind="typo",
    problem="hw6-2021-p3",
)
