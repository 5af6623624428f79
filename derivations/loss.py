"""Logistic regression f_{a,b}: the KL (cross-entropy) loss against the sum-of-squares loss.

The model is ``f_{a,b}(x) = [1/(1+e^{aᵀx+b}), 1/(1+e^{−(aᵀx+b)})]`` for labels
``y ∈ {−1, +1}``, with target ``P(y) = [(1−y)/2, (1+y)/2]`` (one-hot).  Both
losses depend on ``(a, b)`` only through ``z = aᵀx + b``, so each is a
function ``ℓ(z, y)``; the claims give each ``ℓ`` in closed form, its
derivative in ``z``, the gradient in ``(a, b)`` for general dimension ``n``,
and what the derivatives do for a confidently wrong example (margin
``μ = yz → −∞``).

How the label hypothesis is encoded.  ``y ∈ {−1, +1}`` is a two-point set, so
a claim that needs it is checked once per label (one part each): symbolic in
``z``, exhaustive in ``y``.  The "missing hypothesis" mutants let ``y`` be
any real number, and the check finds a counterexample.
"""

import sympy as sp

from claimcheck import Claim, Mutant, claim, definition, erratum, minus, over, relation, times, written

definition("def.logistic_losses", "Logistic model and the two losses", label="def-logistic-losses")

z = sp.Symbol("z", real=True)
y = sp.Symbol("y", real=True)
mu = sp.Symbol("mu", real=True)
b = sp.Symbol("b", real=True)
a_j = sp.Symbol("a_j", real=True)
x_j = sp.Symbol("x_j", real=True)
r = sp.Symbol("r", real=True)
s = sp.Symbol("s", real=True)
c = sp.Symbol("c", real=True, nonzero=True)

LABELS = (1, -1)


def model(t):
    """``f(z) = [1/(1+e^{z}), 1/(1+e^{−z})]``: probabilities of the labels −1 and +1."""
    return (1 / (1 + sp.exp(t)), 1 / (1 + sp.exp(-t)))


def target(label):
    """``P(y) = [(1−y)/2, (1+y)/2]``: the one-hot vector of ``y ∈ {−1, +1}``."""
    return ((1 - label) / sp.Integer(2), (1 + label) / sp.Integer(2))


def squares(t, label):
    """The sum-of-squares loss ``‖P(y) − f(z)‖²`` as written in the course."""
    return sum((p - q) ** 2 for p, q in zip(target(label), model(t)))


def kl(t, label):
    """``D_KL(P(y) ‖ f(z))`` for one-hot ``P(y)``: ``−log`` of the probability of the true label."""
    p_minus, p_plus = target(label)
    f_minus, f_plus = model(t)
    return -(p_minus * sp.log(f_minus) + p_plus * sp.log(f_plus))


#: The closed forms, general in y (valid for y ∈ {−1, +1}).
mse_loss = 2 / (1 + sp.exp(y * z)) ** 2
ce_loss = sp.log(1 + sp.exp(-y * z))
#: Their derivatives in z.
ce_grad = -y / (1 + sp.exp(y * z))
mse_grad = -4 * y * sp.exp(y * z) / (1 + sp.exp(y * z)) ** 3


def _target_shown(label):
    """``P(y) = [(1−y)/2, (1+y)/2]`` as the course writes it (a display form)."""
    return (over(written(1, minus(label)), 2), over(written(1, label), 2))


def squares_shown(t, label):
    """``‖P(y) − f(z)‖²`` written entry by entry, ``((1−y)/2 − f_−)² + ((1+y)/2 − f_+)²`` (a display form)."""
    return written(*(sp.Pow(written(p, minus(q)), 2, evaluate=False) for p, q in zip(_target_shown(label), model(t))))


def kl_shown(t, label):
    """``−((1−y)/2 · log f_− + (1+y)/2 · log f_+)`` (a display form)."""
    return minus(written(*(times(p, sp.log(q)) for p, q in zip(_target_shown(label), model(t)))))


def _per_label(lhs_of, rhs):
    return tuple(relation(lhs_of(z, lab), "=", rhs.subs(y, lab)) for lab in LABELS)


@claim
def loss_mse_hint() -> Claim:
    """The course's hint loss ``ℓ(z, y) = ‖P(y) − f(z)‖²`` equals ``2/(1 + e^{yz})²`` for ``y = ±1``."""
    return Claim(
        name="loss.mse_hint",
        title=r"The sum-of-squares loss in closed form: $\ell(z, y) = 2/(1 + e^{y z})^2$",
        statement=_per_label(squares, mse_loss),
        hypotheses=(r"y \in \{-1, +1\}\text{: one part per label (first } y=+1\text{, then } y=-1)",),
        scope="symbolic in z, hence for every dimension of x (z = aᵀx + b); exhaustive over the two labels",
        uses=("def.logistic_losses",),
        mutants=(
            Mutant("wrong constant", "$1/(1 + e^{y z})^2$, without the factor 2",
                   _per_label(squares, mse_loss / 2)),
            Mutant("flipped sign", "$2/(1 + e^{-y z})^2$", _per_label(squares, mse_loss.subs(z, -z))),
            Mutant("missing hypothesis", "any real label y (e.g. y = 0)",
                   relation(squares(z, y), "=", mse_loss), display=relation(squares_shown(z, y), "=", mse_loss)),
        ),
    )


@claim
def loss_kl_closed_form() -> Claim:
    """``D_KL(P(y) ‖ f(z)) = log(1 + e^{−yz})`` for ``y = ±1`` (the logistic loss)."""
    return Claim(
        name="loss.kl_closed_form",
        title=r"The KL (cross-entropy) loss in closed form: $\log(1 + e^{-y z})$",
        statement=_per_label(kl, ce_loss),
        hypotheses=(r"y \in \{-1, +1\}\text{, one part per label; } 0 \log 0 = 0 \text{ in the KL sum}",),
        scope="symbolic in z; exhaustive over the two labels",
        uses=("def.logistic_losses", "def.kl"),
        mutants=(
            Mutant("flipped sign", r"$\log(1 + e^{y z})$", _per_label(kl, ce_loss.subs(z, -z))),
            Mutant("missing hypothesis", "any real label y", relation(kl(z, y), "=", ce_loss),
                   display=relation(kl_shown(z, y), "=", ce_loss)),
        ),
    )


@claim
def loss_gradients_in_z() -> Claim:
    """Derivatives in ``z``: ``∂ℓ_KL/∂z = −y/(1+e^{yz})`` and ``∂ℓ_sq/∂z = −4y e^{yz}/(1+e^{yz})³``."""
    statement = (
        relation(sp.Derivative(ce_loss, z), "=", ce_grad),
        relation(sp.Derivative(mse_loss, z), "=", mse_grad),
    )
    return Claim(
        name="loss.gradients_in_z",
        title="The derivatives of both losses in z",
        statement=statement,
        scope="general: symbolic in z and y (true for every real y, in particular y = ±1)",
        uses=("loss.mse_hint", "loss.kl_closed_form"),
        mutants=(
            Mutant("flipped sign", "$+y/(1 + e^{y z})$ for the KL loss",
                   (relation(sp.Derivative(ce_loss, z), "=", -ce_grad), statement[1])),
            Mutant("dropped factor", "factor 2 in place of 4 for the squares loss",
                   (statement[0], relation(sp.Derivative(mse_loss, z), "=", mse_grad / 2))),
            Mutant("wrong step", "$e^{-y z}$ in place of $e^{y z}$ in the squares gradient's numerator",
                   (statement[0], relation(sp.Derivative(mse_loss, z), "=",
                                           -4 * y * sp.exp(-y * z) / (1 + sp.exp(y * z)) ** 3))),
        ),
    )


@claim
def loss_gradients_in_parameters() -> Claim:
    """Chain rule, general in ``n``: ``∂ℓ/∂a_j = ℓ'(z) x_j`` and ``∂ℓ/∂b = ℓ'(z)`` with ``z = aᵀx + b``.

    The coordinate ``a_j`` is split off: ``aᵀx = a_j x_j + r`` with
    ``r = Σ_{i≠j} a_i x_i``, which does not depend on ``a_j`` or ``b``.  That
    keeps the check general in the dimension and fast.
    """
    zz = a_j * x_j + r + b
    statement = (
        relation(sp.Derivative(ce_loss.subs(z, zz), a_j), "=", ce_grad.subs(z, zz) * x_j),
        relation(sp.Derivative(mse_loss.subs(z, zz), a_j), "=", mse_grad.subs(z, zz) * x_j),
        relation(sp.Derivative(ce_loss.subs(z, zz), b), "=", ce_grad.subs(z, zz)),
        relation(sp.Derivative(mse_loss.subs(z, zz), b), "=", mse_grad.subs(z, zz)),
    )
    return Claim(
        name="loss.gradients_in_parameters",
        title="The gradients in (a, b): ∇ℓ = ℓ'(z)·(x, 1)",
        statement=statement,
        hypotheses=(r"a^\top x = a_j x_j + r,\ r = \textstyle\sum_{i \ne j} a_i x_i \text{ free of } a_j, b",),
        scope="general in the dimension n (the other coordinates enter only through r)",
        uses=("loss.gradients_in_z",),
        mutants=(
            Mutant("missing hypothesis", r"$r$ allowed to depend on $a_j$ ($r = s + c\, a_j$)", where={r: s + c * a_j}),
            Mutant("dropped factor", r"$\partial \ell_{\mathrm{KL}}/\partial a_j$ without the factor $x_j$",
                   (relation(sp.Derivative(ce_loss.subs(z, zz), a_j), "=", ce_grad.subs(z, zz)),) + statement[1:]),
            Mutant("flipped sign", r"$\partial \ell_{\mathrm{sq}}/\partial b$ with the sign of the gradient flipped",
                   statement[:3] + (relation(sp.Derivative(mse_loss.subs(z, zz), b), "=", -mse_grad.subs(z, zz)),)),
        ),
    )


#: |∂ℓ/∂z| as a function of the margin μ = yz (|y| = 1).
ce_grad_size = 1 / (1 + sp.exp(mu))
mse_grad_size = 4 * sp.exp(mu) / (1 + sp.exp(mu)) ** 3


@claim
def loss_gradient_size_by_margin() -> Claim:
    """For ``y = ±1`` the size of ``∂ℓ/∂z`` depends only on the margin ``μ = yz``."""
    statement = tuple(
        relation(sp.Abs(g.subs(y, lab), evaluate=False), "=", size.subs(mu, lab * z))
        for g, size in ((ce_grad, ce_grad_size), (mse_grad, mse_grad_size)) for lab in LABELS
    )
    return Claim(
        name="loss.gradient_size_by_margin",
        title="Gradient sizes as functions of the margin μ = yz",
        statement=statement,
        hypotheses=(r"y \in \{-1, +1\}\text{: parts 1–2 the KL loss, 3–4 the squares loss, each } y = +1, -1",),
        scope="symbolic in z; exhaustive over the two labels",
        uses=("loss.gradients_in_z",),
        mutants=(
            Mutant("flipped sign", "margin −yz for the KL loss",
                   tuple(relation(sp.Abs(ce_grad.subs(y, lab), evaluate=False), "=", ce_grad_size.subs(mu, -lab * z))
                         for lab in LABELS) + statement[2:]),
            Mutant("missing hypothesis", "label y = 2: |y| ≠ 1 scales the gradient",
                   (relation(sp.Abs(ce_grad.subs(y, 2), evaluate=False), "=", ce_grad_size.subs(mu, 2 * z)),)
                   + statement[1:]),
        ),
    )


@claim
def loss_confidently_wrong() -> Claim:
    """As ``μ → −∞`` the KL gradient size tends to 1 and the squares gradient size to 0.

    With the bounds behind the figure: the KL loss is at least ``−μ`` (it grows
    without bound), the squares loss at most 2, and the squares gradient at most
    ``4e^{μ}`` (it vanishes exponentially fast for confidently wrong examples).
    """
    statement = (
        relation(sp.Limit(ce_grad_size, mu, -sp.oo), "=", 1),
        relation(sp.Limit(mse_grad_size, mu, -sp.oo), "=", 0),
        relation(sp.log(1 + sp.exp(-mu)), ">", -mu),
        relation(2 / (1 + sp.exp(mu)) ** 2, "<", 2),
        relation(mse_grad_size, "<", 4 * sp.exp(mu)),
    )
    return Claim(
        name="loss.confidently_wrong",
        title="Confidently wrong examples: the KL gradient stays near 1, the squares gradient vanishes",
        statement=statement,
        scope="general in μ (all real margins; the limits are at μ → −∞)",
        uses=("def.logistic_losses", "loss.gradient_size_by_margin"),
        mutants=(
            Mutant("wrong constant", "the squares gradient tends to 1 as well",
                   (statement[0], relation(sp.Limit(mse_grad_size, mu, -sp.oo), "=", 1)) + statement[2:]),
            Mutant("swapped order", "limit at μ → +∞ (confidently right) for the KL gradient",
                   (relation(sp.Limit(ce_grad_size, mu, sp.oo), "=", 1),) + statement[1:]),
            Mutant("wrong constant", r"squares gradient bounded by $e^{\mu}$ (factor 4 dropped)",
                   statement[:4] + (relation(mse_grad_size, "<", sp.exp(mu)),)),
        ),
    )


# The course's only printed result for HW4 (2024) P5 is a verdict; its numbers and protocol (mseloss_sol.py)
# are unavailable.  The chapter's experiment tests the verdict on its own protocol (course item
# hw4-2024-p5-verdict, expected to disagree); the claim above is the mechanism behind the disagreement.
erratum(
    where="HW4 (2024) P5, official solution, its one sentence",
    says="On MNIST 4 against 9, minimising the sum of squares seems to give better results than minimising "
         "the KL divergence.",
    correction="Not supported on the site's protocol (the 4s and 9s of the MNIST test split, random 60/40 "
               "splits, the same SGD for both losses): from $a = 0$ the two losses tie, and from a random "
               "start $a \\sim \\mathcal{N}(0, I)$ the sum of squares is clearly less accurate, because a "
               "confidently wrong example gives the squares loss a gradient below $4e^{\\mu}$. The course's "
               "own protocol and numbers are unavailable, so this contradicts the verdict on the site's "
               "protocol only; it does not show that the course's run was wrong.",
    shown_by=("loss.confidently_wrong",),
    checked_by=("tests/test_loss.py::test_squares_better_verdict_reads_the_intervals",),
    kind="note", problem="hw4-2024-p5",
)
