"""Two forms of momentum SGD, their equivalence, and where it breaks.

Form I (heavy ball):   θ_{k+1} = θ_k − α g_k + β (θ_k − θ_{k−1}),
Form II (velocity):    v_{k+1} = g_k + β v_k,   ϑ_{k+1} = ϑ_k − α v_{k+1}

(``ϑ`` is the issue's θ̃).  Conventions: both start at the same θ_0 = ϑ_0,
Form I takes θ_{−1} = θ_0 (its first step is a plain gradient step) and
Form II takes v_0 = 0.

How vectors are handled.  Every operation in both recursions is a linear
combination of vectors with scalar coefficients α, β, so it acts on each
coordinate separately.  The claims therefore work with coordinate ``i`` of
each vector, written as an indexed symbol (``θ_{k,i}``) that stands for any
real number; an identity proved for a generic coordinate holds for vectors of
every dimension.  The step index ``k`` is a symbol too, so the inductive
step is checked once for every ``k``.

The induction hypothesis is encoded through ``where``: ``ϑ_k = θ_k`` and
``θ_{k−1} = θ_k + α v_k`` (the invariant ``θ_k − θ_{k−1} = −α v_k``, solved
for θ_{k−1} so that no division by α is needed).
"""

import dataclasses
import functools

import sympy as sp

from claimcheck import (Claim, Domain, Mutant, claim, definition, derivation, erratum, minus, over, relation, times,
                        written)
from ._sums import RangeSum
from claimcheck.latex import indexed_entries

definition("def.momentum_forms", "The two forms of momentum", label="def-momentum-forms")

alpha = sp.Symbol("alpha", real=True)
beta = sp.Symbol("beta", real=True)
d = sp.Symbol("d", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
i = sp.Symbol("i", integer=True, positive=True)

theta = sp.IndexedBase("theta", real=True)
vtheta = sp.IndexedBase("vartheta", real=True)
v = sp.IndexedBase("v", real=True)
g = sp.IndexedBase("g", real=True)
lr = sp.IndexedBase("alpha", positive=True)   # a step size that changes with k: α_k


def form_one_step(prev, curr, grad, a=alpha, b=beta):
    """Form I: ``θ_{k+1} = θ_k − α g_k + β(θ_k − θ_{k−1})``."""
    return curr - a * grad + b * (curr - prev)


def form_one_shown(prev, curr, grad, a=alpha, b=beta, sign=1):
    """Form I's step as the course writes it, ``θ_k − α g_k + β(θ_k − θ_{k−1})``, for display forms
    (``sign=-1`` writes ``− β(θ_k − θ_{k−1})``, a planted error)."""
    momentum = times(b, written(curr, minus(prev)))
    return written(curr, minus(times(a, grad)), momentum if sign > 0 else minus(momentum))


def form_two_shown(pos, vel, grad, a=alpha, b=beta):
    """Form II's step as the course writes it, ``ϑ_k − α(g_k + β v_k)``, for display forms."""
    return written(pos, minus(times(a, written(grad, times(b, vel)))))


def form_two_step(pos, vel, grad, a=alpha, b=beta):
    """Form II: returns ``(ϑ_{k+1}, v_{k+1})`` with ``v_{k+1} = g_k + β v_k``, ``ϑ_{k+1} = ϑ_k − α v_{k+1}``."""
    new_vel = grad + b * vel
    return pos - a * new_vel, new_vel


def unroll_form_one(steps: int, theta_minus_one=None, a=alpha, b=beta):
    """θ_K of Form I after ``steps`` steps from θ_0 (coordinate i), expanded.

    ``theta_minus_one`` is the convention for θ_{−1}; the default is θ_0.
    """
    prev = theta[0, i] if theta_minus_one is None else theta_minus_one
    curr = theta[0, i]
    for step in range(steps):
        prev, curr = curr, sp.expand(form_one_step(prev, curr, g[step, i], a, b))
    return curr


def unroll_form_two(steps: int, v_zero=0, a=alpha, b=beta):
    """ϑ_K of Form II after ``steps`` steps from ϑ_0 = θ_0 and v_0 = ``v_zero``, expanded."""
    pos, vel = theta[0, i], sp.sympify(v_zero)
    for step in range(steps):
        pos, vel = form_two_step(pos, vel, g[step, i], a, b)
        pos, vel = sp.expand(pos), sp.expand(vel)
    return pos


def geometric_closed_form(steps: int, shift: int = 0):
    """``θ_0 − α Σ_{j<K} (1 − β^{K−j})/(1 − β) · g_j`` as an unevaluated sum (for display).

    The weight of g_j is the geometric sum 1 + β + … + β^{K−1−j}, written in
    closed form (β ≠ 1).  ``shift`` adds terms to it (used to plant an
    off-by-one mutant).
    """
    j = sp.Symbol("j", integer=True, nonnegative=True)
    K = sp.Integer(steps)
    weight = (1 - beta ** (K - j + shift)) / (1 - beta)
    return theta[0, i] - alpha * sp.Sum(weight * g[j, i], (j, 0, K - 1))


class UnrolledFormOne(sp.Function):
    """``θ^{I}_K``: Form I run for K steps by :func:`unroll_form_one` when ``doit`` is called.

    Displayed as a symbol so that the page shows the statement, not a page of
    polynomial; the checker calls ``doit`` and so runs the recursion.
    The second argument is the value used for θ_{−1}.
    """

    def doit(self, **hints):
        steps, start = self.args
        return unroll_form_one(int(steps), start)

    def _latex(self, printer, exp=None):
        return r"\theta^{\mathrm{I}}_{%s}" % printer._print(self.args[0])


class UnrolledFormTwo(sp.Function):
    """``ϑ^{II}_K``: Form II run for K steps by :func:`unroll_form_two` (second argument: v_0)."""

    def doit(self, **hints):
        steps, v_zero = self.args
        return unroll_form_two(int(steps), v_zero)

    def _latex(self, printer, exp=None):
        return r"\vartheta^{\mathrm{II}}_{%s}" % printer._print(self.args[0])


#: How the hypotheses line names the vectors.  A claim works with one generic
#: coordinate i of each, so its entries θ_{k,i} ∈ ℝ say θ_k ∈ ℝⁿ.
VECTORS = {theta: r"\theta_k", vtheta: r"\vartheta_k", v: "v_k", g: "g_k"}


def in_coordinates(factory):
    """The claim of ``factory``, whose hypotheses show ``θ_k ∈ ℝⁿ`` for each vector whose coordinate i it uses."""
    @functools.wraps(factory)
    def built() -> Claim:
        made = factory()
        used = {entry.base for entry in indexed_entries(made)}
        shown = tuple(Domain(family, "n", name) for family, name in VECTORS.items() if family in used)
        return dataclasses.replace(made, domains=made.domains + shown)
    return built


#: The induction hypothesis P(k): ϑ_k = θ_k and θ_k − θ_{k−1} = −α v_k.
INDUCTION_HYPOTHESIS = {vtheta[k, i]: theta[k, i], theta[k - 1, i]: theta[k, i] + alpha * v[k, i]}
#: The conventions: θ_{−1} = θ_0, v_0 = 0, ϑ_0 = θ_0.
CONVENTIONS = {theta[-1, i]: theta[0, i], v[0, i]: sp.Integer(0), vtheta[0, i]: theta[0, i]}


@claim
@in_coordinates
def momentum_base_case() -> Claim:
    """P(0) holds under the conventions, and the first steps of both forms coincide.

    P(k) is: ``ϑ_k = θ_k`` and ``θ_k − θ_{k−1} = −α v_k``.
    """
    first_two, _ = form_two_step(vtheta[0, i], v[0, i], g[0, i])
    first_one = form_one_step(theta[-1, i], theta[0, i], g[0, i])
    statement = (
        relation(vtheta[0, i], "=", theta[0, i]),
        relation(theta[0, i] - theta[-1, i], "=", -alpha * v[0, i]),
        relation(first_two, "=", first_one),
    )
    return Claim(
        name="momentum.base_case",
        title="Base case: P(0), and ϑ₁ = θ₁",
        statement=statement,
        display=(None, None, relation(form_two_shown(vtheta[0, i], v[0, i], g[0, i]), "=",
                                      form_one_shown(theta[-1, i], theta[0, i], g[0, i]))),
        where=CONVENTIONS,
        hypotheses=(r"\text{starting conditions: } \vartheta_0 = \theta_0,\ \theta_{-1} = \theta_0,\ v_0 = 0",),
        scope="general: coordinate i of vectors of any dimension",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("missing hypothesis", "Form II starts with v₀ = g₀ (a 'warm' velocity)",
                   where={**CONVENTIONS, v[0, i]: g[0, i]}),
            Mutant("wrong constant", "Form I starts from θ₋₁ = 0",
                   where={**CONVENTIONS, theta[-1, i]: sp.Integer(0)}),
            Mutant("missing hypothesis", "Form II starts elsewhere: ϑ₀ = θ₀ + d",
                   where={**CONVENTIONS, vtheta[0, i]: theta[0, i] + d}),
        ),
    )


@claim
@in_coordinates
def momentum_inductive_step_position() -> Claim:
    """If P(k) holds then ϑ_{k+1} = θ_{k+1} (for every k ≥ 0)."""
    next_two, _ = form_two_step(vtheta[k, i], v[k, i], g[k, i])
    next_one = form_one_step(theta[k - 1, i], theta[k, i], g[k, i])
    chain = derivation(
        next_two,
        ("=", theta[k, i] - alpha * g[k, i] - alpha * beta * v[k, i], r"induction hypothesis $\vartheta_k = \theta_k$"),
        ("=", next_one, r"induction hypothesis $-\alpha v_k = \theta_k - \theta_{k-1}$; this is $\theta_{k+1}$ by "
                        r"Form I"),
    )
    return Claim(
        name="momentum.step_position",
        title=r"Inductive step, positions: $\vartheta_{k+1} = \theta_{k+1}$",
        statement=chain,
        display=dataclasses.replace(chain.with_step(2, expr=form_one_shown(theta[k - 1, i], theta[k, i], g[k, i])),
                                    start=form_two_shown(vtheta[k, i], v[k, i], g[k, i])),
        where=INDUCTION_HYPOTHESIS,
        hypotheses=(r"\text{induction hypothesis } P(k)\text{, encoded above}",
                    r"\text{the left side is } \vartheta_{k+1} \text{ by Form II}"),
        scope="general in k and in the dimension (one generic coordinate i)",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("flipped sign", r"Form I with $-\beta(\theta_k - \theta_{k-1})$", derivation(
                next_two,
                ("=", theta[k, i] - alpha * g[k, i] - alpha * beta * v[k, i], "IH"),
                ("=", form_one_step(theta[k - 1, i], theta[k, i], g[k, i], b=-beta), "IH")),
                display=dataclasses.replace(
                    chain.with_step(2, expr=form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], sign=-1)),
                    start=form_two_shown(vtheta[k, i], v[k, i], g[k, i]))),
            Mutant("missing hypothesis", r"step size changes: the invariant holds with $\alpha_{k-1}$, the step uses "
                                         r"$\alpha_k$",
                   where={vtheta[k, i]: theta[k, i], theta[k - 1, i]: theta[k, i] + lr[k - 1] * v[k, i]}),
            Mutant("dropped factor", r"Form II velocity without $\beta$: $v_{k+1} = g_k + v_k$", derivation(
                form_two_step(vtheta[k, i], v[k, i], g[k, i], b=1)[0],
                ("=", theta[k, i] - alpha * g[k, i] - alpha * beta * v[k, i], "IH"),
                ("=", next_one, "IH")),
                display=dataclasses.replace(
                    chain.with_step(2, expr=form_one_shown(theta[k - 1, i], theta[k, i], g[k, i])),
                    start=written(vtheta[k, i], minus(times(alpha, written(g[k, i], v[k, i])))))),
        ),
    )


@claim
@in_coordinates
def momentum_inductive_step_velocity() -> Claim:
    """If P(k) holds then θ_{k+1} − θ_k = −α v_{k+1}: the invariant carries over."""
    _, next_vel = form_two_step(vtheta[k, i], v[k, i], g[k, i])
    next_one = form_one_step(theta[k - 1, i], theta[k, i], g[k, i])
    statement = relation(next_one - theta[k, i], "=", -alpha * next_vel)
    shown_step = written(form_one_shown(theta[k - 1, i], theta[k, i], g[k, i]), minus(theta[k, i]))
    return Claim(
        name="momentum.step_velocity",
        title=r"Inductive step, invariant: $\theta_{k+1} - \theta_k = -\alpha v_{k+1}$",
        statement=statement,
        display=relation(shown_step, "=", minus(times(alpha, written(g[k, i], times(beta, v[k, i]))))),
        where=INDUCTION_HYPOTHESIS,
        hypotheses=(r"\text{induction hypothesis } P(k)",
                    r"\theta_{k+1} \text{ by Form I},\ v_{k+1} = g_k + \beta v_k \text{ by Form II}"),
        scope="general in k and in the dimension (one generic coordinate i)",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("flipped sign", r"invariant with $+\alpha v_{k+1}$",
                   relation(next_one - theta[k, i], "=", alpha * next_vel),
                   display=relation(shown_step, "=", times(alpha, written(g[k, i], times(beta, v[k, i]))))),
            Mutant("wrong step", r"Form II velocity $v_{k+1} = \beta(g_k + v_k)$ (a damped variant)",
                   relation(next_one - theta[k, i], "=", -alpha * beta * (g[k, i] + v[k, i])),
                   display=relation(shown_step, "=", minus(times(alpha, beta, written(g[k, i], v[k, i]))))),
        ),
    )


UNROLL_STEPS = (1, 2, 3, 5, 8)


@claim
@in_coordinates
def momentum_unrolled() -> Claim:
    """Independently of the induction: run both recursions K steps and compare with the closed form.

    For K in ``UNROLL_STEPS`` the recursions are executed symbolically (every
    g_j, θ_0, α, β a free symbol); both iterates equal
    ``θ_0 − α Σ_{j<K} (1 + β + … + β^{K−1−j}) g_j``, the weight written as
    ``(1 − β^{K−j})/(1 − β)``.
    """
    parts = []
    for steps in UNROLL_STEPS:
        K = sp.Integer(steps)
        closed = geometric_closed_form(steps)
        parts.append(relation(UnrolledFormOne(K, theta[0, i]), "=", closed))
        parts.append(relation(UnrolledFormTwo(K, 0), "=", closed))
    return Claim(
        name="momentum.unrolled",
        title="Unrolled: both forms after K steps equal the same geometric sum",
        statement=tuple(parts),
        hypotheses=(r"\beta \ne 1",
                    r"\theta^{\mathrm{I}}_K: \text{Form I run K steps with } \theta_{-1} = \theta_0",
                    r"\vartheta^{\mathrm{II}}_K: \text{Form II run K steps with } v_0 = 0"),
        scope=f"per $K$, for $K$ in {UNROLL_STEPS}; symbolic in $\\alpha, \\beta, \\theta_0$ and every $g_j$",
        fixed={"K": ", ".join(map(str, UNROLL_STEPS))},
        instance_of="momentum.unrolled_step",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("wrong constant", "Form I started from θ₋₁ = 0", tuple(
                relation(UnrolledFormOne(sp.Integer(K), 0), "=", geometric_closed_form(K)) for K in UNROLL_STEPS)),
            Mutant("wrong step", "inner geometric sum one term too long", tuple(
                relation(UnrolledFormTwo(sp.Integer(K), 0), "=", geometric_closed_form(K, shift=1))
                for K in UNROLL_STEPS)),
            Mutant("missing hypothesis", "Form II started with v₀ = g₀", tuple(
                relation(UnrolledFormTwo(sp.Integer(K), g[0, i]), "=", geometric_closed_form(K))
                for K in UNROLL_STEPS)),
        ),
    )


MISMATCH_STEPS = (1, 2, 3, 5, 8)


@claim
@in_coordinates
def momentum_convention_mismatch() -> Claim:
    """With θ_{−1} = θ_0 − d instead of θ_0, Form I leads Form II by (β + β² + … + β^K) d after K steps."""
    parts = []
    for steps in MISMATCH_STEPS:
        K = sp.Integer(steps)
        gap = sum(beta**m for m in range(1, steps + 1)) * d
        parts.append(relation(UnrolledFormOne(K, theta[0, i] - d) - UnrolledFormTwo(K, 0), "=", gap))
    return Claim(
        name="momentum.convention_mismatch",
        title="Other start conventions: the gap after K steps",
        statement=tuple(parts),
        hypotheses=(r"\text{Form I started with } \theta_{-1} = \theta_0 - d, \text{ Form II with } v_0 = 0",),
        scope=f"per $K$, for $K$ in {MISMATCH_STEPS}; symbolic in $d, \\alpha, \\beta, \\theta_0$ and every $g_j$",
        fixed={"K": ", ".join(map(str, MISMATCH_STEPS))},
        instance_of="momentum.mismatch_step",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("wrong constant", r"gap $\beta^K d$ (only the last power)", tuple(
                relation(UnrolledFormOne(sp.Integer(K), theta[0, i] - d) - UnrolledFormTwo(sp.Integer(K), 0), "=",
                         beta**K * d) for K in MISMATCH_STEPS)),
            Mutant("flipped sign", r"gap $-(\beta + \dots + \beta^K)\,d$", tuple(
                relation(UnrolledFormOne(sp.Integer(K), theta[0, i] - d) - UnrolledFormTwo(sp.Integer(K), 0), "=",
                         -sum(beta**m for m in range(1, K + 1)) * d) for K in MISMATCH_STEPS),
                display=tuple(relation(UnrolledFormOne(sp.Integer(K), theta[0, i] - d)
                                       - UnrolledFormTwo(sp.Integer(K), 0), "=",
                                       minus(times(d, written(*(beta**m for m in range(K, 0, -1))) if K > 1 else beta)))
                              for K in MISMATCH_STEPS)),
        ),
    )


@claim
@in_coordinates
def momentum_varying_step_size() -> Claim:
    """With step sizes α_k, Form II's step is Form I's with momentum β α_k/α_{k−1}: they differ unless α_k = α_{k−1}.

    Both forms are given the same position θ_k and history; Form II's history is
    its invariant θ_k − θ_{k−1} = −α_{k−1} v_k (which holds for Form II with
    step sizes α_k).  The difference of the two next positions is exact.
    """
    a_now, a_before = lr[k], lr[k - 1]
    next_two, _ = form_two_step(theta[k, i], v[k, i], g[k, i], a=a_now)
    next_one = form_one_step(theta[k - 1, i], theta[k, i], g[k, i], a=a_now)
    history = {theta[k - 1, i]: theta[k, i] + a_before * v[k, i]}
    statement = relation(next_two - next_one, "=",
                         beta * (a_now - a_before) / a_before * (theta[k, i] - theta[k - 1, i]))
    th_now, th_before, v_now, g_now = theta[k, i], theta[k - 1, i], v[k, i], g[k, i]
    step = written(th_now, minus(th_before))
    shown = relation(
        written(written(th_now, minus(times(a_now, written(g_now, times(beta, v_now))))),   # Form II's next position
                minus(written(th_now, minus(times(a_now, g_now)), times(beta, step)))),   # minus Form I's
        "=", times(over(times(beta, written(a_now, minus(a_before))), a_before), step))
    return Claim(
        name="momentum.varying_step_size",
        title="A changing step size breaks the equivalence",
        statement=statement,
        display=shown,
        where=history,
        hypotheses=(r"\text{step sizes } \alpha_k > 0 \text{ in both forms}",
                    r"\text{Form II's invariant } \theta_k - \theta_{k-1} = -\alpha_{k-1} v_k"),
        scope="general in k and in the dimension (one generic coordinate i)",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("wrong constant", r"ratio inverted: $\alpha_{k-1}/\alpha_k$",
                   relation(next_two - next_one, "=",
                            beta * (a_before - a_now) / a_now * (theta[k, i] - theta[k - 1, i])),
                   display=relation(shown.lhs, "=",
                                    times(over(times(beta, written(a_before, minus(a_now))), a_now), step))),
            Mutant("missing hypothesis", "claim that the forms still agree (difference 0)",
                   relation(next_two - next_one, "=", 0), display=relation(shown.lhs, "=", 0)),
        ),
    )


@claim
@in_coordinates
def momentum_varying_momentum() -> Claim:
    """A momentum β_k that changes with k keeps the equivalence: the inductive step holds with β_k in both forms."""
    mom = sp.IndexedBase("beta", real=True)
    next_two, next_vel = form_two_step(vtheta[k, i], v[k, i], g[k, i], b=mom[k])
    next_one = form_one_step(theta[k - 1, i], theta[k, i], g[k, i], b=mom[k])
    statement = (relation(next_two, "=", next_one), relation(next_one - theta[k, i], "=", -alpha * next_vel))
    invariant_shown = relation(written(form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], b=mom[k]),
                                       minus(theta[k, i])),
                               "=", minus(times(alpha, written(g[k, i], times(mom[k], v[k, i])))))
    return Claim(
        name="momentum.varying_momentum",
        title=r"A changing momentum $\beta_k$ does not break the equivalence",
        statement=statement,
        display=(relation(form_two_shown(vtheta[k, i], v[k, i], g[k, i], b=mom[k]), "=",
                          form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], b=mom[k])), invariant_shown),
        where=INDUCTION_HYPOTHESIS,
        hypotheses=(r"\text{induction hypothesis } P(k) \text{ with a constant step size } \alpha",),
        scope=r"general in $k$, in the momenta $\beta_k$ and in the dimension",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("swapped order", r"Form I uses $\beta_{k-1}$ while Form II uses $\beta_k$",
                   (relation(next_two, "=", form_one_step(theta[k - 1, i], theta[k, i], g[k, i], b=mom[k - 1])),
                    statement[1]),
                   display=(relation(form_two_shown(vtheta[k, i], v[k, i], g[k, i], b=mom[k]), "=",
                                     form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], b=mom[k - 1])),
                            invariant_shown)),
        ),
    )


@claim
@in_coordinates
def momentum_step_size_inside_velocity() -> Claim:
    """Putting the step size inside the velocity, u_{k+1} = β u_k + α_k g_k, θ_{k+1} = θ_k − u_{k+1}, matches Form I
    for any α_k.

    Form I here also uses α_k; the invariant is θ_k − θ_{k−1} = −u_k.
    """
    u = sp.IndexedBase("u", real=True)
    next_u = beta * u[k, i] + lr[k] * g[k, i]
    next_pos = theta[k, i] - next_u
    next_one = form_one_step(theta[k - 1, i], theta[k, i], g[k, i], a=lr[k])
    where = {theta[k - 1, i]: theta[k, i] + u[k, i]}
    return Claim(
        name="momentum.step_size_inside_velocity",
        title="The fix: step size inside the velocity keeps the forms equivalent",
        statement=relation(next_pos, "=", next_one),
        display=relation(written(theta[k, i], minus(written(times(beta, u[k, i]), times(lr[k], g[k, i])))), "=",
                         form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], a=lr[k])),
        where=where,
        domains=(Domain(u, "n", "u_k"),),
        hypotheses=(r"\text{invariant } \theta_k - \theta_{k-1} = -u_k \text{ (holds at } k = 0 \text{ with } u_0 = 0,"
                    r" \theta_{-1} = \theta_0)",),
        scope=r"general in $k$, in the step sizes $\alpha_k$ and in the dimension",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("wrong step", r"step size outside the velocity again: $\theta_{k+1} = \theta_k - \alpha_k u_{k+1}$",
                   relation(theta[k, i] - lr[k] * next_u, "=", next_one),
                   display=relation(written(theta[k, i], minus(times(lr[k], written(times(beta, u[k, i]),
                                                                                   times(lr[k], g[k, i]))))), "=",
                                    form_one_shown(theta[k - 1, i], theta[k, i], g[k, i], a=lr[k]))),
        ),
    )


erratum(
    where="HW5 (2021) P3, the notebook's solution, base case",
    says=r"$\theta^1 = \theta^0 - \alpha g^0 + \beta(\theta^0 - \theta^{-1}) = \theta^0 - \alpha g^0$ and "
         r"$\tilde\theta^1 = \tilde\theta^0 - \alpha(g^0 + \beta v^0) = \tilde\theta^0 - \alpha g^0$, then "
         r"$\theta^1 = \tilde\theta^1$: these steps use $\theta^{-1} = \theta^0$, $v^0 = 0$ and "
         r"$\tilde\theta^0 = \theta^0$, which the solution does not write (the statement is lost, so whether the "
         r"problem gave them cannot be checked)",
    correction=r"state the starting conditions $\theta^{-1} = \theta^0$, $v^0 = 0$, $\tilde\theta^0 = \theta^0$; "
               r"in general the induction needs $\tilde\theta^0 = \theta^0$ and $\theta^0 - \theta^{-1} = "
               r"-\alpha v^0$. With $v^0 = 0$ but $\theta^{-1} = \theta^0 - d$, Form I leads Form II by "
               r"$(\beta + \beta^2 + \dots + \beta^K)\,d$ after $K$ steps",
    shown_by=("momentum.base_case", "momentum.convention_mismatch"),
    kind="note",
    problem="hw5-2021-p3",
)


# --------------------------------------------------------------------------
# Every K: the unrolled form and the convention mismatch by induction on K

beta_nz = sp.Symbol("beta", real=True, nonzero=True)   # β ≠ 0: β^{K−j} = β^K β^{−j} in the sums below
j_sum = sp.Symbol("j", integer=True, nonnegative=True)
m_sum = sp.Symbol("m", integer=True, positive=True)
k_pos = sp.Symbol("k", integer=True, positive=True)


def velocity_sum(steps, shift=0):
    """``V_K = Σ_{j=0}^{K−1} β^{K−1−j} g_j``: Form II's velocity after K steps (``shift`` plants a mutant)."""
    return RangeSum(beta_nz ** (steps - 1 - j_sum + shift) * g[j_sum, i], (j_sum, 0, steps - 1))


def position_sum(steps, shift=0):
    """``C_K = θ_0 − α Σ_{j=0}^{K−1} (1 − β^{K−j})/(1 − β) g_j``: the iterate after K steps."""
    weight = (1 - beta_nz ** (steps - j_sum + shift)) / (1 - beta_nz)
    return theta[0, i] - alpha * RangeSum(weight * g[j_sum, i], (j_sum, 0, steps - 1))


UNROLL_HYPOTHESES = (r"\beta \ne 1", r"\vartheta_0 = \theta_0,\ v_0 = 0 \text{ (Form II's start)}")


@claim
@in_coordinates
def momentum_unrolled_base() -> Claim:
    """Base case K = 0: ``ϑ_0 = C_0 = θ_0`` and ``v_0 = V_0 = 0`` (empty sums)."""
    where = {vtheta[0, i]: theta[0, i], v[0, i]: sp.Integer(0)}
    statement = (relation(vtheta[0, i], "=", position_sum(0)), relation(v[0, i], "=", velocity_sum(0)))
    return Claim(
        name="momentum.unrolled_base",
        title="Unrolled for every K, base case: K = 0",
        statement=statement,
        # C_0 = θ_0 − α·(an empty sum) and V_0 = (an empty sum): shown as θ_0 and 0.
        display=(relation(vtheta[0, i], "=", theta[0, i]), relation(v[0, i], "=", 0)),
        where=where,
        hypotheses=UNROLL_HYPOTHESES,
        scope="K = 0, the start of the induction on K",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("missing hypothesis", "Form II started with v₀ = g₀", where={**where, v[0, i]: g[0, i]}),
        ),
    )


@claim
@in_coordinates
def momentum_unrolled_step() -> Claim:
    """Inductive step: if ``ϑ_K = C_K`` and ``v_K = V_K``, one step of Form II gives ``C_{K+1}`` and ``V_{K+1}``.

    With the base case, Form II's iterate is ``C_K`` for every K; Form I's is the
    same (momentum.step_position), so both equal the geometric sum for every K.
    """
    new_pos, new_vel = form_two_step(vtheta[k, i], v[k, i], g[k, i], b=beta_nz)
    where = {vtheta[k, i]: position_sum(k), v[k, i]: velocity_sum(k)}

    def statement(shift=0):
        return (relation(new_vel, "=", velocity_sum(k + 1, shift)), relation(new_pos, "=", position_sum(k + 1, shift)))

    return Claim(
        name="momentum.unrolled_step",
        title="Unrolled for every K, inductive step: K → K + 1",
        statement=statement(),
        where=where,
        hypotheses=UNROLL_HYPOTHESES + (r"\vartheta_K = C_K,\ v_K = V_K \text{ (induction hypothesis)}",),
        scope=r"every $K$; with momentum.unrolled_base, Form II's iterate after $K$ steps is $C_K$ for every $K$",
        uses=("momentum.unrolled_base", "momentum.step_position"),
        mutants=(
            Mutant("wrong step", "inner geometric sum one term too long", statement(shift=1)),
            Mutant("swapped order",
                   r"the step taken with the old velocity: $\vartheta_{K+1} = \vartheta_K - \alpha v_K$",
                   (statement()[0], relation(vtheta[k, i] - alpha * v[k, i], "=", position_sum(k + 1)))),
        ),
    )


def mismatch_gap(steps):
    """``(β + β² + … + β^K) d``."""
    return d * RangeSum(beta ** m_sum, (m_sum, 1, steps))


@claim
@in_coordinates
def momentum_mismatch_base() -> Claim:
    """Base cases K = 0 and K = 1 of the convention mismatch: gaps ``0`` and ``β d``."""
    first = form_one_step(theta[0, i] - d, theta[0, i], g[0, i]) - form_two_step(theta[0, i], 0, g[0, i])[0]
    no_gap_shown = relation(written(theta[0, i], minus(theta[0, i])), "=", 0)  # d·(an empty sum) shown as 0
    return Claim(
        name="momentum.mismatch_base",
        title="The convention mismatch for every K, base cases: K = 0 and K = 1",
        statement=(relation(theta[0, i] - theta[0, i], "=", mismatch_gap(0)), relation(first, "=", mismatch_gap(1))),
        display=(no_gap_shown, None),
        hypotheses=(r"\text{Form I started with } \theta_{-1} = \theta_0 - d, \text{ Form II with } v_0 = 0",),
        scope="K = 0 and K = 1, the start of the induction on K",
        uses=("def.momentum_forms",),
        mutants=(
            Mutant("wrong constant", "gap d after one step (β forgotten)",
                   (relation(theta[0, i] - theta[0, i], "=", mismatch_gap(0)), relation(first, "=", d)),
                   display=(no_gap_shown, None)),
        ),
    )


@claim
@in_coordinates
def momentum_mismatch_step() -> Claim:
    """Inductive step: if the gaps after K − 1 and K steps are ``S_{K−1} d`` and ``S_K d``, the next is ``S_{K+1} d``.

    Form II's iterates follow Form I's recursion (momentum.step_position), so
    the gap ``e_K = θ_K − ϑ_K`` follows it with the gradients cancelled.
    """
    e_next = (form_one_step(theta[k_pos - 1, i], theta[k_pos, i], g[k_pos, i])
              - form_one_step(vtheta[k_pos - 1, i], vtheta[k_pos, i], g[k_pos, i]))
    where = {theta[k_pos, i]: vtheta[k_pos, i] + mismatch_gap(k_pos),
             theta[k_pos - 1, i]: vtheta[k_pos - 1, i] + mismatch_gap(k_pos - 1)}
    return Claim(
        name="momentum.mismatch_step",
        title="The convention mismatch for every K, inductive step: K → K + 1",
        statement=relation(e_next, "=", mismatch_gap(k_pos + 1)),
        where=where,
        hypotheses=(r"\theta_K - \vartheta_K = (\beta + \dots + \beta^K)\,d \text{ and the same at } K - 1 "
                    r"\text{ (induction hypothesis)};\ K \ge 1",
                    r"\vartheta \text{ follows Form I's recursion (the two forms agree, as Theorem 2.1 proves)}"),
        scope=(r"every $K \ge 1$; with momentum.mismatch_base, the gap after $K$ steps is "
               r"$(\beta + \dots + \beta^K)\,d$ for every $K$"),
        uses=("momentum.mismatch_base", "momentum.step_position"),
        mutants=(
            Mutant("wrong constant", r"gap $\beta^{K+1} d$ (only the last power)",
                   relation(e_next, "=", beta ** (k_pos + 1) * d)),
            Mutant("flipped sign", r"gap $-(\beta + \dots + \beta^{K+1})\, d$",
                   relation(e_next, "=", -mismatch_gap(k_pos + 1))),
        ),
    )
