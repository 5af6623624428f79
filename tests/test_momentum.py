"""mfdnn.momentum: the two forms, torch's SGD, and where the forms part."""

import pytest
import torch

from mfdnn import momentum as mo


def _quadratic_setup():
    hess, grad = mo.quadratic(20.0)
    return grad, torch.tensor([1.0, -0.5], dtype=torch.float64)


def test_forms_agree_with_a_constant_step_size():
    grad, theta0 = _quadratic_setup()
    one = mo.form_one(grad, theta0, mo.constant(0.04), 0.8, 60)
    two = mo.form_two(grad, theta0, mo.constant(0.04), 0.8, 60)
    assert torch.allclose(one, two, rtol=0, atol=1e-13)


def test_forms_part_when_the_step_size_changes():
    grad, theta0 = _quadratic_setup()
    schedule = mo.step_decay(0.04, 10, 0.5)
    one = mo.form_one(grad, theta0, schedule, 0.8, 30)
    two = mo.form_two(grad, theta0, schedule, 0.8, 30)
    assert torch.allclose(one[:11], two[:11], atol=1e-13)   # identical up to the first decay
    assert (one[12:] - two[12:]).abs().max() > 1e-4


def test_forms_part_with_another_start_convention():
    grad, theta0 = _quadratic_setup()
    one = mo.form_one(grad, theta0, mo.constant(0.04), 0.8, 5, theta_minus_one=theta0 - 0.1)
    two = mo.form_two(grad, theta0, mo.constant(0.04), 0.8, 5)
    assert (one[1] - two[1]).abs().max() == pytest.approx(0.8 * 0.1)


def test_torch_sgd_is_form_two():
    got = mo.which_form(hidden=8, points_per_class=20, lr=0.1, beta=0.9, steps=25, decay_every=10)
    assert got["torch_vs_two"] == 0.0 and got["buffer_vs_velocity"] == 0.0
    assert got["torch_vs_one"] > 1e-6


def test_bad_momentum_is_a_clear_error():
    grad, theta0 = _quadratic_setup()
    with pytest.raises(ValueError, match=r"momentum β must be in \[0, 1\)"):
        mo.form_two(grad, theta0, mo.constant(0.1), 1.5, 3)
    with pytest.raises(ValueError, match="condition number"):
        mo.quadratic(0.5)


def test_sgd_excerpt_is_the_loop_with_every_update_line():
    excerpt = mo.sgd_source_excerpt()
    assert len(excerpt.splitlines()) > 10, "the excerpt of torch.optim.SGD is (nearly) empty"
    lines = mo.sgd_update_lines(excerpt)
    assert lines["velocity"] == "buf.mul_(momentum).add_(grad, alpha=1 - dampening)"
    assert lines["direction"] == "grad = buf" and lines["position"] == "param.add_(grad, alpha=-lr)"
    # In the loop's order: the first-step copy and the velocity update come before the step.
    assert excerpt.index(lines["first_step"]) < excerpt.index(lines["velocity"]) < excerpt.rindex(lines["position"])


def test_loop_body_is_found_by_parsing_not_by_markers():
    def decoy(xs):
        # for x in xs: a comment that a text search would take for the loop
        out = []
        for x in xs:
            out.append(x)
        return out

    assert mo.loop_body(decoy) == "out.append(x)"
    with pytest.raises(ValueError, match="has no for loop"):
        mo.loop_body(_quadratic_setup)
    with pytest.raises(ValueError, match="lacks 'grad = buf'"):
        mo.sgd_update_lines(mo.sgd_source_excerpt().replace("grad = buf\n", "grad = velocity\n"))


def test_sgd_is_form_two_only_under_its_hypotheses():
    rows = {r["label"]: r for r in mo.sgd_hypotheses(steps=20)}
    assert rows["hypotheses hold"]["gap"] == 0.0
    broken = [r for label, r in rows.items() if label != "hypotheses hold"]
    assert len(broken) == 4 and all(r["gap"] > 1e-3 for r in broken)
    # Weight decay and maximize are Form II again on the modified gradient; dampening and Nesterov are not.
    assert [r["refit"] for r in broken if "refit" in r] == [0.0, 0.0]
