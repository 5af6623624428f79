"""Scope as data: the dimensions a claim is general in, the sizes it fixes, the general claim it instantiates."""

import dataclasses

import pytest
import sympy as sp

import derivations
from claimcheck import Claim, DependencyError, Mutant, check, check_dependencies, relation
from claimcheck.scope import FIXED_ONLY, GENERAL, INSTANCE_OF, NO_DIMENSION, scope_of, symbolic_dimensions

CLAIMS = derivations.all_claims()
#: Before issue 23, 14 claims had a symbolic dimension; each of these is general now too.
GENERAL_NOW = {
    "kl.quadratic_expectation": ("d",), "kl.log_density_difference": ("d",), "kl.gaussian_closed_form": ("d",),
    "changevar.inverse_map": ("n",), "changevar.quadratic_form": ("n",), "changevar.jacobian": ("n",),
    "vanishing.product_base": ("L",), "vanishing.product_step": ("L",),
    "vanishing.jacobian_product_any_depth": ("L", "i"),
    "convolution.receptive_field_stack_step": ("L",), "convolution.receptive_field_closed_form_any_depth": ("L",),
    "backprop.mlp_bias_jacobian_general": ("n_{\\ell-1}",), "backprop.mlp_weight_gradient_general": ("n_{\\ell-1}",),
    "momentum.unrolled_step": ("k",), "momentum.mismatch_step": ("k",),
    "fusion.linear_as_conv_general": ("C", "H", "W"), "fusion.nin_pointwise_general": ("C",),
    "fusion.nin_sliding_window_general": ("C", "k_h", "k_w"),
}


@pytest.mark.parametrize("name", sorted(GENERAL_NOW))
def test_general_claims_are_general_in_their_dimensions(name):
    assert set(GENERAL_NOW[name]) <= set(symbolic_dimensions(CLAIMS[name])), symbolic_dimensions(CLAIMS[name])
    assert scope_of(CLAIMS[name]) == GENERAL


def test_every_instance_names_a_general_claim_and_fixes_its_sizes():
    instances = {name: c for name, c in CLAIMS.items() if c.instance_of}
    assert len(instances) >= 21
    for name, c in instances.items():
        assert c.fixed, f"{name} is an instance: it must say which sizes it fixes"
        assert symbolic_dimensions(CLAIMS[c.instance_of]), f"{name} is an instance of a claim with no dimension"
        assert scope_of(c) == INSTANCE_OF and scope_of(c, {c.instance_of: False}) == FIXED_ONLY


def test_the_fixed_size_only_claims_are_the_rules_each_explained_and_stated_for_every_size():
    """A rule is checked at a few sizes and applied at every size: its scope line says why it is not proved at a
    symbolic size, and its pattern is the statement, at a symbolic size, that the proofs apply."""
    fixed_only = {name for name, c in CLAIMS.items() if scope_of(c) == FIXED_ONLY}
    assert fixed_only and all(n.startswith("rules.") for n in fixed_only), fixed_only
    for name in fixed_only:
        assert "applied at every size" in CLAIMS[name].scope and "SymPy cannot" in CLAIMS[name].scope, name


def test_a_proof_at_a_symbolic_size_with_traces_or_determinants_uses_the_rules():
    for name, c in CLAIMS.items():
        objects = [rel for _, rel in c.parts()]
        opened = [e for o in objects for e in o.atoms(sp.Trace, sp.Determinant)
                  if isinstance(e, sp.Trace) or not isinstance(e.arg, sp.MatrixSymbol)]
        if symbolic_dimensions(c) and opened:
            assert any(u.startswith("rules.") for u in c.uses), f"{name} applies matrix rules without listing them"


def test_scope_reads_sums_and_matrix_shapes():
    n, i = sp.symbols("n i", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    A = sp.MatrixSymbol("A", 3, 3)
    general = Claim("demo.sum", "sum", relation(sp.Sum(x[i], (i, 1, n)), "=", sp.Sum(x[i], (i, 1, n))))
    fixed = Claim("demo.fixed", "det", relation(sp.Determinant(A), "=", sp.Determinant(A.T)), fixed={"n": 3})
    assert symbolic_dimensions(general) == ("n",) and scope_of(general) == GENERAL
    assert symbolic_dimensions(fixed) == () and scope_of(fixed) == FIXED_ONLY
    assert scope_of(dataclasses.replace(fixed, fixed={})) == NO_DIMENSION


def test_an_unknown_instance_of_is_a_dependency_error():
    x = sp.Symbol("x", real=True)
    lonely = Claim("demo.lonely", "t", relation(x, "=", x), instance_of="demo.missing",
                   mutants=(Mutant("wrong constant", "x + 1", relation(x, "=", x + 1)),))
    with pytest.raises(DependencyError, match="instance of 'demo.missing'"):
        check_dependencies({"demo.lonely": lonely}, {})


def test_a_matrix_identity_at_a_symbolic_size_is_decided_both_ways():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    assert check(Claim("demo.cyclic", "t", relation(sp.Trace(A * B), "=", sp.Trace(B * A)))).holds
    wrong = check(Claim("demo.wrong", "t", relation(sp.Trace(A * B), "=", sp.Trace(A) * sp.Trace(B))))
    assert wrong.status == "fails" and "drawn at random" in wrong.parts[0][1].detail
