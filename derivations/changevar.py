"""Change of variables for Gaussians: the density of ``X = AY + b`` with ``Y ~ N(0, I)``.

The theorem (general in ``n``): if ``φ`` is one-to-one and differentiable and
``Y = φ(X)``, then ``p_X(x) = p_Y(φ(x)) |det ∂φ/∂x(x)|``.  With
``φ(x) = A⁻¹(x − b)`` it gives
``p_X(x) = (2π)^{-n/2} det(Σ)^{-1/2} exp(−½ (x−b)ᵀ Σ⁻¹ (x−b))``, ``Σ = AAᵀ``.

What is checked where.  The three steps of the proof are checked for every
``n``, with ``A`` an ``n × n`` matrix symbol (:func:`cov_inverse_map`,
:func:`cov_quadratic_form`, :func:`cov_jacobian`; ``det(AB) = det A det B``
is the claim ``rules.det_multiplicative``, checked at sizes 1 to 3), and, as
worked instances, as identities between the entries of a **fully symbolic**
``A`` of size 2 and of size 3 (every entry its own symbol), through
``A⁻¹ = adj(A)/det A``.  The last step, taking the positive square root, is
general (:func:`cov_abs_det`).

How the statements stay readable.  Entries of ``Σ``, ``det A`` and the
vector ``adj(A)(x − b)`` are short symbols (``s_ij``, ``D``, ``w_i``); their
values in terms of the entries of ``A`` are ``where`` substitutions, shown on
the page as hypotheses and applied before checking, so every check is a
rational identity in the ``a_ij``, ``x_i`` and ``b_i``.
"""

import dataclasses

import sympy as sp

from claimcheck import Claim, Domain, Mutant, claim, definition, derivation, over, relation, written

definition("def.change_of_variables", "Change of variables for densities (a theorem taken as given)",
           label="thm-change-of-variables")
definition("def.gaussian", "Gaussian N(b, AAᵀ): the law of AY + b, Y ~ N(0, I)", label="cor-gaussian-density")

t = sp.Symbol("t", real=True, nonzero=True)
sigma = sp.Symbol("sigma", positive=True)


def affine_setup(n: int) -> dict:
    """Symbols for the size-``n`` case: ``A``, ``x``, ``b``, and the short names with their values.

    Returns a dict with ``A``, ``v`` (= x − b), ``S`` (Σ with symbolic entries
    ``s_ij``), ``D`` (det A), ``w`` (adj(A)(x − b)), ``y`` (φ(x)) and the
    substitutions ``gram`` (Σ = AAᵀ), ``det`` (D = det A), ``adj`` (w), ``phi`` (y).
    """
    A = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"a_{i + 1}{j + 1}", real=True))
    x = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
    b = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"b_{i + 1}", real=True))
    s = {}
    for i in range(n):
        for j in range(i, n):
            s[i, j] = s[j, i] = sp.Symbol(f"s_{i + 1}{j + 1}", real=True)
    S = sp.Matrix(n, n, lambda i, j: s[i, j])
    D = sp.Symbol("D", real=True, nonzero=True)
    w = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"w_{i + 1}", real=True))
    y = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"y_{i + 1}", real=True))
    v = x - b
    gram = A * A.T
    adj_v = A.adjugate() * v
    det = sp.expand(A.det())
    return dict(
        A=A, x=x, b=b, v=v, S=S, D=D, w=w, y=y,
        gram={s[i, j]: sp.expand(gram[i, j]) for i in range(n) for j in range(i, n)},
        gram_swapped={s[i, j]: sp.expand((A.T * A)[i, j]) for i in range(n) for j in range(i, n)},
        det={D: det},
        adj={w[i]: sp.expand(adj_v[i]) for i in range(n)},
        phi={y[i]: sp.expand(adj_v[i]) / det for i in range(n)},
        phi_flipped={y[i]: sp.expand((A.adjugate() * (x + b))[i]) / det for i in range(n)},
        phi_transposed={y[i]: sp.expand((A.adjugate().T * v)[i]) / det for i in range(n)},
    )


def affine_domains(c: dict, *names: str) -> tuple[Domain, ...]:
    """The hypotheses "A ∈ ℝ^{n×n}", "x ∈ ℝⁿ", ... for the named objects of :func:`affine_setup`."""
    shown = {"S": r"\Sigma"}
    return tuple(Domain(c[name], shown=shown.get(name, name)) for name in names)


def _at_size_2(n: int, *mutants: Mutant) -> tuple[Mutant, ...]:
    """Mutants planted only at n = 2.

    At n = 3 the same planted errors are rejected too, but each rejection
    costs seconds of ``cancel`` on degree-6 rational functions in 12
    variables; the size-3 claims keep one cheap mutant each.
    """
    return mutants if n == 2 else ()


def _inverse_map(n: int) -> Claim:
    c = affine_setup(n)
    A, y, b, x = c["A"], c["y"], c["b"], c["x"]
    statement = tuple(relation(sp.Add(*(A[i, j] * y[j] for j in range(n))) + b[i], "=", x[i]) for i in range(n))
    A_singular = {c["A"][n - 1, j]: c["A"][0, j] for j in range(n)}  # last row = first row
    return Claim(
        name=f"changevar.inverse_map_n{n}",
        title=f"φ(x) = A⁻¹(x − b) inverts x = Ay + b (n = {n}, symbolic A)",
        statement=statement,
        where=c["phi"],
        domains=affine_domains(c, "A", "b", "x", "y"),
        hypotheses=(r"y = \varphi(x) = A^{-1}(x-b) = \operatorname{adj}(A)\,(x-b)/\det A", r"\det A \ne 0"),
        scope=f"checked for a fully symbolic {n}×{n} matrix A; every n: changevar.inverse_map",
        fixed={"n": n},
        instance_of="changevar.inverse_map",
        uses=("def.gaussian",),
        mutants=(
            Mutant("flipped sign", "φ(x) = A⁻¹(x + b)", where=c["phi_flipped"]),
        ) + _at_size_2(n,
            Mutant("swapped order", "φ(x) = A⁻ᵀ(x − b) (transposed inverse)", where=c["phi_transposed"]),
            Mutant("missing hypothesis", "A singular (last row equal to the first)",
                   where={k: v.xreplace(A_singular) for k, v in c["phi"].items()}),
        ),
    )


@claim
def cov_inverse_map_n2() -> Claim:
    """Step 1 for n = 2: ``A φ(x) + b = x`` with ``φ(x) = adj(A)(x − b)/det A``, fully symbolic ``A``."""
    return _inverse_map(2)


@claim
def cov_inverse_map_n3() -> Claim:
    """Step 1 for n = 3: ``A φ(x) + b = x`` with ``φ(x) = adj(A)(x − b)/det A``, fully symbolic ``A``."""
    return _inverse_map(3)


def _quadratic_form_chain(c: dict, square=2, inverse=True) -> object:
    w, D, S, v = c["w"], c["D"], c["S"], c["v"]
    n = S.shape[0]
    middle = S.adjugate() if inverse else S
    return derivation(
        sp.Add(*((w[i] / D) ** 2 for i in range(n))),
        ("=", sp.Add(*(w[i] ** 2 for i in range(n))) / D**square, "common factor 1/det(A)²"),
        ("=", sp.expand((v.T * middle * v)[0]) / D**2,
         r"$\operatorname{adj}(A)^{\top} \operatorname{adj}(A) = \operatorname{adj}(A A^{\top})$, a polynomial "
         r"identity in the $a_{ij}$"),
    )


def _squares_shown(c: dict, chain):
    """``chain`` starting from the squared entries of A⁻¹(x − b) = w/D, ``(w₁/D)² + (w₂/D)² + …`` (a display form)."""
    return dataclasses.replace(chain, start=written(
        *(sp.Pow(over(c["w"][k], c["D"]), 2, evaluate=False) for k in range(c["S"].shape[0]))))


def _quadratic_form(n: int) -> Claim:
    c = affine_setup(n)
    where = {**c["gram"], **c["adj"]}
    chain = _quadratic_form_chain(c)
    return Claim(
        name=f"changevar.quadratic_form_n{n}",
        title=f"‖A⁻¹(x − b)‖² = (x − b)ᵀ adj(Σ) (x − b) / det(A)² (n = {n}, symbolic A)",
        statement=chain,
        display=_squares_shown(c, chain),
        where=where,
        domains=affine_domains(c, "A", "b", "x", "S", "w"),
        hypotheses=(r"\Sigma = (s_{ij}) = A A^{\top},\ D = \det A \ne 0,\ w = \operatorname{adj}(A)(x-b),"
                    r"\ \text{so } A^{-1}(x-b) = w/D",),
        scope=f"checked for a fully symbolic {n}×{n} matrix A; every n: changevar.quadratic_form. "
              f"With det Σ = det(A)² (changevar.jacobian_n{n}) the right-hand side is (x − b)ᵀ Σ⁻¹ (x − b)",
        fixed={"n": n},
        instance_of="changevar.quadratic_form",
        uses=(f"changevar.inverse_map_n{n}", f"changevar.jacobian_n{n}"),
        mutants=(
            Mutant("wrong step", "Σ in place of adj(Σ) = det(Σ) Σ⁻¹", _quadratic_form_chain(c, inverse=False)),
        ) + _at_size_2(n,
            Mutant("swapped order", "wrong covariance Σ = AᵀA", where={**c["gram_swapped"], **c["adj"]}),
            Mutant("dropped factor", "1/det A in place of 1/det(A)²", _quadratic_form_chain(c, square=1),
                   display=_squares_shown(c, _quadratic_form_chain(c, square=1))),
        ),
    )


@claim
def cov_quadratic_form_n2() -> Claim:
    """Step 2 for n = 2: ``‖A⁻¹(x − b)‖² = (x − b)ᵀ Σ⁻¹ (x − b)`` with ``Σ = AAᵀ``."""
    return _quadratic_form(2)


@claim
def cov_quadratic_form_n3() -> Claim:
    """Step 2 for n = 3: ``‖A⁻¹(x − b)‖² = (x − b)ᵀ Σ⁻¹ (x − b)`` with ``Σ = AAᵀ``."""
    return _quadratic_form(3)


def _jacobian(n: int) -> Claim:
    c = affine_setup(n)
    A, S, D = c["A"], c["S"], c["D"]
    A_inv = A.adjugate() / D
    where = {**c["gram"], **c["det"]}
    statement = (relation(A_inv.det() * D, "=", 1), relation(S.det(), "=", D**2))
    return Claim(
        name=f"changevar.jacobian_n{n}",
        title=f"det(A⁻¹) = 1/det A and det Σ = det(A)² (n = {n}, symbolic A)",
        statement=statement,
        where=where,
        domains=affine_domains(c, "A", "S"),
        hypotheses=(r"\Sigma = (s_{ij}) = A A^{\top},\ D = \det A \ne 0,\ A^{-1} = \operatorname{adj}(A)/D",),
        scope=f"checked for a fully symbolic {n}×{n} matrix A; every n: changevar.jacobian",
        fixed={"n": n},
        instance_of="changevar.jacobian",
        uses=("def.gaussian", "def.change_of_variables"),
        mutants=(
            Mutant("dropped factor", "det Σ = det A", (statement[0], relation(S.det(), "=", D))),
        ) + _at_size_2(n, Mutant("wrong constant", "det(A⁻¹) = det A", (relation(A_inv.det(), "=", D), statement[1]))),
    )


@claim
def cov_jacobian_n2() -> Claim:
    """Step 3, polynomial part, n = 2: ``det(A⁻¹)·det A = 1`` and ``det(AAᵀ) = det(A)²``."""
    return _jacobian(2)


@claim
def cov_jacobian_n3() -> Claim:
    """Step 3, polynomial part, n = 3: ``det(A⁻¹)·det A = 1`` and ``det(AAᵀ) = det(A)²``."""
    return _jacobian(3)


@claim
def cov_abs_det() -> Claim:
    """Step 3, square-root part (general in n).

    If ``det Σ = t⁻²`` with ``t = det A⁻¹``, then ``|t| = det(Σ)^{-1/2}``.
    """
    statement = relation(sp.Abs(t), "=", sigma ** sp.Rational(-1, 2))
    return Claim(
        name="changevar.abs_det",
        title=r"$|\det A^{-1}| = \det(\Sigma)^{-1/2}$",
        statement=statement,
        where={sigma: t**-2},
        hypotheses=(r"t = \det A^{-1} \ne 0,\ \sigma = \det\Sigma = t^{-2} \text{ (from the polynomial part)}",),
        scope="general in n",
        uses=("changevar.jacobian",),
        mutants=(
            Mutant("dropped factor", r"absolute value dropped: $\det A^{-1} = \det(\Sigma)^{-1/2}$",
                   relation(t, "=", sigma ** sp.Rational(-1, 2))),
            Mutant("flipped sign", r"$\det(\Sigma)^{+1/2}$", relation(sp.Abs(t), "=", sigma ** sp.Rational(1, 2))),
        ),
    )


rho = sp.Symbol("rho", positive=True)
R = sp.Symbol("R", positive=True)
k = sp.Symbol("k", positive=True)


@claim
def cov_contour_mass_2d() -> Claim:
    """In 2-D the density of ``N(b, Σ)`` is at least ``c`` times its peak on a set of probability ``1 − c``.

    ``p_X(x) ≥ c·p_X(b)`` exactly when ``‖Y‖² ≤ R² = −2 log c``; in polar coordinates
    (Jacobian ``ρ``) that probability is ``∫₀ᴿ ρ e^{−ρ²/2} dρ``.
    """
    def chain(jacobian=rho, level=sp.exp(-k)):
        return derivation(
            sp.Integral(jacobian * sp.exp(-rho**2 / 2), (rho, 0, R)),
            ("=", 1 - sp.exp(-R**2 / 2), r"antiderivative $-e^{-\rho^2/2}$"),
            ("=", 1 - level, r"$R^2 = -2 \log c$ with $c = e^{-k}$"),
        )

    return Claim(
        name="changevar.contour_mass_2d",
        title="Probability inside a density contour (n = 2)",
        statement=chain(),
        where={R: sp.sqrt(2 * k)},
        hypotheses=(r"n = 2,\ c = e^{-k} \in (0, 1),\ R^2 = -2\log c; \ "
                    r"\tfrac{1}{2\pi}\int_0^{2\pi}\! d\theta = 1 \text{ (polar coordinates)}",),
        scope="n = 2 (in general ‖Y‖² is χ² with n degrees of freedom)",
        uses=("def.gaussian", "changevar.quadratic_form_n2"),
        mutants=(
            Mutant("dropped factor", "polar Jacobian ρ dropped", chain(jacobian=1)),
            Mutant("wrong constant", "mass 1 − c² in place of 1 − c", chain(level=sp.exp(-2 * k))),
        ),
    )


# --------------------------------------------------------------------------
# Every n: matrix symbols of size n × n, and the determinant's rules

n_sym = sp.Symbol("n", integer=True, positive=True)


def general_setup() -> dict:
    """``A`` (``n × n``), ``x``, ``b``, ``y = φ(x)`` and ``Σ`` as matrix symbols of symbolic size ``n``."""
    A = sp.MatrixSymbol("A", n_sym, n_sym)
    x, b, y = (sp.MatrixSymbol(name, n_sym, 1) for name in "xby")
    return dict(A=A, x=x, b=b, y=y, S=sp.MatrixSymbol("Sigma", n_sym, n_sym))


def _general_domains(c: dict, *names: str) -> tuple[Domain, ...]:
    shape = {"A": r"n \times n", "S": r"n \times n"}
    return tuple(Domain(c[name], shape.get(name, "n"), r"\Sigma" if name == "S" else "") for name in names)


GENERAL_INVERTIBLE = r"A \text{ invertible } (\det A \ne 0)"


@claim
def cov_inverse_map() -> Claim:
    """Step 1 for every n: ``A φ(x) + b = x`` with ``φ(x) = A⁻¹(x − b)``."""
    c = general_setup()
    A, x, b, y = c["A"], c["x"], c["b"], c["y"]
    statement = relation(A * y + b, "=", x)
    return Claim(
        name="changevar.inverse_map",
        title="φ(x) = A⁻¹(x − b) inverts x = Ay + b, for every n",
        statement=statement,
        where={y: A.I * (x - b)},
        domains=_general_domains(c, "A", "b", "x"),
        hypotheses=(r"y = \varphi(x) = A^{-1}(x-b)", GENERAL_INVERTIBLE),
        scope="every n (matrix symbols of size n)",
        uses=("def.gaussian",),
        mutants=(
            Mutant("flipped sign", "φ(x) = A⁻¹(x + b)", where={y: A.I * (x + b)}),
            Mutant("swapped order", "φ(x) = A⁻ᵀ(x − b) (transposed inverse)", where={y: A.I.T * (x - b)}),
            Mutant("dropped factor", "φ(x) = x − b (A⁻¹ dropped)", where={y: x - b}),
        ),
    )


@claim
def cov_jacobian() -> Claim:
    """Step 3, polynomial part, every n: ``det(A⁻¹)·det A = 1`` and ``det(AAᵀ) = det(A)²``."""
    c = general_setup()
    A, S = c["A"], c["S"]
    statement = (relation(sp.Determinant(A.I) * sp.Determinant(A), "=", 1),
                 relation(sp.Determinant(S), "=", sp.Determinant(A) ** 2))
    return Claim(
        name="changevar.jacobian",
        title="det(A⁻¹) = 1/det A and det Σ = det(A)², for every n",
        statement=statement,
        where={S: A * A.T},
        domains=_general_domains(c, "A"),
        hypotheses=(r"\Sigma = A A^{\top}", GENERAL_INVERTIBLE),
        scope="every n (matrix symbols of size n); det(AB) = det A det B is checked at sizes 1 to 3",
        uses=("def.gaussian", "def.change_of_variables", "rules.det_multiplicative"),
        mutants=(
            Mutant("dropped factor", "det Σ = det A",
                   (statement[0], relation(sp.Determinant(S), "=", sp.Determinant(A)))),
            Mutant("wrong constant", "det(A⁻¹) = det A",
                   (relation(sp.Determinant(A.I), "=", sp.Determinant(A)), statement[1])),
            Mutant("swapped order", r"$\det\Sigma = (\det A)^{1/2}$, the power inverted",
                   (statement[0], relation(sp.Determinant(S), "=", sp.sqrt(sp.Determinant(A))))),
        ),
    )


@claim
def cov_quadratic_form() -> Claim:
    """Step 2 for every n: ``‖A⁻¹(x − b)‖² = (x − b)ᵀ Σ⁻¹ (x − b)`` with ``Σ = AAᵀ``."""
    c = general_setup()
    A, x, b, S = c["A"], c["x"], c["b"], c["S"]
    v = x - b

    def chain(middle=S.I, transposed=A.I.T):
        return derivation(
            (A.I * v).T * (A.I * v),
            ("=", v.T * transposed * A.I * v, "(PQ)ᵀ = QᵀPᵀ"),
            ("=", v.T * middle * v, "(A⁻¹)ᵀA⁻¹ = (AAᵀ)⁻¹ = Σ⁻¹: (PQ)⁻¹ = Q⁻¹P⁻¹ and (Aᵀ)⁻¹ = (A⁻¹)ᵀ"),
        )

    def shown(middle=S.I, transposed=sp.Transpose(sp.Inverse(A))):
        """The chain as the course writes it: (A⁻¹(x − b))ᵀ A⁻¹(x − b) = (x − b)ᵀ (A⁻¹)ᵀ A⁻¹ (x − b) = …"""
        diff, inverse = sp.MatAdd(x, -b, evaluate=False), sp.Inverse(A)
        return derivation(
            sp.MatMul(sp.Transpose(sp.MatMul(inverse, diff)), inverse, diff),
            ("=", sp.MatMul(sp.Transpose(diff), transposed, inverse, diff), ""),
            ("=", sp.MatMul(sp.Transpose(diff), middle, diff), ""),
        )

    return Claim(
        name="changevar.quadratic_form",
        title="‖A⁻¹(x − b)‖² = (x − b)ᵀ Σ⁻¹ (x − b), for every n",
        statement=chain(),
        display=shown(),
        where={S: A * A.T},
        domains=_general_domains(c, "A", "b", "x"),
        hypotheses=(r"\Sigma = A A^{\top}", GENERAL_INVERTIBLE),
        scope="every n (matrix symbols of size n)",
        uses=("changevar.inverse_map", "changevar.jacobian"),
        mutants=(
            Mutant("wrong step", "Σ in place of Σ⁻¹", chain(middle=S), display=shown(middle=S)),
            Mutant("swapped order", "(A⁻¹)ᵀ taken as A⁻¹: ‖A⁻¹v‖² = vᵀA⁻¹A⁻¹v", chain(transposed=A.I),
                   display=shown(transposed=sp.Inverse(A))),
            Mutant("missing hypothesis", "wrong covariance Σ = AᵀA", where={S: A.T * A}),
        ),
    )
